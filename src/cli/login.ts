/**
 * `halopsa-mcp login` and `logout`: a person signs in to Halo as themselves
 * (authorisation code with PKCE, S256, through the system browser and a
 * loopback redirect, RFC 8252), so every tool then acts as that agent and
 * Halo's audit trail names them. The refresh token is stored for the user
 * only (sign-in-store.ts); user-token.ts refreshes it. prd/13-sign-in.md.
 *
 * The authorisation URL is printed too, for a machine without a browser: open
 * it anywhere that can reach this machine's 127.0.0.1 (or use an SSH tunnel
 * for the port). Nothing secret is printed: the URL carries the PKCE
 * challenge and the state, never the verifier; the code arrives only at the
 * loopback listener, which checks the state.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { configure, type HaloConfig } from "../config/config.js";
import { readSignIn, removeSignIn, signInFile, signInLock, writeSignIn } from "../config/sign-in-store.js";
import { errorText, HaloError } from "../halo/errors.js";
import { agentOfMe } from "../halo/lookups.js";
import { readTokenAnswer, TokenCache } from "../halo/token-cache.js";
import { createTransport, type RawExchange } from "../halo/transport.js";
import { withFileLock } from "../util/file-lock.js";
import { quoted } from "../util/format.js";
import { redact, registerSecret, setLogLevel } from "../util/log.js";

type Env = Record<string, string | undefined>;

export interface LoginOptions {
  envFile?: string;
  /** Do not try to open a browser; only print the address. */
  noBrowser?: boolean;
  /** Loopback port for the redirect (an application that registered a fixed one); default any free port. */
  port?: number;
  /** How long to wait for the browser, ms; default 5 minutes. */
  waitMs?: number;
  out?: (text: string) => void;
}

const AUTH_ANSWER_MAX_BYTES = 1024 * 1024;

export const pkceVerifier = () => randomBytes(32).toString("base64url");
export const pkceChallenge = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The login configuration: base URL and application, no secret needed. */
async function loginConfig(env: Env, envFile: string | undefined): Promise<HaloConfig> {
  const loaded = await configure(env, { envFile, forLogin: true });
  if (!loaded.ok) throw new HaloError("configuration", loaded.problems.join(" "));
  return loaded.config;
}

