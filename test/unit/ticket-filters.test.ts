import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HaloError } from "../../src/halo/errors.js";
import { optionValue } from "../../src/tools/support/custom-fields.js";
import { actionRow } from "../../src/tools/tickets/action-projection.js";
import {
  DATESEARCH,
  haloDate,
  sortQuery,
  ticketBound,
  ticketChecks,
  ticketQuery,
  ticketRead,
} from "../../src/tools/tickets/filters.js";
import { isBreached, ticketDetail, ticketRow } from "../../src/tools/tickets/projection.js";

describe("ticketQuery", () => {
  it("defaults to open tickets only", () => {
    expect(ticketQuery({ status: "open" })).toEqual({ open_only: true });
  });

  it("maps closed, any and a named status", () => {
    expect(ticketQuery({ status: "closed" })).toEqual({ closed_only: true });
    expect(ticketQuery({ status: "any" })).toEqual({});
    expect(ticketQuery({ status: { id: 4 } })).toEqual({ status_id: 4 });
  });

  it("maps every resolved filter to Halo's parameter", () => {
    expect(
      ticketQuery({
        query: "printer",
        clientId: 12,
        siteId: 18,
        contactId: 38,
        agentId: 3,
        teamId: 5,
        status: "open",
        typeId: 28,
        priorityIds: [2],
      }),
    ).toEqual({
      search: "printer",
      client_id: 12,
      site_id: 18,
      user_id: 38,
      agent_id: 3,
      team: "5",
      open_only: true,
      requesttype_id: 28,
      priority: "2",
    });
  });

  it("puts an opened range on dateoccured", () => {
    expect(
      ticketQuery({ status: "any", opened_after: "2026-01-01", opened_before: "2026-02-01T09:30" }),
    ).toEqual({
      datesearch: DATESEARCH.opened,
      startdate: "2026-01-01T00:00:00",
      enddate: "2026-02-01T09:30:00",
    });
    expect(DATESEARCH.opened).toBe("dateoccured");
  });

  it("never sends the undocumented datesearch=lastactiondate: an updated range is read by order", () => {
    expect(ticketQuery({ status: "any", updated_after: "2026-03-04" })).toEqual({});
    const after = ticketBound({ status: "any", updated_after: "2026-03-04" });
    // Newest first from a lower bound: a row updated before it ends the read.
    expect(after?.query).toEqual({ order: "lastactiondate", orderdesc: true });
    expect(after?.bound.past({ lastactiondate: "2026-03-03T23:59:59" })).toBe(true);
    expect(after?.bound.past({ lastactiondate: "2026-03-04T00:00:00Z" })).toBe(false);
    // Only an upper bound: oldest first, a row updated after it ends the read.
    const before = ticketBound({ status: "any", updated_before: "2026-03-04" });
    expect(before?.query).toEqual({ order: "lastactiondate", orderdesc: false });
    expect(before?.bound.past({ lastactiondate: "2026-03-04T00:00:01" })).toBe(true);
    expect(ticketBound({ status: "any", opened_after: "2026-03-04" })).toBeUndefined();
    // The bound's order replaces the sort in the query; the sort is applied to the rows here.
    const read = ticketRead({ status: "open", updated_after: "2026-03-04" }, { sort: "priority" });
    expect(read.query).toMatchObject({ open_only: true, order: "lastactiondate", orderdesc: true });
    expect(read.opts.sortSent).toBe(false);
    expect(read.query).not.toHaveProperty("datesearch");
  });

  it("combines an updated range with an opened or closed one, not opened with closed", () => {
    expect(ticketQuery({ status: "any", opened_after: "2026-01-01", updated_after: "2026-02-01" })).toEqual({
      datesearch: "dateoccured",
      startdate: "2026-01-01T00:00:00",
    });
    const call = () =>
      ticketQuery({ status: "closed", opened_after: "2026-01-01", closed_before: "2026-02-01" });
    expect(call).toThrow(HaloError);
    expect(call).toThrow(/opened_after.*closed_after.*not both/);
  });

  it("checks every filter whose field comes back on the rows", () => {
    const checks = ticketChecks({
      clientId: 12,
      agentId: 3,
      teamId: 5,
      status: { id: 4 },
      typeId: 28,
      priorityIds: [1, 5],
      opened_after: "2026-01-01",
    });
    expect(checks.map((c) => c.name)).toEqual([
      "client",
      "agent",
      "team",
      "status",
      "type",
      "priority",
      "opened",
    ]);
    const row = {
      client_id: 12,
      agent_id: 3,
      team_id: 5,
      status_id: 4,
      tickettype_id: 28,
      priority_id: 5,
      dateoccurred: "2026-01-02T10:00:00",
    };
    expect(checks.every((c) => c.test(row) === true)).toBe(true);
    const wrong = { ...row, agent_id: 7, dateoccurred: "2025-12-31T23:00:00Z" };
    expect(checks.filter((c) => c.test(wrong) === false).map((c) => c.name)).toEqual(["agent", "opened"]);
    // A row without the field cannot tell.
    expect(checks[0]?.test({})).toBeUndefined();
    // No closed date (Halo's placeholder) is outside any closed range.
    const [closed] = ticketChecks({ status: "closed", closed_after: "2026-01-01" });
    expect(closed?.test({ dateclosed: "1900-01-01T00:00:00" })).toBe(false);
  });

  it("refuses an empty range", () => {
    expect(() =>
      ticketQuery({ status: "open", opened_after: "2026-02-01", opened_before: "2026-01-01" }),
    ).toThrow(/opened_after \(2026-02-01\) must be earlier than opened_before/);
  });
});

