/**
 * Tickets: seeded tickets, their wire shape (list row and the full ~80 KB
 * object), GET /Tickets filters (datesearch, plural ID filters, open/closed)
 * and POST /Tickets (create, partial update, status changes logged as actions).
 */
import { anchorOf, REFERENCE_MS } from "../clock.js";
import { TICKET_FILLER } from "../filler.js";
import type { Rng } from "../prng.js";
import { byId, dateRange, ordered, type ReadDef } from "../read.js";
import { badRequest, isReply, notFound } from "../reply.js";
import type { FakeDb, Priority, Ticket, TicketType, WireObject } from "../types.js";
import { contains, DAY, fill, HOUR, has, iso, MINUTE, merge, NO_DATE, num, str, truthy } from "../util.js";
import { assign, checkRef, firstError, itemId, nextId, type WriteContext, type WriteDef } from "../write.js";
import { logAction, seedActions, wireAction } from "./actions.js";
import { type ClientSeed, mainSiteId } from "./clients.js";
import {
  emptyField,
  fieldDefs,
  replaceCustomFields,
  seedField,
  wireCustomFieldsFull,
} from "./custom-fields.js";
import { priorityObject } from "./lookups.js";
import { address, sitesOf } from "./sites.js";
import { wireTicketTypeFull } from "./ticket-types.js";
import { generalUser, usersOf, wireUserDetail } from "./users.js";

/** Ticket summaries by ticket type id; {site} {first} {last} {host} {client} are filled in. */
export const SUMMARIES: Record<number, string[]> = {
  1: [
    "Printer offline at {site}",
    "Outlook keeps asking for password",
    "VPN connection dropping for {first}",
    "Laptop screen flickering",
    "Cannot access shared drive",
    "Slow Wi-Fi in meeting room",
    "Teams calls cutting out",
    "Blue screen on startup",
    "Email not syncing on mobile",
    "No dial tone on reception phone",
    "Scanner not sending to email at {site}",
    "{client} website showing certificate error",
  ],
  3: [
    "New starter: {first} {last}",
    "Leaver: disable account for {first} {last}",
    "Add {first} to shared mailbox",
    "Install Adobe Acrobat for {first}",
    "Request new laptop for {first}",
    "Set up MFA on new phone",
    "Password reset for {first}",
    "Add user to Finance distribution list",
    "Order two monitors for {site}",
  ],
  4: [
    "Recurring disk space alerts on file server",
    "Intermittent DNS failures at {client}",
    "Backups failing every weekend",
    "Users randomly logged out of line-of-business app",
  ],
  5: [
    "Firewall firmware update at {site}",
    "Migrate mailboxes to Microsoft 365",
    "Replace core switch at {site}",
    "Upgrade {host} to Windows Server 2022",
  ],
  28: [
    "Disk space low on {host}",
    "Backup job failed: {host}",
    "CPU usage high on {host}",
    "Firewall {host} offline",
    "Antivirus threat detected on {host}",
  ],
};

export const DETAIL_OPENERS = [
  "Reported by {first} {last} by phone.",
  "{first} emailed the service desk.",
  "Raised via the customer portal by {first}.",
  "Logged automatically by monitoring.",
];

export const DETAIL_BODIES = [
  "It started this morning and affects day-to-day work.",
  "This has happened a few times this week.",
  "They have already tried restarting the device.",
  "Needed before the end of the week if possible.",
  "No error message is shown, it just stops responding.",
  "Other staff in the same office are not affected.",
];

