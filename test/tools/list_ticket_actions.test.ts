/**
 * list_ticket_actions: a ticket's timeline newest first, system actions left
 * out unless asked, so the model reads what people wrote.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";

const e2e = useE2E();

const { attachmentNamed } = seed(() => e2e.fake);

/** The ticket with the seeded screenshot: it has actions, system ones included. */
const ticketId = () => attachmentNamed("error-screenshot.png").ticket_id;

describe("list_ticket_actions", () => {
  it("lists the timeline newest first, without system actions by default", async () => {
    const t = ticketId();
    const r = await e2e.call("list_ticket_actions", { ticket_id: t });
    expect(r.isError).toBe(false);
    const actions = r.data?.actions as Array<Record<string, unknown>>;
    const seeded = e2e.fake.db.actions.get(t) ?? [];
    expect(actions.length).toBe(seeded.filter((a) => !a.system).length);
    expect(actions.map((a) => a.id)).toEqual([...actions.map((a) => a.id as number)].sort((a, b) => b - a));
    const first = actions[0] ?? {};
    expect(first).toMatchObject({
      who: expect.any(String),
      outcome: expect.any(String),
      when: expect.any(String),
    });
    // Halo's timetaken is hours; rows speak minutes.
    const timed = seeded.find((a) => !a.system && a.timetaken > 0);
    if (timed) {
      expect(actions.find((a) => a.id === timed.id)?.time_taken_minutes).toBe(
        Math.round(timed.timetaken * 60),
      );
    }
    const sent = e2e.fake.requests
      .filter((q) => q.path.toLowerCase() === "/actions" && q.method === "GET")
      .at(-1);
    expect(sent?.query).toMatchObject({ ticket_id: String(t), excludesys: "true", count: "20" });
    expect(r.text).not.toContain("note_html");
  });

  it("includes system actions on request and honours limit", async () => {
    const t = ticketId();
    const all = await e2e.call("list_ticket_actions", { ticket_id: t, include_system: true });
    const seeded = e2e.fake.db.actions.get(t) ?? [];
    expect(all.data?.actions).toHaveLength(seeded.length);
    const one = await e2e.call("list_ticket_actions", { ticket_id: t, include_system: true, limit: 1 });
    const newest = Math.max(...seeded.map((a) => a.id));
    expect(one.data).toMatchObject({ shown: 1, actions: [{ id: newest }] });
  });

  it("names a missing ticket", async () => {
    const r = await e2e.call("list_ticket_actions", { ticket_id: 999_999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 999999");
  });

  it("rejects a limit over 100 before calling Halo", async () => {
    const r = await e2e.call("list_ticket_actions", { ticket_id: ticketId(), limit: 500 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/limit/);
  });
});
