import { describe, expect, it } from "vitest";
import {
  addressOf,
  clientView,
  contactRow,
  contactView,
  fitRows,
  siteView,
} from "../../src/tools/clients/projection.js";
import { addressPayload, nameParts } from "../../src/tools/clients/shared.js";
import { phone } from "../../src/tools/common.js";

// Keys taken verbatim from a real GET /api/Users/{id} answer (shared/halo/samples/user.get-response.json), trimmed.
const sample: Record<string, unknown> = {
  id: 38,
  name: "Some Body",
  site_id: 18.0,
  site_id_int: 18,
  site_name: "Org SIte",
  client_name: "Some Org",
  firstname: "Some",
  surname: "Body",
  initials: "NF",
  emailaddress: "some.body@example.com",
  sitephonenumber: "",
  telpref: 0,
  inactive: false,
  colour: "#2bd3c6",
  isimportantcontact: false,
  other5: "380271314777",
  neversendemails: false,
  priority_id: 0,
  linked_agent_id: 13,
  customfields: [],
  datecreated: "2022-09-26T16:15:38.897",
  ismaincontact: false,
  delegation_start: "1899-12-30T00:00:00",
  autotaskid: -1,
  messagegroup_id: -1,
  use: "user",
  client_id: 12,
  site: {
    id: 18,
    name: "Org SIte",
    client_id: 12.0,
    client_name: "Some Org",
    clientsite_name: "Some Org/Org SIte",
    inactive: false,
    sla_id: 1,
    phonenumber: "",
    timezone: "",
    maincontact_name: "",
    maincontact_id: -1,
    delivery_address: {
      id: 34,
      type: -2,
      line1: "",
      line2: "",
      line3: "",
      line4: "",
      postcode: "",
      primary: true,
      inactive: false,
      date_active: "2023-10-18T09:54:26.28",
      site_id: 18,
    },
    customfields: [],
    contractlastchecked: "1899-12-30T00:00:00",
    client: {
      id: 12,
      name: "Some Org",
      toplevel_id: 1,
      toplevel_name: "UK",
      inactive: false,
      customfields: [],
      main_site_id: 18,
      main_site_name: "Org SIte",
      website: "",
      automatic_callscript_id: -1,
      trading_name: "Example Organisation",
      datecreated: "2019-01-09T09:37:08.62",
    },
  },
};

describe("client projections on real Halo records", () => {
  it("reduces the user to a few readable fields", () => {
    expect(contactView(sample)).toEqual({
      id: 38,
      name: "Some Body",
      client: "Some Org #12",
      site: "Org SIte #18",
      email: "some.body@example.com",
    });
    expect(JSON.stringify(contactRow(sample)).length).toBeLessThan(200);
  });

  it("projects the embedded site and client, dropping placeholders (-1 IDs, empty strings)", () => {
    const site = sample.site as Record<string, unknown>;
    expect(siteView(site)).toEqual({ id: 18, name: "Org SIte", client: "Some Org #12" });
    expect(clientView(site.client as Record<string, unknown>)).toEqual({
      id: 12,
      name: "Some Org",
      top_level: "UK #1",
      main_site: "Org SIte #18",
    });
  });

  it("keeps a worst-case client profile within 3 KB", () => {
    const long = "x".repeat(2000);
    const fields = Array.from({ length: 40 }, (_, i) => ({
      id: i + 1,
      label: `Custom field number ${i}`,
      value: long,
    }));
    const view = clientView(
      {
        id: 99999,
        name: "N".repeat(120),
        toplevel_id: 3,
        toplevel_name: "T".repeat(60),
        main_site_id: 77777,
        main_site_name: "S".repeat(80),
        main_phonenumber: "+44 20 7946 0000 ext 1234",
        accountsemailaddress: `${"a".repeat(60)}@example.com`,
        website: `https://${"w".repeat(80)}.example`,
        accountmanagertech: 5,
        accountmanagertech_name: "A".repeat(60),
        notes: long,
        customfields: fields,
      },
      { sites: 9999, contacts: 99999, open_tickets: 99999, active_contracts: 999 },
    );
    expect(view.custom_fields_more).toBe(40 - Object.keys(view.custom_fields ?? {}).length);
    expect(Buffer.byteLength(JSON.stringify({ client: view }))).toBeLessThanOrEqual(3 * 1024);
  });

  it("shows counts and clips long notes", () => {
    const view = clientView(
      { id: 5, name: "X", notes: `<p>${"a".repeat(1000)}</p>` },
      { sites: 2, contacts: 0 },
    );
    expect(view.counts).toEqual({ sites: 2, contacts: 0 });
    expect(String(view.notes).length).toBeLessThan(350);
  });
});

