/**
 * time_entries: ticket time with billable and invoiced flags and totals;
 * figures are computed from the fake's records, and stay right when Halo
 * ignores the event filters.
 */
import { describe, expect, it } from "vitest";
import { startE2E, useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { one, type Row, toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { db } = toolChecks(() => e2e);

const { ticketTime } = seed(() => e2e.fake);

const DAY = 86_400_000;

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
    expect(one(r, "totals").hours).toBe(expected);
    expect(one(r, "totals").target).toBe(37.5);
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
    expect(one(r, "totals").unbilled).toBe(round(expected.reduce((a, x) => a + x.hours, 0)));
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
