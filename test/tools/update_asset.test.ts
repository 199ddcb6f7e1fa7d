/**
 * update_asset: asset fields merge (the others keep their values), and a move
 * to another client happens only when asked.
 */
import { describe, expect, it } from "vitest";
import type { Asset } from "../../fake-halo/index.js";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { one, type Row, toolChecks } from "../helpers/tool-checks.js";

describe("update_asset: basics", () => {
  const e2e = useE2E();

  const { db, posts, withStaleAssetType } = toolChecks(() => e2e);

  const { clientId, typeId, fieldId, assetsOf } = seed(() => e2e.fake);

  describe("update_asset", () => {
    it("merges asset fields: the others keep their values", async () => {
      const a = assetsOf("Hooli").find((x) => x.assettype_id === typeId("Laptop")) as Asset;
      const before = a.fields.map((f) => ({ ...f }));
      const os = fieldId("Operating System");
      const r = await e2e.call("update_asset", {
        id: a.id,
        asset_fields: { "operating system": "Windows 11 Enterprise" },
      });
      expect(r.isError, r.text).toBe(false);
      expect((one(r, "asset").fields as Row)["Operating System"]).toBe("Windows 11 Enterprise");
      const after = (db().assets.get(a.id) as Asset).fields;
      expect(after).toEqual(
        before.map((f) => (f.id === os ? { id: os, value: "Windows 11 Enterprise" } : f)),
      );
      // The record is read with includedetails, so every asset field is there to merge.
      const read = e2e.fake.requests.filter((q) => q.method === "GET" && q.path === `/Asset/${a.id}`).at(-1);
      expect(read?.query).toMatchObject({ includedetails: "true" });
    });

    it("changes only the fields given", async () => {
      const a = assetsOf("Initech")[0] as Asset;
      const fieldsBefore = a.fields.map((f) => ({ ...f }));
      const r = await e2e.call("update_asset", { id: a.id, inventory_number: "INIT-RENAMED-1" });
      expect(r.isError, r.text).toBe(false);
      const body = e2e.fake.requests.filter((q) => q.method === "POST" && q.path === "/Asset").at(-1)?.body;
      expect(body).toEqual([{ id: a.id, inventory_number: "INIT-RENAMED-1" }]);
      expect((db().assets.get(a.id) as Asset).fields).toEqual(fieldsBefore);
    });

    it("dry_run sends nothing and shows the merged list and a move to another client", async () => {
      const a = assetsOf("Acme Corporation")[0] as Asset;
      const felixstowe = [...db().sites.values()].find((s) => s.name === "Felixstowe Depot");
      const before = posts("/Asset");
      const r = await e2e.call("update_asset", {
        id: a.id,
        client: "Acme Logistics Ltd",
        site: felixstowe?.id,
        asset_fields: { Model: "Latitude 9450" },
        dry_run: true,
      });
      expect(r.isError, r.text).toBe(false);
      const sent = r.data?.would_send as Row;
      expect(sent).toMatchObject({
        id: a.id,
        site_id: felixstowe?.id,
        client_id: clientId("Acme Logistics Ltd"),
      });
      expect((sent.fields as unknown[]).length).toBe(a.fields.length);
      expect(one(r, "resolved").client).toBe(`Acme Logistics Ltd #${clientId("Acme Logistics Ltd")}`);
      expect(posts("/Asset")).toBe(before);
    });

    it("reports a missing asset", async () => {
      const r = await e2e.call("update_asset", { id: 99999, inventory_number: "X" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/no asset with ID 99999/);
    });

    it("refuses an update with nothing to change", async () => {
      const r = await e2e.call("update_asset", { id: (assetsOf("Initech")[0] as Asset).id });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/nothing to change/);
    });

    it("passes Halo's validation message through", async () => {
      const a = assetsOf("Stark Industries")[0] as Asset;
      await withStaleAssetType("Firewall", async (id) => {
        const r = await e2e.call("update_asset", { id: a.id, asset_type: "Firewall" });
        expect(r.isError).toBe(true);
        expect(r.text).toContain(`Invalid assettype_id: there is no Asset Type with ID ${id}`);
      });
    });
  });
});

describe("update_asset: guards and edge cases", () => {
  const e2e = useE2E();

  const { db, lastPosted, ok, refused } = toolChecks(() => e2e);

  describe('"" clears asset notes and a contract note', () => {
    it('update_asset notes: "" empties the notes', async () => {
      await ok("update_asset", { id: 500, notes: "temp note" });
      expect(db().assets.get(500)?.notes).toBe("temp note");
      await ok("update_asset", { id: 500, notes: "" });
      expect(lastPosted("/Asset")).toEqual({ id: 500, notes: "" });
      expect(db().assets.get(500)?.notes).toBe("");
    });

    it("update_asset with empty asset_fields is nothing to change", async () => {
      expect(await refused("update_asset", { id: 500, asset_fields: {} })).toMatch(/nothing to change/);
    });
  });

  describe("update_asset between clients", () => {
    it("refuses another client's site unless client is given", async () => {
      const text = await refused("update_asset", { id: 500, site: 33 });
      expect(text).toMatch(
        /site: .*Globex HQ #33 belongs to client Globex Corporation #14, not Acme Corporation #12/,
      );
      expect(text).toContain("pass client");
      expect(db().assets.get(500)?.client_id).toBe(12);
    });

    it("moves the asset when client is given, to the named or the only site", async () => {
      const preview = await ok("update_asset", { id: 500, client: "Acme Logistics Ltd", dry_run: true });
      const only = [...db().sites.values()].find((s) => s.client_id === 13);
      expect(preview.would_send).toEqual({ id: 500, client_id: 13, site_id: only?.id });
      expect(await refused("update_asset", { id: 500, client: 14, site: 30 })).toMatch(
        /Acme London #30 belongs to client Acme Corporation #12, not Globex Corporation #14/,
      );
      await ok("update_asset", { id: 500, client: 14, site: "Globex HQ" });
      expect(db().assets.get(500)).toMatchObject({ client_id: 14, site_id: 33 });
    });
  });
});
