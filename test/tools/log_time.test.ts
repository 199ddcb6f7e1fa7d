/**
 * log_time: time goes on a ticket as a private, never-emailed note (a dry run
 * first sends nothing), or outside tickets as a timesheet event; expected
 * figures come from the fake's records.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { list, one, type Row, toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { db } = toolChecks(() => e2e);

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
    const id = one(r, "logged").event_id as number;
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
});
