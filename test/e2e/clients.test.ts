/**
 * Clients, sites and contacts end to end: the built server over stdio
 * against the fake Halo (seed 1). Seed facts used here: Acme Corporation #12
 * (sites Acme London #30 with main contact Sarah Mitchell #100, Acme
 * Manchester #31; custom fields Support Tier and Account Code), Acme
 * Logistics Ltd #13, Globex Corporation #14 (Globex HQ #33), and the
 * inactive Tyrell Legal LLP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "../helpers/e2e.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e.close();
});

type Row = Record<string, unknown>;
const MISSING = 9999;
const posts = () => e2e.fake.count({ method: "POST" });
const apiCalls = () => e2e.fake.count();
/** The item of the last POST to `path` (Halo bodies are arrays). */
const lastPosted = (path: string): Row | undefined => {
  const req = e2e.fake.requests.filter((r) => r.method === "POST" && r.path === path).at(-1);
  return ((req?.body ?? []) as Row[])[0];
};
const size = (data: unknown) => Buffer.byteLength(JSON.stringify(data), "utf8");

async function ok(tool: string, args: Record<string, unknown>) {
  const r = await e2e.call(tool, args);
  expect(r.isError, r.text).toBe(false);
  return r.data as Record<string, unknown>;
}

async function fails(tool: string, args: Record<string, unknown>) {
  const r = await e2e.call(tool, args);
  expect(r.isError, r.text).toBe(true);
  return r.text;
}

/** Sends nothing at all (zero API requests) and fails naming `field`. */
async function rejectedLocally(tool: string, args: Record<string, unknown>, field: string) {
  const before = apiCalls();
  const text = await fails(tool, args);
  expect(text).toContain(field);
  expect(apiCalls()).toBe(before);
  return text;
}

/** dry_run answers a preview and posts nothing. */
async function dryRun(tool: string, args: Record<string, unknown>) {
  const before = posts();
  const data = await ok(tool, { ...args, dry_run: true });
  expect(data.dry_run).toBe(true);
  expect(posts()).toBe(before);
  return data as { would_send: Record<string, unknown>; resolved?: Record<string, string> } & Record<
    string,
    unknown
  >;
}

const dbClient = (id: number) => e2e.fake.db.clients.get(id);
const customValue = (
  rec: { customfields?: Array<{ label: string; value: unknown; display: string }> },
  label: string,
) => rec.customfields?.find((f) => f.label === label)?.display;

// ── clients ─────────────────────────────────────────────────────────────

describe("search_clients", () => {
  it("finds clients by name text, inactive ones only when asked", async () => {
    const data = await ok("search_clients", { query: "acme" });
    expect(data.total).toBe(2);
    expect(data.clients).toEqual([
      expect.objectContaining({ id: 12, name: "Acme Corporation", phone: expect.any(String) }),
      expect.objectContaining({ id: 13, name: "Acme Logistics Ltd" }),
    ]);
    expect((await ok("search_clients", { query: "tyrell" })).total).toBe(0);
    const all = await ok("search_clients", { query: "tyrell", include_inactive: true });
    expect(all.clients).toEqual([expect.objectContaining({ name: "Tyrell Legal LLP", inactive: true })]);
  });

  it("pages with next_page and sends Halo's paging parameters", async () => {
    const data = await ok("search_clients", { limit: 5, page: 1 });
    expect(data).toMatchObject({ total: 11, page: 1, shown: 5, next_page: 2 });
    const last = e2e.fake.requests.filter((r) => r.path === "/Client").at(-1);
    expect(last?.query).toMatchObject({ pageinate: "true", page_size: "5", page_no: "1" });
  });

  it("filters by top level (name or ID) via toplevel_id", async () => {
    const data = await ok("search_clients", { top_level: "customers", query: "globex" });
    expect(data.clients).toEqual([expect.objectContaining({ id: 14 })]);
    const last = e2e.fake.requests.filter((r) => r.path === "/Client").at(-1);
    expect(last?.query.toplevel_id).toBe("1");
    expect(await fails("search_clients", { top_level: 999 })).toMatch(
      /top_level: there is no top level with ID 999/,
    );
  });

  it("rejects a bad limit before calling Halo", async () => {
    await rejectedLocally("search_clients", { limit: 500 }, "limit");
  });
});

