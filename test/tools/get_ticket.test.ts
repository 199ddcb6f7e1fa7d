/**
 * get_ticket: a ticket of ~80 KB comes back in under 4 KB with refs, custom
 * fields and the latest actions; long details are clipped and raw fields come
 * only on request.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

const { call, db, requestsDuring } = toolChecks(() => e2e);

const e2e = useE2E();

const { ticketWithFields } = seed(() => e2e.fake);

describe("get_ticket", () => {
  it("returns a compact ticket (under 4 KB from ~80 KB) with refs, custom fields and latest actions", async () => {
    const id = ticketWithFields(3);
    const t = db().tickets.get(id);
    const { result: r, requests } = await requestsDuring(() => call("get_ticket", { id }));
    expect(r.isError).toBe(false);
    const ticket = r.data?.ticket as Row;
    expect(ticket.id).toBe(id);
    expect(ticket.summary).toBe(t?.summary);
    expect(ticket.details).toBe(t?.details);
    expect(ticket.status).toBe(`${db().statuses.get(t?.status_id as number)?.name} #${t?.status_id}`);
    expect(ticket.client).toBe(`${db().clients.get(t?.client_id as number)?.name} #${t?.client_id}`);
    expect(ticket.type).toBe(
      `${db().ticketTypes.get(t?.tickettype_id as number)?.name} #${t?.tickettype_id}`,
    );
    const filled = t?.customfields.filter((f) => f.display !== "") ?? [];
    for (const f of filled) expect((ticket.custom_fields as Row)[f.label]).toBe(f.display);
    expect(Object.keys(ticket.custom_fields as Row)).toHaveLength(filled.length);
    expect((ticket.sla as Row).name).toMatch(/SLA #\d+$/);
    const actions = ticket.latest_actions as Row[];
    const human = (db().actions.get(id) ?? []).filter((a) => !a.system);
    expect(actions.length).toBe(Math.min(5, human.length));
    expect(actions[0]).toHaveProperty("when");
    expect(requests.find((x) => x.path === "/Actions")?.query).toMatchObject({
      ticket_id: String(id),
      count: "5",
      excludesys: "true",
    });
    // The fake answers the full-size ticket, as Halo does.
    const raw = requests.find((x) => x.path === `/Tickets/${id}`);
    expect(raw?.status).toBe(200);
    expect(r.text.length).toBeLessThanOrEqual(4 * 1024);
  });

  it("clips long details and adds raw fields on request", async () => {
    const id = ticketWithFields(1);
    const t = db().tickets.get(id);
    if (!t) throw new Error("seed");
    const saved = t.details;
    t.details = `${"Lots of logs. ".repeat(500)}`;
    try {
      const r = await call("get_ticket", { id, fields: ["reference", "source"] });
      const ticket = r.data?.ticket as Row;
      expect(String(ticket.details)).toMatch(/… \[\+\d+ chars\]$/);
      expect((ticket.fields as Row).source).toBe(3);
      expect(r.text.length).toBeLessThanOrEqual(4 * 1024);
    } finally {
      t.details = saved;
    }
  });

  it("says a ticket ID does not exist", async () => {
    const r = await call("get_ticket", { id: 987654 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 987654");
  });
});
