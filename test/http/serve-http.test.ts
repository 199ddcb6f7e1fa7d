/**
 * `serve --http` as a protected resource (MCP authorization, 2025-06-18):
 * loopback by default, Host and Origin checked (DNS rebinding), /mcp only
 * with one of our tokens and a 401 that names the protected-resource
 * metadata, our own authorisation server in front of Halo's (the browser is
 * sent to Halo with our PKCE; Halo's client secret never leaves), /healthz.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import type { HttpServerHandle } from "../../src/http/app.js";
import { httpSettings } from "../../src/http/settings.js";
import { allowOnConsentPage, registerClient, startHttpInProcess, TEAM_SECRET } from "../helpers/team.js";

let fake: FakeHalo;
let server: HttpServerHandle;

beforeAll(async () => {
  fake = await startFakeHalo({ clientId: "team-app", clientSecret: TEAM_SECRET });
  server = await startHttpInProcess({
    HALOPSA_BASE_URL: fake.url,
    HALOPSA_CLIENT_ID: "team-app",
    HALOPSA_CLIENT_SECRET: TEAM_SECRET,
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("listening", () => {
  it("binds to loopback unless told otherwise, and refuses to listen wider without a public https URL", () => {
    expect(httpSettings({}).settings?.host).toBe("127.0.0.1");
    expect(httpSettings({ HALOPSA_HTTP_HOST: "0.0.0.0" }).problems.join(" ")).toMatch(/HALOPSA_PUBLIC_URL/);
    expect(
      httpSettings({
        HALOPSA_HTTP_HOST: "0.0.0.0",
        HALOPSA_PUBLIC_URL: "http://mcp.example.com",
      }).problems.join(" "),
    ).toMatch(/https/);
    const wide = httpSettings({
      HALOPSA_HTTP_HOST: "0.0.0.0",
      HALOPSA_PUBLIC_URL: "https://mcp.example.com",
    });
    expect(wide.settings?.allowedHosts).toEqual(["mcp.example.com"]);
    expect(wide.settings?.allowedOrigins).toEqual(["https://mcp.example.com"]);
    expect(httpSettings({ HALOPSA_REDIS_URL: "redis://127.0.0.1:1" }).problems.join(" ")).toMatch(
      /HALOPSA_STORE_KEY/,
    );
  });

  it("answers /healthz", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", store: "memory" });
  });

  it("refuses a foreign Host or Origin (DNS rebinding)", async () => {
    const port = new URL(server.url).port;
    const { request } = await import("node:http");
    const status = (headers: Record<string, string>, path = "/.well-known/oauth-authorization-server") =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await status({ host: `attacker.example:${port}` })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port}`, origin: "http://attacker.example" })).toBe(403);
    expect(await status({ host: `localhost:${port}`, origin: server.url })).toBe(200);
    // /healthz alone answers any Host: orchestrators call it by the container's address.
    expect(await status({ host: "10.0.0.5:8787" }, "/healthz")).toBe(200);
    // The MCP endpoint too, before any token is looked at.
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { origin: "http://attacker.example" },
    });
    expect(res.status).toBe(403);
  });
});

describe("authorization", () => {
  it("answers /mcp without a token with 401 naming the protected-resource metadata", async () => {
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} }),
    });
    expect(res.status).toBe(401);
    const challenge = res.headers.get("www-authenticate") ?? "";
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toBe(`${server.url}/.well-known/oauth-protected-resource/mcp`);
    const prm = (await (await fetch(metadataUrl as string)).json()) as Record<string, unknown>;
    expect(prm.resource).toBe(`${server.url}/mcp`);
    expect(prm.authorization_servers).toEqual([`${server.url}/`]);
    const as = (await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(as).toMatchObject({
      authorization_endpoint: `${server.url}/authorize`,
      token_endpoint: `${server.url}/token`,
      registration_endpoint: `${server.url}/register`,
      code_challenge_methods_supported: ["S256"],
    });
  });

  it("refuses a made-up token", async () => {
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { authorization: "Bearer not-a-token-we-issued", "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
  });

  it("sends the browser to Halo's sign-in with its own PKCE, never the client secret", async () => {
    const clientId = await registerClient(server.url);
    const url = new URL(`${server.url}/authorize`);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: "http://127.0.0.1:9/callback",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      state: "s1",
    }).toString();
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(302);
    // Our consent page first (oauth-attacks.test.ts), then Halo.
    const { haloUrl: to } = await allowOnConsentPage(res.headers.get("location") as string);
    expect(`${to.origin}${to.pathname}`).toBe(`${fake.url}/auth/authorize`);
    expect(to.searchParams.get("client_id")).toBe("team-app");
    expect(to.searchParams.get("redirect_uri")).toBe(`${server.url}/oauth/halo/callback`);
    expect(to.searchParams.get("code_challenge_method")).toBe("S256");
    // Our challenge to Halo is our own, not the MCP client's; our state is not the client's.
    expect(to.searchParams.get("code_challenge")).not.toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    expect(to.searchParams.get("state")).not.toBe("s1");
    expect(to.href).not.toContain(TEAM_SECRET);
  });

  it("refuses a callback whose state it never issued", async () => {
    const res = await fetch(`${server.url}/oauth/halo/callback?code=x&state=forged`, { redirect: "manual" });
    expect(res.status).toBe(400);
  });
});
