/**
 * Users (a client's contacts): names for the seed, wire shapes, GET /Users
 * (with /Users/me) and POST /Users (seeded with their client, see clients.ts).
 */
import { USER_FILLER } from "../filler.js";
import { byId, ordered, type ReadDef } from "../read.js";
import { badRequest, notFound } from "../reply.js";
import type { CustomFieldValue, FakeDb, Ticket, User, WireObject } from "../types.js";
import { contains, digits, has, iso, merge, num, str } from "../util.js";
import { assign, checkNameLength, checkRef, firstError, itemId, nextId, type WriteDef } from "../write.js";
import { mainSiteId } from "./clients.js";
import { wireCustomFieldsFull } from "./custom-fields.js";
import { wireSiteDetail } from "./sites.js";

/** Named contacts for demos and tests, by site name; the rest are generated. */
export const FIXED_CONTACTS: Record<string, Array<[string, string, string]>> = {
  "Acme London": [
    ["Sarah", "Mitchell", "Office Manager"],
    ["Tom", "Baker", "Finance Director"],
  ],
  "Acme Manchester": [["Priya", "Shah", "Operations Lead"]],
};

export const FIRST_NAMES = [
  "James",
  "Olivia",
  "Mohammed",
  "Amelia",
  "Noah",
  "Isla",
  "George",
  "Ava",
  "Leo",
  "Mia",
  "Oscar",
  "Grace",
  "Arthur",
  "Freya",
  "Harry",
  "Lily",
  "Jack",
  "Emily",
  "Charlie",
  "Sophie",
  "Ravi",
  "Aisha",
  "Daniel",
  "Hannah",
  "Kwame",
  "Zara",
  "Liam",
  "Chloe",
  "Ethan",
  "Ruby",
];

export const SURNAMES = [
  "Smith",
  "Jones",
  "Taylor",
  "Brown",
  "Williams",
  "Wilson",
  "Johnson",
  "Davies",
  "Patel",
  "Robinson",
  "Wright",
  "Thompson",
  "Evans",
  "Walker",
  "White",
  "Roberts",
  "Green",
  "Hall",
  "Wood",
  "Khan",
  "Hughes",
  "Clarke",
  "Edwards",
  "Turner",
  "Hill",
  "Moore",
  "Cooper",
  "Ward",
  "Morris",
  "Nguyen",
];

export const JOB_TITLES = [
  "Office Manager",
  "Accountant",
  "Receptionist",
  "Sales Executive",
  "HR Advisor",
  "Director",
  "Warehouse Supervisor",
  "Practice Manager",
  "Marketing Lead",
  "Engineer",
  "Paralegal",
  "Analyst",
];

export function usersOf(db: FakeDb, siteId: number): User[] {
  return [...db.users.values()].filter((u) => u.site_id === siteId);
}

export function wireUser(db: FakeDb, u: User): WireObject {
  const site = db.sites.get(u.site_id);
  const client = site ? db.clients.get(site.client_id) : undefined;
  return {
    id: u.id,
    name: u.name,
    site_id: u.site_id,
    site_id_int: u.site_id,
    site_name: site?.name ?? "",
    client_name: client?.name ?? "",
    client_id: client?.id ?? 0,
    firstname: u.firstname,
    surname: u.surname,
    initials: `${u.firstname[0] ?? ""}${u.surname[0] ?? ""}`,
    title: u.title,
    emailaddress: u.emailaddress,
    phonenumber: u.phonenumber,
    mobilenumber: u.mobilenumber,
    sitephonenumber: site?.phonenumber ?? "",
    inactive: u.inactive,
    isimportantcontact: u.isimportantcontact,
    ismaincontact: site?.maincontact_id === u.id,
    colour: "#2bd3c6",
    use: "user",
  };
}

export function wireUserDetail(db: FakeDb, u: User): WireObject {
  const site = db.sites.get(u.site_id);
  return merge(
    {
      id: u.id,
    },
    USER_FILLER,
    u,
    wireUser(db, u),
    {
      notes: u.notes,
      datecreated: u.datecreated,
      telpref: 0,
      customfields: wireCustomFieldsFull(db, u.customfields),
      departments: DEPARTMENTS.map((name, k) => ({
        id: u.id * 100 + k,
        user_id: u.id,
        user_name: u.name,
        department_id: k + 1,
        department_name: name,
        isheadofdept: false,
        member: k === 0,
      })),
      site: site ? wireSiteDetail(db, site) : {},
    },
  );
}

