/**
 * GET for every resource: filters, ordering, paging and the envelope.
 * Paging applies only with pageinate=true (page_size capped at 100, page_no
 * 1-based); otherwise every match comes back, cut to `count` when given.
 * record_count is always the number of matches, not the page length.
 */
import {
  wireAction,
  wireAgent,
  wireAsset,
  wireAssetDetail,
  wireAssetField,
  wireAssetType,
  wireAssetTypeDetail,
  wireAttachment,
  wireClient,
  wireClientDetail,
  wireContract,
  wireContractDetail,
  wireFieldInfo,
  wireOutcome,
  wirePriority,
  wireSite,
  wireSiteDetail,
  wireStatus,
  wireTeam,
  wireTicket,
  wireTicketFull,
  wireTicketType,
  wireTicketTypeFull,
  wireUser,
  wireUserDetail,
} from "./render.js";
import { badRequest, file, isReply, json, type Query, type Reply } from "./reply.js";
import { TOP_LEVELS } from "./seed-data.js";
import { TIME_BILLING_READS } from "./time-billing.js";
import type {
  Action,
  Asset,
  Contract,
  FakeDb,
  LongTailName,
  TenantBehaviour,
  Ticket,
  User,
  WireObject,
} from "./types.js";

const DEFAULT_PAGE_SIZE = 50;

export interface ReadContext {
  db: FakeDb;
  q: Query;
  tenant: TenantBehaviour;
}

/** How one resource is read. `find` filters and orders raw records; `render` shapes one row. */
export interface ReadDef<T = unknown> {
  /** Envelope key; undefined → a bare array (lookups). */
  key?: string;
  label: string;
  find(ctx: ReadContext): T[] | Reply;
  render(ctx: ReadContext, rec: T): WireObject;
  one(ctx: ReadContext, id: string): WireObject | Reply | undefined;
}

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : "");
const contains = (hay: unknown, needle: string) => lower(hay).includes(needle);
const digits = (v: unknown) => (typeof v === "string" ? v.replace(/\D/g, "") : "");

/** Sort key: numbers as-is, booleans as 0/1, text case-insensitively. */
function sortKey(v: unknown): number | string {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return String(v ?? "").toLowerCase();
}

function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Orders by `order` (a field name) and `orderdesc`, falling back to the
 * resource's default; ties by id. Sort keys are read once per row.
 */
function ordered<T>(
  rows: T[],
  q: Query,
  fallback: string,
  fallbackDesc: boolean,
  value: (r: T, k: string) => unknown = (r, k) => (r as WireObject)[k],
): T[] {
  const key = q.str("order")?.toLowerCase() ?? fallback;
  const desc = q.has("orderdesc") ? q.bool("orderdesc") : key === fallback && fallbackDesc;
  const sign = desc ? -1 : 1;
  // The usual order (ascending id) of rows kept in id order: nothing to sort (100k-ticket tenants).
  if (
    key === "id" &&
    !desc &&
    rows.every((r, i) => i === 0 || Number(value(rows[i - 1] as T, "id")) < Number(value(r, "id")))
  )
    return rows;
  const keyed = rows.map((r) => ({ r, k: sortKey(value(r, key)), id: sortKey(value(r, "id")) }));
  keyed.sort((a, b) => sign * compareKeys(a.k, b.k) || compareKeys(a.id, b.id));
  return keyed.map((x) => x.r);
}

/** The list answer: envelope or bare array, with paging or `count`. */
export function listReply<T>(def: ReadDef<T>, ctx: ReadContext): Reply {
  const found = def.find(ctx);
  if (!Array.isArray(found)) return found;
  const { q } = ctx;
  const total = found.length;
  let rows = found;
  let pageNo = 1;
  let pageSize: number;
  if (q.bool("pageinate") && ctx.tenant.paging) {
    pageSize = Math.min(ctx.tenant.maxPageSize, Math.max(1, q.int("page_size") ?? DEFAULT_PAGE_SIZE));
    pageNo = Math.max(1, q.int("page_no") ?? 1);
    rows = found.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  } else {
    const count = q.int("count");
    if (count !== undefined && count >= 0) rows = found.slice(0, count);
    pageSize = rows.length;
  }
  const rendered = rows.map((r) => def.render(ctx, r));
  if (!def.key) return json(200, rendered);
  const count = ctx.tenant.recordCount ? { record_count: total } : {};
  return json(200, { page_no: pageNo, page_size: pageSize, ...count, [def.key]: rendered });
}

