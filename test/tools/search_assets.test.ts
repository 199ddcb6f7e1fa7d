/**
 * search_assets: a client's active assets as compact rows with refs, by type
 * name or text, paged.
 */
import { describe, expect, it } from "vitest";
import type { Asset } from "../../fake-halo/index.js";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { list, type Row } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { clientId, typeId, assetsOf } = seed(() => e2e.fake);

describe("search_assets", () => {
  it("lists a client's active assets as compact rows with refs", async () => {
    const expected = assetsOf("Acme Logistics Ltd").filter((a) => !a.inactive);
    const r = await e2e.call("search_assets", { client: "Acme Logistics Ltd", limit: 50 });
    expect(r.isError, r.text).toBe(false);
    const rows = r.data?.assets as Row[];
    expect(r.data?.total).toBe(expected.length);
    expect(rows.map((a) => a.id).sort()).toEqual(expected.map((a) => a.id).sort());
    const first = expected[0] as Asset;
    const row = rows.find((a) => a.id === first.id) as Row;
    expect(row.tag).toBe(first.inventory_number);
    expect(row.client).toBe(`Acme Logistics Ltd #${clientId("Acme Logistics Ltd")}`);
    expect(row.type).toMatch(/ #\d+$/);
    expect(JSON.stringify(rows)).not.toMatch(/null|""/);
  });

  it("filters by asset type name and by text", async () => {
    const printers = await e2e.call("search_assets", {
      client: "Acme Corporation",
      asset_type: "printer",
      limit: 100,
    });
    const rows = printers.data?.assets as Row[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((a) => a.type === `Printer #${typeId("Printer")}`)).toBe(true);

    const tag = (assetsOf("Acme Logistics Ltd")[0] as Asset).inventory_number;
    const byText = await e2e.call("search_assets", { query: tag });
    expect(list(byText, "assets").map((a) => a.tag)).toEqual([tag]);
  });

  it("pages with next_page", async () => {
    const r = await e2e.call("search_assets", { client: "Acme Corporation", limit: 2 });
    expect(r.data).toMatchObject({ page: 1, shown: 2, next_page: 2 });
  });

  it("names the argument when the client ID does not exist", async () => {
    const r = await e2e.call("search_assets", { client: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/client: no client with ID 99999/);
  });

  it("lists the valid asset types when the type is unknown", async () => {
    const r = await e2e.call("search_assets", { asset_type: "Toaster" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/asset_type: no asset type named "Toaster"/);
    expect(r.text).toMatch(/"Laptop" \(ID \d+\)/);
  });
});