describe("haloDate", () => {
  it("formats dates and times the way Halo takes them", () => {
    expect(haloDate("2026-11-01")).toBe("2026-11-01T00:00:00");
    expect(haloDate("2026-11-01T10:22")).toBe("2026-11-01T10:22:00");
    expect(haloDate("2026-11-01 10:22:33.5Z")).toBe("2026-11-01T10:22:33");
  });
  it("rejects anything else, naming the argument", () => {
    expect(() => haloDate("yesterday", "opened_after")).toThrow(/^opened_after: "yesterday" is not a date/);
    expect(() => haloDate("2026-13-45")).toThrow(/YYYY-MM-DD/);
    expect(() => ticketQuery({ status: "open", updated_before: "soon" })).toThrow(/^updated_before:/);
  });
});

describe("sortQuery", () => {
  it("maps sort names to Halo order fields", () => {
    expect(sortQuery("opened", true)).toEqual({ order: "dateoccurred", orderdesc: true });
    expect(sortQuery("updated", false)).toEqual({ order: "lastactiondate", orderdesc: false });
    expect(sortQuery("priority", true)).toEqual({ order: "priority_id", orderdesc: true });
    // Unsaid, dates come newest first and priorities most urgent (lowest number) first.
    expect(sortQuery("opened")).toEqual({ order: "dateoccurred", orderdesc: true });
    expect(sortQuery("priority")).toEqual({ order: "priority_id", orderdesc: false });
  });
});

