/**
 * Clients and top levels: the client seed (it also creates each client's
 * sites and contacts, in one sequence of draws), wire shapes, GET /Client,
 * GET /TopLevel and POST /Client.
 */
import { REFERENCE_MS } from "../clock.js";
import { CLIENT_FILLER } from "../filler.js";
import type { Rng } from "../prng.js";
import { byId, ordered, type ReadDef } from "../read.js";
import { badRequest, notFound } from "../reply.js";
import type { Client, FakeDb, Site, Ticket, User, WireObject } from "../types.js";
import { contains, DAY, has, iso, merge, part, str } from "../util.js";
import { assign, checkNameLength, checkRef, firstError, itemId, nextId, type WriteDef } from "../write.js";
import {
  emptyField,
  fieldDefs,
  replaceCustomFields,
  SERVICES,
  seedField,
  wireCustomFieldsFull,
} from "./custom-fields.js";
import { address, newSite } from "./sites.js";
import { FIRST_NAMES, FIXED_CONTACTS, JOB_TITLES, SURNAMES } from "./users.js";

export interface ClientSeed {
  name: string;
  domain: string;
  code: string;
  sites: string[];
  city: string;
}

/** The first entries are fixed: tests rely on the two "Acme" clients (name ambiguity). */
export const CLIENT_SEEDS: ClientSeed[] = [
  {
    name: "Acme Corporation",
    domain: "acme-corp.example",
    code: "ACME",
    sites: ["Acme London", "Acme Manchester"],
    city: "London",
  },
  {
    name: "Acme Logistics Ltd",
    domain: "acmelogistics.example",
    code: "ACLG",
    sites: ["Felixstowe Depot"],
    city: "Felixstowe",
  },
  {
    name: "Globex Corporation",
    domain: "globex.example",
    code: "GLBX",
    sites: ["Globex HQ", "Globex Leeds"],
    city: "Leeds",
  },
  { name: "Initech", domain: "initech.example", code: "INIT", sites: ["Initech Reading"], city: "Reading" },
  {
    name: "Umbrella Health",
    domain: "umbrellahealth.example",
    code: "UMBR",
    sites: ["Umbrella Health Clinic", "Umbrella Health Lab"],
    city: "Oxford",
  },
  {
    name: "Stark Industries",
    domain: "stark.example",
    code: "STRK",
    sites: ["Stark Bristol"],
    city: "Bristol",
  },
  {
    name: "Wayne Enterprises",
    domain: "wayne.example",
    code: "WAYN",
    sites: ["Wayne Tower", "Wayne Glasgow"],
    city: "Glasgow",
  },
  { name: "Hooli", domain: "hooli.example", code: "HOOL", sites: ["Hooli Cambridge"], city: "Cambridge" },
  {
    name: "Vandelay Industries",
    domain: "vandelay.example",
    code: "VAND",
    sites: ["Vandelay Birmingham"],
    city: "Birmingham",
  },
  {
    name: "Soylent Foods",
    domain: "soylent.example",
    code: "SOYL",
    sites: ["Soylent Factory", "Soylent Office"],
    city: "Norwich",
  },
  {
    name: "Cyberdyne Systems",
    domain: "cyberdyne.example",
    code: "CYBR",
    sites: ["Cyberdyne Lab"],
    city: "Swindon",
  },
  {
    name: "Tyrell Legal LLP",
    domain: "tyrell-legal.example",
    code: "TYRL",
    sites: ["Tyrell Chambers"],
    city: "York",
  },
  {
    name: "Northwind Traders",
    domain: "northwind.example",
    code: "NWND",
    sites: ["Northwind Warehouse"],
    city: "Hull",
  },
  {
    name: "Contoso Dental",
    domain: "contoso-dental.example",
    code: "CTSO",
    sites: ["Contoso Surgery"],
    city: "Bath",
  },
  {
    name: "Fabrikam Engineering",
    domain: "fabrikam.example",
    code: "FBKM",
    sites: ["Fabrikam Works"],
    city: "Derby",
  },
  {
    name: "Blue Yonder Airlines",
    domain: "blueyonder.example",
    code: "BLYD",
    sites: ["Blue Yonder Hangar"],
    city: "Luton",
  },
  {
    name: "Litware Inc",
    domain: "litware.example",
    code: "LITW",
    sites: ["Litware Studio"],
    city: "Brighton",
  },
  {
    name: "Adventure Works",
    domain: "adventure-works.example",
    code: "ADVW",
    sites: ["Adventure Works Store"],
    city: "Exeter",
  },
  {
    name: "Woodgrove Bank",
    domain: "woodgrove.example",
    code: "WDGV",
    sites: ["Woodgrove Branch"],
    city: "Chester",
  },
  {
    name: "Tailspin Toys",
    domain: "tailspin.example",
    code: "TLSP",
    sites: ["Tailspin Shop"],
    city: "Leicester",
  },
];

