/** get_invoice: its tests against the fake Halo, in-process (test/helpers/e2e.ts). */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { list, type Row, toolChecks } from "../helpers/tool-checks.js";

/**
 * Billing end to end (opt-in toolset billing): a contract's recurring
 * invoices with lines and its prepay, invoices by client and period, one
 * invoice with lines. Expected values come from the fake's records. Seed
 * facts: every contract has one monthly recurring invoice with two lines;
 * even-numbered contracts allow prepay with a balance in hours.
 */
const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,billing" } }));

const { db } = toolChecks(() => e2e);

describe("search_invoices, get_invoice", () => {
  const invoices = () => [...db().longTail.Invoice.values()];

  it("one invoice with its lines", async () => {
    const inv = invoices()[0] as Row;
    const r = await e2e.call("get_invoice", { id: inv.id });
    expect(r.isError, r.text).toBe(false);
    expect((r.data!.invoice as Row).number).toBe(inv.invoicenumber);
    expect(list(r, "lines")[0]).toMatchObject({ item: "Managed Services", qty: 1 });
  });
});
