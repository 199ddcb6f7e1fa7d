/**
 * ticket_stats at tenant sizes (1k, 10k, 100k tickets) end to end: the server
 * (in-process) against the fake's size knob. Counts are checked against
 * the fake's database; costs against the requests the fake received (never
 * timings): they grow with the number of groups, not of tickets. A Halo that
 * ignores a filter must not make any count wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeDb, FakeHaloOptions, Ticket } from "../../fake-halo/index.js";
import { type E2E, startE2E } from "../helpers/e2e.js";

type Group = { name: string; count: number };
type Stats = {
  total: number;
  groups: Group[];
  how: string;
  requests: number;
  rate_budget: string;
  left_out?: string;
  note?: string;
};

/** Starts a server on a fresh fake and connects it (auth discovery, token, /Agent/me) before counting. */
async function tenant(fake: FakeHaloOptions, env: Record<string, string> = {}): Promise<E2E> {
  const e = await startE2E({ fake: { rateLimit: false, ...fake }, env });
  await e.call("whoami");
  return e;
}

async function stats(
  e: E2E,
  args: Record<string, unknown>,
  onprogress?: (p: unknown) => void,
): Promise<{ data: Stats; tickets: number; all: number }> {
  e.fake.resetCounters();
  const r = await e.call("ticket_stats", args, { onprogress, timeout: 120_000 });
  expect(r.isError, r.text).toBe(false);
  return {
    data: r.data as unknown as Stats,
    tickets: e.fake.count({ path: "/Tickets" }),
    all: e.fake.count(),
  };
}

/** What the fake holds, by one ticket field. */
function truth(
  db: FakeDb,
  field: keyof Ticket,
  keep: (t: Ticket) => boolean = () => true,
): Map<number, number> {
  const out = new Map<number, number>();
  for (const t of db.tickets.values()) {
    if (!keep(t)) continue;
    const v = t[field] as number;
    out.set(v, (out.get(v) ?? 0) + 1);
  }
  return out;
}

