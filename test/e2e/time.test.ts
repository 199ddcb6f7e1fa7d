/**
 * Time end to end: the built server over stdio against the fake Halo.
 * Expected figures are computed from the fake's own records (actions with
 * time, timesheet events, day sheets), never from the tool's code.
 * Seed facts: the API agent is #1; seeded ticket time is billable except
 * every fifth action, and billable time older than 20 days before the
 * reference date (2026-11-01) is invoiced; day sheets have 7.5 h targets
 * on weekdays for the four weeks before the reference date.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E, type ToolCall } from "../helpers/e2e.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

type Row = Record<string, unknown>;
const db = () => e2e.fake.db;
const DAY = 86_400_000;
const obj = (r: ToolCall, key: string) => (r.data?.[key] ?? {}) as Row;
const list = (r: ToolCall, key: string) => (r.data?.[key] ?? []) as Row[];

/** Ticket time in the fake: every non-system action with time, with its ticket's client. */
function ticketTime() {
  const out: Array<{
    ticket: number;
    action: number;
    agent: number;
    client: number;
    at: number;
    hours: number;
    billable: boolean;
    invoiced: boolean;
  }> = [];
  for (const [ticketId, list] of db().actions) {
    const t = db().tickets.get(ticketId);
    for (const a of list) {
      if (a.system || !(a.timetaken > 0)) continue;
      out.push({
        ticket: ticketId,
        action: a.id,
        agent: a.who_agentid,
        client: t?.client_id ?? 0,
        at: Date.parse(a.datetime) - a.timetaken * 3_600_000,
        hours: a.timetaken,
        billable: a.actisbillable !== false,
        invoiced: typeof a.actioninvoicenumber === "string" && a.actioninvoicenumber !== "",
      });
    }
  }
  return out;
}
const round = (h: number) => Math.round(h * 100) / 100;
const within = (at: number, from: string, to: string) =>
  at >= Date.parse(`${from}T00:00:00Z`) && at < Date.parse(`${to}T00:00:00Z`) + DAY;

