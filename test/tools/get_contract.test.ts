/**
 * get_contract: dates, state (expired shown as expired) and billing terms of
 * one contract.
 */
import { describe, expect, it } from "vitest";
import type { Contract } from "../../fake-halo/index.js";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { one } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { contractsOf } = seed(() => e2e.fake);

describe("get_contract", () => {
  it("shows dates, state and billing terms", async () => {
    const c = contractsOf("Acme Corporation").find(
      (x) => x.active && x.contracttype_name === "Managed Services",
    ) as Contract;
    const r = await e2e.call("get_contract", { id: c.id });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.contract).toMatchObject({
      id: c.id,
      ref: c.ref,
      client: `Acme Corporation #${c.client_id}`,
      start: c.start_date,
      end: c.end_date,
      state: "active",
      billing: "Monthly",
      period_charge: c.periodchargeamount,
      note: c.note,
    });
    expect(r.text).not.toMatch(/null|1900-01-01/);
  });

  it("shows an expired contract as expired", async () => {
    const c = contractsOf("Acme Corporation").find((x) => !x.active) as Contract;
    const r = await e2e.call("get_contract", { id: c.id });
    expect(one(r, "contract").state).toBe("expired");
  });

  it("reports a missing contract", async () => {
    const r = await e2e.call("get_contract", { id: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/no contract with ID 99999/);
  });
});
