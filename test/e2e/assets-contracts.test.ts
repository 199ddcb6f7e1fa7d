/**
 * Assets and contracts end to end: the built server over stdio against the
 * fake Halo. Records are found in the fake's seeded tenant by their stable
 * properties (client, type, ref) rather than by hard-coded IDs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Asset, Contract } from "../../fake-halo/index.js";
import { type E2E, startE2E, type ToolCall } from "../helpers/e2e.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

type Row = Record<string, unknown>;
const db = () => e2e.fake.db;
const clientId = (name: string) => [...db().clients.values()].find((c) => c.name === name)?.id as number;
const typeId = (name: string) => [...db().assetTypes.values()].find((t) => t.name === name)?.id as number;
const fieldId = (name: string) => [...db().assetFields.values()].find((f) => f.name === name)?.id as number;
const assetsOf = (client: string): Asset[] =>
  [...db().assets.values()].filter((a) => a.client_id === clientId(client));
const contractsOf = (client: string): Contract[] =>
  [...db().contracts.values()].filter((c) => c.client_id === clientId(client));
const list = (r: ToolCall, key: string) => (r.data?.[key] ?? []) as Row[];
const one = (r: ToolCall, key: string) => (r.data?.[key] ?? {}) as Row;
const posts = (path: string) => e2e.fake.count({ method: "POST", path });

/** Makes the fake forget an asset type the server has already cached, so Halo itself rejects the ID. */
async function withStaleAssetType(name: string, run: (id: number) => Promise<void>) {
  const id = typeId(name);
  await e2e.call("search_assets", { asset_type: name, limit: 1 }); // warms the server's lookup cache
  const saved = db().assetTypes.get(id);
  db().assetTypes.delete(id);
  try {
    await run(id);
  } finally {
    if (saved) db().assetTypes.set(id, saved);
  }
}

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
    expect(after).toEqual(before.map((f) => (f.id === os ? { id: os, value: "Windows 11 Enterprise" } : f)));
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

