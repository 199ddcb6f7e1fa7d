/**
 * add_ticket_action: a note is private and emails nobody unless asked, because
 * a note the customer was not meant to see cannot be taken back; minutes become
 * Halo's hours.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";

const e2e = useE2E();

const { attachmentNamed } = seed(() => e2e.fake);

/** The ticket with the seeded screenshot: it has actions, system ones included. */
const ticketId = () => attachmentNamed("error-screenshot.png").ticket_id;

const posts = (path: string) =>
  e2e.fake.requests.filter((r) => r.method === "POST" && r.path.toLowerCase() === path);

const lastPostBody = (path: string) =>
  ((posts(path).at(-1)?.body ?? []) as Array<Record<string, unknown>>)[0] ?? {};

const addedId = (r: { data?: Record<string, unknown> }) => (r.data?.added as { id?: number } | undefined)?.id;

const storedAction = (ticket: number, id: unknown) =>
  e2e.fake.db.actions.get(ticket)?.find((a) => a.id === id);

describe("add_ticket_action", () => {
  it("adds a private note by default: hidden from the user, no email, minutes sent as hours", async () => {
    const t = ticketId();
    const r = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Checked the spooler.",
      time_taken_minutes: 30,
    });
    expect(r.isError).toBe(false);
    expect(lastPostBody("/actions")).toEqual({
      ticket_id: t,
      outcome_id: 1,
      outcome: "Private Note",
      note: "Checked the spooler.",
      hiddenfromuser: true,
      sendemail: false,
      timetaken: 0.5,
    });
    const added = r.data?.added as Record<string, unknown>;
    expect(added).toMatchObject({ outcome: "Private Note", time_taken_minutes: 30, hidden: true });
    const stored = storedAction(t, added.id);
    expect(stored).toMatchObject({
      hiddenfromuser: true,
      sendemail: false,
      timetaken: 0.5,
      note: "Checked the spooler.",
    });
  });

  it("sends sendemail: true only when send_email is true", async () => {
    const t = ticketId();
    // Email User emails by default in Halo; without send_email the flag is still sent as false.
    const quiet = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Update",
      outcome: "Email User",
    });
    expect(lastPostBody("/actions")).toMatchObject({ outcome_id: 3, sendemail: false });
    expect(storedAction(t, addedId(quiet))?.sendemail).toBe(false);

    const loud = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Your printer is fixed.",
      outcome: "email user",
      visible_to_user: true,
      send_email: true,
    });
    expect(loud.isError).toBe(false);
    expect(lastPostBody("/actions")).toMatchObject({ outcome_id: 3, sendemail: true, hiddenfromuser: false });
    expect(storedAction(t, addedId(loud))).toMatchObject({
      sendemail: true,
      hiddenfromuser: false,
    });
  });

  it("converts 20 minutes to Halo hours and changes status by name", async () => {
    const t = ticketId();
    const r = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Waiting for the user to test.",
      outcome: 4,
      time_taken_minutes: 20,
      new_status: "waiting on customer",
    });
    expect(r.isError).toBe(false);
    expect(lastPostBody("/actions")).toMatchObject({ outcome_id: 4, timetaken: 0.3333, new_status: 21 });
    expect(r.data).toMatchObject({
      added: { outcome: "Phone Call", time_taken_minutes: 20, new_status: "Waiting on Customer" },
      ticket_status: "Waiting on Customer #21",
    });
    expect(e2e.fake.db.tickets.get(t)?.status_id).toBe(21);
  });

  it("dry_run resolves names and sends nothing", async () => {
    const t = ticketId();
    const before = e2e.fake.count({ method: "POST", path: "/Actions" });
    const r = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Preview",
      new_status: "Closed",
      time_taken_minutes: 90,
      dry_run: true,
    });
    expect(r.isError).toBe(false);
    expect(r.data).toMatchObject({
      dry_run: true,
      would_send: {
        ticket_id: t,
        outcome_id: 1,
        sendemail: false,
        hiddenfromuser: true,
        timetaken: 1.5,
        new_status: 9,
      },
      resolved: {
        outcome: "Private Note #1",
        new_status: "Closed #9",
        ticket: expect.stringContaining(`#${t}`),
      },
    });
    expect(e2e.fake.count({ method: "POST", path: "/Actions" })).toBe(before);
  });

  it("names a missing ticket and sends nothing", async () => {
    const before = e2e.fake.count({ method: "POST", path: "/Actions" });
    const r = await e2e.call("add_ticket_action", { ticket_id: 999_999, note: "x" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 999999");
    expect(e2e.fake.count({ method: "POST", path: "/Actions" })).toBe(before);
  });

  it("refuses an unknown action type with the valid ones", async () => {
    const r = await e2e.call("add_ticket_action", {
      ticket_id: ticketId(),
      note: "x",
      outcome: "Carrier pigeon",
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Check the arguments: outcome:/);
    expect(r.text).toContain("Private Note");
  });

  it("passes Halo's validation message through", async () => {
    // The outcome is deleted in Halo after this server cached the list: Halo itself rejects it.
    const removed = e2e.fake.db.outcomes.get(5);
    e2e.fake.db.outcomes.delete(5);
    try {
      const r = await e2e.call("add_ticket_action", { ticket_id: ticketId(), note: "x", outcome: 5 });
      expect(r.isError).toBe(true);
      expect(r.text).toContain("Invalid outcome_id: there is no Outcome with ID 5.");
    } finally {
      if (removed) e2e.fake.db.outcomes.set(5, removed);
    }
  });
});
