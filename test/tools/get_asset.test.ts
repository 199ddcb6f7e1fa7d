/**
 * get_asset: asset fields by label, refs and the linked contract in under 3 KB,
 * saying what it left out, because a raw asset is far bigger than a model
 * should read.
 */
import { describe, expect, it } from "vitest";
import type { Asset } from "../../fake-halo/index.js";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { one, type Row } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { typeId, fieldId, assetsOf } = seed(() => e2e.fake);

describe("get_asset", () => {
  it("shows asset fields by label, refs and the linked contract, under 3 KB", async () => {
    const a = assetsOf("Acme Logistics Ltd").find((x) => x.assettype_id === typeId("Laptop")) as Asset;
    const r = await e2e.call("get_asset", { id: a.id });
    expect(r.isError, r.text).toBe(false);
    const asset = r.data?.asset as Row;
    const serial = a.fields.find((f) => f.id === fieldId("Serial Number"))?.value;
    expect(asset).toMatchObject({
      id: a.id,
      tag: a.inventory_number,
      type: `Laptop #${typeId("Laptop")}`,
      client: `Acme Logistics Ltd #${a.client_id}`,
    });
    expect((asset.fields as Row)["Serial Number"]).toBe(serial);
    expect(asset.contract).toMatch(/#\d+$/);
    expect(r.text.length).toBeLessThanOrEqual(3000);
  });

  it("stays under 3 KB for a heavy asset and says what it left out", async () => {
    const a = assetsOf("Globex Corporation")[0] as Asset;
    const before = { notes: a.notes, fields: a.fields };
    a.notes = "Long history. ".repeat(400);
    a.fields = a.fields.map((f) => ({ ...f, value: `${String(f.value)} `.repeat(120) }));
    try {
      const r = await e2e.call("get_asset", { id: a.id });
      expect(r.isError, r.text).toBe(false);
      expect(r.text.length).toBeLessThanOrEqual(3000);
      expect(one(r, "asset").tag).toBe(a.inventory_number);
    } finally {
      Object.assign(a, before);
    }
  });

  it("adds raw fields on request", async () => {
    const a = assetsOf("Initech")[0] as Asset;
    const r = await e2e.call("get_asset", { id: a.id, fields: ["status_id"] });
    expect(one(r, "asset").status_id).toBe(a.status_id);
  });

  it("reports a missing asset", async () => {
    const r = await e2e.call("get_asset", { id: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/no asset with ID 99999/);
  });
});