/** Index (in CLIENT_SEEDS) of the inactive client when all twelve defaults are seeded. */
export const INACTIVE_CLIENT_INDEX = 11;

/** Top levels (GET /TopLevel): the groups clients sit in. Every seeded client is under "Customers". */
export const TOP_LEVELS: Array<{ id: number; name: string }> = [
  { id: 1, name: "Customers" },
  { id: 2, name: "Internal" },
];
export function seedClients(db: FakeDb, rng: Rng, count: number): Map<number, ClientSeed> {
  const seeds = new Map<number, ClientSeed>();
  const clientFields = fieldDefs(db, 2);
  let siteId = 30;
  let userId = 100;
  const accountManagers = [1, 3, 5];
  for (let i = 0; i < count; i++) {
    const seed: ClientSeed = CLIENT_SEEDS[i] ?? {
      name: `Sandbox Client ${i + 1}`,
      domain: `client${i + 1}.example`,
      code: `C${String(i + 1).padStart(3, "0")}`,
      sites: [`Client ${i + 1} Office`],
      city: "London",
    };
    const id = 12 + i;
    seeds.set(id, seed);
    const inactive = count >= 3 && i === Math.min(count, INACTIVE_CLIENT_INDEX + 1) - 1;
    const sla = i % 3 === 0 ? 2 : 1;
    const client: Client = {
      id,
      name: seed.name,
      toplevel_id: 1,
      inactive,
      website: `https://www.${seed.domain}`,
      main_phonenumber: `+44 20 7946 0${String(200 + i).padStart(3, "0")}`,
      accountmanagertech: accountManagers[i % accountManagers.length] as number,
      sla_id: sla,
      notes: i === 0 ? "Key account. Head office in London; Manchester is the northern hub." : "",
      datecreated: iso(REFERENCE_MS - (400 + i * 23) * DAY),
      customfields: clientFields.map((def) =>
        def.name === "CFSupportTier"
          ? seedField(def, rng.pick(["Bronze", "Silver", "Gold"]))
          : seedField(def, `${seed.code}${String(100 + i)}`),
      ),
    };
    db.clients.set(id, client);
    for (const siteName of seed.sites) {
      const site: Site = {
        id: siteId++,
        name: siteName,
        client_id: id,
        inactive: false,
        phonenumber: `+44 20 7946 0${String(300 + siteId).padStart(3, "0")}`,
        sla_id: sla,
        timezone: "GMT Standard Time",
        delivery_address: {
          line1: `${rng.int(1, 240)} ${rng.pick(["High Street", "Station Road", "Mill Lane", "Church Street", "Park Road"])}`,
          line2: "",
          line3: siteName.includes("Manchester")
            ? "Manchester"
            : siteName.includes("London")
              ? "London"
              : seed.city,
          postcode: `${rng.pick(["EC1A", "M1", "LS1", "BS1", "OX1", "CB2", "B1"])} ${rng.int(1, 9)}${rng.pick(["AB", "XY", "QT", "RD"])}`,
        },
        notes: "",
        datecreated: client.datecreated,
      };
      db.sites.set(site.id, site);
      const fixed = FIXED_CONTACTS[siteName] ?? [];
      const people: Array<[string, string, string]> = [...fixed];
      const extra = rng.int(siteName === "Acme London" ? 3 : 2, 4) - fixed.length;
      for (let k = 0; k < extra; k++)
        people.push([rng.pick(FIRST_NAMES), rng.pick(SURNAMES), rng.pick(JOB_TITLES)]);
      people.forEach(([first, last, title], k) => {
        const user: User = {
          id: userId++,
          name: `${first} ${last}`,
          firstname: first,
          surname: last,
          title,
          emailaddress: `${first}.${last}@${seed.domain}`.toLowerCase(),
          phonenumber: `+44 20 7946 0${String(rng.int(400, 999))}`,
          mobilenumber: `+44 7700 900${String(rng.int(100, 999))}`,
          site_id: site.id,
          inactive: false,
          isimportantcontact: k === 0,
          notes: "",
          datecreated: iso(Date.parse(client.datecreated) + rng.int(1, 300) * DAY),
          customfields: [],
        };
        db.users.set(user.id, user);
        if (k === 0 && !site.maincontact_id) site.maincontact_id = user.id;
      });
    }
  }
  db.nextId.client = 12 + count;
  db.nextId.site = siteId;
  db.nextId.user = userId;
  return seeds;
}