const numericId = (id: string) => (/^\d+$/.test(id) ? Number(id) : undefined);

function byId<T>(map: Map<number, T>, id: string): T | undefined {
  const n = numericId(id);
  return n === undefined ? undefined : map.get(n);
}

// ---------- tickets ----------

/** datesearch values Halo documents ('dateoccured' sic, 'datecleared') and the field each reads. */
const DATE_FIELDS: Record<string, string> = {
  dateoccured: "dateoccurred",
  dateoccurred: "dateoccurred",
  datecreated: "dateoccurred",
  datecleared: "dateclosed",
  dateclosed: "dateclosed",
  lastupdate: "last_update",
  last_update: "last_update",
  lastactiondate: "lastactiondate",
};

const DOCUMENTED_DATESEARCH = ["dateoccured", "datecleared"];

/** Start/end bounds; a date-only end covers that whole day. */
export function dateRange(q: Query): { from?: number; to?: number } | Reply {
  const parse = (name: string, endOfDay: boolean) => {
    const v = q.str(name);
    if (v === undefined) return undefined;
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    if (!Number.isFinite(ms)) return Number.NaN;
    return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(v) ? ms + 86_400_000 - 1 : ms;
  };
  const from = parse("startdate", false);
  const to = parse("enddate", true);
  if (Number.isNaN(from)) return badRequest(`Invalid startdate: ${q.str("startdate")}.`);
  if (Number.isNaN(to)) return badRequest(`Invalid enddate: ${q.str("enddate")}.`);
  return { from, to };
}

function ticketValue(db: FakeDb, t: Ticket, key: string): unknown {
  switch (key) {
    case "client_name":
      return db.clients.get(t.client_id)?.name;
    case "site_name":
      return db.sites.get(t.site_id)?.name;
    case "user_name":
      return db.users.get(t.user_id)?.name;
    case "agent_name":
      return db.agents.get(t.agent_id)?.name;
    case "status_name":
      return db.statuses.get(t.status_id)?.name;
    case "datecreated":
      return t.dateoccurred;
    default:
      return t[key];
  }
}

