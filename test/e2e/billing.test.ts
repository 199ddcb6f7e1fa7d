/**
 * Billing end to end (opt-in toolset billing): a contract's recurring
 * invoices with lines and its prepay, invoices by client and period, one
 * invoice with lines. Expected values come from the fake's records. Seed
 * facts: every contract has one monthly recurring invoice with two lines;
 * even-numbered contracts allow prepay with a balance in hours.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E, type ToolCall } from "../helpers/e2e.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ env: { HALOPSA_TOOLSETS: "default,billing" } });
});
afterAll(async () => {
  await e2e?.close();
});

type Row = Record<string, unknown>;
const db = () => e2e.fake.db;
const list = (r: ToolCall, key: string) => (r.data?.[key] ?? []) as Row[];

describe("contract_billing", () => {
  it("a prepay contract: balance in hours, recurring invoice with its lines", async () => {
    const c = [...db().contracts.values()].find((x) => x.id % 2 === 0 && x.allowprepay === true);
    expect(c).toBeDefined();
    const id = c?.id as number;
    const r = await e2e.call("contract_billing", { contract: id });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.prepay).toMatchObject({
      unit: "hours",
      total: c?.contract_prepaytotal,
      used: c?.contract_prepayused,
      balance: c?.contract_prepaybalance,
    });
    const stored = [...db().timeBilling.recurring.values()].find((x) => x.contract_id === id) as Row;
    const recurring = list(r, "recurring");
    expect(recurring.map((x) => x.id)).toEqual([stored.id]);
    const lines = recurring[0]?.lines as Row[];
    expect(lines.map((l) => l.item)).toEqual((stored.lines as Row[]).map((l) => l.item_shortdescription));
    expect(lines[0]).toMatchObject({ qty: 10, code: "MS-USER" });
    expect(list(r, "prepay_history").length).toBeGreaterThan(0);
    expect(r.text).not.toMatch(/null|""/);
  });

  it("a contract without prepay says nothing about prepay", async () => {
    const c = [...db().contracts.values()].find((x) => x.id % 2 === 1);
    const r = await e2e.call("contract_billing", { contract: c?.id });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.prepay).toBeUndefined();
    expect(list(r, "recurring").length).toBe(1);
  });

  it("a wrong contract ID is named", async () => {
    const r = await e2e.call("contract_billing", { contract: 987_654 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/987654/);
  });
});

describe("search_invoices, get_invoice", () => {
  const invoices = () => [...db().longTail.Invoice.values()];

  it("filters by client and by period on the rows (Halo has no invoice date filter)", async () => {
    const all = invoices();
    const clientId = all[0]?.client_id as number;
    const clientName = db().clients.get(clientId)?.name;
    const r = await e2e.call("search_invoices", { client: clientName });
    expect(r.isError, r.text).toBe(false);
    const mine = all.filter((x) => x.client_id === clientId);
    expect(
      list(r, "invoices")
        .map((x) => x.id)
        .sort(),
    ).toEqual(mine.map((x) => x.id).sort());
    const dates = all.map((x) => String(x.invoice_date).slice(0, 10)).sort();
    const from = dates[2] as string;
    const to = dates[5] as string;
    const ranged = await e2e.call("search_invoices", { from, to });
    const expected = all.filter((x) => {
      const d = String(x.invoice_date).slice(0, 10);
      return d >= from && d <= to;
    });
    expect(ranged.data?.total).toBe(expected.length);
    // No date parameters went to Halo: invoicedatestart/end are booleans there.
    const sent = e2e.fake.requests.filter((q) => q.path === "/Invoice").at(-1);
    expect(Object.keys(sent?.query ?? {})).not.toContain("invoicedatestart");
  });

  it("unpaid only, with totals", async () => {
    const unpaid = invoices().filter((x) => Number(x.amountdue) > 0);
    const r = await e2e.call("search_invoices", { unpaid_only: true });
    expect(r.data?.total).toBe(unpaid.length);
    const due = Math.round(unpaid.reduce((a, x) => a + Number(x.amountdue), 0) * 100) / 100;
    expect((r.data!.totals as Row).amount_due).toBe(due);
  });

  it("one invoice with its lines", async () => {
    const inv = invoices()[0] as Row;
    const r = await e2e.call("get_invoice", { id: inv.id });
    expect(r.isError, r.text).toBe(false);
    expect((r.data!.invoice as Row).number).toBe(inv.invoicenumber);
    expect(list(r, "lines")[0]).toMatchObject({ item: "Managed Services", qty: 1 });
  });
});
