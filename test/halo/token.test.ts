/**
 * Token handling against the fake Halo over real HTTP: one token for many
 * cold calls, refresh on expiry and on a 401, clear failure on rejected
 * credentials, hosted tenants, and where the token endpoint is found.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FakeHalo } from "../../fake-halo/index.js";
import { errorText } from "../../src/halo/errors.js";
import { TokenCache } from "../../src/halo/token-cache.js";
import { createTransport } from "../../src/halo/transport.js";
import {
  CORE_SECRET,
  caught,
  configFor,
  expectTokensSeen,
  haloFor,
  sleep,
  startFake,
  tokensSeen,
  useCoreHarness,
} from "../helpers/halo-client.js";

useCoreHarness();

const tokenRequests = (fake: FakeHalo) => fake.requests.filter((r) => r.path === "/auth/token");

describe("token cache", () => {
  let fake: FakeHalo;
  afterEach(() => {
    fake?.clearFaults();
    fake?.restoreCredentials();
  });

  it("50 concurrent cold calls make exactly one token request", async () => {
    fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    const results = await Promise.all(Array.from({ length: 50 }, () => halo.resources.lookup("Status")));
    expect(results.every((r) => r.length > 0)).toBe(true);
    expect(fake.tokenRequests).toBe(1);
    expect(halo.http.tokens.requests).toBe(1);
    expect(fake.count({ method: "GET", path: "/Status" })).toBe(50);
    // The token request is the documented form, the secret masked in the fake's log.
    const [tokenReq] = tokenRequests(fake);
    expect(tokenReq?.method).toBe("POST");
    expect(tokenReq?.body).toMatchObject({
      grant_type: "client_credentials",
      client_id: "core-client",
      scope: "all",
    });
    expectTokensSeen(1);
  });

  it("refreshes a token before it expires (short TTL), without meeting a 401", async () => {
    fake = await startFake({ tickets: 5, tokenTtlSeconds: 1 });
    const halo = haloFor(fake);
    await halo.resources.lookup("Status");
    expect(fake.tokenRequests).toBe(1);
    await sleep(1100);
    await halo.resources.lookup("Status");
    expect(fake.tokenRequests).toBe(2);
    expect(fake.requests.filter((r) => r.status === 401)).toEqual([]);
    expect(tokensSeen().size).toBeGreaterThanOrEqual(2);
  });

  it("a token expired server-side mid-session costs one refresh, and the call succeeds", async () => {
    fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    await halo.resources.lookup("Status");
    fake.expireTokens();
    fake.resetCounters();
    const rows = await halo.resources.lookup("Status");
    expect(rows.length).toBeGreaterThan(0);
    expect(fake.tokenRequests).toBe(1);
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /Status 401",
      "POST /auth/token 200",
      "GET /Status 200",
    ]);
  });

  it("many calls meeting an expired token together still refresh once", async () => {
    fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    await halo.resources.lookup("Status");
    fake.expireTokens();
    fake.resetCounters();
    await Promise.all(Array.from({ length: 20 }, () => halo.resources.lookup("Status")));
    expect(fake.tokenRequests).toBe(1);
  });

  it("a 401 on an API call (revoked token) → one refresh and success, also for a POST", async () => {
    fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    await halo.resources.lookup("Status");
    fake.resetCounters();
    fake.addFault({ method: "GET", path: "/Status", kind: "401" });
    await halo.resources.lookup("Status");
    expect(fake.tokenRequests).toBe(1);
    expect(fake.count({ method: "GET", path: "/Status" })).toBe(2);

    const before = fake.db.tickets.size;
    fake.addFault({ method: "POST", path: "/Tickets", kind: "401" });
    const saved = await halo.resources.save<{ id: number }>(
      { path: "Tickets", key: "tickets", label: "ticket" },
      { summary: "401 then created", client_id: [...fake.db.clients.keys()][0] },
    );
    expect(saved.id).toBeGreaterThan(0);
    expect(fake.db.tickets.size).toBe(before + 1);
    expect(fake.tokenRequests).toBe(2);
  });

  it("a 401 even with a fresh token fails clearly instead of looping", async () => {
    fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    await halo.resources.lookup("Status");
    fake.resetCounters();
    fake.addFault({ method: "GET", path: "/Status", kind: "401", times: 2 });
    const err = await caught(halo.resources.lookup("Status"));
    expect(err.kind).toBe("authentication");
    expect(err.message).toContain("401 even with a fresh token");
    expect(err.hint).toContain("HALOPSA_CLIENT_ID/HALOPSA_CLIENT_SECRET");
    expect(fake.tokenRequests).toBe(1);
    expect(fake.count({ path: "/Status" })).toBe(2);
  });

  it("credentials revoked mid-session → 'credentials rejected' naming the variables, one token request per call", async () => {
    fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    await halo.resources.lookup("Status");
    fake.revokeCredentials();
    fake.resetCounters();
    for (let call = 1; call <= 3; call++) {
      const err = await caught(halo.resources.lookup("Status"));
      expect(err.kind).toBe("authentication");
      expect(err.message).toContain("credentials rejected");
      expect(err.hint).toContain("HALOPSA_CLIENT_ID");
      expect(err.hint).toContain("HALOPSA_CLIENT_SECRET");
      expect(errorText(err)).toMatch(/^HaloPSA authentication failed: credentials rejected/);
      expect(fake.tokenRequests).toBe(call);
    }
    fake.restoreCredentials();
    expect((await halo.resources.lookup("Status")).length).toBeGreaterThan(0);
  });

  it("a wrong secret on a cold start fails at once: one token request per call, one for concurrent calls", async () => {
    fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake, { HALOPSA_CLIENT_SECRET: "wrong-secret-value" });
    const err = await caught(halo.resources.lookup("Status"));
    expect(err.kind).toBe("authentication");
    expect(err.message).toBe("credentials rejected (invalid_client).");
    expect(err.hint).toMatch(/HALOPSA_CLIENT_ID and HALOPSA_CLIENT_SECRET/);
    expect(err.hint).toContain("HALOPSA_TENANT");
    expect(fake.tokenRequests).toBe(1);
    expect(fake.count()).toBe(1); // the authinfo discovery only: no API call went out

    const errors = await Promise.all(
      Array.from({ length: 10 }, () => caught(halo.resources.lookup("Status"))),
    );
    expect(errors.every((e) => e.kind === "authentication")).toBe(true);
    expect(fake.tokenRequests).toBe(2);
    for (const e of errors) expect(errorText(e)).not.toContain("wrong-secret-value");
  });

  it("cancelling one caller does not cancel the token fetch the others are waiting for", async () => {
    fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake, { HALOPSA_TIMEOUT_MS: "600", HALOPSA_AUTH_URL: `${fake.url}/auth` });
    fake.addFault({ method: "POST", path: "/auth/token", kind: "hang" });
    const ac = new AbortController();
    const first = caught(halo.resources.lookup("Status", {}, { signal: ac.signal }));
    const second = halo.resources.lookup("Status");
    await sleep(50);
    const started = Date.now();
    ac.abort();
    const err = await first;
    expect(err.kind).toBe("cancelled");
    expect(Date.now() - started).toBeLessThan(400);
    // The hung token request times out (600 ms); the second caller retries and succeeds.
    expect((await second).length).toBeGreaterThan(0);
    expect(fake.tokenRequests).toBe(2);
  });
});

describe("TokenCache on its own (real transport, injected clock)", () => {
  it("refreshes ahead of expiry: 10% of the lifetime, at most 60 s", async () => {
    const fake = await startFake({ tickets: 1, tokenTtlSeconds: 3600 });
    const transport = createTransport(2000);
    try {
      let now = 1_000_000;
      const cache = new TokenCache(configFor(fake.url), transport.exchange, () => now);
      const first = await cache.get();
      expect(await cache.get()).toBe(first);
      now += 3_540_000 - 1; // 1 ms before 3600 s minus the 60 s margin
      expect(await cache.get()).toBe(first);
      expect(cache.requests).toBe(1);
      now += 1;
      const second = await cache.get();
      expect(second).not.toBe(first);
      expect(cache.requests).toBe(2);
      expect(fake.tokenRequests).toBe(2);

      // A short lifetime refreshes at 90% of it.
      const shortFake = await startFake({ tickets: 1, tokenTtlSeconds: 100 });
      let t = 0;
      const short = new TokenCache(configFor(shortFake.url), transport.exchange, () => t);
      await short.get();
      t = 89_999;
      await short.get();
      expect(short.requests).toBe(1);
      t = 90_000;
      await short.get();
      expect(short.requests).toBe(2);
    } finally {
      await transport.close();
    }
  });

  it("invalidate drops only the token it names", async () => {
    const fake = await startFake({ tickets: 1 });
    const transport = createTransport(2000);
    try {
      const cache = new TokenCache(configFor(fake.url), transport.exchange);
      const first = await cache.get();
      cache.invalidate("some-older-token");
      expect(await cache.get()).toBe(first);
      cache.invalidate(first);
      expect(await cache.get()).not.toBe(first);
      expect(fake.tokenRequests).toBe(2);
    } finally {
      await transport.close();
    }
  });
});

describe("hosted tenants and the token endpoint", () => {
  it("sends ?tenant= on the token request when HALOPSA_TENANT is set", async () => {
    const fake = await startFake({ tickets: 5, tenant: "acme" });
    const halo = haloFor(fake, { HALOPSA_TENANT: "acme" });
    await halo.resources.lookup("Status");
    const [tokenReq] = tokenRequests(fake);
    expect(tokenReq?.query).toEqual({ tenant: "acme" });
    expect(tokenReq?.status).toBe(200);
    // API calls do not carry it.
    expect(fake.requests.filter((r) => r.path === "/Status").every((r) => r.query.tenant === undefined)).toBe(
      true,
    );
  });

  it("a hosted tenant without HALOPSA_TENANT fails with a hint naming it", async () => {
    const fake = await startFake({ tickets: 5, tenant: "acme" });
    const halo = haloFor(fake);
    const err = await caught(halo.resources.lookup("Status"));
    expect(err.kind).toBe("authentication");
    expect(err.message).toContain("the token endpoint answered 400 (invalid_request");
    expect(err.hint).toContain("HALOPSA_TENANT");
    expect(fake.tokenRequests).toBe(1);
  });

  it("without HALOPSA_AUTH_URL, asks /api/authinfo (no token) where the auth server is, once", async () => {
    const fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    await halo.resources.lookup("Status");
    await halo.http.tokens.resolveTokenUrl();
    const order = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(order.slice(0, 3)).toEqual(["GET /authinfo", "POST /auth/token", "GET /Status"]);
    expect(order.filter((x) => x === "GET /authinfo")).toHaveLength(1);
    expect(await halo.http.tokens.resolveTokenUrl()).toBe(`${fake.url}/auth/token`);
  });

  it("falls back to {base}/auth when authinfo fails", async () => {
    const fake = await startFake({ tickets: 5 });
    fake.addFault({ method: "GET", path: "/authinfo", kind: "html" });
    const halo = haloFor(fake);
    expect((await halo.resources.lookup("Status")).length).toBeGreaterThan(0);
    expect(fake.requests.map((r) => `${r.path} ${r.status}`).slice(0, 2)).toEqual([
      "/authinfo 502",
      "/auth/token 200",
    ]);
    expect(await halo.http.tokens.resolveTokenUrl()).toBe(`${fake.url}/auth/token`);
  });

  it("falls back to {base}/auth when authinfo hangs past the timeout", async () => {
    const fake = await startFake({ tickets: 5 });
    fake.addFault({ method: "GET", path: "/authinfo", kind: "hang" });
    const halo = haloFor(fake, { HALOPSA_TIMEOUT_MS: "500" });
    expect((await halo.resources.lookup("Status")).length).toBeGreaterThan(0);
    expect(fake.tokenRequests).toBe(1);
  });

  it("HALOPSA_AUTH_URL is used as given (a pasted /token dropped) and skips discovery", async () => {
    const fake = await startFake({ tickets: 5, tenant: "acme" });
    const halo = haloFor(fake, { HALOPSA_AUTH_URL: `${fake.url}/auth/token/`, HALOPSA_TENANT: "acme" });
    await halo.resources.lookup("Status");
    expect(fake.requests.some((r) => r.path.toLowerCase() === "/authinfo")).toBe(false);
    expect(await halo.http.tokens.resolveTokenUrl()).toBe(`${fake.url}/auth/token?tenant=acme`);
  });

  it("HALOPSA_AUTH_URL can name a separate authorisation server", async () => {
    const api = await startFake({ tickets: 5 });
    const auth = await startFake({ tickets: 1 });
    const halo = haloFor(api, { HALOPSA_AUTH_URL: `${auth.url}/auth` });
    // The other server's tokens are not valid on this API: what matters is where the token came from.
    const err = await caught(halo.resources.lookup("Status"));
    expect(err.kind).toBe("authentication");
    expect(auth.tokenRequests).toBe(2);
    expect(api.tokenRequests).toBe(0);
    expect(api.count({ path: "/authinfo" })).toBe(0);
  });

  it("never sends the secret anywhere but the token request body", async () => {
    const fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    await halo.resources.lookup("Status");
    const serialised = JSON.stringify(fake.requests);
    expect(serialised).not.toContain(CORE_SECRET);
    expect(tokenRequests(fake)[0]?.body).toMatchObject({ client_secret: "***" });
  });
});