const DEPARTMENTS = [
  "General",
  "Finance",
  "Operations",
  "Sales",
  "HR",
  "IT",
  "Facilities",
  "Legal",
  "Marketing",
  "Management",
];

/** The contact on a ticket with no contact: Halo's general user. */
export function generalUser(db: FakeDb, t: Ticket): WireObject {
  const site = db.sites.get(t.site_id);
  return merge(USER_FILLER, {
    id: 0,
    name: "General User",
    site_id: t.site_id,
    site_name: site?.name ?? "",
    client_name: db.clients.get(t.client_id)?.name ?? "",
    emailaddress: "",
    site: site ? wireSiteDetail(db, site) : {},
  });
}

/** GET /Users/me: an API application acts as an agent; Halo answers that agent's own user record. */
function meAsUser(db: FakeDb): WireObject {
  const a = db.agents.get(db.apiAgentId);
  return {
    id: 1,
    name: a?.name ?? "API",
    firstname: a?.firstname ?? "",
    surname: a?.surname ?? "",
    emailaddress: a?.email ?? "",
    site_id: 0,
    site_name: "",
    client_id: 0,
    client_name: "",
    linked_agent_id: a?.id ?? 0,
    inactive: false,
    use: "user",
  };
}

export const users: ReadDef<User> = {
  key: "users",
  label: "User",
  find({ db, q }) {
    const search = q.str("search")?.toLowerCase();
    const searchDigits = q.bool("search_phonenumbers") ? digits(search) : "";
    const client = q.int("client_id");
    const site = q.int("site_id");
    const inactive = q.bool("includeinactive");
    const rows = [...db.users.values()].filter((u) => {
      if (!inactive && u.inactive) return false;
      if (site !== undefined && u.site_id !== site) return false;
      if (client !== undefined && db.sites.get(u.site_id)?.client_id !== client) return false;
      if (!search) return true;
      if (contains(u.name, search) || contains(u.emailaddress, search)) return true;
      return (
        searchDigits.length >= 3 &&
        [u.phonenumber, u.mobilenumber].some((p) => digits(p).includes(searchDigits))
      );
    });
    return ordered(rows, q, "name", false);
  },
  render: ({ db }, u) => wireUser(db, u),
  one({ db }, id) {
    if (id.toLowerCase() === "me") return meAsUser(db);
    const u = byId(db.users, id);
    return u && wireUserDetail(db, u);
  },
};

export const usersWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.users.get(id) : undefined;
    if (id && !existing) return notFound("User", id);
    const name = str(item.name) || [str(item.firstname), str(item.surname)].filter(Boolean).join(" ");
    if ((!existing || has(item, "name")) && !name) return badRequest("Please enter a Name (name).");
    const error = firstError(
      checkNameLength({ name }),
      checkRef(item, "site_id", "Site", (n) => db.sites.has(n)),
      checkRef(item, "client_id", "Client", (n) => db.clients.has(n)),
    );
    if (error) return error;
    let siteId = has(item, "site_id") ? num(item.site_id) : undefined;
    if (siteId === undefined && has(item, "client_id")) {
      siteId = mainSiteId(db, num(item.client_id));
      if (siteId === undefined)
        return badRequest(`Invalid client_id: Client ${str(item.client_id)} has no site.`);
    }
    if (!existing && siteId === undefined)
      return badRequest("Please select a Site (site_id) or a Client (client_id).");
    return () => {
      const [first, ...rest] = name.split(" ");
      const u: User = existing ?? {
        id: nextId(db, "user", 100),
        name,
        firstname: first ?? "",
        surname: rest.join(" "),
        title: "",
        emailaddress: "",
        phonenumber: "",
        mobilenumber: "",
        site_id: siteId ?? 0,
        inactive: false,
        isimportantcontact: false,
        notes: "",
        datecreated: iso(ctx.now()),
        customfields: [],
      };
      assign(u, item, ["site_id", "customfields"]);
      if (siteId !== undefined) u.site_id = siteId;
      if (name && has(item, "name")) u.name = name;
      if (Array.isArray(item.customfields)) u.customfields = item.customfields as CustomFieldValue[];
      db.users.set(u.id, u);
      return wireUserDetail(db, u);
    };
  },
  remove: ({ db }, id) => db.users.delete(id),
};
