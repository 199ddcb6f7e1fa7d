/**
 * close_ticket: the closing note, the time and the closed status go to Halo as
 * one action after one confirmation, because a half-closed ticket (status set,
 * note lost) is worse than none; a decline writes nothing, and an open status
 * or an already-closed ticket is refused.
 */
import { describe, expect, it } from "vitest";
import { ACCEPT, DECLINE, useConfirmRigs } from "../helpers/confirm-harness.js";
import { seed } from "../helpers/seed.js";

const { fake, rig } = useConfirmRigs();

const { actionsOf, openTickets } = seed(() => fake);

/** The seed's Closed status. */
const CLOSED = 9;

describe("close_ticket", () => {
  it("closes with the note, the time and the closed status in one action, after one confirmation", async () => {
    const r = await rig({ person: ACCEPT });
    const t = openTickets()[30]!;
    const before = actionsOf(t.id).length;
    const writes = r.writes();
    const res = await r.call("close_ticket", {
      id: t.id,
      note: "Replaced the toner.",
      time_taken_minutes: 30,
    });
    expect(res.isError, res.text).toBe(false);
    expect(r.forms).toHaveLength(1);
    expect(r.forms[0]?.message).toMatch(/^Close ticket .*#\d+\?/);
    expect(r.forms[0]?.message).toContain("→ Closed #9");
    expect(r.forms[0]?.message).toContain("time_logged: 30 min");
    expect(r.writes()).toBe(writes + 1);
    expect(fake.db.tickets.get(t.id)?.status_id).toBe(CLOSED);
    const added = actionsOf(t.id).at(-1)!;
    expect(actionsOf(t.id)).toHaveLength(before + 1);
    expect(added).toMatchObject({
      note: "Replaced the toner.",
      timetaken: 0.5,
      sendemail: false,
      hiddenfromuser: true,
    });
    expect(res.data).toMatchObject({ status: "Closed #9" });
    expect((res.data.note as { time_taken_minutes: number }).time_taken_minutes).toBe(30);
  });

  it("declined: the ticket stays open and no note is added", async () => {
    const r = await rig({ person: DECLINE });
    const t = openTickets()[31]!;
    const status = t.status_id;
    const actions = actionsOf(t.id).length;
    const writes = r.writes();
    const res = await r.call("close_ticket", { id: t.id, note: "x", email_customer: true });
    expect(res.data).toMatchObject({ sent: false, outcome: "declined" });
    expect(r.forms[0]?.message).toContain("This emails the customer.");
    expect(r.writes()).toBe(writes);
    expect(fake.db.tickets.get(t.id)?.status_id).toBe(status);
    expect(actionsOf(t.id)).toHaveLength(actions);
  });

  it("emails the note only when asked, and refuses an open status or a closed ticket", async () => {
    const r = await rig({ person: ACCEPT });
    const t = openTickets()[32]!;
    const open = await r.call("close_ticket", { id: t.id, note: "x", status: "In Progress" });
    expect(open.isError).toBe(true);
    expect(open.text).toContain("is not a closed status");
    const res = await r.call("close_ticket", {
      id: t.id,
      note: "All fixed, closing.",
      email_customer: true,
      status: "Resolved",
    });
    expect(res.isError, res.text).toBe(false);
    expect(actionsOf(t.id).at(-1)).toMatchObject({ sendemail: true, hiddenfromuser: false });
    expect(fake.db.tickets.get(t.id)?.status_id).toBe(8);
    const again = await r.call("close_ticket", { id: t.id, note: "x", status: "Resolved" });
    expect(again.isError).toBe(true);
    expect(again.text).toContain("already has status Resolved");
  });

  it("without forms: dry_run previews and sends nothing; the real call closes", async () => {
    const r = await rig();
    const t = openTickets()[33]!;
    const writes = r.writes();
    const preview = await r.call("close_ticket", { id: t.id, note: "Done", dry_run: true });
    expect(preview.data).toMatchObject({ dry_run: true, would_send: { new_status: CLOSED, note: "Done" } });
    expect(r.writes()).toBe(writes);
    const res = await r.call("close_ticket", { id: t.id, note: "Done" });
    expect(res.isError, res.text).toBe(false);
    expect(fake.db.tickets.get(t.id)?.status_id).toBe(CLOSED);
  });
});