describe("time_entries", () => {
  it("lists a ticket's time with billable and invoiced flags and totals", async () => {
    const all = ticketTime();
    const ticket = all.find((x) => x.invoiced)?.ticket as number;
    const mine = all.filter((x) => x.ticket === ticket);
    const r = await e2e.call("time_entries", { ticket_id: ticket });
    expect(r.isError, r.text).toBe(false);
    const rows = r.data?.entries as Row[];
    expect(rows.map((x) => x.action_id).sort()).toEqual(mine.map((x) => x.action).sort());
    const totals = r.data?.totals as Row;
    expect(totals.hours).toBe(round(mine.reduce((a, x) => a + x.hours, 0)));
    expect(totals.billable).toBe(round(mine.filter((x) => x.billable).reduce((a, x) => a + x.hours, 0)));
    expect(totals.unbilled).toBe(
      round(mine.filter((x) => x.billable && !x.invoiced).reduce((a, x) => a + x.hours, 0)),
    );
    const invoiced = rows.find((x) => x.invoice) as Row;
    expect(invoiced.billable).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/null|""/);
  });

  it('"my week": per-day hours against the day sheets\' targets', async () => {
    const r = await e2e.call("time_entries", { by: "day", from: "2026-10-26", to: "2026-11-01" });
    expect(r.isError, r.text).toBe(false);
    const groups = r.data?.groups as Row[];
    expect(groups.map((g) => g.day)).toEqual([
      "2026-10-26",
      "2026-10-27",
      "2026-10-28",
      "2026-10-29",
      "2026-10-30",
      "2026-10-31",
      "2026-11-01",
    ]);
    const events = [...db().timeBilling.events.values()].filter(
      (e) => e.agent_id === 1 && within(Date.parse(String(e.start_date)), "2026-10-26", "2026-11-01"),
    );
    const actions = ticketTime().filter((x) => x.agent === 1 && within(x.at, "2026-10-26", "2026-11-01"));
    const expected = round(
      actions.reduce((a, x) => a + x.hours, 0) + events.reduce((a, e) => a + Number(e.timetaken), 0),
    );
    expect(obj(r, "totals").hours).toBe(expected);
    expect(obj(r, "totals").target).toBe(37.5);
    expect(groups.find((g) => g.day === "2026-10-27")?.target).toBe(7.5);
    expect(groups.find((g) => g.day === "2026-11-01")?.target).toBe(0);
    // GET /Timesheet documents no filter: the server sends none and picks the agent's rows itself.
    const sheetReads = e2e.fake.requests.filter((q) => q.path === "/Timesheet");
    expect(sheetReads.length).toBeGreaterThan(0);
    for (const q of sheetReads) expect(q.query).toEqual({});
  });

  it("unbilled time for one client over a month, every agent", async () => {
    const acme = [...db().clients.values()].find((c) => c.name === "Acme Corporation")?.id as number;
    const expected = ticketTime().filter(
      (x) => x.client === acme && x.billable && !x.invoiced && within(x.at, "2026-10-01", "2026-10-31"),
    );
    const r = await e2e.call("time_entries", {
      client: "Acme Corporation",
      from: "2026-10-01",
      to: "2026-10-31",
      only: "unbilled",
    });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.client).toBe(`Acme Corporation #${acme}`);
    expect(obj(r, "totals").unbilled).toBe(round(expected.reduce((a, x) => a + x.hours, 0)));
    expect(r.data?.total).toBe(expected.length);
    // Every agent's events were asked for, in one request.
    const ask = e2e.fake.requests.filter((q) => q.path === "/TimesheetEvent").at(-1);
    expect(ask?.query.agents?.split(",").length).toBeGreaterThan(1);
  });

  it("stays right when Halo ignores the event filters (dates, agents)", async () => {
    const args = { by: "day", from: "2026-10-19", to: "2026-10-25" };
    const before = await e2e.call("time_entries", args);
    const lax = await startE2E({ fake: { ignoreParams: ["start_date", "end_date", "agent_id", "agents"] } });
    try {
      const after = await lax.call("time_entries", args);
      expect(after.isError, after.text).toBe(false);
      expect(after.data?.totals).toEqual(before.data?.totals);
      expect(after.data?.groups).toEqual(before.data?.groups);
      // The lax tenant answered more than the period: the extra rows were dropped here.
      expect(lax.fake.requests.some((q) => q.path === "/TimesheetEvent" && q.query.start_date)).toBe(true);
    } finally {
      await lax.close();
    }
  });
});

