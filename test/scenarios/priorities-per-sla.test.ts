/**
 * Priority names are per SLA (/Priority answers one row per SLA and
 * priority number). A tenant where SLAs name numbers differently, and give
 * one name to different numbers, end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

let e2e: E2E;
const { db } = toolChecks(() => e2e);
/** A ticket of the seeded tenant on `sla`. */
const ticketOn = (sla: number) => [...db().tickets.values()].find((t) => t.sla_id === sla)?.id as number;

beforeAll(async () => {
  e2e = await startE2E();
  // Before the server first loads /Priority (it caches it): "Urgent" is 5 in SLA 1 and 6 in SLA 2.
  const row = { colour: "#000", responsetime: 1, responseunits: "H", fixtime: 2, fixunits: "H" };
  db().priorities.push(
    { ...row, id: "00000000-0000-4000-8000-000000000005", slaid: 1, priorityid: 5, name: "Urgent" },
    { ...row, id: "00000000-0000-4000-8000-000000000006", slaid: 2, priorityid: 6, name: "Urgent" },
  );
  const type = db().ticketTypes.get(4);
  if (!type) throw new Error("seed");
  type.default_sla = 2;
});
afterAll(async () => {
  await e2e.close();
});

describe("priorities per SLA", () => {
  it("update_ticket resolves a name within the ticket's own SLA", async () => {
    for (const [sla, expected] of [
      [1, 5],
      [2, 6],
    ] as const) {
      const id = ticketOn(sla);
      const r = await e2e.call("update_ticket", { id, priority: "urgent", dry_run: true });
      expect(r.isError, r.text).toBe(false);
      expect(r.data?.would_send).toEqual([{ id, priority_id: expected }]);
    }
  });

  it("update_ticket matches the names the ticket's SLA uses, and shows them", async () => {
    const id = ticketOn(2);
    const r = await e2e.call("update_ticket", { id, priority: "High", dry_run: true });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.would_send).toEqual([{ id, priority_id: 2 }]);
    expect(r.data?.resolved).toMatchObject({ priority: "P2 - High #2" });
  });

  it("update_ticket refuses a number the ticket's SLA does not have", async () => {
    const r = await e2e.call("update_ticket", { id: ticketOn(2), priority: 5, dry_run: true });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("priority: there is no priority with ID 5 in the ticket's SLA (#2)");
    expect(r.text).toContain("Urgent (6)");
  });

  it("create_ticket refuses a name that means different numbers when the SLA is unknown", async () => {
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    const r = await e2e.call("create_ticket", { summary: "x", client: 12, priority: "Urgent" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('priority: "Urgent" names 2 different priorities in different SLAs');
    expect(r.text).toMatch(/"Urgent" \(ID 5\).*"Urgent" \(ID 6\)/);
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
  });

  it("create_ticket resolves it within the default SLA of the ticket type given", async () => {
    const r = await e2e.call("create_ticket", {
      summary: "x",
      client: 12,
      type: 4,
      priority: "Urgent",
      dry_run: true,
    });
    expect(r.isError, r.text).toBe(false);
    expect(((r.data?.would_send ?? []) as Array<Record<string, unknown>>)[0]).toMatchObject({
      priority_id: 6,
    });
  });

  it("search_tickets sends every number a name means", async () => {
    const before = e2e.fake.requests.length;
    const r = await e2e.call("search_tickets", { priority: "Urgent", status: "any" });
    expect(r.isError, r.text).toBe(false);
    const get = e2e.fake.requests.slice(before).find((x) => x.method === "GET" && x.path === "/Tickets");
    expect(get?.query.priority).toBe("5,6");
    expect(r.data?.resolved).toMatchObject({ priority: "Urgent (#5, #6, by SLA)" });
  });

  it("rows and details name a priority as the ticket's SLA does", async () => {
    const t2 = [...db().tickets.values()].find((t) => t.sla_id === 2 && t.priority_id === 1);
    const t1 = [...db().tickets.values()].find((t) => t.sla_id === 1 && t.priority_id === 1);
    if (!t1 || !t2) throw new Error("seed");
    for (const [t, name] of [
      [t1, "Critical #1"],
      [t2, "P1 - Critical #1"],
    ] as const) {
      const got = await e2e.call("get_ticket", { id: t.id });
      expect((got.data?.ticket as Record<string, unknown> | undefined)?.priority).toBe(name);
    }
    const found = await e2e.call("search_tickets", { priority: 1, status: "any", limit: 100 });
    const rows = (found.data?.tickets ?? []) as Array<{ id: number; priority?: string }>;
    const seen = new Set<string>();
    for (const row of rows) {
      const sla = db().tickets.get(row.id)?.sla_id;
      expect(row.priority).toBe(sla === 2 ? "P1 - Critical" : "Critical");
      seen.add(String(row.priority));
    }
    expect(seen.size).toBe(2);
  });

  it("ticket_stats groups by priority number, naming it as every SLA does", async () => {
    const r = await e2e.call("ticket_stats", { status: "any", group_by: "priority" });
    expect(r.isError, r.text).toBe(false);
    const groups = (r.data?.groups ?? []) as Array<{ name: string; count: number }>;
    const expected = [...db().tickets.values()].filter((t) => t.priority_id === 1).length;
    expect(groups.find((g) => g.name === "Critical / P1 - Critical #1")?.count).toBe(expected);
    expect(groups.map((g) => g.name)).not.toContain("P1 - Critical #1");
  });
});
