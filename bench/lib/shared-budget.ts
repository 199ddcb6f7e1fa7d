/**
 * One rate budget across processes (issue 17, item 2): several of our
 * servers against one fake whose own rolling window is the budget, sharing
 * the machine's window (a file in a temporary state folder); and the cost of
 * the shared window per request (a take and a release, each a locked
 * read-rewrite of the tenant's file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeHalo } from "../../fake-halo/index.js";
import { FileWindowStore } from "../../src/halo/rate-file-store.js";
import type { Figure, Section } from "./report.js";
import { type RpcProcess, textOf } from "./rpc.js";
import { CLIENT_ID, CLIENT_SECRET, serverEnv, startOurs } from "./servers.js";
import { median, ms, timed } from "./stats.js";

export async function measureSharedBudget(opts: {
  processes: number;
  calls: number;
  budget: { max: number; windowMs: number };
  storeOps: number;
}): Promise<Section> {
  const state = mkdtempSync(join(tmpdir(), "halopsa-bench-state-"));
  const fake = await startFakeHalo({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    rateLimit: opts.budget,
  });
  const servers: RpcProcess[] = [];
  try {
    for (let i = 0; i < opts.processes; i++)
      servers.push(
        await startOurs(
          serverEnv(fake.url, {
            XDG_STATE_HOME: state,
            HALOPSA_RATE_SHARE: "machine",
            HALOPSA_RATE_LIMIT: `${opts.budget.max}/${opts.budget.windowMs}ms`,
            HALOPSA_AUTH_URL: `${fake.url}/auth`,
          }),
        ),
      );
    const ids = [...fake.db.tickets.keys()];
    fake.resetCounters();
    const run = await timed(() =>
      Promise.all(
        servers.flatMap((p, i) =>
          Array.from({ length: opts.calls }, (_, c) =>
            p.callTool("get_ticket", { id: ids[(i * opts.calls + c) % ids.length] as number }, 300_000),
          ),
        ),
      ),
    );
    const failed = run.value.filter((r) => r.isError);
    const requests = fake.count();
    const store = await measureStore(join(state, "bench-store"), opts.storeOps);
    const figures: Figure[] = [
      {
        id: "shared_budget.http_429",
        label: `${opts.processes} processes × ${opts.calls} get_ticket, one budget: 429s from Halo`,
        value: fake.rateLimited,
        shown: String(fake.rateLimited),
        target: "0",
        pass: fake.rateLimited === 0,
      },
      {
        id: "shared_budget.failed_calls",
        label: "shared budget: failed calls",
        value: failed.length,
        shown: String(failed.length),
        target: "0",
        pass: failed.length === 0,
      },
      {
        id: "shared_budget.requests",
        label: "shared budget: Halo API requests",
        value: requests,
        shown: String(requests),
      },
      {
        id: "shared_budget.wall_ms",
        label: "shared budget: wall time",
        value: run.ms,
        shown: ms(run.ms),
      },
      {
        id: "shared_budget.store_op_ms",
        label: "shared window file: take + release, median per request",
        value: store,
        shown: ms(store),
      },
    ];
    return {
      title: "One rate budget across processes",
      figures,
      notes: [
        `${opts.processes} server processes sharing the machine's window (HALOPSA_RATE_SHARE=machine, a file in a temporary state folder); the fake's own limit is the budget (${opts.budget.max} per ${opts.budget.windowMs} ms) and the servers' HALOPSA_RATE_LIMIT the same; the wall time is bounded below by requests / budget × window (${Math.ceil(requests / opts.budget.max) - 1} full windows here).${failed.length ? ` First failure: ${textOf(failed[0] as never).slice(0, 160)}` : ""}`,
        `Store cost: ${opts.storeOps} take/release pairs in one process, no contention.`,
      ],
    };
  } finally {
    await Promise.all(servers.map((p) => p.close()));
    await fake.close();
    rmSync(state, { recursive: true, force: true });
  }
}

async function measureStore(dir: string, n: number): Promise<number> {
  const store = new FileWindowStore(dir);
  const limit = { max: 1_000_000, windowMs: 300_000 };
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = await timed(async () => {
      const got = await store.take("bench", limit, { leaseMs: 30_000 });
      if (got.granted) await store.release("bench", got.slot);
    });
    times.push(t.ms);
  }
  return median(times);
}
