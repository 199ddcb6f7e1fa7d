/**
 * list_records: the generic lister for resources without their own tool;
 * filters only where Halo documents them, and says which resources a filter
 * works for.
 */
import { describe, expect, it } from "vitest";
import { RESOURCE_NAMES } from "../../src/tools/records/catalog.js";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { list, type Row } from "../helpers/tool-checks.js";

const e2e = useE2E();

const longTail = () => e2e.fake.db.longTail;

const { clientId } = seed(() => e2e.fake);

describe("list_records", () => {
  it.each(RESOURCE_NAMES)("lists %s as compact rows", async (resource) => {
    const r = await e2e.call("list_records", { resource, limit: 3 });
    expect(r.isError, r.text).toBe(false);
    const rows = list(r, "records");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(3);
    expect(r.data?.total).toBeGreaterThanOrEqual(rows.length);
    for (const row of rows) {
      expect(typeof row.id).toBe("number");
      // Compact: a handful of fields, no empty placeholders.
      expect(Object.keys(row).length).toBeLessThanOrEqual(9);
      expect(JSON.stringify(row)).not.toMatch(/null|""|1900-01-01/);
    }
  });

  it("projects invoices with number, client ref, dates and amounts", async () => {
    const inv = [...longTail().Invoice.values()][0] as Row;
    const r = await e2e.call("list_records", { resource: "invoices", limit: 100 });
    const row = list(r, "records").find((x) => x.id === inv.id);
    expect(row).toMatchObject({
      number: inv.invoicenumber,
      client: `${inv.client_name} #${inv.client_id}`,
      date: String(inv.invoice_date).slice(0, 10),
      total: inv.total,
    });
    expect(r.data?.total).toBe(longTail().Invoice.size);
  });

  it("filters by client name where Halo supports it", async () => {
    const r = await e2e.call("list_records", { resource: "invoices", client: "Acme Corporation" });
    const rows = list(r, "records");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.client === `Acme Corporation #${clientId("Acme Corporation")}`)).toBe(true);
    const sent = e2e.fake.requests.filter((q) => q.path === "/Invoice").at(-1);
    expect(sent?.query).toMatchObject({ client_id: String(clientId("Acme Corporation")), pageinate: "true" });
  });

  it("filters by agent name", async () => {
    const agent = [...longTail().Appointment.values()][0] as Row;
    const r = await e2e.call("list_records", { resource: "appointments", agent: agent.agent_name });
    const rows = list(r, "records");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.agent === `${agent.agent_name} #${agent.agent_id}`)).toBe(true);
  });

  it("searches text, here and in Halo", async () => {
    // Team has no search parameter in Halo, so this one is matched here.
    const team = [...e2e.fake.db.teams.values()][0] as { name: string };
    const teams = await e2e.call("list_records", { resource: "teams", query: team.name.toUpperCase() });
    expect(list(teams, "records").map((t) => t.name)).toContain(team.name);
    expect(e2e.fake.requests.filter((q) => q.path === "/Team").at(-1)?.query.search).toBeUndefined();
    const article = [...longTail().KBArticle.values()][1] as Row;
    const kb = await e2e.call("list_records", { resource: "kb_articles", query: article.name });
    expect(list(kb, "records").map((t) => t.name)).toEqual([article.name]);
  });

  it("pages a resource Halo answers all at once", async () => {
    const r = await e2e.call("list_records", { resource: "agents", limit: 2, page: 2 });
    expect(r.data).toMatchObject({ page: 2, shown: 2 });
    expect(list(r, "records").length).toBe(2);
  });

  it("adds raw fields on request and names the ones no record has", async () => {
    const r = await e2e.call("list_records", {
      resource: "invoices",
      fields: ["reference", "no_such_field"],
      limit: 2,
    });
    expect(list(r, "records").every((x) => typeof x.reference === "string")).toBe(true);
    expect(r.data?.missing_fields).toEqual(["no_such_field"]);
  });

  it("filters invoices by date by documented means: ordered by invoice_date, read until past from", async () => {
    const all = [...e2e.fake.db.longTail.Invoice.values()].map((i) => String(i.invoice_date).slice(0, 10));
    const from = [...all].sort()[Math.floor(all.length / 2)] as string;
    const matches = all.filter((d) => d >= from).length;
    e2e.fake.resetCounters();
    const r = await e2e.call("list_records", { resource: "invoices", from, limit: 5 });
    expect(r.isError, r.text).toBe(false);
    const dates = list(r, "records").map((x) => String(x.date));
    // Page 1 is full and the total counts the matches, not every invoice.
    expect(dates.length).toBe(Math.min(5, matches));
    expect(dates.every((d) => d >= from)).toBe(true);
    expect(r.data?.total).toBe(matches);
    expect(r.data?.fallback).toBeUndefined();
    const sent = e2e.fake.requests.filter((q) => q.path === "/Invoice");
    // invoicedatestart/invoicedateend are booleans ("include the field"), never sent as dates.
    for (const q of sent) {
      expect(q.query).not.toHaveProperty("invoicedatestart");
      expect(q.query).not.toHaveProperty("invoicedateend");
      expect(q.query).toMatchObject({ order: "invoice_date", orderdesc: "true" });
    }
  });

  it("says which resources a filter works for", async () => {
    const r = await e2e.call("list_records", { resource: "suppliers", client: "Acme Corporation" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/client: Halo cannot filter suppliers by client/);
    expect(r.text).toMatch(/client works for: .*invoices/);
  });

  it("reports a client that does not exist", async () => {
    const r = await e2e.call("list_records", { resource: "quotations", client: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/client: no client with ID 99999/);
  });

  it("rejects an unknown resource, listing the valid ones", async () => {
    const r = await e2e.call("list_records", { resource: "widgets" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/resource/);
    expect(r.text).toMatch(/invoices/);
  });
});
