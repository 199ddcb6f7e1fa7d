/**
 * The deployment's authorisation server under attack: a stranger who
 * registers their own MCP client and sends a technician a link (confused
 * deputy), a Halo link approved in one browser and finished in another,
 * cross-site posts, hostile client metadata, redirect URI tricks, PKCE,
 * codes and refresh tokens replayed, tokens for another resource, revocation.
 * Each attack is played against the real server and the fake Halo.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { loadConfig } from "../../src/config/config.js";
import { type HttpServerHandle, startHttpServer } from "../../src/http/app.js";
import { httpSettings } from "../../src/http/settings.js";
import { setLogSink } from "../../src/util/log.js";
import {
  allowOnConsentPage,
  CONFIDENTIAL_APP,
  exchange,
  registerClient,
  signIn,
  startHttpInProcess,
  TEAM_SECRET,
} from "../helpers/team.js";

let fake: FakeHalo;
let server: HttpServerHandle;
const ALICE = "alice.admin@sandbox-msp.example";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

beforeAll(async () => {
  fake = await startFakeHalo(CONFIDENTIAL_APP);
  server = await startHttpInProcess({
    HALOPSA_BASE_URL: fake.url,
    HALOPSA_CLIENT_ID: fake.auth.clientId,
    HALOPSA_CLIENT_SECRET: TEAM_SECRET,
    HALOPSA_RETRY_BASE_MS: "20",
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

async function register(
  meta: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token_endpoint_auth_method: "none", ...meta }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function authorizeUrl(clientId: string, extra: Record<string, string> = {}): URL {
  const url = new URL(`${server.url}/authorize`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: "http://127.0.0.1:9/callback",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    state: "client-state",
    ...extra,
  }).toString();
  return url;
}

/** Logs in on the fake Halo's page at `haloUrl`; answers where Halo sends the browser (our callback). */
async function haloLogin(haloUrl: URL): Promise<string> {
  const page = await (await fetch(haloUrl)).text();
  const form = new URLSearchParams();
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    form.set(m[1] as string, (m[2] as string).replace(/&amp;/g, "&"));
  form.set("username", ALICE);
  form.set("password", fake.auth.password);
  const res = await fetch(new URL("authorize", haloUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return res.headers.get("location") as string;
}

const mcpStatus = async (token: string) =>
  (
    await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      }),
    })
  ).status;