const CLIENT_PART = part(CLIENT_FILLER, 36);

// ---------- clients, sites, contacts ----------

function mainSite(db: FakeDb, clientId: number): Site | undefined {
  let best: Site | undefined;
  for (const s of db.sites.values()) if (s.client_id === clientId && (!best || s.id < best.id)) best = s;
  return best;
}

export function wireClient(db: FakeDb, c: Client): WireObject {
  return {
    id: c.id,
    name: c.name,
    toplevel_id: c.toplevel_id,
    toplevel_name: TOP_LEVELS.find((t) => t.id === c.toplevel_id)?.name ?? "",
    inactive: c.inactive,
    colour: "#2bd3c6",
    website: c.website,
    // Halo shows the main site's number here: one number, kept on the site.
    main_phonenumber: mainSite(db, c.id)?.phonenumber || c.main_phonenumber,
    accountmanagertech: c.accountmanagertech,
    accountmanagertech_name: db.agents.get(c.accountmanagertech)?.name ?? "",
    use: "client",
  };
}

export function openTicketCount(db: FakeDb, pick: (t: Ticket) => boolean): number {
  let n = 0;
  for (const t of db.tickets.values()) if (pick(t) && !db.statuses.get(t.status_id)?.closed) n++;
  return n;
}

/** GET /Client/{id}: ~60 keys. `full` adds every neutral field, as Halo embeds clients inside sites. */
export function wireClientDetail(db: FakeDb, c: Client, full = false): WireObject {
  const site = mainSite(db, c.id);
  const plain = Object.fromEntries(Object.entries(c).filter(([k]) => k !== "customfields" && k !== "sla_id"));
  return merge(
    {
      id: c.id,
    },
    full ? CLIENT_FILLER : CLIENT_PART,
    plain,
    wireClient(db, c),
    {
      main_site_id: site?.id ?? 0,
      main_site_name: site?.name ?? "",
      main_contact_name: site?.maincontact_id
        ? (db.users.get(site.maincontact_id as number)?.name ?? "")
        : "",
      pritech: 0,
      sectech: 0,
      notes: c.notes,
      datecreated: c.datecreated,
      open_ticket_count: openTicketCount(db, (t) => t.client_id === c.id),
      customfields: wireCustomFieldsFull(db, c.customfields),
      main_delivery_address: site ? address(site, -2) : {},
      is_vip: false,
    },
    full ? embeddedClientLists(db, c) : {},
  );
}

