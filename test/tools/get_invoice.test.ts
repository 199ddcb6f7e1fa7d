/**
 * get_invoice (opt-in toolset billing): one invoice with its lines, as the
 * fake's records have them.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { list, type Row, toolChecks } from "../helpers/tool-checks.js";

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