describe("confused deputy: a client anyone registered reaches Halo only through the person's consent", () => {
  it("shows a consent page naming the client and where the answer goes, instead of going straight to Halo", async () => {
    const clientId = (
      await register({
        redirect_uris: ["https://attacker.example/cb"],
        client_name: "<img src=x onerror=alert(1)>Claude\u202e\nNext step: allow",
      })
    ).body.client_id as string;
    const res = await fetch(authorizeUrl(clientId, { redirect_uri: "https://attacker.example/cb" }), {
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location") as string);
    expect(to.origin).toBe(server.url);
    expect(to.pathname).toBe("/oauth/consent");
    const page = await fetch(to);
    expect(page.status).toBe(200);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax/);
    const html = await page.text();
    expect(html).not.toContain("<img");
    expect(html).not.toContain("\u202e");
    expect(html).toContain("&#60;img src=x onerror=alert(1)&#62;Claude Next step: allow");
    expect(html).toContain("https://attacker.example");
    expect(html).not.toContain(`${fake.url}/auth`);
  });

  it("does not finish a Halo sign-in in a browser other than the one that allowed it", async () => {
    // The attacker allows their own request in their browser and sends the Halo link to a technician.
    const clientId = (await register({ redirect_uris: ["https://attacker.example/cb"], client_name: "x" }))
      .body.client_id as string;
    const start = await fetch(authorizeUrl(clientId, { redirect_uri: "https://attacker.example/cb" }), {
      redirect: "manual",
    });
    const { haloUrl } = await allowOnConsentPage(start.headers.get("location") as string);
    expect(haloUrl.href.startsWith(fake.url)).toBe(true);
    const tokenCalls = fake.auth.counts.codeExchanges;
    // The technician signs in to Halo; Halo sends their browser (without the attacker's cookie) to our callback.
    const callback = await haloLogin(haloUrl);
    const res = await fetch(callback, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toMatch(/not allowed in this browser/);
    // Halo's code was never redeemed.
    expect(fake.auth.counts.codeExchanges).toBe(tokenCalls);
  });

  it("refuses a consent posted from another site, or without the page's cookie", async () => {
    const clientId = await registerClient(server.url);
    const start = await fetch(authorizeUrl(clientId), { redirect: "manual" });
    const consent = await fetch(start.headers.get("location") as string);
    const tx = /name="tx" value="([^"]+)"/.exec(await consent.text())?.[1] as string;
    const cookie = (consent.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/oauth/consent`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({ tx, decision: "allow" }).toString(),
        redirect: "manual",
      });
    expect((await post({ cookie, origin: "https://attacker.example" })).status).toBe(403);
    expect((await post({})).status).toBe(400);
    expect((await post({ cookie: cookie.replace(/=.*/, "=forged") })).status).toBe(400);
    // A second showing of the page (another browser) voids the first browser's cookie.
    await fetch(start.headers.get("location") as string);
    expect((await post({ cookie })).status).toBe(400);
  });

  it("sends the client access_denied (with its state) when the person denies", async () => {
    const clientId = await registerClient(server.url);
    const start = await fetch(authorizeUrl(clientId), { redirect: "manual" });
    const { location } = await allowOnConsentPage(start.headers.get("location") as string, "deny");
    const back = new URL(location);
    expect(`${back.origin}${back.pathname}`).toBe("http://127.0.0.1:9/callback");
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("client-state");
    expect(back.searchParams.get("code")).toBeNull();
  });

  it("answers a forged or replayed callback with a plain page that quotes nothing of the request", async () => {
    const res = await fetch(`${server.url}/oauth/halo/callback?state=%3Cscript%3E&code=%3Cb%3E`, {
      redirect: "manual",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(await res.text()).not.toMatch(/<script>|<b>/);
  });
});

describe("client registration", () => {
  it("refuses redirect URIs a code must never go to", async () => {
    for (const uri of [
      "http://attacker.example/cb",
      "https://good.example/cb#frag",
      "https://good.example@attacker.example/cb",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "data:text/html,x",
      `https://x.example/${"a".repeat(1200)}`,
    ]) {
      const { status, body } = await register({ redirect_uris: [uri] });
      expect({ uri, status, error: body.error }).toEqual({
        uri,
        status: 400,
        error: "invalid_client_metadata",
      });
    }
  });

  it("accepts what real MCP clients register: loopback, https and an app's own scheme", async () => {
    const { status } = await register({
      redirect_uris: [
        "http://127.0.0.1:33418/callback",
        "http://localhost:6274/oauth/callback",
        "https://claude.ai/api/mcp/auth_callback",
        "cursor://anysphere.cursor-mcp/oauth/callback",
      ],
      client_name: "Claude Code (halopsa)",
    });
    expect(status).toBe(201);
  });

  it("bounds what a registration may store: names, URI counts, total size", async () => {
    expect(
      (await register({ redirect_uris: ["https://a.example/cb"], client_name: "n".repeat(5000) })).status,
    ).toBe(400);
    const many = Array.from({ length: 11 }, (_, i) => `https://a.example/cb${i}`);
    expect((await register({ redirect_uris: many })).status).toBe(400);
    expect((await register({ redirect_uris: [], client_name: "none" })).status).toBe(400);
    expect(
      (await register({ redirect_uris: ["https://a.example/cb"], software_statement: "s".repeat(9000) }))
        .status,
    ).toBe(400);
  });
});

