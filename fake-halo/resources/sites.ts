/**
 * Sites: wire shapes, GET /Site and POST /Site (seeded with their client, see clients.ts).
 */
import { SITE_FILLER } from "../filler.js";
import { byId, ordered, type ReadDef } from "../read.js";
import { badRequest, notFound } from "../reply.js";
import type { FakeDb, Site, WireObject } from "../types.js";
import { contains, has, iso, merge, num, str } from "../util.js";
import {
  assign,
  checkNameLength,
  checkRef,
  firstError,
  itemId,
  nextId,
  type WriteContext,
  type WriteDef,
} from "../write.js";
import { openTicketCount, wireClientDetail } from "./clients.js";

export function sitesOf(db: FakeDb, clientId: number): Site[] {
  return [...db.sites.values()].filter((s) => s.client_id === clientId);
}

export function address(site: Site, type: number): WireObject {
  const a = site.delivery_address;
  return {
    id: site.id,
    type,
    line1: a.line1,
    line2: a.line2,
    line3: a.line3,
    line4: "",
    postcode: a.postcode,
    primary: true,
    inactive: false,
    site_id: site.id,
  };
}

export function wireSite(db: FakeDb, s: Site): WireObject {
  const client = db.clients.get(s.client_id);
  return {
    id: s.id,
    name: s.name,
    client_id: s.client_id,
    client_name: client?.name ?? "",
    clientsite_name: `${client?.name ?? ""}/${s.name}`,
    inactive: s.inactive,
    sla_id: s.sla_id,
    phonenumber: s.phonenumber,
    colour: "#2bd3c6",
    timezone: s.timezone,
    invoice_address_isdelivery: true,
    isstocklocation: false,
    delivery_address_line1: s.delivery_address.line1,
    delivery_address_line2: s.delivery_address.line2,
    delivery_address_line3: s.delivery_address.line3,
    maincontact_id: s.maincontact_id ?? -1,
    use: "site",
  };
}

export function wireSiteDetail(db: FakeDb, s: Site): WireObject {
  const client = db.clients.get(s.client_id);
  const plain = Object.fromEntries(Object.entries(s).filter(([k]) => k !== "delivery_address"));
  return merge(
    {
      id: s.id,
    },
    SITE_FILLER,
    plain,
    wireSite(db, s),
    {
      maincontact_name: s.maincontact_id ? (db.users.get(s.maincontact_id as number)?.name ?? "") : "",
      notes: s.notes,
      datecreated: s.datecreated,
      delivery_address: address(s, -2),
      invoice_address: { ...address(s, -1), description: "Site Invoice Address" },
      open_ticket_count: openTicketCount(db, (t) => t.site_id === s.id),
      fields: SITE_FIELDS.map(([id, name], k) => ({
        id,
        name,
        validate: "X",
        value: k === 0 ? `AC-${s.id}` : "",
        display: k === 0 ? `AC-${s.id}` : "",
        mandatory: false,
        showonactivity: false,
        lookup: 0,
        systemuse: 0,
        parenttype_id: 0,
        typeinfo_id: -2,
        tab_id: 0,
        tab_name: "",
        groupname: "",
      })),
      client: client ? wireClientDetail(db, client, true) : {},
    },
  );
}

const SITE_FIELDS: Array<[number, string]> = [
  [137, "Account Number"],
  [138, "Opening Hours"],
  [139, "Alarm Code Holder"],
  [140, "Parking"],
  [141, "Comms Room Location"],
  [142, "ISP"],
  [143, "Broadband Reference"],
];

export const sites: ReadDef<FakeDb["sites"] extends Map<number, infer S> ? S : never> = {
  key: "sites",
  label: "Site",
  find({ db, q }) {
    const search = q.str("search")?.toLowerCase();
    const client = q.int("client_id");
    const inactive = q.bool("includeinactive");
    const rows = [...db.sites.values()].filter(
      (s) =>
        (inactive || !s.inactive) &&
        (client === undefined || s.client_id === client) &&
        (!search || contains(s.name, search)),
    );
    return ordered(rows, q, "name", false);
  },
  render: ({ db }, s) => wireSite(db, s),
  one({ db }, id) {
    const s = byId(db.sites, id);
    return s && wireSiteDetail(db, s);
  },
};

export function newSite(ctx: WriteContext, clientId: number, name: string): Site {
  return {
    id: nextId(ctx.db, "site", 30),
    name,
    client_id: clientId,
    inactive: false,
    phonenumber: "",
    sla_id: ctx.db.clients.get(clientId)?.sla_id ?? 1,
    timezone: "GMT Standard Time",
    delivery_address: { line1: "", line2: "", line3: "", postcode: "" },
    notes: "",
    datecreated: iso(ctx.now()),
  };
}

export const sitesWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.sites.get(id) : undefined;
    if (id && !existing) return notFound("Site", id);
    if ((!existing || has(item, "name")) && !str(item.name)) return badRequest("Please enter a Name (name).");
    if (!existing && !has(item, "client_id")) return badRequest("Please select a Client (client_id).");
    const error = firstError(
      checkNameLength(item),
      checkRef(item, "client_id", "Client", (n) => db.clients.has(n)),
    );
    if (error) return error;
    return () => {
      const s = existing ?? newSite(ctx, num(item.client_id), str(item.name));
      assign(s, item, ["client_id", "delivery_address"]);
      if (has(item, "client_id")) s.client_id = num(item.client_id);
      if (item.delivery_address && typeof item.delivery_address === "object")
        s.delivery_address = {
          ...s.delivery_address,
          ...(item.delivery_address as Site["delivery_address"]),
        };
      s.name = str(s.name);
      db.sites.set(s.id, s);
      return wireSiteDetail(db, s);
    };
  },
  remove: ({ db }, id) => db.sites.delete(id),
};
