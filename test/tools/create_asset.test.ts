/**
 * create_asset: names (client, type, site, asset fields by label) resolve to
 * IDs before the post, and a tag any client already has is refused unless
 * allowed, so an asset is not registered twice.
 */
import { describe, expect, it } from "vitest";
import type { Asset } from "../../fake-halo/index.js";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

describe("create_asset: basics", () => {
  const e2e = useE2E();

  const { db, posts, withStaleAssetType } = toolChecks(() => e2e);

  const { clientId, typeId, fieldId } = seed(() => e2e.fake);

  describe("create_asset", () => {
    it("dry_run resolves names and sends nothing", async () => {
      const before = posts("/Asset");
      const r = await e2e.call("create_asset", {
        client: "Acme Logistics Ltd",
        asset_type: "laptop",
        inventory_number: "ACLG-LT-900",
        asset_fields: { "serial number": "SN-900", Model: "Latitude 7450" },
        dry_run: true,
      });
      expect(r.isError, r.text).toBe(false);
      const client = clientId("Acme Logistics Ltd");
      const site = [...db().sites.values()].find((s) => s.client_id === client)?.id;
      expect(r.data).toEqual({
        dry_run: true,
        would_send: {
          client_id: client,
          site_id: site,
          assettype_id: typeId("Laptop"),
          inventory_number: "ACLG-LT-900",
          fields: [
            { id: fieldId("Serial Number"), value: "SN-900" },
            { id: fieldId("Model"), value: "Latitude 7450" },
          ],
        },
        resolved: expect.objectContaining({
          client: `Acme Logistics Ltd #${client}`,
          asset_type: `Laptop #${typeId("Laptop")}`,
        }),
      });
      expect(posts("/Asset")).toBe(before);
    });

    it("creates the asset with its fields and returns it", async () => {
      const r = await e2e.call("create_asset", {
        client: "Acme Corporation",
        site: "Acme Manchester",
        asset_type: "Firewall",
        inventory_number: "ACME-FW-900",
        asset_fields: { "Serial Number": "FGT60F-900", "Firmware Version": "v7.4.3" },
      });
      expect(r.isError, r.text).toBe(false);
      const asset = r.data?.asset as Row;
      expect(asset).toMatchObject({ tag: "ACME-FW-900", type: `Firewall #${typeId("Firewall")}` });
      expect(asset.site).toMatch(/^Acme Manchester #/);
      const saved = db().assets.get(asset.id as number) as Asset;
      expect(saved.fields.find((f) => f.id === fieldId("Serial Number"))?.value).toBe("FGT60F-900");
      expect(saved.fields.find((f) => f.id === fieldId("Firmware Version"))?.value).toBe("v7.4.3");
    });

    it("asks which site when the client has several", async () => {
      const before = posts("/Asset");
      const r = await e2e.call("create_asset", { client: "Acme Corporation", asset_type: "Laptop" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/site: client Acme Corporation .* has 2 sites/);
      expect(r.text).toMatch(/"Acme London" \(ID \d+\)/);
      expect(posts("/Asset")).toBe(before);
    });

    it("names the asset fields of the type when a label is wrong", async () => {
      const r = await e2e.call("create_asset", {
        client: "Initech",
        asset_type: "Printer",
        asset_fields: { "Serial No": "X" },
        dry_run: true,
      });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/asset_fields: asset type Printer .* has no field "Serial No"/);
      expect(r.text).toMatch(/Serial Number \(ID \d+\)/);
    });

    it("reports a client that does not exist", async () => {
      const r = await e2e.call("create_asset", { client: 99999, asset_type: "Laptop" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/client: no client with ID 99999/);
    });

    it("passes Halo's validation message through", async () => {
      await withStaleAssetType("Server", async (id) => {
        const r = await e2e.call("create_asset", { client: "Initech", asset_type: "Server" });
        expect(r.isError).toBe(true);
        expect(r.text).toContain(`Invalid assettype_id: there is no Asset Type with ID ${id}`);
      });
    });
  });
});

describe("create_asset: guards and edge cases", () => {
  const e2e = useE2E();

  const { ok, refused } = toolChecks(() => e2e);

  describe("duplicate guard: sites, contracts, assets", () => {
    it("create_asset refuses a tag any client's asset already has, unless allowed", async () => {
      const args = { client: 14, asset_type: "Laptop", site: 33, inventory_number: "acme-lt-001" };
      const preview = await ok("create_asset", { ...args, dry_run: true });
      expect(preview.possible_duplicates).toEqual(["ACME-LT-001 #500 (Acme Corporation)"]);
      expect(await refused("create_asset", args)).toMatch(/duplicate asset; existing: ACME-LT-001 #500/);
      const made = await ok("create_asset", { ...args, inventory_number: "GLBX-NEW-1" });
      expect((made.asset as Row).tag).toBe("GLBX-NEW-1");
    });
  });
});