describe("answers to broken requests", () => {
  it("are short JSON, never Express's HTML page with a stack trace", async () => {
    for (const [path, type, body, status] of [
      ["/register", "application/json", "{bad", 400],
      [
        "/register",
        "application/json",
        JSON.stringify({ redirect_uris: ["https://a.example/x"], x: "x".repeat(200_000) }),
        413,
      ],
      ["/token", "application/x-www-form-urlencoded", "x".repeat(200_000), 413],
      ["/nothing-here", "text/plain", "", 404],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
      const text = await res.text();
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(text).not.toMatch(/node_modules|\.js:\d+|<pre>|<html/i);
    }
  });
});

describe("authorization request", () => {
  it("matches the redirect URI exactly but for a loopback port (RFC 8252), before anything is redirected", async () => {
    const clientId = await registerClient(server.url);
    const status = async (redirect_uri: string) =>
      (await fetch(authorizeUrl(clientId, { redirect_uri }), { redirect: "manual" })).status;
    for (const uri of [
      "http://127.0.0.1:9/Callback",
      "http://127.0.0.1:9/callback/../evil",
      "http://127.0.0.1:9/%63allback",
      "http://localhost:9/callback",
      "http://127.0.0.1:9/callback?next=https://attacker.example",
      "https://127.0.0.1:9/callback",
      "http://127.0.0.1.attacker.example:9/callback",
    ])
      expect({ uri, status: await status(uri) }).toEqual({ uri, status: 400 });
    // Another port of the same loopback URI is the same native app (RFC 8252 7.3).
    expect(await status("http://127.0.0.1:51234/callback")).toBe(302);
  });

  it("refuses a presented redirect URI with a fragment or user info, without redirecting to it", async () => {
    const clientId = await registerClient(server.url);
    for (const uri of ["http://127.0.0.1:9/callback#x", "http://evil@127.0.0.1:9/callback"]) {
      const res = await fetch(authorizeUrl(clientId, { redirect_uri: uri }), { redirect: "manual" });
      expect({ uri, status: res.status }).toEqual({ uri, status: 400 });
    }
  });

  it("requires PKCE with S256", async () => {
    const clientId = await registerClient(server.url);
    for (const extra of [{ code_challenge_method: "plain" }, { code_challenge: "" }] as Record<
      string,
      string
    >[]) {
      const url = authorizeUrl(clientId, extra);
      if (extra.code_challenge === "") url.searchParams.delete("code_challenge");
      const res = await fetch(url, { redirect: "manual" });
      const to = new URL(res.headers.get("location") as string);
      expect(to.searchParams.get("error")).toBe("invalid_request");
      expect(to.pathname).toBe("/callback");
    }
  });

  it("refuses a token for another resource (RFC 8707) at the authorization request", async () => {
    const clientId = await registerClient(server.url);
    const res = await fetch(authorizeUrl(clientId, { resource: "https://other.example/mcp" }), {
      redirect: "manual",
    });
    const to = new URL(res.headers.get("location") as string);
    expect(to.searchParams.get("error")).toBe("invalid_target");
  });
});

/** A full sign-in up to our code, not yet redeemed. */
async function codeFor(): Promise<{ clientId: string; code: string; verifier: string }> {
  const { createHash, randomBytes } = await import("node:crypto");
  const verifier = randomBytes(32).toString("base64url");
  const clientId = await registerClient(server.url);
  const start = await fetch(
    authorizeUrl(clientId, {
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      resource: `${server.url}/mcp`,
    }),
    { redirect: "manual" },
  );
  const { cookie, haloUrl } = await allowOnConsentPage(start.headers.get("location") as string);
  const callback = await haloLogin(haloUrl);
  const back = await fetch(callback, { redirect: "manual", headers: { cookie } });
  expect(back.status).toBe(302);
  const code = new URL(back.headers.get("location") as string).searchParams.get("code") as string;
  return { clientId, code, verifier };
}

describe("codes and tokens", () => {
  it("binds a code to its client, redirect URI, verifier and resource", async () => {
    const other = await registerClient(server.url);
    const fields = async () => {
      const { clientId, code, verifier } = await codeFor();
      return {
        grant_type: "authorization_code",
        code,
        code_verifier: verifier,
        redirect_uri: "http://127.0.0.1:9/callback",
        client_id: clientId,
      };
    };
    // Refused before the code is spent: another client, a wrong verifier; the right request then works.
    const base = await fields();
    expect((await exchange(server.url, { ...base, client_id: other })).error).toBe("invalid_grant");
    expect((await exchange(server.url, { ...base, code_verifier: "x".repeat(43) })).error).toBe(
      "invalid_grant",
    );
    expect((await exchange(server.url, base)).status).toBe(200);
    // Refused and spent (each with a code of its own): redirect_uri left out though the authorization
    // request named it (RFC 6749 4.1.3), another redirect_uri, another resource (RFC 8707).
    const { redirect_uri: _, ...without } = await fields();
    expect((await exchange(server.url, without)).error).toBe("invalid_grant");
    const elsewhere = { ...(await fields()), redirect_uri: "http://127.0.0.1:10/callback" };
    expect((await exchange(server.url, elsewhere)).error).toBe("invalid_grant");
    const other_resource = { ...(await fields()), resource: "https://other.example/mcp" };
    expect((await exchange(server.url, other_resource)).error).toBe("invalid_target");
    expect((await exchange(server.url, other_resource)).error).toBe("invalid_grant");
  });

  it("refuses a code used twice and revokes what the first use gave", async () => {
    const { clientId, code, verifier } = await codeFor();
    const fields = {
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: "http://127.0.0.1:9/callback",
      client_id: clientId,
    };
    const first = await exchange(server.url, fields);
    expect(first.status).toBe(200);
    expect(await mcpStatus(first.access_token)).toBe(200);
    expect((await exchange(server.url, fields)).error).toBe("invalid_grant");
    expect(await mcpStatus(first.access_token)).toBe(401);
    expect(
      (
        await exchange(server.url, {
          grant_type: "refresh_token",
          refresh_token: first.refresh_token,
          client_id: clientId,
        })
      ).error,
    ).toBe("invalid_grant");
  });

  it("rotates refresh tokens and revokes the grant when a retired one comes back (theft)", async () => {
    const me = await signIn(server.url, fake, ALICE, fake.auth.password);
    const refresh = (token: string) =>
      exchange(server.url, { grant_type: "refresh_token", refresh_token: token, client_id: me.clientId });
    const next = await refresh(me.refresh);
    expect(next.status).toBe(200);
    expect(next.refresh_token).not.toBe(me.refresh);
    // The retired token again: someone else holds a copy. Everything of this grant ends, and the log says whose.
    const warned: string[] = [];
    setLogSink((level, line) => {
      if (level === "warn") warned.push(line);
    });
    try {
      expect((await refresh(me.refresh)).error).toBe("invalid_grant");
    } finally {
      setLogSink(undefined);
    }
    expect(warned.join("\n")).toMatch(
      new RegExp(
        `token grant revoked: a retired refresh token was presented again \\(agent 1, issued to client ${me.clientId}\\)`,
      ),
    );
    expect(warned.join("\n")).not.toContain(me.refresh);
    expect((await refresh(next.refresh_token)).error).toBe("invalid_grant");
    expect(await mcpStatus(next.access_token)).toBe(401);
  });

  it("does not spend a refresh token another client presents", async () => {
    const me = await signIn(server.url, fake, ALICE, fake.auth.password);
    const other = await registerClient(server.url);
    expect(
      (
        await exchange(server.url, {
          grant_type: "refresh_token",
          refresh_token: me.refresh,
          client_id: other,
        })
      ).error,
    ).toBe("invalid_grant");
    expect(
      (
        await exchange(server.url, {
          grant_type: "refresh_token",
          refresh_token: me.refresh,
          client_id: me.clientId,
        })
      ).status,
    ).toBe(200);
  });

  it("revoking a refresh token ends the access tokens of its grant (RFC 7009 2.1)", async () => {
    const me = await signIn(server.url, fake, ALICE, fake.auth.password);
    expect(await mcpStatus(me.access)).toBe(200);
    const res = await fetch(`${server.url}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: me.refresh, client_id: me.clientId }).toString(),
    });
    expect(res.status).toBe(200);
    expect(await mcpStatus(me.access)).toBe(401);
  });

  it("never echoes a token or Halo's secret in an error", async () => {
    const me = await signIn(server.url, fake, ALICE, fake.auth.password);
    const other = await registerClient(server.url);
    const res = await fetch(`${server.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: me.refresh, client_id: other }),
    });
    const text = await res.text();
    expect(text).not.toContain(me.refresh);
    expect(text).not.toContain(TEAM_SECRET);
  });
});

