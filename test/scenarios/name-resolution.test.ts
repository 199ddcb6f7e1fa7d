import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "../helpers/e2e.js";

/**
 * Review fixes for the record tools, end to end against the fake Halo (seed
 * 1): duplicate guards (spacing, deep result pages, sites, contracts,
 * assets), selection custom fields sent as option IDs, "" clearing notes,
 * expired contracts left out of get_client's count, inactive contacts and
 * sites findable again, and assets moved between clients only on request.
 * Seed facts: Acme Corporation #12 (sites Acme London #30, Acme Manchester
 * #31; contact Aisha Walker #106; asset ACME-LT-001 #500), Acme Logistics
 * Ltd #13 (one site), Globex Corporation #14 (Globex HQ #33; its only
 * contract is flagged active but past its end date).
 */
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

type Row = Record<string, unknown>;

async function ok(tool: string, args: Row) {
  const r = await e2e.call(tool, args);
  expect(r.isError, r.text).toBe(false);
  return r.data as Row;
}

describe("names that find nothing", () => {
  it("says when the only match is inactive, with its ID and how to reactivate", async () => {
    const made = await ok("create_contact", {
      name: "Quentin Dormant",
      client: 12,
      email: "q.dormant@acme-corp.example",
    });
    const id = (made.contact as Row).id as number;
    await ok("update_contact", { id, inactive: true });
    const r = await e2e.call("get_contact", { contact: "Quentin Dormant" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`matches only inactive contacts: "Quentin Dormant" (ID ${id})`);
    expect(r.text).toContain("inactive: false");
  });

  it("suggests near names for a one-word typo", async () => {
    const r = await e2e.call("search_tickets", { client: "Globx" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('no client named "Globx"');
    expect(r.text).toMatch(/Closest matches: "Globex Corporation" \(ID 14\)/);
  });
});
