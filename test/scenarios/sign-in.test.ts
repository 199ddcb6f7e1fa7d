/**
 * Signing in as yourself (issue 17, item 1), end to end against the fake
 * Halo's authorisation server: the built CLI's `login` prints the address,
 * the test plays the browser (opens it, logs in as an agent, follows the
 * redirect to the CLI's loopback listener), then the built server acts as
 * that agent — a note it adds is recorded in the fake under their name.
 * Refresh (rotating refresh tokens, one refresh for several processes),
 * revocation (a clear "run login again"), logout (revoked at Halo,
 * forgotten here), PKCE and state checks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { pkceChallenge, pkceVerifier } from "../../src/cli/login.js";
import { allRecordedOutput, BUNDLE, CLIENT_ID, type E2E, SECRET, startStdioE2E } from "../helpers/e2e.js";

const NATIVE_APP = "native-app-for-agents";
const AGENT_ID = 3;

let fake: FakeHalo;
let configHome: string;
const cliOutput: string[] = [];

/** Runs the built CLI; `onLine` sees each stdout line while it runs. */
function cli(
  args: string[],
  env: Record<string, string>,
  onLine?: (line: string, child: ChildProcess) => void,
) {
  const child = spawn(process.execPath, [BUNDLE, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let buffered = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
    buffered += d.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) onLine?.(line, child);
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on("close", (code) => {
      cliOutput.push(out);
      resolve({ code, out });
    }),
  );
}

const cliEnv = () => ({
  XDG_CONFIG_HOME: configHome,
  HALOPSA_BASE_URL: fake.url,
  HALOPSA_CLIENT_ID: NATIVE_APP,
});

