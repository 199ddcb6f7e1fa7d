/**
 * update_contract: only the fields given change, and a new end date is checked
 * against the stored start date.
 */
import { describe, expect, it } from "vitest";
import type { Contract } from "../../fake-halo/index.js";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { toolChecks } from "../helpers/tool-checks.js";

describe("update_contract: basics", () => {
  const e2e = useE2E();

  const { db, posts } = toolChecks(() => e2e);

  const { contractsOf } = seed(() => e2e.fake);

  describe("update_contract", () => {
    it("changes only the fields given", async () => {
      const c = contractsOf("Vandelay Industries")[0] as Contract;
      const before = { ...c };
      const r = await e2e.call("update_contract", {
        id: c.id,
        period_charge: 1400,
        note: "Uplift for 2027.",
      });
      expect(r.isError, r.text).toBe(false);
      const body = e2e.fake.requests
        .filter((q) => q.method === "POST" && q.path === "/ClientContract")
        .at(-1)?.body;
      expect(body).toEqual([{ id: c.id, periodchargeamount: 1400, note: "Uplift for 2027." }]);
      expect(r.data?.contract).toMatchObject({
        id: c.id,
        ref: before.ref,
        period_charge: 1400,
        start: before.start_date,
      });
      expect(db().contracts.get(c.id)).toMatchObject({
        ref: before.ref,
        end_date: before.end_date,
        periodchargeamount: 1400,
      });
    });

    it("checks a new end date against the stored start date", async () => {
      const c = contractsOf("Wayne Enterprises")[0] as Contract;
      const before = posts("/ClientContract");
      const r = await e2e.call("update_contract", { id: c.id, end_date: "2020-01-01" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/end_date: .* on or before it starts/);
      expect(posts("/ClientContract")).toBe(before);
    });

    it("dry_run sends nothing", async () => {
      const c = contractsOf("Soylent Foods")[0] as Contract;
      const before = posts("/ClientContract");
      const r = await e2e.call("update_contract", { id: c.id, ref: "SOYL-NEW", dry_run: true });
      expect(r.data).toEqual({
        dry_run: true,
        would_send: { id: c.id, ref: "SOYL-NEW" },
        resolved: { contract: `${c.ref} #${c.id}` },
      });
      expect(posts("/ClientContract")).toBe(before);
    });

    it("reports a missing contract", async () => {
      const r = await e2e.call("update_contract", { id: 99999, ref: "X" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/no contract with ID 99999/);
    });

    it("passes Halo's validation message through", async () => {
      const c = contractsOf("Initech")[0] as Contract;
      const r = await e2e.call("update_contract", { id: c.id, billing_period: 9 });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/Invalid billingperiod/);
    });
  });
});

describe("update_contract: guards and edge cases", () => {
  const e2e = useE2E();

  const { db, lastPosted, ok } = toolChecks(() => e2e);

  describe('"" clears asset notes and a contract note', () => {
    it('update_contract note: "" empties the note', async () => {
      const c = [...db().contracts.values()].find((x) => x.client_id === 13) as { id: number };
      await ok("update_contract", { id: c.id, note: "temp" });
      await ok("update_contract", { id: c.id, note: "" });
      expect(lastPosted("/ClientContract")).toEqual({ id: c.id, note: "" });
      expect(db().contracts.get(c.id)?.note).toBe("");
    });
  });
});