describe("search_contracts", () => {
  it("shows active contracts by default", async () => {
    const active = contractsOf("Acme Corporation").filter((c) => c.active);
    const r = await e2e.call("search_contracts", { client: "Acme Corporation" });
    expect(r.isError, r.text).toBe(false);
    const rows = r.data?.contracts as Row[];
    expect(rows.map((c) => c.ref).sort()).toEqual(active.map((c) => c.ref).sort());
    expect(rows.every((c) => c.state === "active")).toBe(true);
    expect(rows[0]).toMatchObject({ client: `Acme Corporation #${clientId("Acme Corporation")}` });
    expect(r.data?.filtered).toBeUndefined();
  });

  it("finds expired contracts, saying the filter ran here", async () => {
    const expired = contractsOf("Acme Corporation").filter((c) => !c.active);
    const r = await e2e.call("search_contracts", { client: "Acme Corporation", status: "expired" });
    expect(r.isError, r.text).toBe(false);
    const rows = r.data?.contracts as Row[];
    expect(rows.map((c) => c.ref)).toEqual(expired.map((c) => c.ref));
    expect(rows.every((c) => c.state === "expired")).toBe(true);
    // What was left out is named, with its state and end date.
    const current = contractsOf("Acme Corporation").find((c) => c.active);
    expect(r.data?.filtered).toMatch(/contracts on this page are not expired and were left out: /);
    expect(current).toBeDefined();
    expect(r.data?.filtered).toContain(String(current?.ref));
    expect(r.data?.filtered).toContain('status "any" shows every contract');
    const sent = e2e.fake.requests.filter((q) => q.path === "/ClientContract").at(-1);
    expect(sent?.query.includeinactive).toBe("true");
  });

  it("status any includes both", async () => {
    const r = await e2e.call("search_contracts", { client: "Acme Corporation", status: "any" });
    expect(list(r, "contracts").length).toBe(contractsOf("Acme Corporation").length);
  });

  it("searches by ref", async () => {
    const ref = (contractsOf("Globex Corporation")[0] as Contract).ref;
    const r = await e2e.call("search_contracts", { query: ref, status: "any" });
    expect(list(r, "contracts").map((c) => c.ref)).toContain(ref);
  });

  it("reports a client that does not exist", async () => {
    const r = await e2e.call("search_contracts", { client: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/client: no client with ID 99999/);
  });

  it("rejects an unknown status, naming the argument", async () => {
    const r = await e2e.call("search_contracts", { status: "lapsed" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/status/);
  });
});

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

describe("create_contract", () => {
  it("dry_run resolves the client and sends nothing", async () => {
    const before = posts("/ClientContract");
    const r = await e2e.call("create_contract", {
      client: "Initech",
      ref: "INIT-VOIP-2027",
      start_date: "2027-01-01",
      end_date: "2027-12-31",
      billing_period: 2,
      period_charge: 320,
      dry_run: true,
    });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toEqual({
      dry_run: true,
      would_send: {
        client_id: clientId("Initech"),
        ref: "INIT-VOIP-2027",
        start_date: "2027-01-01",
        end_date: "2027-12-31",
        billingperiod: 2,
        periodchargeamount: 320,
      },
      resolved: { client: `Initech #${clientId("Initech")}` },
    });
    expect(posts("/ClientContract")).toBe(before);
  });

  it("creates the contract and returns it", async () => {
    const r = await e2e.call("create_contract", {
      client: "Hooli",
      ref: "HOOL-SEC-2027",
      start_date: "2027-02-01",
      end_date: "2028-01-31",
      billing_period: 2,
      period_charge: 600,
      note: "Managed security add-on.",
    });
    expect(r.isError, r.text).toBe(false);
    const contract = r.data?.contract as Row;
    expect(contract).toMatchObject({
      ref: "HOOL-SEC-2027",
      start: "2027-02-01",
      end: "2028-01-31",
      period_charge: 600,
    });
    const saved = db().contracts.get(contract.id as number) as Contract;
    expect(saved).toMatchObject({
      client_id: clientId("Hooli"),
      ref: "HOOL-SEC-2027",
      periodchargeamount: 600,
    });
  });

  it("refuses an end date before the start date, sending nothing", async () => {
    const before = posts("/ClientContract");
    const r = await e2e.call("create_contract", {
      client: "Hooli",
      ref: "X",
      start_date: "2027-06-01",
      end_date: "2027-05-01",
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(
      /end_date: the contract would end \(2027-05-01\) on or before it starts \(2027-06-01\)/,
    );
    expect(posts("/ClientContract")).toBe(before);
  });

  it("reports a client that does not exist", async () => {
    const r = await e2e.call("create_contract", { client: 99999, ref: "X", start_date: "2027-01-01" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/client: no client with ID 99999/);
  });

  it("passes Halo's validation message through", async () => {
    const r = await e2e.call("create_contract", {
      client: "Hooli",
      ref: "HOOL-BAD-2027",
      start_date: "2027-01-01",
      billing_period: 9,
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Invalid billingperiod/);
  });
});

describe("update_contract", () => {
  it("changes only the fields given", async () => {
    const c = contractsOf("Vandelay Industries")[0] as Contract;
    const before = { ...c };
    const r = await e2e.call("update_contract", { id: c.id, period_charge: 1400, note: "Uplift for 2027." });
    expect(r.isError, r.text).toBe(false);
    const body = e2e.fake.requests
      .filter((q) => q.method === "POST" && q.path === "/ClientContract")
      .at(-1)?.body;
    expect(body).toEqual([{ id: c.id, periodchargeamount: 1400, note: "Uplift for 2027." }]);
    expect(r.data?.contract).toMatchObject({
      id: c.id,
      ref: before.ref,
      period_charge: 1400,
      start: before.start_date,
    });
    expect(db().contracts.get(c.id)).toMatchObject({
      ref: before.ref,
      end_date: before.end_date,
      periodchargeamount: 1400,
    });
  });

  it("checks a new end date against the stored start date", async () => {
    const c = contractsOf("Wayne Enterprises")[0] as Contract;
    const before = posts("/ClientContract");
    const r = await e2e.call("update_contract", { id: c.id, end_date: "2020-01-01" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/end_date: .* on or before it starts/);
    expect(posts("/ClientContract")).toBe(before);
  });

  it("dry_run sends nothing", async () => {
    const c = contractsOf("Soylent Foods")[0] as Contract;
    const before = posts("/ClientContract");
    const r = await e2e.call("update_contract", { id: c.id, ref: "SOYL-NEW", dry_run: true });
    expect(r.data).toEqual({
      dry_run: true,
      would_send: { id: c.id, ref: "SOYL-NEW" },
      resolved: { contract: `${c.ref} #${c.id}` },
    });
    expect(posts("/ClientContract")).toBe(before);
  });

  it("reports a missing contract", async () => {
    const r = await e2e.call("update_contract", { id: 99999, ref: "X" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/no contract with ID 99999/);
  });

  it("passes Halo's validation message through", async () => {
    const c = contractsOf("Initech")[0] as Contract;
    const r = await e2e.call("update_contract", { id: c.id, billing_period: 9 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Invalid billingperiod/);
  });
});
