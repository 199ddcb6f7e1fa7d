/**
 * The read-only long tail (list_records, get_record) and the api_request
 * escape hatch, end to end against the fake Halo. api_request is checked in
 * three servers: absent by default, present with HALOPSA_ALLOW_RAW_API=true,
 * and GET-only when read-only mode is on as well.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCE_NAMES } from "../../src/tools/records/catalog.js";
import { type E2E, startE2E, type ToolCall } from "../helpers/e2e.js";

type Row = Record<string, unknown>;
const list = (r: ToolCall, key: string) => (r.data?.[key] ?? []) as Row[];
const one = (r: ToolCall, key: string) => (r.data?.[key] ?? {}) as Row;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const anySite = (server: E2E) =>
  [...server.fake.db.sites.values()].at(-1) as { id: number; client_id: number };
const longTail = () => e2e.fake.db.longTail;
const clientId = (name: string) =>
  [...e2e.fake.db.clients.values()].find((c) => c.name === name)?.id as number;

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

describe("get_record", () => {
  it("shows an invoice with its lines", async () => {
    const inv = [...longTail().Invoice.values()][0] as Row;
    const r = await e2e.call("get_record", { resource: "invoices", id: inv.id });
    expect(r.isError, r.text).toBe(false);
    const rec = one(r, "record");
    expect(rec).toMatchObject({ id: inv.id, number: inv.invoicenumber });
    expect(rec.lines).toEqual([expect.objectContaining({ item: "Managed Services", qty: 1 })]);
  });

  it("shows a KB article's text without HTML", async () => {
    const article = [...longTail().KBArticle.values()][1] as Row;
    const r = await e2e.call("get_record", { resource: "kb_articles", id: article.id });
    const rec = one(r, "record");
    expect(rec.name).toBe(article.name);
    expect(rec.resolution).toBe(String(article.resolution).replace(/<[^>]+>/g, ""));
    expect(r.text).not.toMatch(/<p>/);
  });

  it("shows project budgets and timesheet events", async () => {
    const project = [...longTail().Projects.values()][0] as Row;
    const p = one(await e2e.call("get_record", { resource: "projects", id: project.id }), "record");
    expect(p).toMatchObject({ summary: project.summary, hours_budget: project.projecttimebudget });
    const sheet = [...longTail().Timesheet.values()][0] as Row;
    const event = (sheet.events as Row[])[0] as Row;
    const ts = one(await e2e.call("get_record", { resource: "timesheets", id: sheet.id }), "record");
    expect((ts.events as Row[])[0]).toMatchObject({ subject: event.subject, hours: event.timetaken });
  });

  it("reports a record that does not exist", async () => {
    const r = await e2e.call("get_record", { resource: "invoices", id: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/no invoice with ID 99999/);
  });

  it("rejects a bad ID, naming the argument", async () => {
    const r = await e2e.call("get_record", { resource: "items", id: -4 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/id/);
  });
});

describe("api_request", () => {
  it("is absent unless HALOPSA_ALLOW_RAW_API=true", async () => {
    const { tools } = await e2e.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain("api_request");
    const r = await e2e.call("api_request", { path: "Client" });
    expect(r.isError).toBe(true);
  });

  describe("when allowed", () => {
    let raw: E2E;
    beforeAll(async () => {
      raw = await startE2E({ env: { HALOPSA_ALLOW_RAW_API: "true" } });
    });
    afterAll(async () => {
      await raw?.close();
    });

    it("is listed as a destructive tool", async () => {
      const { tools } = await raw.client.listTools();
      const tool = tools.find((t) => t.name === "api_request");
      expect(tool?.annotations?.readOnlyHint).toBe(false);
      // destructiveHint defaults to true in MCP, so it may be left out.
      expect(tool?.annotations?.destructiveHint ?? true).toBe(true);
    });

    it("GETs any /api path and strips a leading /api", async () => {
      const id = [...raw.fake.db.clients.values()].find((c) => c.name === "Acme Logistics Ltd")?.id;
      const r = await raw.call("api_request", { path: `/api/Client/${id}` });
      expect(r.isError, r.text).toBe(false);
      expect(r.data).toMatchObject({ status: 200, body: { id, name: "Acme Logistics Ltd" } });
      expect(raw.fake.requests.at(-1)?.path).toBe(`/Client/${id}`);
    });

    it("passes query parameters", async () => {
      const r = await raw.call("api_request", {
        path: "Asset",
        query: { client_id: String(anySite(raw).client_id), pageinate: "true", page_size: "2", page_no: "1" },
      });
      const body = r.data?.body as Row;
      const client = anySite(raw).client_id;
      expect(body.record_count).toBe(
        [...raw.fake.db.assets.values()].filter((a) => a.client_id === client && !a.inactive).length,
      );
      expect((body.assets as unknown[]).length).toBe(2);
    });

    it("cuts a large answer at a record boundary and says how to narrow", async () => {
      const r = await raw.call("api_request", { path: "Tickets" });
      expect(r.isError, r.text).toBe(false);
      expect(r.text.length).toBeLessThan(22_000);
      expect(r.data?.truncated).toMatch(new RegExp(`Cut: showing \\d+ of ${raw.fake.db.tickets.size} rows`));
      expect(r.data?.truncated).toMatch(/pageinate=true/);
    });

    it("POSTs a write through and returns Halo's answer", async () => {
      const before = raw.fake.count({ method: "POST", path: "/Site" });
      const { id } = anySite(raw);
      const r = await raw.call("api_request", {
        method: "POST",
        path: "Site",
        body: [{ id, notes: "Gate code 4711" }],
      });
      expect(r.isError, r.text).toBe(false);
      expect(r.data).toMatchObject({ status: 201, body: { id } });
      expect(raw.fake.db.sites.get(id)?.notes).toBe("Gate code 4711");
      expect(raw.fake.count({ method: "POST", path: "/Site" })).toBe(before + 1);
    });

    it("passes Halo's validation message through", async () => {
      const r = await raw.call("api_request", { path: "Actions" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/Please specify a ticket_id/);
    });

    it("reports a missing record", async () => {
      const r = await raw.call("api_request", { path: "Client/99999" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/not found/i);
    });

    it.each([
      ["https://evil.example/api/Tickets", /absolute URLs and other hosts are refused/],
      ["//evil.example/api/Tickets", /absolute URLs and other hosts are refused/],
      ["../auth/token", /may not climb out of \/api/],
      ["/api/Tickets/%2e%2e/%2e%2e/auth/token", /may not climb out of \/api/],
      ["evil.example/api/Tickets", /no host names/],
    ])("refuses %s without sending anything", async (path, why) => {
      const before = raw.fake.requests.length;
      const r = await raw.call("api_request", { path });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/path: /);
      expect(r.text).toMatch(why);
      expect(raw.fake.requests.length).toBe(before);
    });

    it("refuses a body on a GET", async () => {
      const r = await raw.call("api_request", { path: "Client", body: [{}] });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/body: only a POST carries a body/);
    });
  });

  describe("in read-only mode", () => {
    let ro: E2E;
    beforeAll(async () => {
      ro = await startE2E({ env: { HALOPSA_ALLOW_RAW_API: "true", HALOPSA_READ_ONLY: "true" } });
    });
    afterAll(async () => {
      await ro?.close();
    });

    it("is listed as read-only", async () => {
      const { tools } = await ro.client.listTools();
      const tool = tools.find((t) => t.name === "api_request");
      expect(tool?.annotations?.readOnlyHint).toBe(true);
      expect(tool?.annotations?.destructiveHint).not.toBe(true);
      expect(tool?.description).toMatch(/GET only/);
    });

    it.each(["POST", "DELETE"])("refuses %s and sends nothing", async (method) => {
      const { id } = anySite(ro);
      const r = await ro.call("api_request", {
        method,
        path: `Site/${id}`,
        ...(method === "POST" ? { path: "Site", body: [{ id, notes: "x" }] } : {}),
      });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(new RegExp(`method: ${method} is refused: .*read-only mode`));
      expect(ro.fake.count({ method })).toBe(0);
    });

    it("still GETs", async () => {
      const { id } = anySite(ro);
      const r = await ro.call("api_request", { path: `Site/${id}` });
      expect(r.data).toMatchObject({ status: 200, body: { id } });
    });
  });
});
