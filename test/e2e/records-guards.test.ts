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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../../fake-halo/index.js";
import { type E2E, startE2E } from "../helpers/e2e.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

type Row = Record<string, unknown>;
const db = () => e2e.fake.db;
const posts = (path?: string) => e2e.fake.count({ method: "POST", ...(path ? { path } : {}) });
const lastPosted = (path: string): Row | undefined => {
  const req = e2e.fake.requests.filter((r) => r.method === "POST" && r.path === path).at(-1);
  return ((req?.body ?? []) as Row[])[0];
};

async function ok(tool: string, args: Row) {
  const r = await e2e.call(tool, args);
  expect(r.isError, r.text).toBe(false);
  return r.data as Row;
}

/** Fails without posting anything. */
async function refused(tool: string, args: Row) {
  const before = posts();
  const r = await e2e.call(tool, args);
  expect(r.isError, r.text).toBe(true);
  expect(posts()).toBe(before);
  return r.text;
}

describe("duplicate guard: spacing and deep result pages", () => {
  it("create_client refuses a name that differs only in spacing, and saves names tidied", async () => {
    expect(await refused("create_client", { name: "Acme  Corporation" })).toContain("Acme Corporation #12");
    const made = await ok("create_client", { name: "  Brand   New  Co " });
    const id = (made.client as Row).id as number;
    expect(db().clients.get(id)?.name).toBe("Brand New Co");
  });

  it("create_contact refuses a name that differs only in spacing within the client", async () => {
    const preview = await ok("create_contact", { name: "Aisha  Walker", client: 12, dry_run: true });
    expect(preview.possible_duplicates).toEqual([expect.stringContaining("Aisha Walker #106")]);
    expect((preview.would_send as Row).name).toBe("Aisha Walker");
    expect(await refused("create_contact", { name: " aisha   WALKER", client: 12 })).toContain(
      "Aisha Walker #106",
    );
  });

  it("finds the exact name after more than a page of longer names containing it", async () => {
    // 120 clients whose names contain "Widgets" and sort before it: Halo's search answers those first.
    const base = db().clients.get(13) as Client;
    const copy = (id: number, name: string): Client => ({
      ...base,
      id,
      name,
      customfields: base.customfields.map((f) => ({ ...f })),
    });
    for (let i = 0; i < 120; i++)
      db().clients.set(5000 + i, copy(5000 + i, `A Widgets ${String(i).padStart(3, "0")}`));
    db().clients.set(5200, copy(5200, "Widgets"));
    expect(await refused("create_client", { name: "widgets" })).toContain("Widgets #5200");
  });
});

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

  it("create_contract refuses a ref the client already has, unless allowed", async () => {
    const existing = [...db().contracts.values()].find((c) => c.client_id === 12 && c.active);
    if (!existing) throw new Error("seed: Acme has no active contract");
    const args = { client: 12, ref: existing.ref.toLowerCase(), start_date: "2027-01-01" };
    const preview = await ok("create_contract", { ...args, dry_run: true });
    expect(preview.possible_duplicates).toEqual([expect.stringContaining(`${existing.ref} #${existing.id}`)]);
    expect(await refused("create_contract", args)).toMatch(/duplicate contract; existing: /);
    expect(
      (await ok("create_contract", { ...args, client: 14, dry_run: true })).possible_duplicates,
    ).toBeUndefined();
    await ok("create_contract", { ...args, allow_duplicate: true });
  });

  it("create_asset refuses a tag any client's asset already has, unless allowed", async () => {
    const args = { client: 14, asset_type: "Laptop", site: 33, inventory_number: "acme-lt-001" };
    const preview = await ok("create_asset", { ...args, dry_run: true });
    expect(preview.possible_duplicates).toEqual(["ACME-LT-001 #500 (Acme Corporation)"]);
    expect(await refused("create_asset", args)).toMatch(/duplicate asset; existing: ACME-LT-001 #500/);
    const made = await ok("create_asset", { ...args, inventory_number: "GLBX-NEW-1" });
    expect((made.asset as Row).tag).toBe("GLBX-NEW-1");
  });
});

