/** delete_ticket: its tests against the fake Halo, in-process (test/helpers/e2e.ts startE2E). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E, type ToolCall } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

const { db } = toolChecks(() => e2e);

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e.close();
});

const closedStatus = (id: number) => db().statuses.get(id)?.closed === true;

/** Calls a tool (the harness checks every successful result against its declared output). */
async function call(
  name: string,
  args: Record<string, unknown> = {},
  opts?: Parameters<E2E["call"]>[2],
  on: E2E = e2e,
): Promise<ToolCall> {
  const r = await on.call(name, args, opts);
  return r;
}

/** A result's data, or {} (an error result has none). */
const d = (r: { data: Row | undefined }): Row => r.data ?? {};

/** An open ticket of the seeded tenant with a non-empty value in at least `n` custom fields. */
function ticketWithFields(n: number, skip: number[] = []): number {
  for (const t of db().tickets.values()) {
    if (skip.includes(t.id) || closedStatus(t.status_id)) continue;
    if (t.customfields.filter((f) => f.value !== "" && f.value !== false).length >= n) return t.id;
  }
  throw new Error("no such ticket in the seed");
}

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
