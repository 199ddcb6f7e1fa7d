/**
 * search_invoices (opt-in toolset billing): by client and period, filtered on
 * the rows because Halo has no invoice date filter; unpaid only, with totals.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { list, type Row, toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,billing" } }));

const { db } = toolChecks(() => e2e);

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
});
