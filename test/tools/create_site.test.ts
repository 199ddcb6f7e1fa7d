/**
 * create_site: the client resolves and the phone and name are checked before
 * anything is sent; the client's existing site name (any case, spacing) is
 * refused unless allowed.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

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
