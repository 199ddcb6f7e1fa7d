/**
 * Harness for `serve --http`: replicas of the BUILT server (spawned through a
 * shell that stops them when the test process goes away), a person signing in
 * as an MCP client does it (discovery, registration, PKCE, the browser's trip
 * through Halo's login page), and an MCP client per person.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FakeHalo, FakeHaloOptions } from "../../fake-halo/index.js";
import { loadConfig } from "../../src/config/config.js";
import { type HttpServerHandle, startHttpServer } from "../../src/http/app.js";
import { httpSettings } from "../../src/http/settings.js";
import { BUNDLE } from "./e2e.js";

export const TEAM_SECRET = "team-deployment-client-secret-0123";
/**
 * A fake Halo whose application for the deployment is a confidential one, as a
 * team deployment's is: Halo wants its secret with every code and refresh.
 */
export const CONFIDENTIAL_APP: FakeHaloOptions = {
  clientId: "svc",
  clientSecret: TEAM_SECRET,
  auth: { clientSecret: TEAM_SECRET },
};

/**
 * `serve --http` in this process (for what a test must reach inside it), on a
 * free loopback port, with `env` as its settings. XDG_CONFIG_HOME points
 * nowhere, so the developer's own settings file never leaks in.
 */
export function startHttpInProcess(env: Record<string, string>): Promise<HttpServerHandle> {
  const config = loadConfig({ XDG_CONFIG_HOME: "/nonexistent-halopsa-test-config", ...env });
  const { settings } = httpSettings({}, { port: "0" });
  return startHttpServer({ config, settings: settings as NonNullable<typeof settings>, version: "test" });
}

export const STORE_KEY = "store-key-for-tests-0123456789abcdefghij";

export interface Replica {
  url: string;
  name: string;
  stderr(): string;
  /** SIGKILL: the replica dies mid-whatever, without a chance to tidy up. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReplica(opts: {
  fake: FakeHalo;
  name: string;
  clientId: string;
  redisUrl?: string;
  env?: Record<string, string>;
}): Promise<Replica> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    XDG_CONFIG_HOME: "/nonexistent-halopsa-test-config",
    HALOPSA_BASE_URL: opts.fake.url,
    HALOPSA_CLIENT_ID: opts.clientId,
    HALOPSA_CLIENT_SECRET: TEAM_SECRET,
    HALOPSA_RETRY_BASE_MS: "50",
    HALOPSA_LOG_LEVEL: "info",
    HALOPSA_REPLICA_NAME: opts.name,
    HALOPSA_HTTP_PORT: "0",
    ...(opts.redisUrl ? { HALOPSA_REDIS_URL: opts.redisUrl, HALOPSA_STORE_KEY: STORE_KEY } : {}),
    ...opts.env,
  };
  // `read` returns when the test process's end of stdin closes: then the replica is stopped.
  const child = spawn(
    "sh",
    [
      "-c",
      `"${process.execPath}" "${BUNDLE}" serve --http </dev/null & pid=$!; echo "pid $pid" >&2; read _; kill $pid; wait $pid`,
    ],
    { env, stdio: ["pipe", "pipe", "pipe"] },
  );
  let err = "";
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${opts.name} did not start:\n${err}`)), 20_000);
    const check = () => {
      // Its own address, not the public URL a balancer in front of it answers at.
      const m = /listening on ([\d.]+):(\d+)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stderr?.off("data", check);
        resolve(`http://${m[1]}:${m[2]}`);
      }
    };
    child.stderr?.on("data", check);
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`replica ${opts.name} exited:\n${err}`));
    });
  });
  const pid = Number(/pid (\d+)/.exec(err)?.[1]);
  const exited = (c: ChildProcess) =>
    new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : c.once("exit", () => resolve())));
  return {
    url,
    name: opts.name,
    stderr: () => err,
    async kill() {
      process.kill(pid, "SIGKILL");
      child.stdin?.end();
      await exited(child);
    },
    async stop() {
      child.stdin?.end();
      await exited(child);
    },
  };
}

export interface SignedIn {
  clientId: string;
  redirectUri: string;
  access: string;
  refresh: string;
}

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

async function must(res: Response, what: string, status = 200): Promise<Response> {
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

/** Registers an MCP client (RFC 7591) and returns its ID. */
export async function registerClient(
  server: string,
  redirectUri = "http://127.0.0.1:9/callback",
): Promise<string> {
  const meta = (await (await fetch(`${server}/.well-known/oauth-authorization-server`)).json()) as Record<
    string,
    string
  >;
  const res = await must(
    await fetch(meta.registration_endpoint as string, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        client_name: "test client",
      }),
    }),
    "register",
    201,
  );
  return ((await res.json()) as { client_id: string }).client_id;
}

/**
 * One person signs in: our /authorize sends the browser to Halo's login page,
 * the person logs in there, Halo sends the browser to our callback, which
 * sends it back to the client with our code; the client redeems it.
 */