describe("ticketRow", () => {
  const names = {
    statuses: new Map([[2, "In Progress"]]),
    priorities: new Map([[3, "Medium"]]),
    ticket_types: new Map([[1, "Incident"]]),
    agents: new Map([[3, "Alice Admin"]]),
  };
  const t = {
    id: 101,
    summary: `Printer offline ${"x".repeat(200)}`,
    status_id: 2,
    priority_id: 3,
    tickettype_id: 1,
    client_id: 12,
    client_name: "Acme Corporation",
    site_id: 18,
    site_name: "Head Office",
    user_id: 38,
    user_name: "Bob Smith",
    agent_id: 3,
    team_id: 1,
    team: "Service Desk",
    dateoccurred: "2026-01-02T03:04:05.123Z",
    lastactiondate: "2026-01-03T03:04:05Z",
    slaactiondate: "2020-01-01T00:00:00Z",
    fixbydate: "1900-01-01T00:00:00",
    slatimeleft: -2.5,
    excludefromsla: false,
    onhold: false,
  };

  it("shows records as refs, lookup values by name, clips the summary and flags a breach", () => {
    const row = ticketRow(t, names);
    expect(row).toEqual({
      id: 101,
      summary: expect.stringMatching(/^Printer offline x+…$/),
      status: "In Progress",
      priority: "Medium",
      type: "Incident",
      client: "Acme Corporation #12",
      contact: "Bob Smith #38",
      agent: "Alice Admin #3",
      team: "Service Desk",
      opened: "2026-01-02 03:04",
      updated: "2026-01-03 03:04",
      sla_due: "2020-01-01 00:00",
      breached: true,
    });
    expect(row.summary?.length).toBe(100);
  });

  it("says the SLA is on hold rather than giving a deadline that will move", () => {
    expect(ticketRow({ ...t, onhold: true, slatimeleft: 3 }, names)).toMatchObject({ sla_due: "on hold" });
    expect(ticketRow({ ...t, onhold: true, slatimeleft: 3 }, names)).not.toHaveProperty("breached");
  });

  it("keeps a ticket breached when it was parked on hold after its deadline", () => {
    // Time left stands still on hold: negative means the deadline had already passed.
    expect(ticketRow({ ...t, onhold: true }, names)).toMatchObject({ sla_due: "on hold", breached: true });
  });

  it("drops unassigned agents, and SLA for excluded or closed tickets", () => {
    const row = ticketRow({ ...t, agent_id: 0, excludefromsla: true }, names);
    expect(row).not.toHaveProperty("agent");
    expect(row).not.toHaveProperty("sla_due");
    expect(row).not.toHaveProperty("breached");
    expect(ticketRow({ ...t, dateclosed: "2026-01-04T00:00:00Z" }, names)).not.toHaveProperty("sla_due");
  });

  it("does not breach a ticket with time left, nor judge an on-hold ticket by its moving dates", () => {
    expect(isBreached({ ...t, slatimeleft: 4 })).toBe(false);
    expect(isBreached({ ...t, onhold: true, slatimeleft: 4 })).toBe(false);
    const { slatimeleft: _, ...noFigure } = t;
    expect(isBreached({ ...noFigure, onhold: true })).toBe(false);
  });

  it("falls back to the deadline when Halo gives no time left", () => {
    const now = Date.parse("2026-06-01T00:00:00Z");
    const { slatimeleft: _, ...noFigure } = t;
    expect(isBreached(noFigure, now)).toBe(true);
    expect(isBreached({ ...noFigure, slaactiondate: "2026-06-02T00:00:00Z" }, now)).toBe(false);
  });
});

describe("optionValue", () => {
  const service = { id: 201, name: "CFService", type: 2, values: [{ id: 34, name: "Networking" }] };
  it("maps a selection option's name to its ID", () => {
    expect(optionValue(service, "networking")).toBe(34);
  });
  it("takes an option's ID, and passes fields without an option list through", () => {
    expect(optionValue(service, "34")).toBe(34);
    expect(optionValue({ id: 204, type: 0 }, "PO-1")).toBe("PO-1");
    expect(optionValue(undefined, true)).toBe(true);
    expect(optionValue(service, "")).toBe("");
  });
  it("refuses a value that is not one of the listed options, naming the field and the options", () => {
    const labelled = { ...service, label: "Service" };
    expect(() => optionValue(labelled, "Telepathy")).toThrow(
      'custom_fields.Service: "Telepathy" is not one of its options.',
    );
    expect(() => optionValue(labelled, "99")).toThrow(/not one of its options/);
  });
});

// The real GET /Tickets/{id} answer (175 KB pretty-printed), when the shared samples are present.
const SAMPLE = resolve(import.meta.dirname, "../../../shared/halo/samples/ticket.get-response.json");

describe("ticketDetail on a real Halo ticket", () => {
  it.skipIf(!existsSync(SAMPLE))("is a few KB, with SLA, custom fields and latest actions under 4 KB", () => {
    const raw = JSON.parse(readFileSync(SAMPLE, "utf8")) as Record<string, unknown>;
    const detail = ticketDetail(raw, { statuses: new Map([[1, "New"]]), agents: new Map([[1, "Admin"]]) });
    expect(detail).toMatchObject({
      id: 9950,
      reference: "SR-0009950",
      status: "New #1",
      type: "ESS EDES Request #28",
      client: "Department for Business and Trade #12",
      site: "UK Trade #18",
      contact: "Some Body #38",
      agent: "Admin #1",
      team: "Export Digital Enquiry Service #18",
      sla: { name: "EDES SLA #4", fix_by: "2024-08-28 07:30" },
      custom_fields: { Service: "Export Support Service", Urgency: "Low" },
    });
    expect(String(detail.details)).toMatch(/^Aaa Question: Testing ESS/);
    const actions = Array.from({ length: 5 }, () => (raw.extra_actions as Array<Record<string, unknown>>)[0]);
    const withActions = { ...detail, latest_actions: actions.map((a) => actionRow(a ?? {}, {}, 200)) };
    expect(JSON.stringify({ ticket: withActions }).length).toBeLessThanOrEqual(4 * 1024);
  });
});
