/**
 * Where tokens come from when authinfo misbehaves, and what a token fetch
 * may wait on: a passing authinfo failure is not remembered for good, a
 * hanging one does not stall every token fetch, token traffic never queues
 * behind the caller's own rate-limit slot, a failed early refresh keeps the
 * still-valid token, and the token endpoint's Retry-After is honoured.
 */
import { describe, expect, it } from "vitest";
import type { FaultKind } from "../../fake-halo/index.js";
import { TokenCache } from "../../src/halo/token-cache.js";
import { createTransport, type RawExchange } from "../../src/halo/transport.js";
import { caught, configFor, haloFor, startFake, useCoreHarness } from "../helpers/halo-client.js";

useCoreHarness();

/** The real transport, recording every URL asked (the fake does not log paths outside /api and /auth). */
function recordingTransport(timeoutMs = 2000) {
  const transport = createTransport(timeoutMs);
  const urls: string[] = [];
  const exchange: RawExchange = (req) => {
    urls.push(new URL(req.url).pathname);
    return transport.exchange(req);
  };
  return { exchange, urls, close: transport.close };
}

describe("authinfo discovery", () => {
  it.each<FaultKind>(["503", "429", "html", "reset"])(
    "a %s from authinfo uses the fallback now and asks again a minute later",
    async (kind) => {
      const fake = await startFake({ tickets: 1 });
      fake.addFault({ method: "GET", path: "/authinfo", kind });
      const t = recordingTransport();
      try {
        let now = 1_000_000;
        const cache = new TokenCache(configFor(fake.url), t.exchange, () => now);
        const asked = () => t.urls.filter((u) => u === "/api/authinfo").length;
        const first = await cache.get();
        expect(asked()).toBe(1);
        // Within the minute the fallback is used without asking again.
        cache.invalidate(first);
        const second = await cache.get();
        expect(asked()).toBe(1);
        now += 60_000;
        cache.invalidate(second);
        const third = await cache.get();
        expect(asked()).toBe(2);
        // That answer (a 200 naming the auth server) is definite: never asked again.
        now += 10 * 60_000;
        cache.invalidate(third);
        await cache.get();
        expect(asked()).toBe(2);
        expect(fake.tokenRequests).toBe(4);
      } finally {
        await t.close();
      }
    },
  );

  it("a 404 from authinfo is definite, and the token endpoint's error names the URL tried and HALOPSA_AUTH_URL", async () => {
    const fake = await startFake({ tickets: 1 });
    // Under a prefix the fake does not serve, authinfo and {base}/auth/token both answer IIS's 404 page.
    const config = configFor(`${fake.url}/nohalo`);
    const t = recordingTransport();
    try {
      let now = 1_000_000;
      const cache = new TokenCache(config, t.exchange, () => now);
      const err = await caught(cache.get());
      expect(err.kind).toBe("authentication");
      expect(err.message).toContain(`POST ${fake.url}/nohalo/auth/token`);
      expect(err.message).toContain("answered 404");
      expect(err.hint).toContain("HALOPSA_AUTH_URL");
      now += 10 * 60_000;
      await caught(cache.get());
      expect(t.urls.filter((u) => u === "/nohalo/api/authinfo")).toHaveLength(1);
      expect(t.urls.filter((u) => u === "/nohalo/auth/token")).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it("a hanging authinfo costs at most 5 s once, not a full timeout on every token fetch", async () => {
    const fake = await startFake({ tickets: 5 });
    fake.addFault({ method: "GET", path: "/authinfo", kind: "hang", times: Number.POSITIVE_INFINITY });
    const halo = haloFor(fake, { HALOPSA_TIMEOUT_MS: "20000" });
    let started = Date.now();
    await halo.resources.lookup("Status");
    // Generous: discovery gives up at 5 s, the old behaviour waited the whole 20 s timeout.
    expect(Date.now() - started).toBeLessThan(12_000);
    fake.expireTokens();
    started = Date.now();
    await halo.resources.lookup("Status");
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(fake.count({ path: "/authinfo" })).toBe(1);
    expect(fake.tokenRequests).toBe(2);
  }, 30_000);

  it("a token that expires while queued for a 1-slot limiter is fetched without deadlock", async () => {
    const fake = await startFake({ tickets: 5, tokenTtlSeconds: 1 });
    fake.addFault({ method: "GET", path: "/authinfo", kind: "hang", times: Number.POSITIVE_INFINITY });
    const halo = haloFor(fake, { HALOPSA_RATE_LIMIT: "1/2s", HALOPSA_TIMEOUT_MS: "500" });
    const both = Promise.all([halo.resources.lookup("Status"), halo.resources.lookup("Status")]).then(
      () => "done",
    );
    const outcome = await Promise.race([
      both,
      new Promise<string>((resolve) => setTimeout(() => resolve("still waiting after 15 s"), 15_000).unref()),
    ]);
    expect(outcome).toBe("done");
    expect(fake.count({ method: "GET", path: "/Status" })).toBe(2);
    expect(fake.tokenRequests).toBeGreaterThanOrEqual(2);
  }, 30_000);
});

describe("refreshing ahead of expiry", () => {
  it.each<FaultKind>(["503", "reset"])(
    "a %s from the token endpoint keeps the still-valid token, and a later call refreshes",
    async (kind) => {
      const fake = await startFake({ tickets: 1, tokenTtlSeconds: 3600 });
      const transport = createTransport(2000);
      try {
        let now = 1_000_000;
        const cache = new TokenCache(configFor(fake.url), transport.exchange, () => now);
        const first = await cache.get();
        now += 3_550_000; // past the refresh point (3540 s), before expiry (3600 s)
        fake.addFault({ method: "POST", path: "/auth/token", kind });
        expect(await cache.get()).toBe(first);
        expect(fake.tokenRequests).toBe(2);
        // Not every call pays for another attempt straight away.
        expect(await cache.get()).toBe(first);
        expect(fake.tokenRequests).toBe(2);
        now += 5_000;
        const fresh = await cache.get();
        expect(fresh).not.toBe(first);
        expect(fake.tokenRequests).toBe(3);
      } finally {
        await transport.close();
      }
    },
  );

  it("rejected credentials still surface, and so does a failure once the token has expired", async () => {
    const fake = await startFake({ tickets: 1, tokenTtlSeconds: 3600 });
    const transport = createTransport(2000);
    try {
      let now = 1_000_000;
      const cache = new TokenCache(configFor(fake.url), transport.exchange, () => now);
      await cache.get();
      now += 3_550_000;
      fake.revokeCredentials();
      const rejected = await caught(cache.get());
      expect(rejected.kind).toBe("authentication");
      expect(rejected.message).toContain("credentials rejected");
      fake.restoreCredentials();
      now += 60_000; // expired
      fake.addFault({ method: "POST", path: "/auth/token", kind: "503" });
      const down = await caught(cache.get());
      expect(down.kind).toBe("server");
      expect(down.message).toContain(`POST ${fake.url}/auth/token`);
    } finally {
      await transport.close();
    }
  });
});

describe("the token endpoint's Retry-After", () => {
  it("a 429 asking for longer than the retry budget fails at once with the wait", async () => {
    const fake = await startFake({ tickets: 5 });
    fake.addFault({ method: "POST", path: "/auth/token", kind: "429", retryAfter: "120" });
    const halo = haloFor(fake);
    const err = await caught(halo.resources.lookup("Status"));
    expect(err.kind).toBe("rate_limited");
    expect(err.message).toContain("Halo asked to wait 120 s");
    expect(err.retryAfterMs).toBe(120_000);
    expect(fake.tokenRequests).toBe(1);
    expect(fake.count({ path: "/Status" })).toBe(0);
  });

  it("a 429 with a short Retry-After is waited out, then the call succeeds", async () => {
    const fake = await startFake({ tickets: 5 });
    fake.addFault({ method: "POST", path: "/auth/token", kind: "429", retryAfter: "1" });
    const halo = haloFor(fake);
    const started = Date.now();
    expect((await halo.resources.lookup("Status")).length).toBeGreaterThan(0);
    // A lower bound only: the wait cannot be shorter than what Halo asked (backoff here starts at 20 ms).
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.tokenRequests).toBe(2);
  });
});
