/**
 * A read Halo never answers is tried again: the per-attempt timeout is
 * shorter than the retry budget (defaults 20 s and 45 s), so one hung
 * attempt does not fail the call. A write is never resent after a hang.
 * Short configured timeouts here; no timing assertions.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { FakeHalo } from "../../fake-halo/index.js";
import { loadConfig } from "../../src/config/config.js";
import type { Halo } from "../../src/halo/index.js";
import { caught, haloFor, startFake, useCoreHarness } from "../helpers/halo-client.js";

useCoreHarness();

let fake: FakeHalo;
let halo: Halo;

beforeAll(async () => {
  fake = await startFake({ tickets: 10 });
  halo = haloFor(fake, {
    HALOPSA_TIMEOUT_MS: "400",
    HALOPSA_RETRY_BUDGET_MS: "5000",
    HALOPSA_RETRY_BASE_MS: "20",
  });
  await halo.resources.lookup("Status");
});

describe("a hung request", () => {
  it("defaults leave room for a second attempt within a client's 45-60 s patience", () => {
    const r = loadConfig({
      HALOPSA_BASE_URL: "https://x.halopsa.com",
      HALOPSA_CLIENT_ID: "a",
      HALOPSA_CLIENT_SECRET: "b",
    });
    if (!r.ok) throw new Error(r.problems.join(" "));
    const { timeoutMs, retryBudgetMs } = r.config;
    expect(retryBudgetMs).toBeGreaterThan(timeoutMs);
    expect(2 * timeoutMs).toBeLessThanOrEqual(retryBudgetMs);
    expect(retryBudgetMs).toBeGreaterThanOrEqual(45_000);
    expect(retryBudgetMs).toBeLessThanOrEqual(60_000);
  });

  it("a read whose first attempt hangs succeeds on the second attempt", async () => {
    fake.resetCounters();
    fake.addFault({ method: "GET", path: "/Team", kind: "hang", times: 1 });
    const teams = await halo.resources.lookup("Team");
    expect(teams.length).toBeGreaterThan(0);
    expect(fake.count({ method: "GET", path: "/Team" })).toBe(2);
  });

  it("a write whose attempt hangs is not resent", async () => {
    fake.resetCounters();
    fake.addFault({ method: "POST", path: "/Actions", kind: "hang", times: 1 });
    const err = await caught(
      halo.http.request({
        method: "POST",
        path: "/Actions",
        body: [{ ticket_id: 1001, note: "x", outcome: "Note" }],
      }),
    );
    expect(err.kind).toBe("write_unknown");
    expect(fake.count({ method: "POST", path: "/Actions" })).toBe(1);
  });
});
