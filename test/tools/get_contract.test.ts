/** get_contract: its tests against the fake Halo, in-process (test/helpers/e2e.ts startE2E). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Contract } from "../../fake-halo/index.js";
import { type E2E, startE2E } from "../helpers/e2e.js";
import { one, toolChecks } from "../helpers/tool-checks.js";

/**
 * Assets and contracts end to end against the fake Halo. Records are found in
 * the fake's seeded tenant by their stable properties (client, type, ref) rather
 * than by hard-coded IDs.
 */
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

const { db } = toolChecks(() => e2e);

const clientId = (name: string) => [...db().clients.values()].find((c) => c.name === name)?.id as number;

const contractsOf = (client: string): Contract[] =>
  [...db().contracts.values()].filter((c) => c.client_id === clientId(client));

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
