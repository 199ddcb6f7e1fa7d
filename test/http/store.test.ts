/**
 * The shared store and rate budget against a real Redis/Valkey: values
 * sealed at rest and bound to their key, single-use codes redeemed once even
 * when raced, exclusive locks, and one window for several replicas.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SharedWindowLimiter } from "../../src/halo/rate-shared.js";
import { RedisWindowStore } from "../../src/http/redis-rate-store.js";
import { connectRedis, digest, type RedisLike, RedisStore, Sealer } from "../../src/http/store.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";

let redis: TestRedis;
const clients: RedisLike[] = [];
async function client(): Promise<RedisLike> {
  const c = await connectRedis(redis.url);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of clients) await c.quit().catch(() => undefined);
  await redis?.stop();
});

describe("RedisStore", () => {
  it("seals values at rest and binds each to its key", async () => {
    const raw = await client();
    const store = new RedisStore(raw, new Sealer("test-store-key-0123456789abcdef"), "t1:");
    const secret = "refresh-token-value-that-must-not-be-readable";
    await store.set(`grant:${digest("a")}`, secret, 60_000);
    expect(await store.get(`grant:${digest("a")}`)).toBe(secret);
    const atRest = await raw.get(`t1:grant:${digest("a")}`);
    expect(atRest).toBeTruthy();
    expect(atRest).not.toContain(secret);
    // Copied under another user's key, it does not open.
    await raw.set(`t1:grant:${digest("b")}`, atRest as string, "PX", 60_000);
    expect(await store.get(`grant:${digest("b")}`)).toBeUndefined();
    // Another deployment's key does not open it either.
    const other = new RedisStore(raw, new Sealer("another-key-entirely-000000000000"), "t1:");
    expect(await other.get(`grant:${digest("a")}`)).toBeUndefined();
  });

  it("redeems a single-use value once when two replicas race", async () => {
    const a = new RedisStore(await client(), new Sealer("k".repeat(32)), "t2:");
    const b = new RedisStore(await client(), new Sealer("k".repeat(32)), "t2:");
    await a.set("code:x", "payload", 60_000);
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).take("code:x")));
    expect(got.filter((v) => v === "payload")).toHaveLength(1);
  });

  it("gives a lock to one holder at a time", async () => {
    const a = new RedisStore(await client(), new Sealer("k".repeat(32)), "t3:");
    const b = new RedisStore(await client(), new Sealer("k".repeat(32)), "t3:");
    const unlock = await a.lock("refresh:7", 10_000);
    expect(unlock).toBeDefined();
    expect(await b.lock("refresh:7", 10_000)).toBeUndefined();
    await unlock?.();
    const again = await b.lock("refresh:7", 10_000);
    expect(again).toBeDefined();
    await again?.();
  });
});

describe("RedisWindowStore", () => {
  const budget = async (prefix: string, limit: { max: number; windowMs: number }, leaseMs: number) =>
    new SharedWindowLimiter(new RedisWindowStore(await client(), prefix), "tenant", limit, leaseMs);

  it("holds two replicas to one window", async () => {
    const limit = { max: 5, windowMs: 60_000 };
    const one = await budget("t4:", limit, 30_000);
    const two = await budget("t4:", limit, 30_000);
    const releases = await Promise.all(
      [1, 2, 3].map(() => one.acquire()).concat([4, 5].map(() => two.acquire())),
    );
    for (const r of releases) r();
    // The window is full for both: a sixth request waits (and is given up here).
    for (const budget of [one, two]) {
      const gaveUp = AbortSignal.timeout(400);
      await expect(budget.acquire(gaveUp)).rejects.toBeDefined();
    }
  });

  it("counts a dead replica's unreleased slot until its lease ends, then frees it", async () => {
    const limit = { max: 1, windowMs: 200 };
    const dead = await budget("t5:", limit, 600);
    await dead.acquire(); // never released: the replica died mid-request
    const alive = await budget("t5:", limit, 600);
    await expect(alive.acquire(AbortSignal.timeout(300))).rejects.toBeDefined();
    const release = await alive.acquire(AbortSignal.timeout(5_000));
    release();
  });

  it("counts a released slot for one window from its release", async () => {
    const store = new RedisWindowStore(await client(), "t6:");
    const limit = { max: 1, windowMs: 300 };
    const got = await store.take("tenant", limit, { leaseMs: 60_000 });
    expect(got.granted).toBe(true);
    // In flight: no hint, it cannot expire before it is released.
    expect(await store.take("tenant", limit, { leaseMs: 60_000 })).toEqual({ granted: false });
    if (got.granted) await store.release("tenant", got.slot);
    const after = await store.take("tenant", limit, { leaseMs: 60_000 });
    expect(after.granted).toBe(false);
    expect(after.granted ? 0 : after.retryInMs).toBeGreaterThan(0);
    expect(await store.count("tenant", limit, 60_000)).toBe(1);
    await new Promise((r) => setTimeout(r, 350));
    expect((await store.take("tenant", limit, { leaseMs: 60_000 })).granted).toBe(true);
  });
});