/** Waits for the browser at http://127.0.0.1:PORT/callback; resolves with the code. */
function listen(
  port: number,
  state: string,
  waitMs: number,
): Promise<{ server: Server; redirectUri: string; code: Promise<string> }> {
  return new Promise((resolveListen, rejectListen) => {
    let settle: { ok: (code: string) => void; fail: (err: Error) => void } | undefined;
    const code = new Promise<string>((ok, fail) => {
      settle = { ok, fail };
    });
    const page = (title: string, text: string) =>
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method !== "GET" || url.pathname !== "/callback") {
        res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
        return;
      }
      const got = url.searchParams.get("state") ?? "";
      // Anything else reaching the port (another page, a stale tab) is turned away and the wait goes on.
      if (!sameText(got, state)) {
        res
          .writeHead(400, { "content-type": "text/html; charset=utf-8" })
          .end(
            page(
              "Sign-in not accepted",
              "This answer does not belong to the sign-in that is waiting. Start again with halopsa-mcp login.",
            ),
          );
        return;
      }
      const error = url.searchParams.get("error");
      const value = url.searchParams.get("code");
      res.writeHead(error || !value ? 400 : 200, {
        "content-type": "text/html; charset=utf-8",
        connection: "close",
      });
      if (error || !value) {
        res.end(page("Sign-in failed", "Halo did not sign you in. See the terminal for what to do."));
        const desc = url.searchParams.get("error_description");
        settle?.fail(
          new HaloError(
            "authentication",
            `Halo refused the sign-in (${/^[a-z_]{1,40}$/i.test(error ?? "") ? error : quoted(error ?? "no code", 60)}${desc ? `: ${quoted(desc)}` : ""}).`,
            {
              hint: "Check that the API application's authentication method is Authorisation Code (Native Application), that it allows agent logins, and that its redirect URIs include the address printed above (or use --port with a registered one).",
            },
          ),
        );
        return;
      }
      res.end(page("Signed in to Halo", "You can close this tab and go back to the terminal."));
      settle?.ok(value);
    });
    const timer = setTimeout(
      () =>
        settle?.fail(
          new HaloError("timeout", `no sign-in arrived within ${Math.round(waitMs / 60_000)} minutes.`, {
            hint: "Run halopsa-mcp login again and finish signing in in the browser.",
          }),
        ),
      waitMs,
    );
    timer.unref();
    code.finally(() => clearTimeout(timer)).catch(() => undefined);
    server.once("error", (err: NodeJS.ErrnoException) =>
      rejectListen(
        err.code === "EADDRINUSE" || err.code === "EACCES"
          ? new HaloError(
              "configuration",
              `port ${port} on 127.0.0.1 is in use or not allowed for the sign-in's answer.`,
              {
                hint:
                  port === 0
                    ? "Try again."
                    : "Close the program using it (another `halopsa-mcp login`?) or use another --port registered as a redirect URI on the Halo application.",
              },
            )
          : err,
      ),
    );
    // 127.0.0.1 only: the code must not be reachable from another machine.
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as AddressInfo;
      resolveListen({ server, redirectUri: `http://127.0.0.1:${bound}/callback`, code });
    });
  });
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["rundll32", ["url.dll,FileProtocolHandler", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(cmd, args, { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // No browser: the printed address is the way.
  }
}

/** `halopsa-mcp login`: 0 signed in, 1 failed. */
export async function runLogin(env: Env, opts: LoginOptions = {}): Promise<number> {
  const out = opts.out ?? ((t: string) => process.stdout.write(t));
  const say = (line: string) => out(`${redact(line)}\n`);
  setLogLevel("silent");
  const transport = createTransport(20_000, { maxResponseBytes: AUTH_ANSWER_MAX_BYTES });
  let server: Server | undefined;
  try {
    const config = await loginConfig(env, opts.envFile);
    registerSecret(config.clientSecret);
    const exchange: RawExchange = transport.exchange;
    const tokens = new TokenCache(config, exchange);
    // Both checked against the Halo host first: the code and verifier go nowhere else.
    const authorize = await tokens.authEndpoint("authorize");
    const token = await tokens.authEndpoint("token");

    const verifier = pkceVerifier();
    const state = randomBytes(16).toString("base64url");
    const waiting = await listen(opts.port ?? 0, state, opts.waitMs ?? 5 * 60_000);
    server = waiting.server;
    const url = new URL(authorize.url);
    const scope = /\boffline_access\b/.test(config.scope) ? config.scope : `${config.scope} offline_access`;
    for (const [k, v] of Object.entries({
      response_type: "code",
      client_id: config.clientId,
      redirect_uri: waiting.redirectUri,
      scope,
      state,
      code_challenge: pkceChallenge(verifier),
      code_challenge_method: "S256",
    }))
      url.searchParams.set(k, v);
    say(`Sign in to Halo (${config.baseUrl}) as yourself. Open this address in a browser:`);
    say(`  ${url.toString()}`);
    say(`Waiting for Halo to send you back to ${waiting.redirectUri} …`);
    if (!opts.noBrowser) openBrowser(url.toString());

    const code = await waiting.code;
    registerSecret(code);
    const form = new URLSearchParams({
      grant_type: "authorization_code",
      client_id: config.clientId,
      code,
      redirect_uri: waiting.redirectUri,
      code_verifier: verifier,
    });
    // A confidential application also wants its secret; a native one has none.
    if (config.clientSecret) form.set("client_secret", config.clientSecret);
    const res = await exchange({
      method: "POST",
      url: token.url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      limitBytes: AUTH_ANSWER_MAX_BYTES,
    });
    const body = (() => {
      try {
        return JSON.parse(res.text) as Record<string, unknown>;
      } catch {
        return {};
      }
    })();
    if (body.error === "invalid_grant")
      throw new HaloError("authentication", "Halo refused the sign-in code (invalid_grant).", {
        hint: "Run halopsa-mcp login again; if it keeps failing, check the application's redirect URIs and that PKCE is allowed.",
      });
    const { access, ttlMs } = readTokenAnswer(res, token, config);
    const refresh = typeof body.refresh_token === "string" ? body.refresh_token : undefined;
    registerSecret(refresh);
    if (!refresh)
      throw new HaloError(
        "authentication",
        "Halo signed you in but gave no refresh token, so the sign-in would end within the hour.",
        {
          hint: "Allow refresh tokens (offline access) for the API application in Halo, then run halopsa-mcp login again.",
        },
      );

    const me = await exchange({
      method: "GET",
      url: `${config.apiUrl}/Agent/me`,
      headers: { authorization: `Bearer ${access}` },
      limitBytes: AUTH_ANSWER_MAX_BYTES,
    });
    if (me.status !== 200)
      throw new HaloError("authentication", `signed in, but GET /api/Agent/me answered ${me.status}.`, {
        hint: "The sign-in must be an agent login (not a portal user): check the application allows agent logins.",
      });
    const agent = agentOfMe(JSON.parse(me.text));
    const file = signInFile(env, config.baseUrl, config.tenant);
    const now = Date.now();
    await withFileLock(signInLock(file), () =>
      writeSignIn(file, {
        v: 1,
        baseUrl: config.baseUrl,
        ...(config.tenant ? { tenant: config.tenant } : {}),
        clientId: config.clientId,
        agent: { id: agent.id, name: agent.name, ...(agent.email ? { email: agent.email } : {}) },
        refreshToken: refresh,
        accessToken: access,
        accessExpiresAt: now + ttlMs,
        accessTtlMs: ttlMs,
        signedInAt: new Date(now).toISOString(),
      }),
    );
    say(
      `Signed in to ${config.baseUrl} as ${agent.name || "(unnamed agent)"} #${agent.id}. Every tool now acts as you; restart Claude Code if it is running.`,
    );
    say(`The sign-in is kept for you only in ${file}; \`halopsa-mcp logout\` forgets it.`);
    return 0;
  } catch (err) {
    say(
      `halopsa-mcp login: ${err instanceof HaloError ? errorText(err) : err instanceof Error ? err.message : String(err)}`,
    );
    return 1;
  } finally {
    server?.closeAllConnections();
    server?.close();
    await transport.close().catch(() => undefined);
  }
}

/** `halopsa-mcp logout`: revokes the refresh token where Halo offers it, and forgets the sign-in. */
export async function runLogout(env: Env, opts: Pick<LoginOptions, "envFile" | "out"> = {}): Promise<number> {
  const out = opts.out ?? ((t: string) => process.stdout.write(t));
  const say = (line: string) => out(`${redact(line)}\n`);
  setLogLevel("silent");
  const transport = createTransport(20_000, { maxResponseBytes: AUTH_ANSWER_MAX_BYTES });
  try {
    const config = await loginConfig(env, opts.envFile);
    const file = signInFile(env, config.baseUrl, config.tenant);
    const stored = readSignIn(file);
    if (!stored) {
      say(`Not signed in to ${config.baseUrl}: nothing to forget.`);
      return 0;
    }
    let revoked = "";
    try {
      const revoke = await new TokenCache(config, transport.exchange).authEndpoint("revoke");
      const res = await transport.exchange({
        method: "POST",
        url: revoke.url,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          token: stored.refreshToken,
          token_type_hint: "refresh_token",
          client_id: stored.clientId,
          // A confidential application authenticates its revocation as it did its sign-in.
          ...(config.clientSecret && config.clientId === stored.clientId
            ? { client_secret: config.clientSecret }
            : {}),
        }).toString(),
        limitBytes: AUTH_ANSWER_MAX_BYTES,
      });
      revoked =
        res.status === 200
          ? " Halo revoked the refresh token."
          : ` Halo did not confirm revoking it (its revocation endpoint answered ${res.status}); end the session in Halo if you need it gone there too.`;
    } catch (err) {
      revoked = ` Halo could not be asked to revoke it (${err instanceof Error ? err.message : String(err)}).`;
    }
    await withFileLock(signInLock(file), () => removeSignIn(file));
    say(
      `Signed out of ${config.baseUrl} (was ${stored.agent.name} #${stored.agent.id}): the stored sign-in is forgotten.${revoked} Restart Claude Code; tools then use the API application's client credentials, if configured.`,
    );
    return 0;
  } catch (err) {
    say(
      `halopsa-mcp logout: ${err instanceof HaloError ? errorText(err) : err instanceof Error ? err.message : String(err)}`,
    );
    return 1;
  } finally {
    await transport.close().catch(() => undefined);
  }
}
