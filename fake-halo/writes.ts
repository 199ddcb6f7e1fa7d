/**
 * POST and DELETE, Halo's way. A POST body is a JSON array; an item without
 * an id (or id <= 0) is created, one with an id is a partial update: fields
 * left out keep their values, but a posted `customfields` (or asset
 * `fields`) array replaces the whole list, so fields not posted are emptied.
 * Every item is validated before any is saved; the answer is 201 with the
 * saved record (an array when several were posted).
 *
 * Validation errors are 400 with a JSON string naming the field, e.g.
 * "Please enter a Summary (summary)." or
 * "Invalid client_id: there is no Client with ID 999.".
 */
import {
  BILLING_PERIODS,
  wireAction,
  wireAssetDetail,
  wireAttachment,
  wireClientDetail,
  wireContractDetail,
  wireSiteDetail,
  wireTicketFull,
  wireUserDetail,
} from "./render.js";
import { badRequest, empty, isReply, json, notFound, type Query, type Reply } from "./reply.js";
import { emptyField, setField } from "./seed.js";
import { TOP_LEVELS } from "./seed-data.js";
import { TIME_BILLING_WRITES } from "./time-billing.js";
import type {
  Action,
  Asset,
  Attachment,
  Client,
  Contract,
  CustomFieldValue,
  FakeDb,
  Site,
  TenantBehaviour,
  Ticket,
  User,
  WireObject,
} from "./types.js";

export interface WriteContext {
  db: FakeDb;
  q: Query;
  tenant: TenantBehaviour;
  now: () => number;
}

/** Either a validation failure, or the commit that saves the item and renders it. */
export type Prepared = Reply | (() => WireObject);

export interface WriteDef {
  prepare(ctx: WriteContext, item: WireObject): Prepared;
  remove?(ctx: WriteContext, id: number): boolean | Reply;
}

const iso = (ms: number) => new Date(ms).toISOString();

function nextId(db: FakeDb, kind: string, floor: number): number {
  const id = Math.max(db.nextId[kind] ?? floor, floor);
  db.nextId[kind] = id + 1;
  return id;
}

/** The item's id for an update, 0 for a create, or a Reply for a bad id. */
function itemId(item: WireObject): number | Reply {
  const raw = item.id;
  if (raw === undefined || raw === null || raw === "") return 0;
  const n = Number(raw);
  if (!Number.isFinite(n)) return badRequest(`Invalid id: ${JSON.stringify(raw)}.`);
  return n > 0 ? Math.trunc(n) : 0;
}

const has = (item: WireObject, k: string) => item[k] !== undefined;
/** Halo takes booleans as true/false or "true"/"false". */
const truthy = (v: unknown) => v === true || v === 1 || (typeof v === "string" && /^(true|1)$/i.test(v));
const str = (v: unknown) =>
  typeof v === "string" ? v.trim() : v === undefined || v === null ? "" : String(v);
const num = (v: unknown) => (v === undefined || v === null || v === "" ? Number.NaN : Number(v));

/** Checks an id field against a table; undefined when fine. */
function checkRef(
  item: WireObject,
  field: string,
  label: string,
  exists: (id: number) => boolean,
  allowZero = false,
): Reply | undefined {
  if (!has(item, field)) return undefined;
  const id = num(item[field]);
  if (allowZero && id === 0) return undefined;
  if (!Number.isFinite(id) || !exists(id))
    return badRequest(`Invalid ${field}: there is no ${label} with ID ${str(item[field])}.`);
  return undefined;
}

/** Halo's name columns are bounded; an over-long name is refused, not cut. */
const MAX_NAME_LENGTH = 255;

function checkNameLength(item: WireObject): Reply | undefined {
  const name = str(item.name);
  return name.length > MAX_NAME_LENGTH
    ? badRequest(`Invalid name: at most ${MAX_NAME_LENGTH} characters (got ${name.length}) (name).`)
    : undefined;
}

function firstError(...checks: Array<Reply | undefined>): Reply | undefined {
  return checks.find((c) => c !== undefined);
}