export function seedTickets(db: FakeDb, rng: Rng, count: number, seeds: Map<number, ClientSeed>): void {
  const clients = [...db.clients.values()];
  const clientWeights = clients.map(
    (c) => [c, c.name === "Acme Corporation" ? 4 : c.inactive ? 0.3 : 1] as const,
  );
  const sitesByClient = new Map(clients.map((c) => [c.id, sitesOf(db, c.id)]));
  const usersBySite = new Map([...db.sites.values()].map((s) => [s.id, usersOf(db, s.id)]));
  const typeWeights = [
    [1, 5],
    [3, 4],
    [4, 1],
    [5, 1],
    [28, 2],
  ] as const;
  const statusWeights = [
    [1, 2],
    [2, 3],
    [21, 2],
    [4, 1],
    [22, 1],
    [8, 1.5],
    [9, 4],
  ] as const;
  const priorityWeights = [
    [1, 1],
    [2, 2],
    [3, 5],
    [4, 3],
  ] as const;
  const activeAgents = [...db.agents.values()].filter((a) => !a.isdisabled);
  const ticketFields = fieldDefs(db, 1);
  const defs = new Map(ticketFields.map((f) => [f.name, f]));

  for (let i = 0; i < count; i++) {
    const id = 1001 + i;
    const client = rng.weighted(clientWeights);
    const code = seeds.get(client.id)?.code ?? "CLNT";
    const site = rng.pick(sitesByClient.get(client.id) ?? []);
    const users = usersBySite.get(site.id) ?? [];
    const user = users.length ? rng.pick(users) : undefined;
    const typeId = rng.weighted(typeWeights);
    const type = db.ticketTypes.get(typeId)!;
    const statusId = rng.weighted(statusWeights);
    const closed = db.statuses.get(statusId)?.closed === true;
    const priorityId = rng.weighted(priorityWeights);
    const occurred = REFERENCE_MS - rng.int(10, 90 * 24 * 60) * MINUTE;
    const updated = Math.min(REFERENCE_MS - MINUTE, occurred + rng.int(5, 14 * 24 * 60) * MINUTE);
    const unassigned = statusId === 1 && rng.chance(0.5);
    const teamAgents = activeAgents.filter((a) => a.team_ids.includes(type.default_team_id));
    const agent = unassigned ? undefined : rng.pick(teamAgents.length ? teamAgents : activeAgents);
    const vars = {
      site: site.name,
      first: user?.firstname ?? "the user",
      last: user?.surname ?? "",
      client: client.name,
      host: `${code}-${rng.pick(["FS01", "DC01", "SQL01", "FW01", "APP02", "RDS01"])}`,
    };
    const summary = fill(rng.pick(SUMMARIES[typeId] ?? ["Support request"]), vars).trim();
    const details = `${fill(rng.pick(DETAIL_OPENERS), vars)} ${rng.pick(DETAIL_BODIES)}`;
    const values: Record<string, unknown> = {
      CFService: rng.pick(defs.get("CFService")?.values ?? []).id,
      CFImpactedUsers: rng.chance(0.7) ? rng.pick(defs.get("CFImpactedUsers")?.values ?? []).id : "",
      CFAssetTag: rng.chance(0.3) ? `${code}-LT-${String(rng.int(1, 3)).padStart(3, "0")}` : "",
      CFCustomerRef: rng.chance(0.25) ? `PO-${rng.int(10000, 99999)}` : "",
      CFRootCause: closed && rng.chance(0.6) ? "Configuration drift after a vendor update." : "",
      CFResolutionCode: closed ? rng.pick(defs.get("CFResolutionCode")?.values ?? []).id : "",
      CFBillable: rng.chance(0.3),
      CFFollowUpDate: !closed && rng.chance(0.2) ? iso(REFERENCE_MS + rng.int(1, 14) * DAY).slice(0, 10) : "",
      CFLocation: rng.chance(0.3)
        ? rng.pick(["Reception", "Meeting Room 2", "Finance office", "Warehouse"])
        : "",
      CFEscalationReason: rng.chance(0.08) ? "Customer asked for a senior engineer." : "",
    };
    const ticket: Ticket = {
      id,
      summary,
      details,
      client_id: client.id,
      site_id: site.id,
      user_id: user?.id ?? 0,
      agent_id: agent?.id ?? 0,
      team_id: type.default_team_id,
      status_id: statusId,
      priority_id: priorityId,
      tickettype_id: typeId,
      sla_id: client.sla_id,
      dateoccurred: iso(occurred),
      last_update: iso(updated),
      lastactiondate: iso(updated),
      ...(closed ? { dateclosed: iso(updated) } : {}),
      customfields: ticketFields.map((def) => seedField(def, values[def.name])),
    };
    db.tickets.set(id, ticket);
    db.actions.set(id, seedActions(db, rng, ticket, user, vars, occurred, updated));
  }
  db.nextId.ticket = 1001 + count;
}

