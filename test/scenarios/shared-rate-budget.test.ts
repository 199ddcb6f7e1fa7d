/**
 * One rate budget per Halo tenant across processes (issue 17, item 2):
 * several built servers (Claude Code sessions) against one fake Halo whose
 * rolling window is the budget. With the shared window, Halo never refuses a
 * request for the rate limit and every call answers; with per-process windows
 * (the control) the same load is refused by Halo. Assertions are on the
 * fake's counters, never on timings.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { CLIENT_ID, type E2E, SECRET, startStdioE2E } from "../helpers/e2e.js";

const BUDGET = { max: 8, windowMs: 1000 };
const PROCESSES = 3;
const CALLS = 5;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs PROCESSES servers making CALLS calls each, all at once; returns the fake and the results. */
async function run(share: "machine" | "process") {
  const fake: FakeHalo = await startFakeHalo({
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    rateLimit: BUDGET,
  });
  const state = mkdtempSync(join(tmpdir(), "halopsa-state-"));
  dirs.push(state);
  const servers: E2E[] = [];
  try {
    for (let i = 0; i < PROCESSES; i++)
      servers.push(
        await startStdioE2E({
          fakeInstance: fake,
          env: {
            XDG_STATE_HOME: state,
            HALOPSA_RATE_SHARE: share,
            HALOPSA_RATE_LIMIT: `${BUDGET.max}/${BUDGET.windowMs}ms`,
            // No authinfo discovery: each process's token fetch would add an uncounted-by-design request.
            HALOPSA_AUTH_URL: `${fake.url}/auth`,
            HALOPSA_LOG_LEVEL: "info",
          },
        }),
      );
    fake.resetCounters();
    const ids = [...fake.db.tickets.keys()];
    const results = await Promise.all(
      servers.flatMap((s, p) =>
        Array.from({ length: CALLS }, (_, c) =>
          s.call("get_ticket", { id: ids[(p * CALLS + c) % ids.length] }),
        ),
      ),
    );
    return { fake, results, state };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await fake.close();
  }
}

describe("one rate budget across processes", () => {
  it("several servers sharing the machine's window: Halo never refuses for the rate limit, every call answers", async () => {
    const { fake, results } = await run("machine");
    expect(results.filter((r) => r.isError).map((r) => r.text)).toEqual([]);
    expect(fake.rateLimited).toBe(0);
    // The load was more than one window's budget, so the processes really had to share it.
    expect(fake.count()).toBeGreaterThan(2 * BUDGET.max);
    // Halo's own view: no window of BUDGET.windowMs ever held more than the budget.
    const at = fake.requests.filter((r) => r.path !== "/auth/token").map((r) => r.at);
    for (const t of at)
      expect(at.filter((x) => x >= t && x < t + BUDGET.windowMs).length).toBeLessThanOrEqual(BUDGET.max);
  });

  it("control: with a window per process the same load is refused by Halo", async () => {
    const { fake } = await run("process");
    expect(fake.rateLimited).toBeGreaterThan(0);
  });
});
