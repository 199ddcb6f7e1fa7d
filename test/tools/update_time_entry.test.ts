/**
 * update_time_entry: corrects or removes ticket time (the note stays) and
 * refuses invoiced time, because invoiced hours are already billed.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { one, toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { db } = toolChecks(() => e2e);

const { ticketTime } = seed(() => e2e.fake);

describe("log_time, update_time_entry", () => {
  const ticketOf = (client: string) => {
    const id = [...db().clients.values()].find((c) => c.name === client)?.id;
    return [...db().tickets.values()].find((t) => t.client_id === id)?.id as number;
  };

  it("corrects ticket time, removes it keeping the note, and refuses invoiced time", async () => {
    const ticket = ticketOf("Umbrella Health");
    const r = await e2e.call("log_time", { ticket_id: ticket, minutes: 15, note: "Printer driver" });
    const action = one(r, "logged").action_id as number;
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
