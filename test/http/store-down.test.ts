/**
 * Redis or Valkey goes away under a running deployment. What an admin
 * expects: no silent switch to sharing nothing and no sign-out storm — /mcp
 * answers 503 with Retry-After (a 401 would make every client throw its
 * tokens away and start a sign-in that cannot work either), /healthz says
 * the store is unreachable, and when Redis is back the replicas count in
 * the shared rate budget again instead of each alone for good.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { loadConfig } from "../../src/config/config.js";
import { SharedWindowLimiter, STORE_RETRY_MS } from "../../src/halo/rate-shared.js";
import { type HttpServerHandle, startHttpServer } from "../../src/http/app.js";
import { CLIENT_UNUSED_TTL_MS } from "../../src/http/provider.js";
import { RedisWindowStore } from "../../src/http/redis-rate-store.js";
import { httpSettings } from "../../src/http/settings.js";
import { connectRedis, type RedisLike } from "../../src/http/store.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import { registerClient, type SignedIn, STORE_KEY, signIn, TEAM_SECRET } from "../helpers/team.js";

let fake: FakeHalo;
let redis: TestRedis;
let server: HttpServerHandle;
let alice: SignedIn;

beforeAll(async () => {
  redis = await startRedis();
  fake = await startFakeHalo({ clientId: "svc", clientSecret: TEAM_SECRET, auth: {} });
  const config = loadConfig({
    HALOPSA_BASE_URL: fake.url,
    HALOPSA_CLIENT_ID: fake.auth.clientId,
    HALOPSA_CLIENT_SECRET: TEAM_SECRET,
    XDG_CONFIG_HOME: "/nonexistent-halopsa-test-config",
  });
  const { settings } = httpSettings(
    { HALOPSA_REDIS_URL: redis.url, HALOPSA_STORE_KEY: STORE_KEY },
    { port: "0" },
  );
  server = await startHttpServer({
    config,
    settings: settings as NonNullable<typeof settings>,
    version: "test",
  });
  alice = await signIn(server.url, fake, "alice.admin@sandbox-msp.example", fake.auth.password);
}, 30_000);
afterAll(async () => {
  await server?.close();
  await fake?.close();
  await redis?.stop();
});

const initialize = (token: string) =>
  fetch(`${server.url}/mcp`, {
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
  });

describe("two replicas on one Redis", () => {
  it("takes a session up on another replica only for the person who opened it", async () => {
    const config = loadConfig({
      HALOPSA_BASE_URL: fake.url,
      HALOPSA_CLIENT_ID: fake.auth.clientId,
      HALOPSA_CLIENT_SECRET: TEAM_SECRET,
      XDG_CONFIG_HOME: "/nonexistent-halopsa-test-config",
    });
    // Replicas behind one balancer share the public URL (the tokens' resource).
    const { settings } = httpSettings(
      { HALOPSA_REDIS_URL: redis.url, HALOPSA_STORE_KEY: STORE_KEY, HALOPSA_PUBLIC_URL: server.url },
      { port: "0" },
    );
    const other = await startHttpServer({
      config,
      settings: settings as NonNullable<typeof settings>,
      version: "t",
    });
    try {
      const ben = await signIn(server.url, fake, "ben.carter@sandbox-msp.example", fake.auth.password);
      const opened = await initialize(alice.access);
      const id = opened.headers.get("mcp-session-id") as string;
      await opened.body?.cancel();
      const list = (token: string) =>
        fetch(`${other.listening}/mcp`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            "mcp-protocol-version": "2025-06-18",
            "mcp-session-id": id,
          },
          body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
        });
      // Ben's token (valid on both replicas) with Alice's session ID: as if there were no such session.
      const stolen = await list(ben.access);
      expect(stolen.status).toBe(404);
      await stolen.body?.cancel();
      const live = async () =>
        ((await (await fetch(`${other.listening}/healthz`)).json()) as { sessions: number }).sessions;
      expect(await live()).toBe(0);
      const own = await list(alice.access);
      expect(own.status).toBe(200);
      await own.body?.cancel();
      expect(await live()).toBe(1);
      // And once taken up by Alice there, still not Ben's.
      const again = await list(ben.access);
      expect(again.status).toBe(404);
      await again.body?.cancel();
    } finally {
      await other.close();
    }
  }, 30_000);
});

describe("at rest", () => {
  it("keeps no token, code or session ID in Redis, as a key or a value", async () => {
    const opened = await initialize(alice.access);
    const sessionId = opened.headers.get("mcp-session-id") as string;
    await opened.body?.cancel();
    expect(sessionId).toBeTruthy();
    const raw = (await connectRedis(redis.url)) as unknown as {
      keys(p: string): Promise<string[]>;
      get(k: string): Promise<string | null>;
      disconnect(): void;
    };
    try {
      const keys = await raw.keys("*");
      expect(keys.length).toBeGreaterThan(3);
      const everything = [...keys, ...(await Promise.all(keys.map((k) => raw.get(k).catch(() => ""))))].join(
        "\n",
      );
      for (const secret of [sessionId, alice.access, alice.refresh, TEAM_SECRET, STORE_KEY])
        expect(everything).not.toContain(secret);
    } finally {
      raw.disconnect();
    }
  });

  it("keeps a registered client a day until someone signs in with it, then for months", async () => {
    const raw = await connectRedis(redis.url);
    const ttl = (raw as unknown as { pttl(k: string): Promise<number> }).pttl.bind(raw);
    try {
      expect(await ttl(`halopsa:client:${alice.clientId}`)).toBeGreaterThan(100 * 24 * 3_600_000);
      const unused = await registerClient(server.url);
      const left = await ttl(`halopsa:client:${unused}`);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(CLIENT_UNUSED_TTL_MS);
    } finally {
      raw.disconnect();
    }
  });
});

describe("Redis down", () => {
  it("will not start without it: a clear sentence naming where, never the password", async () => {
    const config = loadConfig({
      HALOPSA_BASE_URL: fake.url,
      HALOPSA_CLIENT_ID: fake.auth.clientId,
      HALOPSA_CLIENT_SECRET: TEAM_SECRET,
      XDG_CONFIG_HOME: "/nonexistent-halopsa-test-config",
    });
    const { settings } = httpSettings(
      { HALOPSA_REDIS_URL: "redis://:hunter2-redis-password@127.0.0.1:1", HALOPSA_STORE_KEY: STORE_KEY },
      { port: "0" },
    );
    const started = startHttpServer({
      config,
      settings: settings as NonNullable<typeof settings>,
      version: "t",
    });
    await expect(started).rejects.toThrow(/cannot reach Redis\/Valkey at 127\.0\.0\.1:1 .*ECONNREFUSED/);
    await expect(started).rejects.not.toThrow(/hunter2/);
  });

  it("answers 503 with Retry-After, not 401, and /healthz says so", async () => {
    expect((await initialize(alice.access)).status).toBe(200);
    await redis.stop();
    const res = await initialize(alice.access);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect(await res.text()).not.toContain(alice.access);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "store unreachable" });
    // Back, empty (no persistence): the tokens are gone, and now that is a 401 and a new sign-in.
    redis = await startRedis({ port: redis.port });
    let status = 0;
    for (let i = 0; i < 50 && status !== 401; i++) {
      status = (await initialize(alice.access)).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
  }, 30_000);

  it("counts in the shared budget again once Redis is back, not alone for good", async () => {
    let clock = Date.now();
    const client: RedisLike = await connectRedis(redis.url);
    const store = new RedisWindowStore(client, "test-down:");
    const limit = { max: 5, windowMs: 60_000 };
    const limiter = new SharedWindowLimiter(store, "tenant", limit, 10_000, { now: () => clock });
    try {
      (await limiter.acquire())();
      expect(limiter.degraded).toBe(false);
      await redis.stop();
      (await limiter.acquire())();
      expect(limiter.degraded).toBe(true);
      redis = await startRedis({ port: redis.port });
      // ioredis reconnects by itself (backing off up to 2 s).
      for (let i = 0; i < 50 && (await client.ping().catch(() => "")) !== "PONG"; i++)
        await new Promise((r) => setTimeout(r, 100));
      clock += STORE_RETRY_MS + 1;
      (await limiter.acquire())();
      expect(limiter.degraded).toBe(false);
      expect(await limiter.inWindow()).toBe(1);
    } finally {
      client.disconnect();
    }
  }, 30_000);
});
