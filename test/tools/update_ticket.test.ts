/**
 * update_ticket: only the changed fields are posted and every other custom
 * field keeps its value; values the ticket already has are left out; dry_run
 * shows old → new.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { d, type Row, toolChecks } from "../helpers/tool-checks.js";

const { call, db, requestsDuring } = toolChecks(() => e2e);

const e2e = useE2E();

const { ticketWithFields } = seed(() => e2e.fake);

describe("update_ticket", () => {
  it("posts only the changed fields and returns the updated ticket", async () => {
    const id = ticketWithFields(1);
    const { result: r, requests } = await requestsDuring(() =>
      call("update_ticket", { id, status: "In Progress", agent: "Dev Patel", priority: 1 }),
    );
    expect(r.isError).toBe(false);
    const post = requests.find((x) => x.method === "POST" && x.path === "/Tickets");
    expect(post?.body).toEqual([{ id, status_id: 2, priority_id: 1, agent_id: 5 }]);
    expect(db().tickets.get(id)).toMatchObject({ status_id: 2, agent_id: 5, priority_id: 1 });
    // The name is the one the ticket's own SLA gives priority 1.
    const sla = db().tickets.get(id)?.sla_id;
    expect(r.data?.updated).toMatchObject({
      id,
      status: "In Progress #2",
      agent: "Dev Patel #5",
      priority: sla === 2 ? "P1 - Critical #1" : "Critical #1",
    });
  });

  it("moving a ticket to another client needs that client's contact, and takes the contact's site", async () => {
    const id = [...db().tickets.values()].find((t) => t.client_id === 12 && t.user_id > 0)?.id as number;
    const refused = await call("update_ticket", { id, client: 14, dry_run: true });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/client: moving the ticket to .*#14 leaves its contact .* on it\./);
    const contact = [...db().users.values()].find((u) => db().sites.get(u.site_id)?.client_id === 14);
    if (!contact) throw new Error("seed");
    const moved = await call("update_ticket", { id, client: 14, contact: contact.id, dry_run: true });
    expect(moved.isError, moved.text).toBe(false);
    expect(moved.data?.would_send).toEqual([
      { id, client_id: 14, user_id: contact.id, site_id: contact.site_id },
    ]);
  });

  it("turns yes/no into a checkbox's boolean and refuses words for a date", async () => {
    const id = ticketWithFields(1);
    const yes = await call("update_ticket", { id, custom_fields: { Billable: "Yes" }, dry_run: true });
    expect(yes.isError, yes.text).toBe(false);
    const sent = (((yes.data?.would_send ?? []) as Row[])[0]?.customfields ?? []) as Array<{
      id: number;
      value: unknown;
    }>;
    expect(sent.find((f) => f.id === 207)?.value).toBe(true);
    const when = await call("update_ticket", { id, custom_fields: { "Follow-up Date": "next friday" } });
    expect(when.isError).toBe(true);
    expect(when.text).toContain('custom_fields.Follow-up Date: "next friday" is not a date.');
  });

  it("refuses a selection value that is not one of the field's options", async () => {
    const id = ticketWithFields(1);
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    const r = await call("update_ticket", { id, custom_fields: { Service: "Email" } });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('custom_fields.Service: "Email" is not one of its options.');
    expect(r.text).toContain("Printing");
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
  });

  it("keeps every other custom field when one changes", async () => {
    const id = ticketWithFields(3);
    const t = db().tickets.get(id);
    const before = new Map(t?.customfields.map((f) => [f.id, f.value]));
    const r = await call("update_ticket", { id, custom_fields: { "Customer Reference": "PO-77777" } });
    expect(r.isError).toBe(false);
    const after = db().tickets.get(id)?.customfields ?? [];
    expect(after).toHaveLength(before.size);
    for (const f of after) {
      if (f.name === "CFCustomerRef") expect(f.value).toBe("PO-77777");
      else expect(f.value).toEqual(before.get(f.id));
    }
    expect(((d(r).updated as Row).custom_fields as Row)["Customer Reference"]).toBe("PO-77777");
  });

  it("sets a selection field by its option name", async () => {
    const id = ticketWithFields(2);
    const r = await call("update_ticket", { id, custom_fields: { Service: "Cloud Backup" } });
    expect(r.isError).toBe(false);
    const service = db()
      .tickets.get(id)
      ?.customfields.find((f) => f.name === "CFService");
    expect(service?.display).toBe("Cloud Backup");
    expect(typeof service?.value).toBe("number");
  });

  it("dry_run shows old → new and sends nothing", async () => {
    const id = ticketWithFields(1);
    const t = db().tickets.get(id);
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    // A team other than the ticket's own (an unchanged one is left out of the post).
    const team = [...db().teams.values()].find((x) => x.id !== t?.team_id);
    if (!team) throw new Error("seed");
    const r = await call("update_ticket", { id, summary: "Renamed", team: team.name, dry_run: true });
    expect(r.isError).toBe(false);
    expect(r.data?.would_send).toEqual([{ id, summary: "Renamed", team_id: team.id, team: team.name }]);
    expect(r.data?.changes).toEqual({
      summary: `${t?.summary} → Renamed`,
      team: `${db().teams.get(t?.team_id as number)?.name} #${t?.team_id} → ${team.name} #${team.id}`,
    });
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
    expect(db().tickets.get(id)?.summary).toBe(t?.summary);
  });

  it("leaves values the ticket already has out, and says so when nothing else changes", async () => {
    const id = ticketWithFields(1);
    const t = db().tickets.get(id);
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    const same = await call("update_ticket", { id, status: t?.status_id, priority: t?.priority_id });
    expect(same.isError).toBe(true);
    expect(same.text).toContain(`nothing to change: ticket #${id} already has priority `);
    expect(same.text).toContain(", status ");
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
  });

  it("refuses an update with nothing to change", async () => {
    const r = await call("update_ticket", { id: ticketWithFields(1) });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("nothing to change");
  });

  it("says a ticket ID does not exist", async () => {
    const r = await call("update_ticket", { id: 987654, status: "New" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 987654");
  });

  it("passes Halo's validation message to the model", async () => {
    await call("search_tickets", { status: "Awaiting Parts", limit: 1 });
    // The tenant dropped a status after this process cached the list: Halo refuses it.
    const parts = db().statuses.get(22);
    if (!parts) throw new Error("seed");
    db().statuses.delete(22);
    try {
      const r = await call("update_ticket", { id: ticketWithFields(1), status: "Awaiting Parts" });
      expect(r.isError).toBe(true);
      expect(r.text).toContain("Invalid status_id: there is no Status with ID 22.");
    } finally {
      db().statuses.set(22, parts);
    }
  });
});