describe("get_client", () => {
  it("returns a compact profile with counts: three one-row list calls, contracts by end date", async () => {
    const before = e2e.fake.requests.length;
    const data = await ok("get_client", { client: 12 });
    const client = data.client as Record<string, unknown>;
    const db = e2e.fake.db;
    const openTickets = [...db.tickets.values()].filter(
      (t) => t.client_id === 12 && !db.statuses.get(t.status_id)?.closed,
    ).length;
    const today = new Date().toISOString().slice(0, 10);
    const activeContracts = [...db.contracts.values()].filter(
      (c) => c.client_id === 12 && c.active && !(c.end_date && c.end_date.slice(0, 10) < today),
    ).length;
    expect(client).toMatchObject({
      id: 12,
      name: "Acme Corporation",
      top_level: "Customers #1",
      main_site: "Acme London #30",
      website: "https://www.acme-corp.example",
      notes: expect.stringContaining("Key account"),
      custom_fields: { "Account Code": "ACME100", "Support Tier": expect.any(String) },
      counts: { sites: 2, contacts: 7, open_tickets: openTickets, active_contracts: activeContracts },
    });
    expect(client.account_manager).toMatch(/ #\d+$/);
    expect(size(data)).toBeLessThanOrEqual(3 * 1024);
    const counted = e2e.fake.requests
      .slice(before)
      .filter((r) => r.method === "GET" && r.query.page_size === "1");
    expect(counted.map((r) => r.path).sort()).toEqual(["/Site", "/Tickets", "/Users"]);
    // Halo cannot filter out expired contracts, so their rows are read and checked.
    expect(e2e.fake.requests.slice(before).filter((r) => r.path === "/ClientContract")).toHaveLength(1);
  });

  it("accepts a name, and lists candidates when the name is ambiguous", async () => {
    const data = await ok("get_client", { client: "acme corporation" });
    expect((data.client as { id: number }).id).toBe(12);
    const text = await fails("get_client", { client: "Acme" });
    expect(text).toContain('"Acme Corporation" (ID 12)');
    expect(text).toContain('"Acme Logistics Ltd" (ID 13)');
  });

  it("says which ID was not found", async () => {
    expect(await fails("get_client", { client: MISSING })).toContain(`no client with ID ${MISSING}`);
  });

  it("rejects an empty client before calling Halo", async () => {
    await rejectedLocally("get_client", { client: "  " }, "client");
  });
});

describe("create_client", () => {
  it("creates a client with phone, email, website and custom fields by label", async () => {
    const data = await ok("create_client", {
      name: "Nakatomi Trading",
      phone: "+44 20 7946 0999",
      email: "accounts@nakatomi.example",
      website: "https://nakatomi.example",
      custom_fields: { "Support Tier": "Gold", 252: "NAKA1" },
    });
    const client = data.client as { id: number; name: string; custom_fields?: Record<string, unknown> };
    expect(client).toMatchObject({ name: "Nakatomi Trading", website: "https://nakatomi.example" });
    const saved = dbClient(client.id);
    expect(saved).toMatchObject({
      name: "Nakatomi Trading",
      accountsemailaddress: "accounts@nakatomi.example",
    });
    // Halo takes a new client's phone as its first site's phone (newclient_phonenumber).
    expect(lastPosted("/Client")?.newclient_phonenumber).toBe("+44 20 7946 0999");
    expect(client).toMatchObject({ phone: "+44 20 7946 0999", main_site: expect.stringMatching(/ #\d+$/) });
    expect(customValue(saved as never, "Support Tier")).toBe("Gold");
    expect(customValue(saved as never, "Account Code")).toBe("NAKA1");
    expect(client.custom_fields).toEqual({ "Support Tier": "Gold", "Account Code": "NAKA1" });
  });

  it("refuses a likely duplicate (same name, any case) and lists it with its ID", async () => {
    const before = posts();
    const text = await fails("create_client", { name: "ACME corporation" });
    expect(text).toContain("Acme Corporation #12");
    expect(text).toContain("allow_duplicate");
    expect(posts()).toBe(before);
    const searched = e2e.fake.requests.filter((r) => r.path === "/Client" && r.method === "GET").at(-1);
    expect(searched?.query).toMatchObject({ search: "ACME corporation", includeinactive: "true" });
  });

  it("creates the duplicate when allow_duplicate is true", async () => {
    const data = await ok("create_client", { name: "Hooli", allow_duplicate: true });
    const id = (data.client as { id: number }).id;
    expect(id).not.toBe(19);
    expect([...e2e.fake.db.clients.values()].filter((c) => c.name === "Hooli")).toHaveLength(2);
  });

  it("dry_run shows the payload and the possible duplicates, and sends nothing", async () => {
    const data = await dryRun("create_client", {
      name: "Initech",
      top_level: "Customers",
      website: "https://x.example",
    });
    expect(data.would_send).toEqual({ name: "Initech", toplevel_id: 1, website: "https://x.example" });
    expect(data.resolved).toEqual({ top_level: "Customers #1" });
    expect(data.possible_duplicates).toEqual(["Initech #15"]);
    expect(data.warning).toContain("allow_duplicate");
  });

  it("validates email, phone and name before anything is sent", async () => {
    await rejectedLocally("create_client", { name: "Bad Mail Ltd", email: "not-an-email" }, "email");
    await rejectedLocally("create_client", { name: "Bad Phone Ltd", phone: "call me" }, "phone");
    await rejectedLocally("create_client", { name: "" }, "name");
  });

  it("passes Halo's validation message through", async () => {
    const text = await fails("create_client", { name: "N".repeat(300), allow_duplicate: true });
    expect(text).toContain("HaloPSA rejected the request");
    expect(text).toMatch(/\(name\)/);
  });

  it("names an unknown custom field and the known ones", async () => {
    const text = await fails("create_client", { name: "Cf Test Ltd", custom_fields: { Colour: "red" } });
    expect(text).toContain('custom_fields: no custom field "Colour"');
    expect(text).toContain("Support Tier");
  });
});

describe("update_client", () => {
  it("merges custom fields: the field given changes, the others keep their values", async () => {
    const tierBefore = customValue(dbClient(14) as never, "Support Tier");
    expect(tierBefore).toBeTruthy();
    const data = await ok("update_client", { id: 14, custom_fields: { "Account Code": "GLBX-NEW" } });
    const saved = dbClient(14) as never;
    expect(customValue(saved, "Account Code")).toBe("GLBX-NEW");
    expect(customValue(saved, "Support Tier")).toBe(tierBefore);
    expect((data.client as { custom_fields: unknown }).custom_fields).toEqual({
      "Support Tier": tierBefore,
      "Account Code": "GLBX-NEW",
    });
    expect(lastPosted("/Client")?.customfields).toHaveLength(2);
  });

  it("posts only the fields given (partial update) and can deactivate", async () => {
    const before = dbClient(20)?.website;
    await ok("update_client", { id: 20, notes: "Moved to annual billing.", inactive: true });
    expect(lastPosted("/Client")).toEqual({ id: 20, notes: "Moved to annual billing.", inactive: true });
    expect(dbClient(20)).toMatchObject({
      notes: "Moved to annual billing.",
      inactive: true,
      website: before,
    });
    await ok("update_client", { id: 20, inactive: false });
  });

  it("dry_run previews the merged payload, a selection option as its ID, and sends nothing", async () => {
    const goldId = () => e2e.fake.db.fields.get(251)?.values.find((v) => v.name === "Gold")?.id;
    const data = await dryRun("update_client", {
      id: 12,
      name: "Acme Corp",
      custom_fields: { "Support Tier": "Gold" },
    });
    expect(data.would_send).toMatchObject({ id: 12, name: "Acme Corp" });
    expect(data.would_send.customfields).toEqual(
      expect.arrayContaining([{ id: 251, value: goldId() }, expect.objectContaining({ id: 252 })]),
    );
    expect(data.resolved).toEqual({ client: "Acme Corporation #12" });
    expect(dbClient(12)?.name).toBe("Acme Corporation");
  });

  it("says which ID was not found", async () => {
    expect(await fails("update_client", { id: MISSING, notes: "x" })).toContain(
      `no client with ID ${MISSING}`,
    );
  });

  it("validates the email before anything is sent, and asks for a change", async () => {
    await rejectedLocally("update_client", { id: 12, email: "nope@" }, "email");
    expect(await fails("update_client", { id: 12 })).toContain("nothing to change");
  });

  it("passes Halo's validation message through", async () => {
    const text = await fails("update_client", { id: 21, name: "N".repeat(300) });
    expect(text).toContain("HaloPSA rejected the request");
    expect(text).toMatch(/\(name\)/);
  });
});

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
    expect((data.sites as Array<{ name: string }>).map((s) => s.name)).toEqual(["Globex HQ", "Globex Leeds"]);
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

describe("get_site", () => {
  it("returns address, phone, client, main contact and optional counts", async () => {
    const data = await ok("get_site", { site: 30, counts: true });
    const db = e2e.fake.db;
    const addr = db.sites.get(30)?.delivery_address;
    const openTickets = [...db.tickets.values()].filter(
      (t) => t.site_id === 30 && !db.statuses.get(t.status_id)?.closed,
    ).length;
    expect(data.site).toMatchObject({
      id: 30,
      name: "Acme London",
      client: "Acme Corporation #12",
      address: [addr?.line1, addr?.line3].filter(Boolean),
      postcode: addr?.postcode,
      phone: expect.any(String),
      main_contact: "Sarah Mitchell #100",
      counts: { contacts: 3, open_tickets: openTickets },
    });
    expect((await ok("get_site", { site: 30 })).site).not.toHaveProperty("counts");
  });

  it("finds a site by name within a client", async () => {
    const data = await ok("get_site", { site: "manchester", client: 12 });
    expect((data.site as { id: number }).id).toBe(31);
  });

  it("says which ID was not found", async () => {
    expect(await fails("get_site", { site: MISSING })).toContain(`no site with ID ${MISSING}`);
  });

  it("rejects a missing site argument before calling Halo", async () => {
    await rejectedLocally("get_site", {}, "site");
  });
});

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

describe("update_site", () => {
  it("replaces the address lines and keeps the untouched postcode", async () => {
    const postcode = e2e.fake.db.sites.get(33)?.delivery_address.postcode;
    const data = await ok("update_site", {
      id: 33,
      address: ["2 Wellington Place", "Leeds"],
      phone: "0113 496 0000",
    });
    expect(data.site).toMatchObject({
      id: 33,
      address: ["2 Wellington Place", "Leeds"],
      postcode,
      phone: "0113 496 0000",
    });
    expect(e2e.fake.db.sites.get(33)?.delivery_address).toMatchObject({
      line1: "2 Wellington Place",
      line2: "Leeds",
      postcode,
    });
  });

  it("dry_run sends nothing", async () => {
    const data = await dryRun("update_site", { id: 31, name: "Acme Salford" });
    expect(data.would_send).toEqual({ id: 31, name: "Acme Salford" });
    expect(e2e.fake.db.sites.get(31)?.name).toBe("Acme Manchester");
  });

  it("says which ID was not found", async () => {
    expect(await fails("update_site", { id: MISSING, name: "x" })).toContain(`no site with ID ${MISSING}`);
  });

  it("validates the phone before anything is sent", async () => {
    await rejectedLocally("update_site", { id: 31, phone: "phone" }, "phone");
  });

  it("passes Halo's validation message through", async () => {
    const text = await fails("update_site", { id: 45, name: "S".repeat(300) });
    expect(text).toContain("HaloPSA rejected the request");
    expect(text).toMatch(/\(name\)/);
  });
});

// ── contacts ────────────────────────────────────────────────────────────

describe("search_contacts", () => {
  it("lists a site's contacts, client and site shown once", async () => {
    const data = await ok("search_contacts", { client: 12, site: "Acme London" });
    expect(data).toMatchObject({ client: "Acme Corporation #12", site: "Acme London #30" });
    expect((data.contacts as Array<{ name: string }>).map((c) => c.name)).toEqual(
      expect.arrayContaining(["Sarah Mitchell", "Tom Baker"]),
    );
  });

  it("finds by email, and by phone with search_phonenumbers", async () => {
    const byEmail = await ok("search_contacts", { email: "priya.shah@acme-corp.example" });
    expect(byEmail.contacts).toEqual([
      expect.objectContaining({
        id: 103,
        name: "Priya Shah",
        job_title: "Operations Lead",
        site: "Acme Manchester #31",
      }),
    ]);
    const phone = e2e.fake.db.users.get(101)?.mobilenumber as string;
    const byPhone = await ok("search_contacts", { phone });
    expect(byPhone.contacts).toEqual(expect.arrayContaining([expect.objectContaining({ id: 101 })]));
    const last = e2e.fake.requests.filter((r) => r.path === "/Users").at(-1);
    expect(last?.query).toMatchObject({ search: phone, search_phonenumbers: "true" });
  });

  it("keeps 25 rows within 6 KB", async () => {
    const data = await ok("search_contacts", { limit: 25 });
    expect(data.shown).toBe(25);
    expect(size(data)).toBeLessThanOrEqual(6 * 1024);
  });

  it("says which client ID was not found", async () => {
    expect(await fails("search_contacts", { client: MISSING })).toContain(
      `client: no client with ID ${MISSING}`,
    );
  });

  it("takes one search text at a time, checked before calling Halo", async () => {
    await rejectedLocally("search_contacts", { query: "sarah", email: "x@y.example" }, "query, email, phone");
  });
});

describe("get_contact", () => {
  it("returns the contact by ID, name or email", async () => {
    const data = await ok("get_contact", { contact: 100 });
    expect(data.contact).toMatchObject({
      id: 100,
      name: "Sarah Mitchell",
      client: "Acme Corporation #12",
      site: "Acme London #30",
      email: "sarah.mitchell@acme-corp.example",
      job_title: "Office Manager",
      main_contact: true,
    });
    expect(
      ((await ok("get_contact", { contact: "Tom Baker", client: 12 })).contact as { id: number }).id,
    ).toBe(101);
    const byEmail = await ok("get_contact", { contact: "priya.shah@acme-corp.example" });
    expect((byEmail.contact as { id: number }).id).toBe(103);
  });

  it("says which ID was not found", async () => {
    expect(await fails("get_contact", { contact: MISSING })).toContain(`no contact with ID ${MISSING}`);
  });

  it("rejects a missing contact argument before calling Halo", async () => {
    await rejectedLocally("get_contact", { client: 12 }, "contact");
  });
});

describe("create_contact", () => {
  it("creates a contact on the client's main site by default", async () => {
    const data = await ok("create_contact", {
      firstname: "Holly",
      surname: "Gennero",
      client: "Acme Corporation",
      email: "holly.gennero@acme-corp.example",
      phone: "+44 20 7946 0111",
      mobile: "07700 900111",
      job_title: "Vice President",
    });
    const contact = data.contact as { id: number };
    expect(data.contact).toMatchObject({
      name: "Holly Gennero",
      client: "Acme Corporation #12",
      site: "Acme London #30",
      email: "holly.gennero@acme-corp.example",
      mobile: "07700 900111",
      job_title: "Vice President",
    });
    expect(e2e.fake.db.users.get(contact.id)).toMatchObject({
      site_id: 30,
      firstname: "Holly",
      surname: "Gennero",
      emailaddress: "holly.gennero@acme-corp.example",
      phonenumber: "+44 20 7946 0111",
      title: "Vice President",
    });
    // No portal welcome email unless asked.
    expect(lastPosted("/Users")).toMatchObject({ sendwelcomeemail: false });
  });

  it("sends the welcome email only when asked", async () => {
    await ok("create_contact", {
      name: "Argyle Welcome",
      client: 12,
      email: "argyle@acme-corp.example",
      send_welcome: true,
    });
    expect(lastPosted("/Users")).toMatchObject({
      sendwelcomeemail: true,
      emailaddress: "argyle@acme-corp.example",
    });
  });

  it("puts the contact on the site given, by name", async () => {
    const data = await ok("create_contact", { name: "Ellis Takagi", client: 12, site: "Acme Manchester" });
    expect(data.contact).toMatchObject({ site: "Acme Manchester #31" });
  });

  it("refuses a site of another client", async () => {
    const before = posts();
    expect(await fails("create_contact", { name: "Argyle Driver", client: 12, site: 33 })).toContain(
      "belongs to client Globex Corporation #14",
    );
    expect(posts()).toBe(before);
  });

  it("refuses a likely duplicate: same email anywhere", async () => {
    const before = posts();
    const text = await fails("create_contact", {
      name: "S. Mitchell",
      client: 14,
      email: "SARAH.MITCHELL@acme-corp.example",
    });
    expect(text).toContain("Sarah Mitchell #100");
    expect(text).toContain("same email");
    expect(posts()).toBe(before);
  });

  it("counts inactive contacts as duplicates too (includeinactive)", async () => {
    const tom = e2e.fake.db.users.get(101);
    if (!tom) throw new Error("seed: no user 101");
    tom.inactive = true;
    try {
      const before = posts();
      const text = await fails("create_contact", { name: "T. Baker", client: 14, email: tom.emailaddress });
      expect(text).toContain("Tom Baker #101");
      expect(posts()).toBe(before);
      const search = e2e.fake.requests.filter((r) => r.path === "/Users").at(-1);
      expect(search?.query).toMatchObject({ includeinactive: "true" });
    } finally {
      tom.inactive = false;
    }
  });

  it("refuses a likely duplicate: same name within the client, unless allow_duplicate", async () => {
    const before = posts();
    const text = await fails("create_contact", { name: "tom baker", client: "Acme Corporation" });
    expect(text).toContain("Tom Baker #101");
    expect(posts()).toBe(before);
    const data = await ok("create_contact", { name: "Tom Baker", client: 12, allow_duplicate: true });
    expect((data.contact as { id: number }).id).not.toBe(101);
    expect([...e2e.fake.db.users.values()].filter((u) => u.name === "Tom Baker")).toHaveLength(2);
  });

  it("allows the same name at another client", async () => {
    const data = await ok("create_contact", { name: "Sarah Mitchell", client: "Initech" });
    expect(data.contact).toMatchObject({ client: "Initech #15" });
  });

  it("dry_run resolves names, reports possible duplicates and sends nothing", async () => {
    const data = await dryRun("create_contact", {
      name: "Priya Shah",
      client: "Acme Corporation",
      email: "p@x.example",
    });
    expect(data.would_send).toEqual({
      name: "Priya Shah",
      firstname: "Priya",
      surname: "Shah",
      client_id: 12,
      site_id: 30,
      emailaddress: "p@x.example",
      sendwelcomeemail: false,
    });
    expect(data.resolved).toEqual({ client: "Acme Corporation #12", site: "Acme London #30" });
    expect(data.possible_duplicates).toEqual(["Priya Shah #103 (same name)"]);
  });

  it("validates email, phone, mobile and the name before anything is sent", async () => {
    await rejectedLocally("create_contact", { name: "A B", client: 12, email: "a@b" }, "email");
    await rejectedLocally("create_contact", { name: "A B", client: 12, phone: "abc" }, "phone");
    await rejectedLocally("create_contact", { name: "A B", client: 12, mobile: "+44 (0) mobile" }, "mobile");
    await rejectedLocally("create_contact", { client: 12 }, "name");
    await rejectedLocally("create_contact", { name: "A B" }, "client");
  });

  it("says which client ID was not found", async () => {
    expect(await fails("create_contact", { name: "A B", client: MISSING })).toContain(
      `client: no client with ID ${MISSING}`,
    );
  });

  it("passes Halo's validation message through", async () => {
    const text = await fails("create_contact", { name: "C".repeat(300), client: 21 });
    expect(text).toContain("HaloPSA rejected the request");
    expect(text).toMatch(/\(name\)/);
  });
});

describe("update_contact", () => {
  it("changes only the fields given and keeps first name and surname in step", async () => {
    const data = await ok("update_contact", {
      id: 104,
      name: "Ravi Kumar Patel",
      job_title: "Senior Engineer",
    });
    expect(data.contact).toMatchObject({ id: 104, name: "Ravi Kumar Patel", job_title: "Senior Engineer" });
    expect(e2e.fake.db.users.get(104)).toMatchObject({
      firstname: "Ravi Kumar",
      surname: "Patel",
      emailaddress: "ravi.patel@acme-corp.example",
    });
  });

  it('clears a field given as "", and still checks anything else', async () => {
    const before = e2e.fake.db.users.get(104);
    expect(before?.mobilenumber).not.toBe("");
    await ok("update_contact", { id: 104, mobile: "" });
    expect(e2e.fake.db.users.get(104)).toMatchObject({
      mobilenumber: "",
      emailaddress: before?.emailaddress,
    });
    expect(await fails("update_contact", { id: 104, mobile: "call me" })).toContain(
      "mobile: not a valid phone number",
    );
  });

  it("moves a contact to another site of the same client, refusing other clients' sites", async () => {
    const data = await ok("update_contact", { id: 105, site: "Acme London" });
    expect(data.contact).toMatchObject({ site: "Acme London #30" });
    expect(await fails("update_contact", { id: 105, site: "Globex HQ" })).toMatch(
      /site: no site named "Globex HQ"/,
    );
  });

  it("dry_run sends nothing", async () => {
    const data = await dryRun("update_contact", {
      id: 102,
      email: "george@acme-corp.example",
      inactive: true,
    });
    expect(data.would_send).toEqual({ id: 102, emailaddress: "george@acme-corp.example", inactive: true });
    expect(e2e.fake.db.users.get(102)?.inactive).toBe(false);
  });

  it("says which ID was not found", async () => {
    expect(await fails("update_contact", { id: MISSING, job_title: "x" })).toContain(
      `no contact with ID ${MISSING}`,
    );
  });

  it("validates email and phone before anything is sent", async () => {
    await rejectedLocally("update_contact", { id: 102, email: "george at acme" }, "email");
    await rejectedLocally("update_contact", { id: 102, mobile: "n/a" }, "mobile");
  });

  it("passes Halo's validation message through", async () => {
    const text = await fails("update_contact", { id: 148, name: "C".repeat(300) });
    expect(text).toContain("HaloPSA rejected the request");
    expect(text).toMatch(/\(name\)/);
  });
});