describe("Halo refusing the deployment's application", () => {
  it("answers a plain page naming the refusal, never the secret, Halo's code or a token", async () => {
    const config = loadConfig({
      HALOPSA_BASE_URL: fake.url,
      HALOPSA_CLIENT_ID: fake.auth.clientId,
      HALOPSA_CLIENT_SECRET: "not-the-application-secret-0123",
      XDG_CONFIG_HOME: "/nonexistent-halopsa-test-config",
    });
    const { settings } = httpSettings({}, { port: "0" });
    const wrong = await startHttpServer({
      config,
      settings: settings as NonNullable<typeof settings>,
      version: "t",
    });
    try {
      const clientId = await registerClient(wrong.url);
      const url = new URL(`${wrong.url}/authorize`);
      url.search = authorizeUrl(clientId).search;
      const start = await fetch(url, { redirect: "manual" });
      const { cookie, haloUrl } = await allowOnConsentPage(start.headers.get("location") as string);
      const callback = await haloLogin(haloUrl);
      const haloCode = new URL(callback).searchParams.get("code") as string;
      const res = await fetch(callback, { redirect: "manual", headers: { cookie } });
      expect(res.status).toBe(502);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      const text = await res.text();
      expect(text).toMatch(/invalid_client/);
      expect(text).not.toContain("not-the-application-secret-0123");
      expect(text).not.toContain(haloCode);
    } finally {
      await wrong.close();
    }
  });
});
