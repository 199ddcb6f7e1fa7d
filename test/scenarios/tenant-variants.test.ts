/**
 * Halo installations that page differently from the hosted default: a page
 * cap below 100, and endpoints that ignore pageinate and answer every match.
 * The tools must still show the page asked for and count every ticket once.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";

type Rows = Array<{ id: number }>;

describe.each([
  ["pages capped at 40 rows", { maxPageSize: 40 }],
  ["paging ignored", { paging: false }],
  ["no record_count in list answers", { recordCount: false }],
])("a tenant with %s", (label, fake) => {
  const e2e = useE2E(() => ({ fake: { tickets: 300, ...fake } }));

  it("search_tickets shows the page asked for, no more", async () => {
    const all = [...e2e.fake.db.tickets.values()];
    const first = await e2e.call("search_tickets", { status: "any", sort: "id", limit: 30 });
    const second = await e2e.call("search_tickets", { status: "any", sort: "id", limit: 30, page: 2 });
    expect(first.isError, first.text).toBe(false);
    const a = (first.data?.tickets ?? []) as Rows;
    const b = (second.data?.tickets ?? []) as Rows;
    // A 40-row cap still fits 30; ignored paging must be cut here.
    expect(a).toHaveLength(30);
    expect(b).toHaveLength(30);
    expect(new Set([...a, ...b].map((t) => t.id)).size).toBe(60);
    // Without record_count the total is what has been seen so far; the next page is still offered.
    const total = label.startsWith("no record_count") ? 30 : all.length;
    expect(first.data).toMatchObject({ total, page: 1, shown: 30, next_page: 2 });
  });

  it("ticket_stats counts every ticket exactly once", async () => {
    const r = await e2e.call("ticket_stats", { status: "any", group_by: "status" });
    expect(r.isError, r.text).toBe(false);
    const groups = (r.data?.groups ?? []) as Array<{ name: string; count: number }>;
    expect(r.data?.total).toBe(300);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(300);
    expect(r.data?.truncated).toBeUndefined();
  });
});

describe("a tenant whose GET /Actions answers oldest first (count then keeps the oldest)", () => {
  const e2e = useE2E(() => ({ fake: { actionsOrder: "oldest" } }));

  /** A ticket with more non-system actions than `n`, and their IDs newest first. */
  const busyTicket = (n: number) => {
    for (const [id, list] of e2e.fake.db.actions) {
      const visible = list.filter((a) => !a.system).sort((a, b) => b.id - a.id);
      if (visible.length > n) return { id, newest: visible.map((a) => a.id) };
    }
    throw new Error("seed");
  };

  it("list_ticket_actions still shows the latest actions", async () => {
    const t = busyTicket(3);
    const before = e2e.fake.requests.length;
    const r = await e2e.call("list_ticket_actions", { ticket_id: t.id, limit: 3 });
    expect(r.isError, r.text).toBe(false);
    expect(((r.data?.actions ?? []) as Array<{ id: number }>).map((a) => a.id)).toEqual(t.newest.slice(0, 3));
    // One more read, without count, only because the first answer was full and oldest first.
    const reads = e2e.fake.requests.slice(before).filter((x) => x.path === "/Actions");
    expect(reads.map((x) => x.query.count)).toEqual(["3", undefined]);
  });

  it("get_ticket's latest actions are the latest", async () => {
    const id = busyTicket(3).id;
    for (let i = 1; i <= 6; i++) {
      const added = await e2e.call("add_ticket_action", { ticket_id: id, note: `Note ${i}` });
      expect(added.isError, added.text).toBe(false);
    }
    const t = busyTicket(5);
    expect(t.id).toBe(id);
    const r = await e2e.call("get_ticket", { id: t.id });
    const ticket = (r.data?.ticket ?? {}) as { latest_actions?: Array<{ id: number }> };
    const latest = (ticket.latest_actions ?? []).map((a) => a.id);
    expect(latest).toEqual(t.newest.slice(0, 5));
  });
});
