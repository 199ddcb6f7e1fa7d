/**
 * get_record: any record type the generic tools know (invoices, KB articles,
 * projects), projected, never the raw Halo object.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { one, type Row } from "../helpers/tool-checks.js";

const e2e = useE2E();

const longTail = () => e2e.fake.db.longTail;

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