/** Copies posted fields onto a record, skipping the ones handled separately and names Halo derives. */
function assign(target: WireObject, item: WireObject, skip: string[]): void {
  const derived = new Set([
    "id",
    "client_name",
    "site_name",
    "user_name",
    "agent_name",
    "sla_name",
    "status_name",
    ...skip,
  ]);
  for (const [k, v] of Object.entries(item)) if (!derived.has(k) && v !== undefined) target[k] = v;
}

/**
 * Halo's replace-the-list semantics: the record's fields (every defined one
 * for a new record), posted values set, the rest emptied; a posted field the
 * record did not carry yet is added.
 */
function replaceCustomFields(
  db: FakeDb,
  usage: number,
  posted: unknown,
  current?: CustomFieldValue[],
): CustomFieldValue[] | Reply {
  if (!Array.isArray(posted)) return badRequest("Invalid customfields: expected an array of {id, value}.");
  const defs = [...db.fields.values()].filter((f) => f.usage === usage);
  const values = new Map<number, unknown>();
  for (const p of posted as WireObject[]) {
    if (!p || typeof p !== "object") continue;
    const def = defs.find((d) => d.id === Number(p.id)) ?? defs.find((d) => d.name === p.name);
    if (def) values.set(def.id, p.value);
  }
  const carried = current ? new Set(current.map((f) => f.id)) : undefined;
  return defs
    .filter((def) => !carried || carried.has(def.id) || values.has(def.id))
    .map((def) => (values.has(def.id) ? setField(def, values.get(def.id)) : emptyField(def)));
}

function mainSiteId(db: FakeDb, clientId: number): number | undefined {
  let best: number | undefined;
  for (const s of db.sites.values())
    if (s.client_id === clientId && (best === undefined || s.id < best)) best = s.id;
  return best;
}

function setStatus(db: FakeDb, t: Ticket, statusId: number, now: number): void {
  const wasClosed = db.statuses.get(t.status_id)?.closed === true;
  const closed = db.statuses.get(statusId)?.closed === true;
  t.status_id = statusId;
  if (closed && !wasClosed) t.dateclosed = iso(now);
  if (!closed) delete t.dateclosed;
}

// ---------- tickets ----------

const TICKET_NUMERIC = [
  "client_id",
  "site_id",
  "user_id",
  "agent_id",
  "team_id",
  "status_id",
  "priority_id",
  "tickettype_id",
  "sla_id",
];

const ticketsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.tickets.get(id) : undefined;
    if (id && !existing) return notFound("Ticket", id);
    if (!existing && !str(item.summary)) return badRequest("Please enter a Summary (summary).");
    if (existing && has(item, "summary") && !str(item.summary))
      return badRequest("Please enter a Summary (summary).");
    if (!existing && !has(item, "client_id")) return badRequest("Please select a Client (client_id).");
    const teamByName =
      typeof item.team === "string" && item.team.trim()
        ? [...db.teams.values()].find(
            (t) => t.name.toLowerCase() === (item.team as string).trim().toLowerCase(),
          )
        : undefined;
    const error = firstError(
      checkRef(item, "client_id", "Client", (n) => db.clients.has(n)),
      checkRef(item, "site_id", "Site", (n) => db.sites.has(n)),
      checkRef(item, "user_id", "User", (n) => db.users.has(n), true),
      checkRef(item, "status_id", "Status", (n) => db.statuses.has(n)),
      checkRef(item, "priority_id", "Priority", (n) => db.priorities.some((p) => p.priorityid === n)),
      checkRef(item, "agent_id", "Agent", (n) => db.agents.get(n)?.isdisabled === false, true),
      checkRef(item, "team_id", "Team", (n) => db.teams.has(n)),
      checkRef(item, "tickettype_id", "Ticket Type", (n) => db.ticketTypes.has(n)),
      checkRef(item, "sla_id", "SLA", (n) => db.slas.has(n)),
      typeof item.team === "string" && item.team.trim() && !teamByName
        ? badRequest(`Invalid team: there is no Team named "${item.team}".`)
        : undefined,
    );
    if (error) return error;
    const fields = has(item, "customfields")
      ? replaceCustomFields(db, 1, item.customfields, existing?.customfields)
      : undefined;
    if (fields && !Array.isArray(fields)) return fields;
    return () => {
      const now = ctx.now();
      const t: Ticket = existing ?? newTicket(ctx, item);
      const statusBefore = t.status_id;
      assign(t, item, ["customfields", "team", "status_id", ...TICKET_NUMERIC]);
      for (const k of TICKET_NUMERIC) if (has(item, k) && k !== "status_id") t[k] = num(item[k]);
      if (teamByName) t.team_id = teamByName.id;
      if (
        has(item, "client_id") &&
        !has(item, "site_id") &&
        existing &&
        db.sites.get(t.site_id)?.client_id !== t.client_id
      )
        t.site_id = mainSiteId(db, t.client_id) ?? 0;
      if (has(item, "status_id")) setStatus(db, t, num(item.status_id), now);
      if (fields) t.customfields = fields;
      t.summary = str(t.summary);
      t.details = str(t.details);
      t.last_update = iso(now);
      if (!existing) {
        db.tickets.set(t.id, t);
        logAction(db, t, "Ticket Logged", `Ticket logged via the API: ${t.summary}`, now);
        // As Halo does: the ticket type decides unless sendack is posted, and the customer gets an email.
        const type = db.ticketTypes.get(t.tickettype_id);
        t.sendack = has(item, "sendack") ? truthy(item.sendack) : type?.default_sendack !== false;
        const to = db.users.get(t.user_id)?.emailaddress;
        if (t.sendack && to) {
          logAction(db, t, "Email User", `Acknowledgement emailed to ${to}: ${t.summary}`, now, true);
        }
      } else if (t.status_id !== statusBefore) {
        logAction(
          db,
          t,
          "Status Change",
          `Status changed to ${db.statuses.get(t.status_id)?.name ?? t.status_id}.`,
          now,
        );
      }
      return wireTicketFull(db, t, true, ctx.tenant.fullSizeTickets);
    };
  },
  remove({ db }, id) {
    if (!db.tickets.delete(id)) return false;
    db.actions.delete(id);
    for (const [k, a] of db.attachments) if (a.ticket_id === id) db.attachments.delete(k);
    return true;
  },
};

function newTicket(ctx: WriteContext, item: WireObject): Ticket {
  const { db } = ctx;
  const now = iso(ctx.now());
  const clientId = num(item.client_id);
  const typeId = has(item, "tickettype_id") ? num(item.tickettype_id) : 1;
  const type = db.ticketTypes.get(typeId);
  return {
    id: nextId(db, "ticket", 1001),
    summary: "",
    details: "",
    client_id: clientId,
    site_id: has(item, "site_id") ? num(item.site_id) : (mainSiteId(db, clientId) ?? 0),
    user_id: 0,
    agent_id: 0,
    team_id: type?.default_team_id ?? 1,
    status_id: 1,
    priority_id: type?.default_priority ?? 3,
    tickettype_id: typeId,
    sla_id: db.clients.get(clientId)?.sla_id ?? 1,
    dateoccurred: now,
    last_update: now,
    lastactiondate: now,
    customfields: [...db.fields.values()].filter((f) => f.usage === 1).map(emptyField),
  };
}

/** A system action, as Halo records logging and status changes. */
function logAction(
  db: FakeDb,
  t: Ticket,
  outcomeName: string,
  note: string,
  now: number,
  emailed = false,
): void {
  const list = db.actions.get(t.id) ?? [];
  const outcome = [...db.outcomes.values()].find((o) => o.outcome === outcomeName);
  list.push({
    ticket_id: t.id,
    id: list.length ? Math.max(...list.map((a) => a.id)) + 1 : 1,
    outcome: outcomeName,
    outcome_id: outcome?.id ?? 0,
    who: "System",
    who_agentid: 0,
    datetime: iso(now),
    note,
    hiddenfromuser: !emailed,
    timetaken: 0,
    sendemail: emailed,
    system: true,
    important: false,
    ...(outcomeName === "Status Change" ? { new_status: t.status_id } : {}),
  });
  db.actions.set(t.id, list);
  t.lastactiondate = iso(now);
}

// ---------- clients, sites, contacts ----------