const tickets: ReadDef<Ticket> = {
  key: "tickets",
  label: "Ticket",
  find({ db, q }) {
    const range = dateRange(q);
    if (isReply(range)) return range;
    const asked = q.str("datesearch")?.toLowerCase() ?? "dateoccured";
    // The spec documents 'dateoccured' and 'datecleared'; another value counts
    // only when the tenant honours it, else Halo's default column applies.
    const dateKey =
      DOCUMENTED_DATESEARCH.includes(asked) || q.honours("datesearch", asked) ? asked : "dateoccured";
    const dateField = DATE_FIELDS[dateKey];
    if (!dateField && (range.from !== undefined || range.to !== undefined))
      return badRequest(`Invalid datesearch: ${q.str("datesearch")}.`);
    const search = q.str("search")?.toLowerCase();
    const searchSummary = q.str("search_summary")?.toLowerCase();
    const single = (name: string) => q.int(name);
    const eq: Array<[keyof Ticket, number | undefined]> = [
      ["client_id", single("client_id")],
      ["site_id", single("site_id")],
      ["user_id", single("user_id")],
      ["agent_id", single("agent_id")],
      ["status_id", single("status_id")],
      ["tickettype_id", single("requesttype_id") ?? single("tickettype_id")],
      ["priority_id", single("priority_id")],
      ["team_id", single("team_id")],
    ];
    const many: Array<[keyof Ticket, number[] | undefined]> = [
      ["agent_id", q.ids("agent")],
      ["team_id", q.ids("team")],
      ["status_id", q.ids("status")],
      ["priority_id", q.ids("priority")],
      ["tickettype_id", q.ids("requesttype")],
      ["sla_id", q.ids("sla")],
      ["client_id", q.ids("client_ids")],
    ];
    const openOnly = q.bool("open_only");
    const closedOnly = q.bool("closed_only");
    const rows: Ticket[] = [];
    // Only the filters given are checked per ticket (a 100k-ticket tenant is scanned per request).
    const eqGiven = eq.filter(([, v]) => v !== undefined);
    const manyGiven = many.filter(([, v]) => v !== undefined);
    for (const t of db.tickets.values()) {
      if (eqGiven.some(([k, v]) => t[k] !== v)) continue;
      if (manyGiven.some(([k, v]) => !v?.includes(t[k] as number))) continue;
      const closed = db.statuses.get(t.status_id)?.closed === true;
      if ((openOnly && closed) || (closedOnly && !closed)) continue;
      if (search && !contains(t.summary, search) && !contains(t.details, search)) continue;
      if (searchSummary && !contains(t.summary, searchSummary)) continue;
      if (dateField && (range.from !== undefined || range.to !== undefined)) {
        const v = Date.parse(String(t[dateField] ?? ""));
        if (!Number.isFinite(v)) continue;
        if (range.from !== undefined && v < range.from) continue;
        if (range.to !== undefined && v > range.to) continue;
      }
      rows.push(t);
    }
    return ordered(rows, q, "id", false, (t, k) => ticketValue(db, t, k));
  },
  render: ({ db, q }, t) => wireTicket(db, t, q.bool("includedetails")),
  one({ db, q, tenant }, id) {
    const t = byId(db.tickets, id);
    if (t && q.bool("ticketidonly")) {
      // The spec: "only the ID fields (Ticket ID, SLA ID, Status ID, Client ID and Name and Lastincomingemail date)".
      return {
        id: t.id,
        sla_id: t.sla_id,
        status_id: t.status_id,
        client_id: t.client_id,
        client_name: db.clients.get(t.client_id)?.name ?? "",
        lastincomingemail: "0001-01-01T00:00:00",
      };
    }
    return t && wireTicketFull(db, t, q.bool("includedetails"), tenant.fullSizeTickets);
  },
};

// ---------- clients, sites, contacts ----------