describe("log_time, update_time_entry", () => {
  const ticketOf = (client: string) => {
    const id = [...db().clients.values()].find((c) => c.name === client)?.id;
    return [...db().tickets.values()].find((t) => t.client_id === id)?.id as number;
  };

  it("logs 30 minutes on a ticket as a private, never-emailed note; dry run first sends nothing", async () => {
    const ticket = ticketOf("Globex Corporation");
    const posts = () => e2e.fake.count({ method: "POST", path: "/Actions" });
    const n = posts();
    const dry = await e2e.call("log_time", {
      ticket_id: ticket,
      minutes: 30,
      note: "Reset VPN profile",
      dry_run: true,
    });
    expect(dry.isError, dry.text).toBe(false);
    expect(posts()).toBe(n);
    expect(dry.data?.would_send).toMatchObject({ timetaken: 0.5, hiddenfromuser: true, sendemail: false });
    const r = await e2e.call("log_time", { ticket_id: ticket, minutes: 30, note: "Reset VPN profile" });
    expect(r.isError, r.text).toBe(false);
    const logged = r.data?.logged as Row;
    const stored = db()
      .actions.get(ticket)
      ?.find((a) => a.id === logged.action_id);
    expect(stored?.timetaken).toBe(0.5);
    expect(stored?.sendemail).toBe(false);
    expect(stored?.hiddenfromuser).toBe(true);
    expect(stored?.who_agentid).toBe(1);
    // The same entry again is refused and sends nothing; allow_duplicate logs it.
    const again = await e2e.call("log_time", { ticket_id: ticket, minutes: 30, note: "Reset VPN profile" });
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/duplicate.*action/);
    expect(posts()).toBe(n + 1);
    const twice = await e2e.call("log_time", {
      ticket_id: ticket,
      minutes: 30,
      note: "Reset VPN profile",
      allow_duplicate: true,
    });
    expect(twice.isError, twice.text).toBe(false);
    expect(posts()).toBe(n + 2);
  });

  it("logs non-billable time with a start, and it shows in the week", async () => {
    const ticket = ticketOf("Initech");
    const r = await e2e.call("log_time", {
      ticket_id: ticket,
      minutes: 20,
      start: "2026-10-21T09:00",
      billable: false,
      note: "Checked backups",
    });
    expect(r.isError, r.text).toBe(false);
    const logged = r.data?.logged as Row;
    expect(logged).toMatchObject({ date: "2026-10-21 09:00", minutes: 20, billable: false });
    const week = await e2e.call("time_entries", { from: "2026-10-21", to: "2026-10-21" });
    const row = list(week, "entries").find((x) => x.action_id === logged.action_id && x.ticket_id === ticket);
    expect(row).toMatchObject({ minutes: 20, billable: false });
  });

  it("logs work outside tickets as a timesheet event, then corrects and removes it", async () => {
    const r = await e2e.call("log_time", {
      subject: "Quarterly planning",
      minutes: 45,
      start: "2026-10-22T14:00",
      client: "Acme Corporation",
    });
    expect(r.isError, r.text).toBe(false);
    const id = obj(r, "logged").event_id as number;
    const stored = db().timeBilling.events.get(id) as Row;
    expect(stored).toMatchObject({ subject: "Quarterly planning", timetaken: 0.75, agent_id: 1 });
    const fix = await e2e.call("update_time_entry", { event_id: id, minutes: 60, start: "2026-10-22T13:30" });
    expect(fix.isError, fix.text).toBe(false);
    expect(fix.data?.before).toMatchObject({ minutes: 45 });
    expect(fix.data?.after).toMatchObject({ minutes: 60, date: "2026-10-22 13:30" });
    expect(db().timeBilling.events.get(id)?.timetaken).toBe(1);
    const ask = await e2e.call("update_time_entry", { event_id: id, minutes: 0 });
    expect(ask.isError).toBe(true);
    expect(ask.text).toMatch(/confirm/);
    expect(db().timeBilling.events.has(id)).toBe(true);
    const gone = await e2e.call("update_time_entry", { event_id: id, minutes: 0, confirm: true });
    expect(gone.isError, gone.text).toBe(false);
    expect(db().timeBilling.events.has(id)).toBe(false);
    expect(e2e.fake.count({ method: "DELETE", path: `/TimesheetEvent/${id}` })).toBe(1);
  });

  it("corrects ticket time, removes it keeping the note, and refuses invoiced time", async () => {
    const ticket = ticketOf("Umbrella Health");
    const r = await e2e.call("log_time", { ticket_id: ticket, minutes: 15, note: "Printer driver" });
    const action = obj(r, "logged").action_id as number;
    const fix = await e2e.call("update_time_entry", { ticket_id: ticket, action_id: action, minutes: 25 });
    expect(fix.isError, fix.text).toBe(false);
    const stored = () =>
      db()
        .actions.get(ticket)
        ?.find((a) => a.id === action);
    expect(stored()?.timetaken).toBeCloseTo(25 / 60, 4);
    const gone = await e2e.call("update_time_entry", {
      ticket_id: ticket,
      action_id: action,
      minutes: 0,
      confirm: true,
    });
    expect(gone.isError, gone.text).toBe(false);
    expect(gone.data).toMatchObject({ removed: true, kept_note: true });
    expect(stored()?.timetaken).toBe(0);
    expect(stored()?.note).toBe("Printer driver");

    const invoiced = ticketTime().find((x) => x.invoiced) as { ticket: number; action: number };
    const n = e2e.fake.count({ method: "POST", path: "/Actions" });
    const refused = await e2e.call("update_time_entry", {
      ticket_id: invoiced.ticket,
      action_id: invoiced.action,
      minutes: 5,
    });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/invoice/);
    expect(e2e.fake.count({ method: "POST", path: "/Actions" })).toBe(n);
  });

  it("names a missing entry, and an update with nothing to change", async () => {
    const ticket = ticketOf("Acme Corporation");
    const missing = await e2e.call("update_time_entry", { ticket_id: ticket, action_id: 999, minutes: 5 });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/999/);
    const none = await e2e.call("update_time_entry", { event_id: 5000 });
    expect(none.isError).toBe(true);
    expect(none.text).toMatch(/nothing to change/);
  });
});