const clientsWrite: WriteDef = {
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

function newSite(ctx: WriteContext, clientId: number, name: string): Site {
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

const sitesWrite: WriteDef = {
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

const usersWrite: WriteDef = {
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

// ---------- assets, contracts ----------

const assetsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.assets.get(id) : undefined;
    if (id && !existing) return notFound("Asset", id);
    if (!existing && !has(item, "client_id")) return badRequest("Please select a Client (client_id).");
    if (!existing && !has(item, "assettype_id"))
      return badRequest("Please select an Asset Type (assettype_id).");
    const error = firstError(
      checkRef(item, "client_id", "Client", (n) => db.clients.has(n)),
      checkRef(item, "site_id", "Site", (n) => db.sites.has(n)),
      checkRef(item, "assettype_id", "Asset Type", (n) => db.assetTypes.has(n)),
      checkRef(item, "user_id", "User", (n) => db.users.has(n), true),
      has(item, "fields") && !Array.isArray(item.fields)
        ? badRequest("Invalid fields: expected an array of {id, value}.")
        : undefined,
    );
    if (error) return error;
    return () => {
      const typeId = has(item, "assettype_id") ? num(item.assettype_id) : (existing?.assettype_id ?? 0);
      const type = db.assetTypes.get(typeId);
      const clientId = has(item, "client_id") ? num(item.client_id) : (existing?.client_id ?? 0);
      const a: Asset = existing ?? {
        id: nextId(db, "asset", 500),
        inventory_number: "",
        key_field: "",
        client_id: clientId,
        site_id: mainSiteId(db, clientId) ?? 0,
        assettype_id: typeId,
        user_id: 0,
        inactive: false,
        status_id: 1,
        warranty_end: "1900-01-01",
        notes: "",
        fields: (type?.field_ids ?? []).map((fid) => ({ id: fid, value: "" })),
        customfields: [],
      };
      assign(a, item, ["fields", "client_id", "site_id", "assettype_id", "user_id"]);
      for (const k of ["client_id", "site_id", "assettype_id", "user_id"])
        if (has(item, k)) a[k] = num(item[k]);
      if (!a.inventory_number) a.inventory_number = `SBX-${type?.tagprefix ?? "AS"}-${a.id}`;
      if (Array.isArray(item.fields))
        a.fields = replaceAssetFields(type?.field_ids ?? [], item.fields as WireObject[]);
      db.assets.set(a.id, a);
      return wireAssetDetail(db, a);
    };
  },
  remove: ({ db }, id) => db.assets.delete(id),
};

/** The type's fields with posted values, the rest emptied; posted fields outside the type kept. */
function replaceAssetFields(
  typeFieldIds: number[],
  posted: WireObject[],
): Array<{ id: number; value: unknown }> {
  const values = new Map<number, unknown>();
  for (const p of posted) if (p && Number.isFinite(Number(p.id))) values.set(Number(p.id), p.value);
  const out = typeFieldIds.map((id) => ({ id, value: values.has(id) ? values.get(id) : "" }));
  for (const [id, value] of values) if (!typeFieldIds.includes(id)) out.push({ id, value });
  return out;
}

const contractsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.contracts.get(id) : undefined;
    if (id && !existing) return notFound("Contract", id);
    if (!existing && !has(item, "client_id")) return badRequest("Please select a Client (client_id).");
    const error = firstError(
      checkRef(item, "client_id", "Client", (n) => db.clients.has(n)),
      checkRef(item, "site_id", "Site", (n) => db.sites.has(n), true),
      checkRef(item, "sla_id", "SLA", (n) => db.slas.has(n), true),
      // Billing periods are a fixed list (render.ts names them); an unknown code is refused.
      checkRef(item, "billingperiod", "billing period", (n) => n in BILLING_PERIODS),
    );
    if (error) return error;
    return () => {
      const today = iso(ctx.now()).slice(0, 10);
      const clientId = has(item, "client_id") ? num(item.client_id) : (existing?.client_id ?? 0);
      const c: Contract = existing ?? {
        id: nextId(db, "contract", 70),
        client_id: clientId,
        site_id: mainSiteId(db, clientId) ?? 0,
        ref: "",
        contracttype_name: "Managed Services",
        start_date: today,
        end_date: iso(ctx.now() + 365 * 86_400_000).slice(0, 10),
        billingperiod: 2,
        periodchargeamount: 0,
        numberofunitsfree: 0,
        sla_id: db.clients.get(clientId)?.sla_id ?? 1,
        note: "",
        active: true,
      };
      assign(c, item, ["client_id", "site_id", "sla_id"]);
      for (const k of [
        "client_id",
        "site_id",
        "sla_id",
        "billingperiod",
        "periodchargeamount",
        "numberofunitsfree",
      ])
        if (has(item, k)) c[k] = num(item[k]);
      for (const k of ["start_date", "end_date"])
        if (typeof item[k] === "string") c[k] = (item[k] as string).slice(0, 10);
      if (!c.ref) c.ref = `CON-${c.id}`;
      db.contracts.set(c.id, c);
      return wireContractDetail(db, c);
    };
  },
  remove: ({ db }, id) => db.contracts.delete(id),
};