// ---------- tickets ----------

function policyFor(db: FakeDb, t: Ticket): Priority | undefined {
  return (
    db.priorities.find((p) => p.slaid === t.sla_id && p.priorityid === t.priority_id) ??
    db.priorities.find((p) => p.priorityid === t.priority_id)
  );
}

function slaTimes(db: FakeDb, t: Ticket) {
  const p = policyFor(db, t);
  const occurred = Date.parse(t.dateoccurred);
  const respond = occurred + (p?.responsetime ?? 4) * HOUR;
  const fix = occurred + (p?.fixtime ?? 24) * HOUR;
  const now = Math.max(anchorOf(db), Date.parse(t.last_update));
  return {
    respondbydate: iso(respond),
    fixbydate: iso(fix),
    slaactiondate: iso(fix),
    slatimeleft: Math.round(((fix - now) / HOUR) * 100) / 100,
    slapercused: Math.max(0, Math.round(((now - occurred) / Math.max(1, fix - occurred)) * 100)),
    currentelapsedhours: Math.round(((now - occurred) / HOUR) * 100) / 100,
  };
}

/** Fields kept on a ticket record that are not sent as-is. */
const TICKET_INTERNAL = new Set(["customfields", "details"]);

/** A list row: ~60 keys, no embedded objects, details only with includedetails. */
export function wireTicket(db: FakeDb, t: Ticket, includeDetails: boolean): WireObject {
  const user = db.users.get(t.user_id);
  const sla = slaTimes(db, t);
  const email = user?.emailaddress ?? "";
  const or = <T>(k: string, fallback: T) => (t[k] ?? fallback) as T;
  let attachments = 0;
  for (const a of db.attachments.values()) if (a.ticket_id === t.id) attachments++;
  // One literal of fixed shape first (V8's fast path), then whatever else was posted.
  const row: WireObject = {
    id: t.id,
    dateoccurred: t.dateoccurred,
    summary: t.summary,
    status_id: t.status_id,
    tickettype_id: t.tickettype_id,
    sla_id: t.sla_id,
    sla_name: db.slas.get(t.sla_id)?.name ?? "",
    priority_id: t.priority_id,
    client_id: t.client_id,
    client_name: db.clients.get(t.client_id)?.name ?? "",
    site_id: t.site_id,
    site_name: db.sites.get(t.site_id)?.name ?? "",
    user_id: t.user_id,
    user_name: user?.name ?? "",
    team: db.teams.get(t.team_id)?.name ?? "",
    team_id: t.team_id,
    agent_id: t.agent_id,
    category_1: or("category_1", ""),
    category_2: or("category_2", ""),
    estimate: or("estimate", 0),
    child_count: 0,
    attachment_count: attachments,
    flagged: or("flagged", false),
    read: true,
    enduserstatus: 0,
    onhold: db.statuses.get(t.status_id)?.slaaction === "Hold",
    respondbydate: sla.respondbydate,
    fixbydate: sla.fixbydate,
    slaactiondate: sla.slaactiondate,
    slatimeleft: sla.slatimeleft,
    slapercused: sla.slapercused,
    currentelapsedhours: sla.currentelapsedhours,
    excludefromsla: or("excludefromsla", false),
    slaholdtime: 0,
    site_timezone: "",
    lastactiondate: t.lastactiondate,
    last_update: t.last_update,
    organisation_id: 1,
    department_id: 1,
    reportedby: or("reportedby", email),
    user_email: email,
    emailtolist: or("emailtolist", email),
    matched_kb_id: 0,
    product_id: 0,
    workflow_id: 0,
    workflow_step: 1,
    pipeline_stage_id: 0,
    is_vip: false,
    isimportantcontact: user?.isimportantcontact ?? false,
    inactive: false,
    impact: or("impact", 0),
    urgency: or("urgency", 0),
    starttime: "00:00:00",
    targetdate: or("targetdate", NO_DATE),
    deadlinedate: or("deadlinedate", NO_DATE),
    source: or("source", 3),
    hasbeenclosed: Boolean(t.dateclosed),
    dateclosed: t.dateclosed ?? NO_DATE,
    use: "ticket",
  };
  if (includeDetails) {
    row.details = t.details;
    row.details_html = toHtml(t.details);
  }
  for (const k in t) if (!(k in row) && !TICKET_INTERNAL.has(k)) row[k] = t[k];
  return row;
}

