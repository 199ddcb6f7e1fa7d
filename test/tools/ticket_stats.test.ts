/**
 * ticket_stats: counts by status, agent, team or SLA state with one count
 * request per group (3,000 tickets are never listed), reporting progress.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E, useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { d, type Row, toolChecks } from "../helpers/tool-checks.js";

const { call, db, requestsDuring } = toolChecks(() => e2e);

const e2e = useE2E();

const { closedStatus } = seed(() => e2e.fake);

describe("ticket_stats: SLA states and the closed group", () => {
  it("groups by SLA state, asking Halo for the SLA fields list rows leave out by default", async () => {
    const { result: r, requests } = await requestsDuring(() =>
      call("ticket_stats", { status: "any", group_by: "sla" }),
    );
    expect(r.isError, r.text).toBe(false);
    const groups = (r.data?.groups ?? []) as Array<{ name: string; count: number }>;
    const closed = [...db().tickets.values()].filter((t) => t.dateclosed).length;
    expect(groups.find((g) => g.name === "closed")?.count).toBe(closed);
    expect(groups.map((g) => g.name)).toContain("breached");
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(r.data?.total);
    expect(requests.find((x) => x.path === "/Tickets")?.query).toMatchObject({
      includeslaactiondate: "true",
      includeslatimer: "true",
    });
  });

  it('says that status "closed" is the group of every closed status', async () => {
    const r = await call("ticket_stats", { status: "Closed", group_by: "status" });
    expect(r.isError, r.text).toBe(false);
    expect((r.data?.resolved as Row | undefined)?.status).toContain("every closed status");
    // More than one closed status is counted, which the note makes plain.
    expect(((r.data?.groups ?? []) as unknown[]).length).toBeGreaterThan(1);
  });
});

describe("ticket_stats", () => {
  it("counts every matching ticket by status by default", async () => {
    const r = await call("ticket_stats", { status: "any" });
    expect(r.isError).toBe(false);
    expect(r.data?.total).toBe(db().tickets.size);
    const want = new Map<string, number>();
    for (const t of db().tickets.values()) {
      const name = `${db().statuses.get(t.status_id)?.name} #${t.status_id}`;
      want.set(name, (want.get(name) ?? 0) + 1);
    }
    const groups = r.data?.groups as Array<{ name: string; count: number }>;
    expect(new Map(groups.map((g) => [g.name, g.count]))).toEqual(want);
    const counts = groups.map((g) => g.count);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
  });

  it("groups open tickets by agent, with the unassigned together", async () => {
    const r = await call("ticket_stats", { group_by: "agent", client: "Acme Corporation" });
    expect(r.isError).toBe(false);
    const open = [...db().tickets.values()].filter((t) => t.client_id === 12 && !closedStatus(t.status_id));
    expect(r.data?.total).toBe(open.length);
    const groups = r.data?.groups as Array<{ name: string; count: number }>;
    const unassigned = open.filter((t) => !t.agent_id).length;
    if (unassigned) expect(groups.find((g) => g.name === "Unassigned")?.count).toBe(unassigned);
    const alice = open.filter((t) => t.agent_id === 1).length;
    if (alice) expect(groups.find((g) => g.name === "Alice Admin #1")?.count).toBe(alice);
  });

  it("says a client ID does not exist", async () => {
    const r = await call("ticket_stats", { client: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("client: no client with ID 99999");
  });

  it("passes Halo's validation message to the model", async () => {
    const r = await call("ticket_stats", { opened_before: "2026-10-01T24:30" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("Invalid enddate: 2026-10-01T24:30:00");
  });
});

describe("ticket_stats over 3,000 tickets", () => {
  let big: E2E;
  beforeAll(async () => {
    big = await startE2E({ fake: { tickets: 3000 } });
    // Connect first (auth discovery, token, /Agent/me), so the count below is the tool's own.
    await big.call("whoami");
    big.fake.resetCounters();
  });
  afterAll(async () => {
    await big.close();
  });

  it("counts 3,000 tickets with one request per status, reporting progress", async () => {
    const progress: Array<{ progress: number; total?: number }> = [];
    const r = await big.call(
      "ticket_stats",
      { status: "any", group_by: "status" },
      { onprogress: (p) => progress.push(p as { progress: number; total?: number }) },
    );
    expect(r.isError).toBe(false);
    expect(r.data?.total).toBe(3000);
    expect(r.data).not.toHaveProperty("left_out");
    const sum = (d(r).groups as Array<{ count: number }>).reduce((s, g) => s + g.count, 0);
    expect(sum).toBe(3000);
    const statuses = big.fake.db.statuses.size;
    // The total, then one count per status, and the status lookup.
    expect(big.fake.count({ path: "/Tickets" })).toBe(1 + statuses);
    expect(big.fake.count()).toBeLessThanOrEqual(2 + statuses);
    // At most one notification per request, counting up. The SDK client dispatches
    // notifications a microtask after they arrive but handles a response at once and
    // then forgets the call's progress handler, so notifications read in the same
    // chunk as the result are dropped: how many arrive depends on the machine's load.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(1 + statuses);
    const values = progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
    for (const p of progress) expect(p.total).toBeGreaterThanOrEqual(p.progress);
  });

  it("groups by team with one count per team", async () => {
    big.fake.resetCounters();
    const r = await big.call("ticket_stats", { status: "any", group_by: "team" });
    expect(r.isError).toBe(false);
    expect(big.fake.count({ path: "/Tickets" })).toBe(1 + big.fake.db.teams.size);
    const teams = new Set([...big.fake.db.teams.values()].map((t) => `${t.name} #${t.id}`));
    for (const g of d(r).groups as Array<{ name: string }>) expect(teams.has(g.name)).toBe(true);
  });
});
