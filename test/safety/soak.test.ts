/**
 * Soak: 2,000 sequential tool calls in one server process against a healthy
 * fake. Zero errors, and the resident set does not grow past a stated bound
 * (measured from /proc after a 100-call warm-up, so lazy start-up
 * allocations and caches are not counted as growth).
 *
 * Why 80 MB and not less: V8 grows its old space lazily when nothing presses
 * it, so RSS rises ~40-50 MB over these calls although the live heap barely
 * moves (heap snapshots at call 300 and 3,000: 15.9 → 17.8 MB, the
 * difference being the 30 s per-request timeout timers still pending).
 * With --max-old-space-size=64 the same run plateaus at ~110 MB RSS. A leak
 * shows as steady growth, so the second half of the run has its own, tighter
 * bound.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RpcProcess, textOf } from "../../bench/lib/rpc.js";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { BUNDLE, CLIENT_ID, SECRET } from "../helpers/e2e.js";
import { C0, serverEnv, T0 } from "../helpers/safety-env.js";

const CALLS = 2_000;
const WARM_UP = 100;
/** Allowed RSS growth over the 2,000 calls. */
const MAX_GROWTH_MB = 80;
/** Allowed growth over the last 1,000 calls: a leak of 40 KB a call would exceed it. */
const MAX_SECOND_HALF_GROWTH_MB = 40;

const mix: Array<(i: number) => [string, Record<string, unknown>]> = [
  (i) => ["get_ticket", { id: T0 + (i % 40) }],
  (i) => ["search_tickets", { limit: 5, page: (i % 4) + 1 }],
  (i) => ["list_lookups", { kind: ["statuses", "priorities", "ticket_types", "agents", "teams"][i % 5] }],
  (i) => ["list_ticket_actions", { ticket_id: T0 + (i % 20), limit: 5 }],
  (i) => ["get_client", { client: C0 + (i % 5) }],
  () => ["search_clients", { limit: 5 }],
  () => ["whoami", {}],
];

describe("soak", () => {
  let fake: FakeHalo;
  let p: RpcProcess;
  beforeAll(async () => {
    fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET, rateLimit: false, seed: 11 });
    p = new RpcProcess(process.execPath, [BUNDLE], serverEnv(fake.url, { HALOPSA_LOG_LEVEL: "info" }));
    await p.initialize();
  });
  afterAll(async () => {
    await p?.close();
    await fake?.close();
  });

  it(`${CALLS} sequential calls: zero errors, RSS growth < ${MAX_GROWTH_MB} MB (last half < ${MAX_SECOND_HALF_GROWTH_MB} MB)`, {
    timeout: 120_000,
  }, async () => {
    const failures: string[] = [];
    const run = async (i: number) => {
      const [name, args] = mix[i % mix.length]!(i);
      const r = await p.callTool(name, args);
      if (r.isError) failures.push(`${name} ${JSON.stringify(args)}: ${textOf(r).slice(0, 200)}`);
    };
    for (let i = 0; i < WARM_UP; i++) await run(i);
    const before = p.rss();
    const t0 = performance.now();
    let half = 0;
    for (let i = 0; i < CALLS; i++) {
      await run(i);
      if (i === CALLS / 2 - 1) half = p.rss();
    }
    const seconds = (performance.now() - t0) / 1000;
    const after = p.rss();
    const growthMb = (after - before) / 1024 / 1024;
    const secondHalfMb = (after - half) / 1024 / 1024;
    console.log(
      `soak: ${CALLS} calls in ${seconds.toFixed(1)} s (${((seconds * 1000) / CALLS).toFixed(2)} ms/call), RSS ${(before / 1048576).toFixed(1)} → ${(after / 1048576).toFixed(1)} MB (${growthMb >= 0 ? "+" : ""}${growthMb.toFixed(1)} MB; last ${CALLS / 2} calls ${secondHalfMb.toFixed(1)} MB), ${fake.requests.length} Halo requests`,
    );
    expect(failures).toEqual([]);
    expect(growthMb).toBeLessThan(MAX_GROWTH_MB);
    expect(secondHalfMb).toBeLessThan(MAX_SECOND_HALF_GROWTH_MB);
    expect(p.alive).toBe(true);
  });
});
