/** search_sites: its tests against the fake Halo, in-process (test/helpers/e2e.ts). */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

/**
 * Clients, sites and contacts end to end against the fake Halo (seed 1). Seed
 * facts used here: Acme Corporation #12 (sites Acme London #30 with main contact
 * Sarah Mitchell #100, Acme Manchester #31; custom fields Support Tier and
 * Account Code), Acme Logistics Ltd #13, Globex Corporation #14 (Globex HQ #33),
 * and the inactive Tyrell Legal LLP.
 */
describe("search_sites: basics", () => {
  const e2e = useE2E();

  const MISSING = 9999;

  const { ok, fails, rejectedLocally } = toolChecks(() => e2e);

  // ── sites ───────────────────────────────────────────────────────────────
  describe("search_sites", () => {
    it("lists a client's sites, showing the shared client once", async () => {
      const data = await ok("search_sites", { client: "Acme Corporation" });
      expect(data).toMatchObject({ total: 2, client: "Acme Corporation #12" });
      expect(data.sites).toEqual([
        expect.objectContaining({ id: 30, name: "Acme London" }),
        expect.objectContaining({ id: 31, name: "Acme Manchester" }),
      ]);
      expect((data.sites as Array<Record<string, unknown>>)[0]?.client).toBeUndefined();
    });

    it("finds sites by name text across clients", async () => {
      const data = await ok("search_sites", { query: "globex" });
      expect((data.sites as Array<{ name: string }>).map((s) => s.name)).toEqual([
        "Globex HQ",
        "Globex Leeds",
      ]);
    });

    it("says which client ID was not found", async () => {
      expect(await fails("search_sites", { client: MISSING })).toContain(
        `client: no client with ID ${MISSING}`,
      );
    });

    it("rejects a bad page before calling Halo", async () => {
      await rejectedLocally("search_sites", { page: 0 }, "page");
    });
  });
});

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
describe("search_sites: guards and edge cases", () => {
  const e2e = useE2E();

  const { ok } = toolChecks(() => e2e);

  describe("include_inactive on search_contacts and search_sites", () => {
    it("finds a deactivated site again, flagged inactive", async () => {
      await ok("update_site", { id: 31, inactive: true });
      const active = await ok("search_sites", { client: 12 });
      expect((active.sites as Row[]).map((s) => s.id)).not.toContain(31);
      const all = await ok("search_sites", { client: 12, include_inactive: true });
      expect(all.sites).toContainEqual(expect.objectContaining({ id: 31, inactive: true }));
      await ok("update_site", { id: 31, inactive: false });
    });
  });
});