describe("site addresses", () => {
  it("reads the AddressStore object or the flat line fields", () => {
    expect(
      addressOf({ delivery_address: { line1: "1 High St", line2: "", line3: "Leeds", postcode: "LS1 1AA" } }),
    ).toEqual({
      address: ["1 High St", "Leeds"],
      postcode: "LS1 1AA",
    });
    expect(addressOf({ delivery_address_line1: "2 Low Rd" })).toEqual({ address: ["2 Low Rd"] });
  });

  it("posts the whole address: new lines replace old ones, an untouched postcode survives", () => {
    const old = { id: 34, type: -2, line1: "Old 1", line2: "Old 2", postcode: "AB1" };
    expect(addressPayload(["New 1"], undefined, old)).toEqual({
      id: 34,
      line1: "New 1",
      line2: "",
      line3: "",
      line4: "",
      postcode: "AB1",
    });
    expect(addressPayload(undefined, "ZZ9", old)).toEqual({
      id: 34,
      line1: "Old 1",
      line2: "Old 2",
      line3: "",
      line4: "",
      postcode: "ZZ9",
    });
  });
});

describe("nameParts", () => {
  it("splits a full name at the last space unless parts are given", () => {
    expect(nameParts("Mary Ann Smith")).toEqual({ firstname: "Mary Ann", surname: "Smith" });
    expect(nameParts("Cher")).toEqual({ firstname: "Cher", surname: undefined });
    expect(nameParts("A B", "Alpha", "Beta")).toEqual({ firstname: "Alpha", surname: "Beta" });
  });
});

describe("size bounds", () => {
  it("keeps a client within 3 KB when custom field labels are long", () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({
      id: i + 1,
      label: `A very long custom field label that goes on and on, number ${i}`,
      value: "v".repeat(500),
    }));
    const view = clientView({ id: 1, name: "N".repeat(120), notes: "n".repeat(2000), customfields: fields });
    expect(Buffer.byteLength(JSON.stringify({ client: view }))).toBeLessThanOrEqual(3 * 1024);
    expect(view.custom_fields_more).toBe(30 - Object.keys(view.custom_fields ?? {}).length);
  });

  it("fits 25 wide contact rows by dropping the least needed columns first", () => {
    const row = {
      id: 12345,
      name: "Alexandra Richardson-Montgomery",
      client: "Northwind Traders International Ltd #1234",
      site: "Head Office, Canary Wharf #5678",
      email: "alexandra.richardson-montgomery@northwindtraders.example.com",
      phone: "+44 20 7946 0958 ext 1234",
      mobile: "+44 7700 900123",
      job_title: "Head of Infrastructure and IT Operations",
    };
    const rows = fitRows(Array(25).fill(row), 5600, ["job_title", "mobile", "site"]);
    expect(JSON.stringify(rows).length).toBeLessThanOrEqual(5600);
    expect(rows[0]).toMatchObject({ id: 12345, client: row.client, email: row.email });
  });
});

describe("phone validation", () => {
  it("takes international numbers and extensions, refuses digitless text", () => {
    for (const ok of ["+44 20 7946 0958", "(555) 123-4567 x89", "+1 555-123-4567 ext. 12", "07700 900123"])
      expect(phone.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["-----", "( ) - x12345", "call me", "123"])
      expect(phone.safeParse(bad).success, bad).toBe(false);
  });
});