const typeCache = new WeakMap<FakeDb, Map<number, WireObject>>();

/** Ticket types never change in the sandbox: build each ~50 KB layout once per tenant. */
function cachedTicketType(db: FakeDb, type: TicketType): WireObject {
  let types = typeCache.get(db);
  if (!types) {
    types = new Map();
    typeCache.set(db, types);
  }
  let obj = types.get(type.id);
  if (!obj) {
    obj = wireTicketTypeFull(db, type);
    types.set(type.id, obj);
  }
  return obj;
}

/** The full ticket: every Halo field, with the ticket type, contact and SLA policy embedded. */
export function wireTicketFull(
  db: FakeDb,
  t: Ticket,
  includeDetails: boolean,
  fullSize: boolean,
): WireObject {
  const row = wireTicket(db, t, includeDetails);
  const type = db.ticketTypes.get(t.tickettype_id);
  const user = db.users.get(t.user_id);
  if (!fullSize)
    return merge(row, { details: t.details, customfields: t.customfields.map((f) => ({ ...f })) });
  const base = merge(row, { details: t.details, customfields: wireCustomFieldsFull(db, t.customfields) });
  const site = db.sites.get(t.site_id);
  const addr = site ? address(site, -2) : {};
  const typeObj = type ? cachedTicketType(db, type) : undefined;
  const actions = db.actions.get(t.id) ?? [];
  return merge(
    {
      id: t.id,
    },
    TICKET_FILLER,
    base,
    {
      priority: priorityObject(db, policyFor(db, t)),
      guid: `${String(t.id).padStart(8, "0")}-c358-ef11-b9f1-024ea19c805a`,
      key: `${String(t.id).padStart(8, "0")}-5772-4596-94bd-ffda24bc0747`,
      takenby: "Alice Admin",
      who: "Alice Admin",
      datecreated: t.dateoccurred,
      hdid: t.id,
      customer_relationships: "[]",
      messsent: "YNYYYNYYYYYYYYY",
      delivery_address: addr,
      billing_address: addr,
      contact_address: addr,
      template_id: 0,
      mailboxid: 1,
      workflow_stepstarted: t.dateoccurred,
      matched_rule_id: 0,
      addressfrom: "S",
      user: user ? wireUserDetail(db, user) : generalUser(db, t),
      tickettype: typeObj ?? {},
      newaction_emailfrom: 1,
      newaction_emailfrom_address_override: "support@sandbox-msp.example",
      users_name: user?.name ?? "",
      extra_actions: actions.slice(0, 1).map((a) => wireAction(db, a)),
      reference: `${type?.prefix ?? "T"}-${String(t.id).padStart(7, "0")}`,
      email_start_tag_override: `[${type?.prefix ?? "T"}-`,
      email_end_tag_override: "]",
      showforusers: t.showforusers ?? true,
      isbillable: t.isbillable ?? true,
      deleted: false,
    },
  );
}

export function toHtml(text: string): string {
  const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<p>${esc.split(/\n+/).join("</p><p>")}</p>`;
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

export const tickets: ReadDef<Ticket> = {
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

export function setStatus(db: FakeDb, t: Ticket, statusId: number, now: number): void {
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

export const ticketsWrite: WriteDef = {
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