const clients: ReadDef<FakeDb["clients"] extends Map<number, infer C> ? C : never> = {
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

const sites: ReadDef<FakeDb["sites"] extends Map<number, infer S> ? S : never> = {
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

const users: ReadDef<User> = {
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

// ---------- assets, contracts ----------

const assets: ReadDef<Asset> = {
  key: "assets",
  label: "Asset",
  find({ db, q }) {
    const search = q.str("search")?.toLowerCase();
    const client = q.int("client_id");
    const site = q.int("site_id");
    const types = q.ids("assettype_id") ?? q.ids("assettypes");
    const inactive = q.bool("includeinactive");
    const rows = [...db.assets.values()].filter((a) => {
      if (!inactive && a.inactive) return false;
      if (client !== undefined && a.client_id !== client) return false;
      if (site !== undefined && a.site_id !== site) return false;
      if (types && !types.includes(a.assettype_id)) return false;
      if (!search) return true;
      return (
        contains(a.inventory_number, search) ||
        contains(a.key_field, search) ||
        contains(db.users.get(a.user_id)?.name, search) ||
        a.fields.some((f) => contains(String(f.value ?? ""), search))
      );
    });
    return ordered(rows, q, "id", false);
  },
  render: ({ db, q }, a) => wireAsset(db, a, q.bool("includeassetfields")),
  one({ db }, id) {
    const a = byId(db.assets, id);
    return a && wireAssetDetail(db, a);
  },
};

const contracts: ReadDef<Contract> = {
  key: "contracts",
  label: "Contract",
  find({ db, q }) {
    const search = q.str("search")?.toLowerCase();
    const client = q.int("client_id");
    const site = q.int("site_id");
    const inactive = q.bool("includeinactive");
    const rows = [...db.contracts.values()].filter(
      (c) =>
        (inactive || c.active) &&
        (client === undefined || c.client_id === client) &&
        (site === undefined || c.site_id === site) &&
        (!search ||
          contains(c.ref, search) ||
          contains(c.contracttype_name, search) ||
          contains(db.clients.get(c.client_id)?.name, search)),
    );
    return ordered(rows, q, "id", false);
  },
  render: ({ db }, c) => wireContract(db, c),
  one({ db }, id) {
    const c = byId(db.contracts, id);
    return c && wireContractDetail(db, c);
  },
};

// ---------- actions, attachments ----------

const actions: ReadDef<Action> = {
  key: "actions",
  label: "Action",
  find({ db, q, tenant }) {
    const ticketId = q.int("ticket_id");
    if (ticketId === undefined) return badRequest("Please specify a ticket_id.");
    const range = dateRange(q);
    if (isReply(range)) return range;
    const excludeSys = q.bool("excludesys");
    const agentOnly = q.bool("agentonly");
    const conversation = q.bool("conversationonly");
    const important = q.bool("importantonly");
    const rows = (db.actions.get(ticketId) ?? []).filter((a) => {
      if (excludeSys && a.system) return false;
      if (agentOnly && (a.system || !a.who_agentid)) return false;
      if (conversation && (a.system || a.hiddenfromuser)) return false;
      if (important && !a.important) return false;
      const at = Date.parse(a.datetime);
      if (range.from !== undefined && at < range.from) return false;
      if (range.to !== undefined && at > range.to) return false;
      return true;
    });
    // Newest first unless the tenant says otherwise; `count` keeps the first rows.
    return ordered(rows, q, "id", tenant.actionsOrder !== "oldest");
  },
  render: ({ db }, a) => wireAction(db, a),
  one({ db, q }, id) {
    const ticketId = q.int("ticket_id");
    if (ticketId === undefined) return badRequest("Please specify a ticket_id.");
    const n = numericId(id);
    const a = (db.actions.get(ticketId) ?? []).find((x) => x.id === n);
    return a && wireAction(db, a);
  },
};

const attachments: ReadDef<FakeDb["attachments"] extends Map<number, infer A> ? A : never> = {
  key: "attachments",
  label: "Attachment",
  find({ db, q }) {
    const ticketId = q.int("ticket_id");
    const actionId = q.int("action_id");
    const rows = [...db.attachments.values()].filter(
      (a) =>
        (ticketId === undefined || a.ticket_id === ticketId) &&
        (actionId === undefined || a.action_id === actionId),
    );
    return ordered(rows, q, "id", false);
  },
  render: (_ctx, a) => wireAttachment(a, false),
  one({ db, tenant }, id) {
    const a = byId(db.attachments, id);
    if (!a || tenant.attachmentDownload === "json") return a && wireAttachment(a, true);
    return file(a.bytes, a.content_type, a.filename);
  },
};

// ---------- lookups (bare arrays) ----------

function countsBy(db: FakeDb, key: "status_id" | "team_id" | "tickettype_id"): Map<number, number> {
  const counts = new Map<number, number>();
  for (const t of db.tickets.values()) counts.set(t[key], (counts.get(t[key]) ?? 0) + 1);
  return counts;
}

type StatusRec = FakeDb["statuses"] extends Map<number, infer S> ? S : never;
const statuses: ReadDef<StatusRec> = {
  label: "Status",
  find({ db, q }) {
    return [...db.statuses.values()]
      .filter((s) => !(q.bool("excludeclosed") && s.closed))
      .sort((a, b) => a.sequence - b.sequence);
  },
  render: ({ db, q }, s) => wireStatus(s, q.bool("showcounts") ? countsBy(db, "status_id") : undefined),
  one({ db }, id) {
    const s = byId(db.statuses, id);
    return s && wireStatus(s);
  },
};

const priorities: ReadDef<FakeDb["priorities"][number]> = {
  label: "Priority",
  find({ db, q }) {
    const sla = q.int("slaid");
    return db.priorities.filter((p) => sla === undefined || p.slaid === sla);
  },
  render: ({ db }, p) => wirePriority(db, p),
  one({ db }, id) {
    const p = db.priorities.find(
      (x) => x.id.toLowerCase() === id.toLowerCase() || String(x.priorityid) === id,
    );
    return p && wirePriority(db, p);
  },
};

type TypeRec = FakeDb["ticketTypes"] extends Map<number, infer T> ? T : never;
const ticketTypes: ReadDef<TypeRec> = {
  label: "Ticket Type",
  find: ({ db }) => [...db.ticketTypes.values()],
  render({ db, q }, t) {
    const row = wireTicketType(db, t);
    return q.bool("showcounts")
      ? { ...row, ticket_count: countsBy(db, "tickettype_id").get(t.id) ?? 0 }
      : row;
  },
  one({ db }, id) {
    const t = byId(db.ticketTypes, id);
    return t && wireTicketTypeFull(db, t);
  },
};

type AgentRec = FakeDb["agents"] extends Map<number, infer A> ? A : never;
const agents: ReadDef<AgentRec> = {
  label: "Agent",
  find({ db, q }) {
    const search = q.str("search")?.toLowerCase();
    const teamId = q.int("team_id");
    const teamName = q.str("team")?.toLowerCase();
    const disabled = q.bool("includedisabled");
    const rows = [...db.agents.values()].filter(
      (a) =>
        (disabled || !a.isdisabled) &&
        (teamId === undefined || a.team_ids.includes(teamId)) &&
        (!teamName || a.team_ids.some((id) => lower(db.teams.get(id)?.name) === teamName)) &&
        (!search || contains(a.name, search) || contains(a.email, search)),
    );
    return ordered(rows, q, "name", false);
  },
  render: ({ db }, a) => wireAgent(db, a),
  one({ db }, id) {
    const a = id.toLowerCase() === "me" ? db.agents.get(db.apiAgentId) : byId(db.agents, id);
    return a && { ...wireAgent(db, a), isapiagent: a.id === db.apiAgentId };
  },
};

type TeamRec = FakeDb["teams"] extends Map<number, infer T> ? T : never;
const teams: ReadDef<TeamRec> = {
  label: "Team",
  // Disabled teams only when asked (the spec's includedisabled).
  find: ({ db, q }) =>
    ordered(
      [...db.teams.values()].filter((t) => !t.inactive || q.bool("includedisabled")),
      q,
      "id",
      false,
    ),
  render: ({ db, q }, t) =>
    wireTeam(
      db,
      t,
      q.bool("includeagentsforteams"),
      q.bool("showcounts") ? countsBy(db, "team_id") : undefined,
    ),
  one({ db, q }, id) {
    const t = byId(db.teams, id);
    return t && wireTeam(db, t, q.bool("includeagents") || q.bool("includedetails"));
  },
};

type OutcomeRec = FakeDb["outcomes"] extends Map<number, infer O> ? O : never;
const outcomes: ReadDef<OutcomeRec> = {
  label: "Outcome",
  find({ db, q }) {
    const system = q.bool("showsystemactions") && !q.bool("excludesystemactions");
    return [...db.outcomes.values()].filter((o) => system || o.systemid === 0);
  },
  render: (_ctx, o) => wireOutcome(o),
  one({ db }, id) {
    const o = byId(db.outcomes, id);
    return o && wireOutcome(o);
  },
};

type AssetTypeRec = FakeDb["assetTypes"] extends Map<number, infer A> ? A : never;
const assetTypes: ReadDef<AssetTypeRec> = {
  label: "Asset Type",
  find: ({ db }) => [...db.assetTypes.values()],
  render: (_ctx, t) => wireAssetType(t),
  one({ db }, id) {
    const t = byId(db.assetTypes, id);
    return t && wireAssetTypeDetail(db, t);
  },
};

/**
 * GET /Field: asset-type fields (schema Field: kind, typeinfo_id, no label,
 * custom or usage); type_id narrows to one asset type's fields. Custom field
 * definitions are GET /FieldInfo.
 */
const fields: ReadDef<WireObject> = {
  label: "Field",
  find({ db, q }) {
    const typeId = q.int("type_id");
    const ids =
      typeId !== undefined ? (db.assetTypes.get(typeId)?.field_ids ?? []) : [...db.assetFields.keys()];
    return ids.map((id) => wireAssetField(db, id, typeId ?? 0));
  },
  render: (_ctx, r) => r,
  one({ db }, id) {
    const n = numericId(id);
    return n !== undefined && db.assetFields.has(n) ? wireAssetField(db, n) : undefined;
  },
};

/** GET /TopLevel: the client groups (Halo's Tree records), a bare array here. */
const topLevels: ReadDef<WireObject> = {
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

/**
 * GET /FieldInfo: field definitions (schema FieldInfo), system fields
 * (custom 0) and custom ones (custom 1, CF… names). Options (`values`) only
 * with includevalues=true.
 */
const fieldInfo: ReadDef<WireObject> = {
  label: "Field",
  find: ({ db, q }) => [
    ...SYSTEM_FIELDS,
    ...[...db.fields.values()].map((d) => wireFieldInfo(d, q.bool("includevalues"))),
  ],
  render: (_ctx, r) => r,
  one({ db }, id) {
    const def = byId(db.fields, id);
    return def && wireFieldInfo(def, true);
  },
};

/** A few of Halo's built-in fields, which /FieldInfo lists beside the custom ones. */
const SYSTEM_FIELDS: WireObject[] = [
  { id: 1, name: "summary", label: "Summary", type: 0, custom: 0, usage: 1 },
  { id: 2, name: "details", label: "Details", type: 1, custom: 0, usage: 1 },
  { id: 3, name: "category1", label: "Category", type: 2, custom: 0, usage: 1 },
];

// ---------- long tail ----------

/** Envelope keys of the read-only long tail (the spec names none; these are Halo's). */
export const LONG_TAIL_KEYS: Record<LongTailName, string> = {
  Invoice: "invoices",
  Quotation: "quotes",
  Opportunities: "tickets",
  Projects: "tickets",
  Appointment: "appointments",
  Item: "items",
  KBArticle: "articles",
  Supplier: "suppliers",
  Timesheet: "timesheets",
  SoftwareLicence: "licences",
};

const SEARCHABLE = ["name", "summary", "subject", "title", "invoicenumber", "reference", "tag_string"];

function longTail(name: LongTailName): ReadDef<WireObject> {
  return {
    key: LONG_TAIL_KEYS[name],
    label: name,
    find({ db, q }) {
      const search = q.str("search")?.toLowerCase();
      const client = q.int("client_id");
      const agent = q.int("agent_id");
      const agentIds = q.ids("agents");
      const ticket = q.int("ticket_id");
      const inactive = q.bool("includeinactive");
      const rows = [...db.longTail[name].values()].filter(
        (r) =>
          (inactive || r.inactive !== true) &&
          (client === undefined || r.client_id === client) &&
          (agent === undefined || r.agent_id === agent || r.assigned_agent === agent) &&
          (!agentIds || agentIds.includes(r.agent_id as number)) &&
          (ticket === undefined || r.ticket_id === ticket) &&
          (!search || SEARCHABLE.some((k) => contains(r[k], search))),
      );
      return ordered(rows, q, "id", false);
    },
    render: (_ctx, r) => {
      // Lines and events are detail: Halo lists leave them out.
      const { lines: _l, events: _e, ...row } = r;
      return row;
    },
    one({ db }, id) {
      const r = byId(db.longTail[name], id);
      return r && { ...r };
    },
  };
}

/** Every readable resource, by lower-case path. */
export const READS: Record<string, ReadDef<never>> = Object.fromEntries(
  Object.entries({
    Tickets: tickets,
    Client: clients,
    Site: sites,
    Users: users,
    Asset: assets,
    ClientContract: contracts,
    Actions: actions,
    Attachment: attachments,
    Status: statuses,
    Priority: priorities,
    TicketType: ticketTypes,
    Agent: agents,
    Team: teams,
    Outcome: outcomes,
    AssetType: assetTypes,
    Field: fields,
    FieldInfo: fieldInfo,
    TopLevel: topLevels,
    ...Object.fromEntries((Object.keys(LONG_TAIL_KEYS) as LongTailName[]).map((n) => [n, longTail(n)])),
  }).map(([path, def]) => [path.toLowerCase(), def as unknown as ReadDef<never>]),
);
// Time, billing, KB and reports (time-billing.ts) replace the plain long-tail reads of the same paths.
Object.assign(READS, TIME_BILLING_READS);