// ---------- actions, attachments ----------

const actionsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    if (!has(item, "ticket_id")) return badRequest("Please select a Ticket (ticket_id).");
    const ticket = db.tickets.get(num(item.ticket_id));
    if (!ticket) return badRequest(`Invalid ticket_id: there is no Ticket with ID ${str(item.ticket_id)}.`);
    const list = db.actions.get(ticket.id) ?? [];
    const existing = id ? list.find((a) => a.id === id) : undefined;
    if (id && !existing) return notFound("Action", id);
    const outcomes = [...db.outcomes.values()];
    let outcome = has(item, "outcome_id") ? db.outcomes.get(num(item.outcome_id)) : undefined;
    if (has(item, "outcome_id") && !outcome)
      return badRequest(`Invalid outcome_id: there is no Outcome with ID ${str(item.outcome_id)}.`);
    if (!outcome && str(item.outcome)) {
      outcome = outcomes.find((o) => o.outcome.toLowerCase() === str(item.outcome).toLowerCase());
      if (!outcome) return badRequest(`Invalid outcome: there is no Outcome named "${str(item.outcome)}".`);
    }
    if (!existing && !outcome && !str(item.note))
      return badRequest("Please enter a Note (note) or choose an Outcome (outcome).");
    const error = checkRef(item, "new_status", "Status", (n) => db.statuses.has(n), true);
    if (error) return error;
    return () => {
      const now = ctx.now();
      const agent = db.agents.get(db.apiAgentId);
      const chosen = outcome ?? outcomes.find((o) => o.outcome === "Private Note")!;
      const a: Action = existing ?? {
        ticket_id: ticket.id,
        id: list.length ? Math.max(...list.map((x) => x.id)) + 1 : 1,
        outcome: chosen.outcome,
        outcome_id: chosen.id,
        who: agent?.name ?? "API",
        who_agentid: agent?.id ?? 0,
        datetime: iso(now),
        note: "",
        hiddenfromuser: chosen.hidefromuser,
        timetaken: 0,
        sendemail: false,
        system: false,
        important: false,
      };
      assign(a, item, ["ticket_id", "system", "outcome", "outcome_id", "new_status"]);
      if (outcome) {
        a.outcome = outcome.outcome;
        a.outcome_id = outcome.id;
      }
      a.note = str(a.note);
      a.hiddenfromuser = truthy(a.hiddenfromuser);
      a.sendemail = truthy(a.sendemail);
      a.timetaken = Number.isFinite(num(a.timetaken)) ? num(a.timetaken) : 0;
      // A posted completion date is when the work was done (time logged after the fact).
      const posted = str(item.actioncompletiondate);
      const done = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(posted) ? posted : `${posted}Z`);
      if (Number.isFinite(done)) a.datetime = iso(done);
      const newStatus = num(item.new_status);
      if (newStatus > 0) {
        a.new_status = newStatus;
        setStatus(db, ticket, newStatus, now);
      }
      if (!existing) {
        list.push(a);
        db.actions.set(ticket.id, list);
      }
      ticket.last_update = iso(now);
      ticket.lastactiondate = iso(now);
      return wireAction(db, a);
    };
  },
  remove({ db, q }, id) {
    const ticketId = q.int("ticket_id");
    if (ticketId === undefined) return badRequest("Please specify a ticket_id.");
    const list = db.actions.get(ticketId) ?? [];
    const i = list.findIndex((a) => a.id === id);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  },
};