/** Groups by the ID each name ends with ("Closed #9" → 9); unnamed groups under their name. */
function byId(groups: Group[]): Map<number | string, number> {
  return new Map(
    groups.map((g) => [/#(\d+)$/.exec(g.name)?.[1] ? Number(/#(\d+)$/.exec(g.name)?.[1]) : g.name, g.count]),
  );
}

const sum = (groups: Group[]) => groups.reduce((s, g) => s + g.count, 0);

describe("ticket_stats on a 10,000-ticket tenant", () => {
  let e: E2E;
  beforeAll(async () => {
    e = await tenant({ tenantSize: "10k" });
  }, 120_000);
  afterAll(async () => {
    await e.close();
  });

  it("counts exactly by status, type, priority and team, one request per value", async () => {
    const db = e.fake.db;
    const cases = [
      ["status", "status_id", db.statuses.size, "/Status"],
      ["type", "tickettype_id", db.ticketTypes.size, "/TicketType"],
      ["priority", "priority_id", new Set(db.priorities.map((p) => p.priorityid)).size, "/Priority"],
      ["team", "team_id", db.teams.size, "/Team"],
    ] as const;
    for (const [group, field, values] of cases) {
      const { data, tickets, all } = await stats(e, { status: "any", group_by: group });
      expect(data.total, group).toBe(10_000);
      expect(byId(data.groups), group).toEqual(truth(db, field));
      expect(data.left_out, group).toBeUndefined();
      // The total, then one count per value; at most one lookup besides.
      expect(tickets, group).toBe(1 + values);
      expect(all, group).toBeLessThanOrEqual(2 + values);
      expect(data.requests, group).toBe(all);
      expect(data.rate_budget).toBe(`${all} of 300 requests per 5 min (${Math.round((all / 300) * 100)}%)`);
      // Counts ask for one row and no SLA figures (Halo computes those per row).
      const counts = e.fake.requests.filter((r) => r.path === "/Tickets" && r.query.page_size === "1");
      expect(counts.length, group).toBe(values);
      for (const r of counts) expect(r.query, group).not.toHaveProperty("includeslatimer");
    }
  });

  it("counts open tickets by agent, the unassigned counted as what no agent's count holds", async () => {
    const db = e.fake.db;
    const open = (t: Ticket) => db.statuses.get(t.status_id)?.closed !== true;
    const { data, tickets } = await stats(e, { group_by: "agent" });
    const want = truth(db, "agent_id", open);
    expect(data.total).toBe([...want.values()].reduce((a, b) => a + b, 0));
    const got = byId(data.groups);
    expect(got.get("Unassigned")).toBe(want.get(0));
    got.delete("Unassigned");
    want.delete(0);
    expect(got).toEqual(want);
    expect(tickets).toBeLessThanOrEqual(1 + db.agents.size);
  });

  it("counts clients that have tickets, largest first, and states what it left out", async () => {
    const db = e.fake.db;
    const progress: Array<{ progress: number; total?: number }> = [];
    const { data, tickets, all } = await stats(e, { status: "any", group_by: "client" }, (p) =>
      progress.push(p as { progress: number; total?: number }),
    );
    const want = truth(db, "client_id");
    expect(data.total).toBe(10_000);
    const rest = data.groups.at(-1) as Group;
    expect(rest.name).toMatch(/^other clients/);
    const named = data.groups.slice(0, -1);
    expect(named.length).toBe(50);
    for (const g of named) expect(g.count, g.name).toBe(want.get(Number(/#(\d+)$/.exec(g.name)?.[1])));
    expect(rest.count).toBe(10_000 - sum(named));
    expect(data.left_out).toContain(`${rest.count} of the 10000 tickets are not broken down by client`);
    expect(data.left_out).toMatch(/50 clients seen most in a sample of \d+ tickets/);
    // The largest clients are the ones counted (the sample finds them).
    const largest = [...want.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    for (const [id] of largest)
      expect(
        named.some((g) => g.name.endsWith(`#${id}`)),
        `client ${id}`,
      ).toBe(true);
    // Within a fifth of the tenant's rate budget, progress reported as it went.
    expect(all).toBeLessThanOrEqual(60);
    expect(tickets).toBeLessThanOrEqual(60);
    // At most one notification per request, in order; the SDK client drops those read in the
    // same chunk as the result (how many depends on load), so only their order is exact.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(all);
    const values = progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
    expect(progress.at(-1)?.total).toBeGreaterThanOrEqual(progress.at(-1)?.progress ?? 0);
  });

  it("groups by SLA state counting closed tickets and reading only the open ones", async () => {
    const db = e.fake.db;
    const closed = [...db.tickets.values()].filter((t) => t.dateclosed).length;
    const open = 10_000 - closed;
    const { data, tickets } = await stats(e, { status: "any", group_by: "sla" });
    expect(data.total).toBe(10_000);
    expect(data.groups.find((g) => g.name === "closed")?.count).toBe(closed);
    expect(sum(data.groups)).toBe(10_000);
    expect(data.left_out).toBeUndefined();
    // The total, open and closed counts, then the open rows' remaining pages.
    expect(tickets).toBe(3 + Math.ceil(open / 100) - 1);
  });

  it("a count of one client is the total alone", async () => {
    const { data, tickets } = await stats(e, { status: "any", client: 12, group_by: "client" });
    expect(data.total).toBe(truth(e.fake.db, "client_id").get(12));
    expect(data.groups).toEqual([{ name: "Acme Corporation #12", count: data.total }]);
    expect(tickets).toBe(1);
  });
});

describe("cost grows with the groups, not the tickets", () => {
  it("counts by status and agent at 1k, 10k and 100k with the same number of requests, exactly", {
    timeout: 240_000,
  }, async () => {
    const seen: Record<string, number[]> = { status: [], agent: [] };
    for (const size of ["1k", "10k", "100k"] as const) {
      const e = await tenant({ tenantSize: size });
      try {
        const db = e.fake.db;
        for (const [group, field] of [
          ["status", "status_id"],
          ["agent", "agent_id"],
        ] as const) {
          const { data, tickets } = await stats(e, { status: "any", group_by: group });
          expect(data.total, size).toBe(db.tickets.size);
          const got = byId(data.groups);
          const want = truth(db, field);
          if (group === "agent") {
            expect(got.get("Unassigned")).toBe(want.get(0));
            got.delete("Unassigned");
            want.delete(0);
            // A leaver with no tickets has no group.
            for (const [id, n] of want) if (n === 0) want.delete(id);
          }
          expect(got, `${size} ${group}`).toEqual(want);
          seen[group]?.push(tickets);
        }
      } finally {
        await e.close();
      }
    }
    expect(new Set(seen.status).size, JSON.stringify(seen)).toBe(1);
    expect(new Set(seen.agent).size, JSON.stringify(seen)).toBe(1);
  });
});

describe("a Halo that ignores a filter cannot make a count wrong", () => {
  it("falls back to reading rows when the status filter is ignored, and says so", async () => {
    const e = await tenant({ tenantSize: "1k", ignoreParams: ["status_id"] });
    try {
      const { data } = await stats(e, { status: "any", group_by: "status" });
      expect(data.total).toBe(1000);
      expect(byId(data.groups)).toEqual(truth(e.fake.db, "status_id"));
      expect(data.note).toMatch(
        /Halo ignored the status_id filter .*counted by reading every ticket instead/,
      );
      expect(data.how).toBe("read the rows");
    } finally {
      await e.close();
    }
  });

  it("gives no breakdown rather than a wrong one when reading every row is over the budget", async () => {
    const e = await tenant({ tenantSize: "10k", ignoreParams: ["agent_id"] });
    try {
      const { data, all } = await stats(e, { status: "any", group_by: "agent" });
      expect(data.total).toBe(10_000);
      expect(data.groups).toEqual([]);
      expect(data.left_out).toMatch(
        /^No breakdown by agent: Halo ignored the agent_id filter .*reading all 10000 tickets would take 100 requests/,
      );
      expect(all).toBeLessThanOrEqual(60);
    } finally {
      await e.close();
    }
  });

  it("an ignored filter of the user's own: rows filtered here when they fit, else no number at all", async () => {
    const small = await tenant({ tenantSize: "1k", ignoreParams: ["client_id"] });
    try {
      const { data } = await stats(small, { status: "any", client: 12, group_by: "status" });
      const want = truth(small.fake.db, "status_id", (t) => t.client_id === 12);
      expect(byId(data.groups)).toEqual(want);
      expect(data.total).toBe([...want.values()].reduce((a, b) => a + b, 0));
      expect(data.note).toMatch(
        /^Halo ignored the client_id filter: \d+ of the 1000 tickets it sent do not match it/,
      );
    } finally {
      await small.close();
    }
    const big = await tenant({ tenantSize: "10k", ignoreParams: ["client_id"] });
    try {
      const r = await big.call("ticket_stats", { status: "any", client: 12, group_by: "agent" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/Halo ignored the client_id filter \(asked client_id=12, .*cannot be trusted/);
      expect(big.fake.count({ path: "/Tickets" })).toBeLessThanOrEqual(1);
    } finally {
      await big.close();
    }
  });

  it("a tenant without record_count is counted from rows, or not at all", async () => {
    const e = await tenant({ tenantSize: "10k", recordCount: false });
    try {
      const { data, all } = await stats(e, { status: "any", group_by: "status" });
      expect(data.groups).toEqual([]);
      expect(data.left_out).toMatch(
        /^At least \d+ tickets match and more remain, but no count is given: .*no record_count/,
      );
      expect(all).toBeLessThanOrEqual(60);
      const small = await stats(e, { status: "any", client: 40, group_by: "status" });
      const want = truth(e.fake.db, "status_id", (t) => t.client_id === 40);
      expect(byId(small.data.groups)).toEqual(want);
    } finally {
      await e.close();
    }
  });

  it("a tenant that ignores paging is counted from the rows it sent at once", async () => {
    const e = await tenant({ tenantSize: "1k", paging: false });
    try {
      const { data, tickets } = await stats(e, { status: "any", group_by: "type" });
      expect(byId(data.groups)).toEqual(truth(e.fake.db, "tickettype_id"));
      expect(tickets).toBe(1);
    } finally {
      await e.close();
    }
  });
});

describe("what could not be counted is stated", () => {
  it("SLA states of more open tickets than the budget can read: the totals, and why", async () => {
    // Ten rows a page and a 50-request window (a budget of 10 per call).
    const e = await tenant({ tenantSize: "10k", maxPageSize: 10 }, { HALOPSA_RATE_LIMIT: "50/300s" });
    try {
      const db = e.fake.db;
      const closed = [...db.tickets.values()].filter((t) => t.dateclosed).length;
      const { data, all } = await stats(e, { status: "any", group_by: "sla" });
      expect(data.total).toBe(10_000);
      expect(data.groups).toEqual([
        { name: "closed", count: closed },
        { name: "open (SLA state not counted)", count: 10_000 - closed },
      ]);
      expect(data.left_out).toContain(
        `${10_000 - closed} open tickets are not broken down by SLA state: Halo has no filter for it`,
      );
      expect(all).toBeLessThanOrEqual(10);
      expect(data.rate_budget).toMatch(/ of 50 requests per 5 min /);
    } finally {
      await e.close();
    }
  });
});
