/**
 * delete_ticket: destructive, so it needs confirm: true (the model must ask the
 * person) and a reason, and says what it deleted.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { d, type Row, toolChecks } from "../helpers/tool-checks.js";

const { call, db } = toolChecks(() => e2e);

const e2e = useE2E();

const { ticketWithFields } = seed(() => e2e.fake);

describe("delete_ticket", () => {
  it("deletes with the reason after confirmation, naming what was deleted", async () => {
    const created = await call("create_ticket", { summary: "Duplicate of 1001", client: 12 });
    const id = (d(created).created as Row).id as number;
    const r = await call("delete_ticket", { id, reason: "Duplicate", confirm: true });
    expect(r.isError).toBe(false);
    expect(r.data).toEqual({ deleted: id, summary: "Duplicate of 1001" });
    expect(db().tickets.has(id)).toBe(false);
    expect(db().deletions.at(-1)).toMatchObject({ id, reason: "Duplicate" });
  });

  it("refuses without confirm: true, telling the model to ask the user", async () => {
    const id = ticketWithFields(1);
    const deletes = e2e.fake.count({ method: "DELETE" });
    const r = await call("delete_ticket", { id, reason: "Not needed" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/confirm: deleting ticket .* #\d+ is permanent/);
    expect(r.text).toContain("Ask the user to confirm");
    expect(e2e.fake.count({ method: "DELETE" })).toBe(deletes);
    expect(db().tickets.has(id)).toBe(true);
  });

  it("requires a reason", async () => {
    const r = await call("delete_ticket", { id: ticketWithFields(1), reason: "  ", confirm: true });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("reason");
  });

  it("says a ticket ID does not exist", async () => {
    const r = await call("delete_ticket", { id: 987654, reason: "Gone", confirm: true });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 987654");
  });
});
