/**
 * contract_billing (opt-in toolset billing): a contract's recurring invoice
 * with its lines and its prepay balance in hours; expected values come from the
 * fake's records, not from the tool's code.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { list, type Row, toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,billing" } }));

const { db } = toolChecks(() => e2e);

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
