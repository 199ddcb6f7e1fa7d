/** create_site: its tests against the fake Halo, in-process (test/helpers/e2e.ts). */
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
describe("create_site: basics", () => {
  const e2e = useE2E();

  const MISSING = 9999;

  const { posts, ok, fails, rejectedLocally, dryRun } = toolChecks(() => e2e);

  describe("create_site", () => {
    it("creates a site with its address and phone", async () => {
      const data = await ok("create_site", {
        name: "Acme Bristol",
        client: "Acme Corporation",
        address: ["1 Temple Way", "Bristol"],
        postcode: "BS1 6AA",
        phone: "0117 496 0000",
      });
      const site = data.site as { id: number };
      expect(data.site).toMatchObject({
        name: "Acme Bristol",
        client: "Acme Corporation #12",
        address: ["1 Temple Way", "Bristol"],
        postcode: "BS1 6AA",
        phone: "0117 496 0000",
      });
      expect(e2e.fake.db.sites.get(site.id)).toMatchObject({ client_id: 12, phonenumber: "0117 496 0000" });
    });

    it("dry_run resolves the client and sends nothing", async () => {
      const data = await dryRun("create_site", {
        name: "Globex York",
        client: "globex corporation",
        postcode: "YO1 7HH",
      });
      expect(data.would_send).toEqual({
        name: "Globex York",
        client_id: 14,
        delivery_address: { line1: "", line2: "", line3: "", line4: "", postcode: "YO1 7HH" },
      });
      expect(data.resolved).toEqual({ client: "Globex Corporation #14" });
    });

    it("says which client ID was not found", async () => {
      const before = posts();
      expect(await fails("create_site", { name: "X", client: MISSING })).toContain(
        `client: no client with ID ${MISSING}`,
      );
      expect(posts()).toBe(before);
    });

    it("validates phone and name before anything is sent", async () => {
      await rejectedLocally("create_site", { name: "Bad Phone Site", client: 12, phone: "12" }, "phone");
      await rejectedLocally("create_site", { client: 12 }, "name");
    });

    it("passes Halo's validation message through", async () => {
      const text = await fails("create_site", { name: "S".repeat(300), client: 21 });
      expect(text).toContain("HaloPSA rejected the request");
      expect(text).toMatch(/\(name\)/);
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
describe("create_site: guards and edge cases", () => {
  const e2e = useE2E();

  const { ok, refused } = toolChecks(() => e2e);

  describe("duplicate guard: sites, contracts, assets", () => {
    it("create_site refuses the client's existing site name (case, spacing), unless allowed", async () => {
      const preview = await ok("create_site", { name: " acme  LONDON", client: 12, dry_run: true });
      expect(preview.possible_duplicates).toEqual(["Acme London #30"]);
      expect(preview.warning).toMatch(/refused as a likely duplicate/);
      expect(await refused("create_site", { name: "Acme London", client: "Acme Corporation" })).toMatch(
        /duplicate site; existing: Acme London #30/,
      );
      // The same name at another client is no duplicate.
      expect(
        (await ok("create_site", { name: "Acme London", client: 14, dry_run: true })).possible_duplicates,
      ).toBe(undefined);
      const made = await ok("create_site", { name: "Acme London", client: 12, allow_duplicate: true });
      expect((made.site as Row).name).toBe("Acme London");
    });
  });
});