const MIME: Record<string, string> = {
  txt: "text/plain",
  log: "text/plain",
  csv: "text/csv",
  json: "application/json",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  pdf: "application/pdf",
  zip: "application/zip",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const attachmentsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.attachments.get(id) : undefined;
    if (id && !existing) return notFound("Attachment", id);
    let bytes: Buffer | undefined;
    if (!existing) {
      if (!has(item, "ticket_id")) return badRequest("Please select a Ticket (ticket_id).");
      if (!str(item.filename)) return badRequest("Please enter a Filename (filename).");
      const data = typeof item.data === "string" ? item.data.replace(/\s+/g, "") : "";
      if (!data || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1)
        return badRequest("Please provide the file content as base64 (data).");
      bytes = Buffer.from(data, "base64");
    }
    const error = checkRef(item, "ticket_id", "Ticket", (n) => db.tickets.has(n));
    if (error) return error;
    return () => {
      const filename = str(item.filename) || existing?.filename || "file";
      const ext = filename.split(".").pop()?.toLowerCase() ?? "";
      const att: Attachment = existing ?? {
        id: nextId(db, "attachment", 3001),
        ticket_id: num(item.ticket_id),
        action_id: 0,
        filename,
        content_type: str(item.content_type) || MIME[ext] || "application/octet-stream",
        datecreated: iso(ctx.now()),
        note: "",
        bytes: bytes ?? Buffer.alloc(0),
        guid: `00000000-0000-4000-8000-${String(db.nextId.attachment ?? 0).padStart(12, "0")}`,
      };
      assign(att, item, ["data", "bytes", "ticket_id", "action_id"]);
      if (has(item, "action_id")) att.action_id = num(item.action_id) || 0;
      att.filename = filename;
      db.attachments.set(att.id, att);
      return wireAttachment(att, true);
    };
  },
  remove: ({ db }, id) => db.attachments.delete(id),
};

/** Writable resources by lower-case path; the rest answer 405 (the sandbox keeps lookups fixed). */
export const WRITES: Record<string, WriteDef & { path: string; label: string }> = {
  tickets: { ...ticketsWrite, path: "Tickets", label: "Ticket" },
  client: { ...clientsWrite, path: "Client", label: "Client" },
  site: { ...sitesWrite, path: "Site", label: "Site" },
  users: { ...usersWrite, path: "Users", label: "User" },
  asset: { ...assetsWrite, path: "Asset", label: "Asset" },
  clientcontract: { ...contractsWrite, path: "ClientContract", label: "Contract" },
  actions: { ...actionsWrite, path: "Actions", label: "Action" },
  attachment: { ...attachmentsWrite, path: "Attachment", label: "Attachment" },
  ...TIME_BILLING_WRITES,
};

/** POST /X: validates every item, then saves them in order. */
export function postReply(ctx: WriteContext, resource: string, body: unknown): Reply {
  const def = WRITES[resource];
  if (!def) return json(405, { Message: "The requested resource does not support http method 'POST'." });
  if (!Array.isArray(body))
    return badRequest("The request body must be a JSON array of records, e.g. [{...}].");
  if (body.length === 0) return badRequest("The request body must contain at least one record.");
  const commits: Array<() => WireObject> = [];
  for (const item of body) {
    if (!item || typeof item !== "object" || Array.isArray(item))
      return badRequest("Each item must be a JSON object.");
    const prepared = def.prepare(ctx, item as WireObject);
    if (isReply(prepared)) return prepared;
    commits.push(prepared);
  }
  const saved = commits.map((commit) => commit());
  return json(201, saved.length === 1 ? saved[0] : saved);
}

/** DELETE /X/{id}; Tickets take a `reason`, which is kept in db.deletions. */
export function deleteReply(ctx: WriteContext, resource: string, id: number): Reply {
  const def = WRITES[resource];
  if (!def?.remove)
    return json(405, { Message: "The requested resource does not support http method 'DELETE'." });
  const done = def.remove(ctx, id);
  if (typeof done !== "boolean") return done;
  if (!done) return notFound(def.label, id);
  ctx.db.deletions.push({ resource: def.path, id, reason: ctx.q.str("reason"), at: ctx.now() });
  return empty(200);
}