describe("client custom fields: selection options", () => {
  const tier = () => db().fields.get(251);
  const optionId = (name: string) => tier()?.values.find((v) => v.name === name)?.id;

  it("update_client sends a selection option's ID, not its name", async () => {
    await ok("update_client", { id: 15, custom_fields: { "Support Tier": "gold" } });
    const sent = ((lastPosted("/Client")?.customfields ?? []) as Row[]).find((f) => f.id === 251);
    expect(sent?.value).toBe(optionId("Gold"));
    expect(
      db()
        .clients.get(15)
        ?.customfields.find((f) => f.id === 251)?.display,
    ).toBe("Gold");
  });

  it("create_client maps option names by label and by field ID", async () => {
    const preview = await ok("create_client", {
      name: "Option Test Ltd",
      custom_fields: { "Support Tier": "Silver", "252": "OPT1" },
      dry_run: true,
    });
    expect((preview.would_send as Row).customfields).toEqual([
      { id: 252, value: "OPT1" },
      { id: 251, value: optionId("Silver") },
    ]);
    const byId = await ok("create_client", {
      name: "Option Test Ltd",
      custom_fields: { "251": "Bronze" },
      dry_run: true,
    });
    expect((byId.would_send as Row).customfields).toEqual([{ id: 251, value: optionId("Bronze") }]);
  });

  it("refuses an option the field does not have, listing the valid ones", async () => {
    const text = await refused("update_client", { id: 15, custom_fields: { "Support Tier": "Platinum" } });
    expect(text).toContain("Platinum");
    expect(text).toContain("Bronze, Silver, Gold");
  });
});

describe('"" clears asset notes and a contract note', () => {
  it('update_asset notes: "" empties the notes', async () => {
    await ok("update_asset", { id: 500, notes: "temp note" });
    expect(db().assets.get(500)?.notes).toBe("temp note");
    await ok("update_asset", { id: 500, notes: "" });
    expect(lastPosted("/Asset")).toEqual({ id: 500, notes: "" });
    expect(db().assets.get(500)?.notes).toBe("");
  });

  it('update_contract note: "" empties the note', async () => {
    const c = [...db().contracts.values()].find((x) => x.client_id === 13) as { id: number };
    await ok("update_contract", { id: c.id, note: "temp" });
    await ok("update_contract", { id: c.id, note: "" });
    expect(lastPosted("/ClientContract")).toEqual({ id: c.id, note: "" });
    expect(db().contracts.get(c.id)?.note).toBe("");
  });

  it("update_asset with empty asset_fields is nothing to change", async () => {
    expect(await refused("update_asset", { id: 500, asset_fields: {} })).toMatch(/nothing to change/);
  });
});

describe("get_client active_contracts", () => {
  it("leaves out contracts past their end date, as search_contracts does", async () => {
    const flagged = [...db().contracts.values()].filter((c) => c.client_id === 14 && c.active);
    expect(flagged.length).toBeGreaterThan(0);
    const listed = await ok("search_contracts", { client: 14 });
    const client = (await ok("get_client", { client: 14 })).client as Row;
    expect((client.counts as Row).active_contracts).toBe(listed.shown);
    expect(listed.shown).toBe(0);
  });
});

describe("include_inactive on search_contacts and search_sites", () => {
  it("finds a deactivated contact again, flagged inactive", async () => {
    await ok("update_contact", { id: 106, inactive: true });
    expect((await ok("search_contacts", { query: "Aisha Walker" })).total).toBe(0);
    const found = await ok("search_contacts", { query: "Aisha Walker", include_inactive: true });
    expect(found.contacts).toEqual([expect.objectContaining({ id: 106, inactive: true })]);
    await ok("update_contact", { id: 106, inactive: false });
  });

  it("finds a deactivated site again, flagged inactive", async () => {
    await ok("update_site", { id: 31, inactive: true });
    const active = await ok("search_sites", { client: 12 });
    expect((active.sites as Row[]).map((s) => s.id)).not.toContain(31);
    const all = await ok("search_sites", { client: 12, include_inactive: true });
    expect(all.sites).toContainEqual(expect.objectContaining({ id: 31, inactive: true }));
    await ok("update_site", { id: 31, inactive: false });
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

describe("custom field options when /FieldInfo cannot be read", () => {
  it("sends the value as given instead of blocking the write", async () => {
    const other = await startE2E({ env: { HALOPSA_RETRY_BASE_MS: "20", HALOPSA_RETRY_BUDGET_MS: "500" } });
    try {
      other.fake.addFault({
        method: "GET",
        path: "/FieldInfo",
        kind: "500",
        times: Number.POSITIVE_INFINITY,
      });
      const r = await other.call("create_client", {
        name: "Fieldless Ltd",
        custom_fields: { "252": "AC-1" },
        dry_run: true,
      });
      expect(r.isError, r.text).toBe(false);
      const sent = (r.data as Row).would_send as Row;
      expect(sent.customfields).toEqual([{ id: 252, value: "AC-1" }]);
      expect(other.fake.count({ method: "GET", path: "/FieldInfo" })).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});

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
