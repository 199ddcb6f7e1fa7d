/**
 * create_contract: the client resolves and the dates are checked before
 * anything is sent; a ref the client already has is refused unless allowed.
 */
import { describe, expect, it } from "vitest";
import type { Contract } from "../../fake-halo/index.js";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

describe("create_contract: basics", () => {
  const e2e = useE2E();

  const { db, posts } = toolChecks(() => e2e);

  const { clientId } = seed(() => e2e.fake);

  describe("create_contract", () => {
    it("dry_run resolves the client and sends nothing", async () => {
      const before = posts("/ClientContract");
      const r = await e2e.call("create_contract", {
        client: "Initech",
        ref: "INIT-VOIP-2027",
        start_date: "2027-01-01",
        end_date: "2027-12-31",
        billing_period: 2,
        period_charge: 320,
        dry_run: true,
      });
      expect(r.isError, r.text).toBe(false);
      expect(r.data).toEqual({
        dry_run: true,
        would_send: {
          client_id: clientId("Initech"),
          ref: "INIT-VOIP-2027",
          start_date: "2027-01-01",
          end_date: "2027-12-31",
          billingperiod: 2,
          periodchargeamount: 320,
        },
        resolved: { client: `Initech #${clientId("Initech")}` },
      });
      expect(posts("/ClientContract")).toBe(before);
    });

    it("creates the contract and returns it", async () => {
      const r = await e2e.call("create_contract", {
        client: "Hooli",
        ref: "HOOL-SEC-2027",
        start_date: "2027-02-01",
        end_date: "2028-01-31",
        billing_period: 2,
        period_charge: 600,
        note: "Managed security add-on.",
      });
      expect(r.isError, r.text).toBe(false);
      const contract = r.data?.contract as Row;
      expect(contract).toMatchObject({
        ref: "HOOL-SEC-2027",
        start: "2027-02-01",
        end: "2028-01-31",
        period_charge: 600,
      });
      const saved = db().contracts.get(contract.id as number) as Contract;
      expect(saved).toMatchObject({
        client_id: clientId("Hooli"),
        ref: "HOOL-SEC-2027",
        periodchargeamount: 600,
      });
    });

    it("refuses an end date before the start date, sending nothing", async () => {
      const before = posts("/ClientContract");
      const r = await e2e.call("create_contract", {
        client: "Hooli",
        ref: "X",
        start_date: "2027-06-01",
        end_date: "2027-05-01",
      });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(
        /end_date: the contract would end \(2027-05-01\) on or before it starts \(2027-06-01\)/,
      );
      expect(posts("/ClientContract")).toBe(before);
    });

    it("reports a client that does not exist", async () => {
      const r = await e2e.call("create_contract", { client: 99999, ref: "X", start_date: "2027-01-01" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/client: no client with ID 99999/);
    });

    it("passes Halo's validation message through", async () => {
      const r = await e2e.call("create_contract", {
        client: "Hooli",
        ref: "HOOL-BAD-2027",
        start_date: "2027-01-01",
        billing_period: 9,
      });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/Invalid billingperiod/);
    });
  });
});

describe("create_contract: guards and edge cases", () => {
  const e2e = useE2E();

  const { db, ok, refused } = toolChecks(() => e2e);

  describe("duplicate guard: sites, contracts, assets", () => {
    it("create_contract refuses a ref the client already has, unless allowed", async () => {
      const existing = [...db().contracts.values()].find((c) => c.client_id === 12 && c.active);
      if (!existing) throw new Error("seed: Acme has no active contract");
      const args = { client: 12, ref: existing.ref.toLowerCase(), start_date: "2027-01-01" };
      const preview = await ok("create_contract", { ...args, dry_run: true });
      expect(preview.possible_duplicates).toEqual([
        expect.stringContaining(`${existing.ref} #${existing.id}`),
      ]);
      expect(await refused("create_contract", args)).toMatch(/duplicate contract; existing: /);
      expect(
        (await ok("create_contract", { ...args, client: 14, dry_run: true })).possible_duplicates,
      ).toBeUndefined();
      await ok("create_contract", { ...args, allow_duplicate: true });
    });
  });
});