/** The browser: opens the authorisation address, logs in, follows Halo's redirect. */
async function playBrowser(authorizeUrl: string, user: string, password: string) {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const htmlText = await page.text();
  const form = new URLSearchParams();
  for (const m of htmlText.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    form.set(m[1] as string, (m[2] as string).replace(/&amp;/g, "&").replace(/&quot;/g, '"'));
  form.set("username", user);
  form.set("password", password);
  const posted = await fetch(new URL("/auth/authorize", authorizeUrl), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  if (posted.status !== 302) return { posted, callback: undefined };
  const location = posted.headers.get("location") as string;
  const callback = await fetch(location);
  return { posted, location, callback, callbackText: await callback.text() };
}

async function login(user = "", password = "sandbox-password") {
  const agent = fake.db.agents.get(AGENT_ID);
  let browsed: Promise<Awaited<ReturnType<typeof playBrowser>>> | undefined;
  const run = await cli(["login", "--no-browser"], cliEnv(), (line) => {
    const url = line.trim();
    if (url.includes("/auth/authorize?"))
      browsed = playBrowser(url, user || (agent?.email as string), password);
  });
  return { ...run, browsed: await browsed };
}

const signInFiles = () => {
  const dir = join(configHome, "halopsa-mcp", "sign-in");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(dir, f));
};
const stored = () => JSON.parse(readFileSync(signInFiles()[0] as string, "utf8")) as Record<string, unknown>;

/** A server signed in through the sign-in file: no client credentials configured. */
const server = (env: Record<string, string> = {}) =>
  startStdioE2E({
    fakeInstance: fake,
    env: { XDG_CONFIG_HOME: configHome, HALOPSA_CLIENT_ID: "", HALOPSA_CLIENT_SECRET: "", ...env },
  });

beforeAll(async () => {
  fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET, auth: { clientId: NATIVE_APP } });
  configHome = mkdtempSync(join(tmpdir(), "halopsa-config-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(configHome, { recursive: true, force: true });
});

describe("halopsa-mcp login, then the tools act as the signed-in agent", () => {
  it("a wrong password leaves the person on Halo's login page; the CLI gives up after its wait", async () => {
    const failed = fake.auth.counts.failedLogins;
    const child = spawn(process.execPath, [BUNDLE, "login", "--no-browser"], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...cliEnv() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await new Promise<string>((resolve) =>
      child.stdout?.on("data", (d: Buffer) => {
        const m = /(http:\/\/\S+\/auth\/authorize\?\S+)/.exec(d.toString());
        if (m) resolve(m[1] as string);
      }),
    );
    const { posted } = await playBrowser(url, "someone@nowhere.example", "wrong");
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("incorrect");
    expect(fake.auth.counts.failedLogins).toBe(failed + 1);
    // A stray answer with another state reaches the listener: turned away, the wait goes on.
    const redirect = new URL(url).searchParams.get("redirect_uri") as string;
    const stray = await fetch(`${redirect}?code=x&state=not-the-one`);
    expect(stray.status).toBe(400);
    child.kill();
  });

  it("login: the browser signs in, the CLI exchanges the code with its PKCE verifier and stores the sign-in for the user only", async () => {
    const agent = fake.db.agents.get(AGENT_ID);
    const r = await login();
    expect(r.code, r.out).toBe(0);
    expect(r.browsed?.callback?.status).toBe(200);
    expect(r.out).toContain(`as ${agent?.name} #${AGENT_ID}`);
    expect(fake.auth.counts.codeExchanges).toBe(1);
    // The authorisation request as the public clients send it.
    const q = new URL(r.out.match(/http:\/\/\S+\/auth\/authorize\?\S+/)?.[0] as string).searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe(NATIVE_APP);
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(q.get("state")?.length).toBeGreaterThan(16);
    const [file] = signInFiles();
    expect(statSync(file as string).mode & 0o777).toBe(0o600);
    expect(statSync(join(configHome, "halopsa-mcp", "sign-in")).mode & 0o777).toBe(0o700);
    expect(stored()).toMatchObject({ clientId: NATIVE_APP, agent: { id: AGENT_ID } });
    // Nothing secret is printed: not the refresh token, not the access token.
    expect(r.out).not.toContain(stored().refreshToken as string);
    expect(r.out).not.toContain(stored().accessToken as string);
  });

  let e2e: E2E;
  it("whoami says who is signed in and how; a note is recorded in Halo as that agent", async () => {
    e2e = await server();
    const agent = fake.db.agents.get(AGENT_ID);
    const who = await e2e.call("whoami");
    expect(who.isError, who.text).toBe(false);
    expect(who.data?.agent).toContain(`${agent?.name}`);
    expect(who.data?.auth).toContain("signed in as");
    expect(who.data?.auth).toContain("authorization code");
    const setup = await e2e.call("check_setup");
    expect(setup.isError, setup.text).toBe(false);
    const checks = setup.data?.checks as Array<{ check: string; result: string; detail: string }>;
    expect(checks.find((c) => c.check === "sign-in")).toMatchObject({ result: "pass" });
    expect(checks.find((c) => c.check === "agent")?.detail).toContain(`tools act as you ${agent?.name}`);
    const ticketId = [...fake.db.tickets.keys()][0] as number;
    const added = await e2e.call("add_ticket_action", { ticket_id: ticketId, note: "Checked the backups." });
    expect(added.isError, added.text).toBe(false);
    const actions = fake.db.actions.get(ticketId) ?? [];
    const note = actions.find((a) => a.note === "Checked the backups.");
    expect(note?.who_agentid).toBe(AGENT_ID);
    expect(note?.who).toBe(agent?.name);
    // The API application's own agent did not write it.
    expect(AGENT_ID).not.toBe(fake.db.apiAgentId);
  });

  it("an expired access token is refreshed once with the stored refresh token, which rotates", async () => {
    const before = stored().refreshToken;
    const refreshes = fake.auth.counts.refreshes;
    fake.expireTokens();
    const r = await e2e.call("list_ticket_actions", { ticket_id: [...fake.db.tickets.keys()][0] });
    expect(r.isError, r.text).toBe(false);
    expect(fake.auth.counts.refreshes).toBe(refreshes + 1);
    expect(stored().refreshToken).not.toBe(before);
    expect(fake.auth.liveRefreshTokens).toBe(1);
  });

  it("several processes of the user with an expired token: one refresh between them, none refused", async () => {
    const others = [await server(), await server()];
    try {
      // Each has its token (and the first process's) cached: expire them all at once.
      await Promise.all(others.map((s) => s.call("whoami")));
      fake.expireTokens();
      const refreshes = fake.auth.counts.refreshes;
      const refused = fake.auth.counts.refusedGrants;
      const ids = [...fake.db.tickets.keys()].slice(0, 3);
      const results = await Promise.all(
        [e2e, ...others].map((s, i) => s.call("get_ticket", { id: ids[i] as number })),
      );
      expect(results.filter((x) => x.isError).map((x) => x.text)).toEqual([]);
      expect(fake.auth.counts.refreshes).toBe(refreshes + 1);
      expect(fake.auth.counts.refusedGrants).toBe(refused);
    } finally {
      await Promise.all(others.map((s) => s.close()));
    }
  });

  it("a revoked refresh token: the call fails saying to run login again", async () => {
    fake.auth.revokeRefreshTokens(AGENT_ID);
    fake.expireTokens();
    const id = [...fake.db.tickets.keys()][0] as number;
    const r = await e2e.call("get_ticket", { id });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no longer accepts your sign-in");
    expect(r.text).toContain("halopsa-mcp login");
    // Remembered for every process: no second refresh attempt with a dead token.
    const refused = fake.auth.counts.refusedGrants;
    const again = await e2e.call("get_ticket", { id });
    expect(again.text).toContain("halopsa-mcp login");
    expect(fake.auth.counts.refusedGrants).toBe(refused);
    await e2e.close();
  });

  it("login again, then logout: revoked at Halo and forgotten here", async () => {
    const r = await login();
    expect(r.code, r.out).toBe(0);
    expect(fake.auth.liveRefreshTokens).toBe(1);
    const out = await cli(["logout"], cliEnv());
    expect(out.code, out.out).toBe(0);
    expect(out.out).toContain("Halo revoked the refresh token");
    expect(fake.auth.liveRefreshTokens).toBe(0);
    expect(signInFiles()).toEqual([]);
    // Signed out and no client credentials: the server says what to set, or to sign in.
    const s = await server();
    try {
      const who = await s.call("whoami");
      expect(who.isError).toBe(true);
      expect(who.text).toContain("halopsa-mcp login");
    } finally {
      await s.close();
    }
  });

  it("never prints a token or the refresh token anywhere", () => {
    const all = allRecordedOutput() + cliOutput.join("\n");
    for (const r of fake.requests.filter((x) => x.path === "/auth/token"))
      expect(JSON.stringify(r.body)).not.toMatch(/"(refresh_token|code_verifier|code)":"(?!\*\*\*)/);
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/[0-9a-f]{64}/);
  });
});

describe("the fake's authorisation server follows the spec for PKCE", () => {
  it("refuses a wrong verifier, a reused code and plain PKCE", async () => {
    const verifier = pkceVerifier();
    const redirect = "http://127.0.0.1:9/callback";
    const authorize = new URL("/auth/authorize", fake.url);
    const params = {
      response_type: "code",
      client_id: NATIVE_APP,
      redirect_uri: redirect,
      scope: "all offline_access",
      state: "s1",
      code_challenge: pkceChallenge(verifier),
      code_challenge_method: "S256",
    };
    const agent = fake.db.agents.get(AGENT_ID);
    const codeFor = async () => {
      const form = new URLSearchParams({
        ...params,
        username: agent?.email as string,
        password: fake.auth.password,
      });
      const res = await fetch(authorize, { method: "POST", body: form, redirect: "manual" });
      return new URL(res.headers.get("location") as string).searchParams.get("code") as string;
    };
    const exchange = (code: string, v: string) =>
      fetch(new URL("/auth/token", fake.url), {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          client_id: NATIVE_APP,
          code,
          redirect_uri: redirect,
          code_verifier: v,
        }),
      });
    const wrong = await exchange(await codeFor(), pkceVerifier());
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    const code = await codeFor();
    expect((await exchange(code, verifier)).status).toBe(200);
    expect((await exchange(code, verifier)).status).toBe(400);
    const plain = await fetch(
      `${authorize}?${new URLSearchParams({ ...params, code_challenge_method: "plain" })}`,
      {
        redirect: "manual",
      },
    );
    expect(new URL(plain.headers.get("location") as string).searchParams.get("error")).toBe(
      "invalid_request",
    );
    // An unregistered (non-loopback) redirect is never redirected to.
    const away = await fetch(
      `${authorize}?${new URLSearchParams({ ...params, redirect_uri: "https://evil.example/cb" })}`,
      {
        redirect: "manual",
      },
    );
    expect(away.status).toBe(400);
    fake.auth.revokeRefreshTokens();
  });
});