/** What Halo adds to a client embedded in a site: its service catalogue access and KB articles. */
function embeddedClientLists(db: FakeDb, c: Client): WireObject {
  return {
    service_access: SERVICES.map((name, k) => ({
      id: k + 1,
      service_category_id: 1 + (k % 3),
      service_id: 40 + k,
      service_name: name,
      type: "X",
      area_id: c.id,
      area_name: c.name,
      tree_id: 0,
      tree_name: "",
      site_id: 0,
      site_name: "",
      user_id: 0,
      user_name: "",
    })),
    kbentries: [...db.longTail.KBArticle.values()].map((a) => ({
      id: a.id,
      name: a.name,
      area_id: c.id,
      type: 0,
      view_count: a.view_count,
      date_edited: a.date_edited,
      tag_string: a.tag_string,
    })),
  };
}

// ---------- clients, sites, contacts ----------

export const clients: ReadDef<FakeDb["clients"] extends Map<number, infer C> ? C : never> = {
  key: "clients",
  label: "Client",
  find({ db, q }) {
    const search = q.str("search")?.toLowerCase();
    const top = q.int("toplevel_id");
    const inactive = q.bool("includeinactive");
    const rows = [...db.clients.values()].filter(
      (c) =>
        (inactive || !c.inactive) &&
        (top === undefined || c.toplevel_id === top) &&
        (!search || contains(c.name, search)),
    );
    return ordered(rows, q, "name", false);
  },
  render: ({ db }, c) => wireClient(db, c),
  one({ db }, id) {
    const c = byId(db.clients, id);
    return c && wireClientDetail(db, c);
  },
};

/** GET /TopLevel: the client groups (Halo's Tree records), a bare array here. */
export const topLevels: ReadDef<WireObject> = {
  label: "TopLevel",
  find: ({ q }) => {
    const search = q.str("search")?.toLowerCase();
    return TOP_LEVELS.filter((t) => !search || contains(t.name, search)).map((t) => ({ ...t, type: 0 }));
  },
  render: (_ctx, r) => r,
  one: (_ctx, id) => {
    const t = TOP_LEVELS.find((x) => String(x.id) === id);
    return t && { ...t, type: 0 };
  },
};

export function mainSiteId(db: FakeDb, clientId: number): number | undefined {
  let best: number | undefined;
  for (const s of db.sites.values())
    if (s.client_id === clientId && (best === undefined || s.id < best)) best = s.id;
  return best;
}

// ---------- clients, sites, contacts ----------

export const clientsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.clients.get(id) : undefined;
    if (id && !existing) return notFound("Client", id);
    if ((!existing || has(item, "name")) && !str(item.name)) return badRequest("Please enter a Name (name).");
    const invalid = firstError(
      checkNameLength(item),
      checkRef(item, "toplevel_id", "Top Level", (n) => TOP_LEVELS.some((t) => t.id === n)),
    );
    if (invalid) return invalid;
    const fields = has(item, "customfields")
      ? replaceCustomFields(db, 2, item.customfields, existing?.customfields)
      : undefined;
    if (fields && !Array.isArray(fields)) return fields;
    return () => {
      const now = iso(ctx.now());
      const c: Client = existing ?? {
        id: nextId(db, "client", 12),
        name: "",
        toplevel_id: 1,
        inactive: false,
        website: "",
        main_phonenumber: "",
        accountmanagertech: 0,
        sla_id: 1,
        notes: "",
        datecreated: now,
        customfields: [...db.fields.values()].filter((f) => f.usage === 2).map(emptyField),
      };
      assign(c, item, ["customfields", "newclient_sitename", "newclient_phonenumber"]);
      c.name = str(c.name);
      if (fields) c.customfields = fields;
      if (!existing) {
        db.clients.set(c.id, c);
        // Halo gives every new client a first site.
        const site = newSite(ctx, c.id, str(item.newclient_sitename) || "Main");
        // newclient_phonenumber is the first site's phone, which Halo shows as the client's main phone.
        site.phonenumber = str(item.newclient_phonenumber);
        if (site.phonenumber) c.main_phonenumber = site.phonenumber;
        db.sites.set(site.id, site);
      }
      return wireClientDetail(db, c);
    };
  },
  remove: ({ db }, id) => db.clients.delete(id),
};