export async function signIn(
  server: string,
  fake: FakeHalo,
  username: string,
  password: string,
  opts: { clientId?: string; redirectUri?: string; resource?: string } = {},
): Promise<SignedIn> {
  const redirectUri = opts.redirectUri ?? "http://127.0.0.1:9/callback";
  const clientId = opts.clientId ?? (await registerClient(server, redirectUri));
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString("hex");
  const authorize = new URL(`${server}/authorize`);
  for (const [k, v] of Object.entries({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state,
    resource: opts.resource ?? `${server}/mcp`,
  }))
    authorize.searchParams.set(k, v);
  const toConsent = await must(await fetch(authorize, { redirect: "manual" }), "authorize", 302);
  // Our consent page first: the person allows this client, in this browser (its cookie comes back with Halo's answer).
  const { cookie, haloUrl } = await allowOnConsentPage(toConsent.headers.get("location") as string);
  if (!haloUrl.href.startsWith(fake.url)) throw new Error(`authorize sent the browser to ${haloUrl.origin}`);
  // The login page: its form carries the authorisation request back with the credentials.
  const page = await (await must(await fetch(haloUrl), "Halo login page")).text();
  const form = new URLSearchParams();
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    form.set(
      m[1] as string,
      (m[2] as string)
        .replace(/&amp;/g, "&")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&#39;/g, "'"),
    );
  form.set("username", username);
  form.set("password", password);
  const login = await must(
    await fetch(new URL("authorize", haloUrl), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      redirect: "manual",
    }),
    "Halo login",
    302,
  );
  const callback = login.headers.get("location") as string;
  if (!callback.startsWith(`${server}/oauth/halo/callback`))
    throw new Error(`Halo sent the browser to ${callback}`);
  const back = await must(
    await fetch(callback, { redirect: "manual", headers: { cookie } }),
    "callback",
    302,
  );
  const to = new URL(back.headers.get("location") as string);
  if (to.searchParams.get("state") !== state) throw new Error("state was not carried back");
  const code = to.searchParams.get("code");
  if (!code) throw new Error(`no code: ${to.search}`);
  const tokens = await exchange(server, {
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
    client_id: clientId,
    resource: opts.resource ?? `${server}/mcp`,
  });
  return { clientId, redirectUri, access: tokens.access_token, refresh: tokens.refresh_token };
}

/** The browser on our consent page: reads it, keeps its cookie, presses "Allow"; answers Halo's sign-in URL. */
export async function allowOnConsentPage(
  consentUrl: string,
  decision: "allow" | "deny" = "allow",
): Promise<{ cookie: string; haloUrl: URL; page: string; location: string }> {
  const shown = await must(await fetch(consentUrl, { redirect: "manual" }), "consent page");
  const cookie = (shown.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const page = await shown.text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] as string;
  const tx = /name="tx" value="([^"]+)"/.exec(page)?.[1] as string;
  const res = await must(
    await fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ tx, decision }).toString(),
      redirect: "manual",
    }),
    "consent",
    302,
  );
  const location = res.headers.get("location") as string;
  return { cookie, haloUrl: new URL(location), page, location };
}

export async function exchange(
  server: string,
  fields: Record<string, string>,
): Promise<{ access_token: string; refresh_token: string; status: number; error?: string }> {
  const res = await fetch(`${server}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  const body = (await res.json()) as { access_token: string; refresh_token: string; error?: string };
  return { ...body, status: res.status };
}

/** An MCP client on `server`/mcp with a bearer token; `fetch` may route each request (a load balancer). */
export async function mcpClient(
  server: string,
  token: string,
  opts: { fetch?: typeof fetch; sessionId?: string } = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${server}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: opts.fetch,
    sessionId: opts.sessionId,
  });
  const client = new Client({ name: "team-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

export function textOf(result: unknown): { isError: boolean; text: string; data?: Record<string, unknown> } {
  const r = result as {
    isError?: boolean;
    content?: Array<{ type: string; text?: string }>;
    structuredContent?: Record<string, unknown>;
  };
  return {
    isError: r.isError === true,
    text: r.content?.find((c) => c.type === "text")?.text ?? "",
    data: r.structuredContent,
  };
}

/**
 * A load balancer in front of replicas, as a deployment has one: each request
 * goes to the next live replica in turn (no stickiness, the hardest case), and
 * one that refuses the connection is skipped. All replicas share its URL as
 * HALOPSA_PUBLIC_URL.
 */
export interface Balancer {
  url: string;
  port: number;
  targets: string[];
  close(): Promise<void>;
}

export async function startBalancer(port = 0): Promise<Balancer> {
  const { createServer, request } = await import("node:http");
  const targets: string[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const tryTarget = (left: number) => {
        if (targets.length === 0 || left === 0) {
          res.statusCode = 502;
          res.end("no replica");
          return;
        }
        const target = new URL(targets[next++ % targets.length] as string);
        const up = request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
            // A new connection each time: a pooled one the replica just closed would fail the request.
            agent: false,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            // The replica died mid-answer: the client sees its connection cut, as behind a real balancer.
            answer.on("error", () => res.destroy());
            answer.on("aborted", () => res.destroy());
          },
        );
        up.on("error", (e: NodeJS.ErrnoException) => {
          if (!res.headersSent && e.code === "ECONNREFUSED") return tryTarget(left - 1);
          res.destroy();
        });
        res.on("close", () => up.destroy());
        up.end(body);
      };
      tryTarget(targets.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
