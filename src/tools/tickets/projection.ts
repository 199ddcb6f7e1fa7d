/**
 * Compact views of Halo tickets (`Faults`), shared by search, get, the write
 * tools and stats. A real ticket is ~80 KB of JSON (the embedded ticket type
 * and user are most of it); a row keeps what a person scans in a queue, the
 * detail what they read before acting. Related records are refs
 * ("Acme Corporation #12"); status, priority, type and agent names come from
 * lookup tables loaded once per call (tickets carry only their IDs).
 */
import { z } from "zod";
import { HaloError } from "../../halo/errors.js";
import type { LookupKind, Priority } from "../../halo/lookups.js";
import { clip, compact, num, type Row, ref, str, stripHtml, when, yes } from "../../util/format.js";
import type { ToolContext } from "../define.js";
import { customFieldsView } from "../support/custom-fields.js";

/** Name tables for the IDs a ticket carries without names. */
export interface TicketNames {
  statuses?: Map<number, string>;
  priorities?: Map<number, string>;
  /** "slaId:priorityId" → the name that SLA gives the priority. */
  prioritiesBySla?: Map<string, string>;
  /** priorityId → every name its SLAs give it ("Critical / P1 - Critical"). */
  priorityLabels?: Map<number, string>;
  ticket_types?: Map<number, string>;
  agents?: Map<number, string>;
  teams?: Map<number, string>;
}

/** What rows and details need: the team name comes on the ticket itself. */
export const TICKET_NAME_KINDS = ["statuses", "priorities", "ticket_types", "agents"] as const;
type NameKind = (typeof TICKET_NAME_KINDS)[number] | "teams";

/**
 * One load per kind (lookups are cached per process). A table that fails to
 * load (e.g. no permission to list agents) leaves IDs without names rather
 * than failing the tickets it decorates.
 */
export async function loadTicketNames(
  ctx: ToolContext,
  kinds: readonly NameKind[] = TICKET_NAME_KINDS,
): Promise<TicketNames> {
  const tables = await Promise.all(
    kinds.map((kind) =>
      ctx.halo.lookups.all(kind as LookupKind, ctx.signal).catch((err: unknown) => {
        if (err instanceof HaloError && err.kind === "cancelled") throw err;
        return undefined;
      }),
    ),
  );
  const out: TicketNames = {};
  kinds.forEach((kind, i) => {
    const items = tables[i];
    if (items) out[kind] = new Map(items.map((x) => [x.id, x.name]));
  });
  const priorities = tables[kinds.indexOf("priorities")] as Priority[] | undefined;
  if (priorities) {
    out.prioritiesBySla = new Map(
      priorities.flatMap((p) => p.slaNames.map((s) => [`${s.slaId}:${p.id}`, s.name] as [string, string])),
    );
    out.priorityLabels = new Map(
      priorities.map((p) => [p.id, [...new Set(p.slaNames.map((s) => s.name))].join(" / ")]),
    );
  }
  return out;
}

/** "Name #id" from a name field on the ticket, else the lookup table, else "#id". */
function named(id: unknown, name: unknown, table?: Map<number, string>): string | undefined {
  const i = num(id);
  if (i === undefined) return undefined;
  return ref(str(name) ?? table?.get(i), i);
}

export const statusOf = (t: Row, n: TicketNames) => named(t.status_id, t.status_name, n.statuses);
export const priorityOf = (t: Row, n: TicketNames) =>
  // `priority` on a full ticket is the SLA policy object, whose name is the SLA's: not used here.
  // Each SLA may name a priority number differently: the ticket's SLA decides.
  named(
    t.priority_id,
    t.priority_name ?? n.prioritiesBySla?.get(`${num(t.sla_id)}:${num(t.priority_id)}`),
    n.priorities,
  );
/** The priority number whatever the SLA, for grouping: "Critical / P1 - Critical #1". */
export const priorityNumberOf = (t: Row, n: TicketNames) => {
  const id = num(t.priority_id);
  return named(t.priority_id, id === undefined ? undefined : n.priorityLabels?.get(id), n.priorities);
};
export const typeOf = (t: Row, n: TicketNames) =>
  named(
    t.tickettype_id,
    t.tickettype_name ?? t.requesttype_name ?? (t.tickettype as Row | undefined)?.name,
    n.ticket_types,
  );
export const agentOf = (t: Row, n: TicketNames) => named(t.agent_id, t.agent_name, n.agents);
/** Tickets carry the team's name in `team` (list rows may have no team_id). */
export const teamOf = (t: Row, n: TicketNames) => {
  const id = num(t.team_id);
  return ref(str(t.team) ?? str(t.team_name) ?? (id ? n.teams?.get(id) : undefined), id);
};
export const clientOf = (t: Row) => named(t.client_id, t.client_name);
export const siteOf = (t: Row) => named(t.site_id, t.site_name);
export const contactOf = (t: Row) => named(t.user_id, t.user_name ?? t.users_name);

/** The SLA deadline that matters next: the SLA action date (response, then fix), else fix-by. */
function slaDue(t: Row): string | undefined {
  return when(t.slaactiondate) ?? when(t.fixbydate);
}

/**
 * Breached when Halo reports negative time left, or without that figure
 * when the next deadline has passed on a ticket not on hold. Time left
 * stands still on hold, so a ticket parked after its deadline stays
 * breached; the dates move on hold, so they say nothing then. Tickets
 * excluded from SLA never breach.
 */
export function isBreached(t: Row, now = Date.now()): boolean {
  if (t.excludefromsla === true) return false;
  // Halo's own figure wins; the date is the fallback when a row lacks it.
  if (typeof t.slatimeleft === "number") return t.slatimeleft < 0;
  if (t.onhold === true) return false;
  const due = when(t.slaactiondate) ?? when(t.fixbydate);
  if (!due) return false;
  const at = Date.parse(`${due.replace(" ", "T")}:00Z`);
  return Number.isFinite(at) && at < now;
}

/** For counting: "breached", "on hold", "within SLA", "closed", or undefined (no SLA). */
export function slaStateOf(t: Row): string | undefined {
  if (when(t.dateclosed)) return "closed";
  if (t.excludefromsla === true) return undefined;
  if (isBreached(t)) return "breached";
  if (t.onhold === true) return "on hold";
  return slaDue(t) ? "within SLA" : undefined;
}

/** Single line, at most `max` characters, ending in "…" when cut (rows stay small). */
function line(text: unknown, max: number): string | undefined {
  const s = str(text)?.replace(/\s+/g, " ");
  if (!s) return undefined;
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

export const SUMMARY_MAX = 100;

/** A lookup value by name alone ("In Progress"): names are unique per tenant and every filter takes them. */
const nameOnly = (v: string | undefined) => v?.replace(/ #\d+$/, "");

/**
 * The SLA cell of a row: the next deadline, "on hold" while the clock is
 * paused (the deadline will move), nothing once closed or excluded.
 */
function slaCell(t: Row): string | undefined {
  if (t.excludefromsla === true || when(t.dateclosed)) return undefined;
  if (t.onhold === true) return "on hold";
  return slaDue(t);
}

/**
 * One ticket as a queue row, ~300 bytes so 25 rows stay under 8 KB: records
 * people act on (client, contact, agent) as "Name #id", lookup values
 * (status, priority, type, team) by name. The site is left to get_ticket.
 */
export function ticketRow(t: Row, n: TicketNames = {}, fit: RowFit = ROW_FITS[0] as RowFit) {
  const sla = slaCell(t);
  const name = (v: string | undefined) => shortRef(v, fit.name);
  return compact({
    id: num(t.id),
    summary: line(t.summary, fit.summary),
    status: name(nameOnly(statusOf(t, n))),
    priority: name(nameOnly(priorityOf(t, n))),
    type: fit.lean && !fit.keep?.includes("type") ? undefined : name(nameOnly(typeOf(t, n))),
    client: name(clientOf(t)),
    contact: name(contactOf(t)),
    agent: name(agentOf(t, n)),
    team: name(nameOnly(teamOf(t, n))),
    opened: when(t.dateoccurred),
    updated:
      fit.lean && !fit.keep?.includes("updated")
        ? undefined
        : (when(t.lastactiondate) ?? when(t.last_update)),
    closed: when(t.dateclosed),
    sla_due: sla,
    breached: sla && isBreached(t) ? true : undefined,
  });
}

/** How much of a row to keep: summary and name lengths; `lean` drops type and updated (unless kept). */
export interface RowFit {
  summary: number;
  name: number;
  lean?: boolean;
  /** Columns a lean row still shows: the one the rows are sorted by. */
  keep?: ReadonlyArray<"type" | "updated">;
}
const ROW_FITS: RowFit[] = [
  { summary: SUMMARY_MAX, name: 40 },
  { summary: 70, name: 32 },
  { summary: 50, name: 32 },
  { summary: 40, name: 24, lean: true },
  { summary: 40, name: 18, lean: true },
];
/** Characters for 25 rows, so they and the envelope stay under 8 KB; larger pages get as much per row. */
export const ROWS_MAX = 7600;
const ROWS_PER_BUDGET = 25;

/**
 * A page of rows within ROWS_MAX: real tenants have long summaries and
 * names, so the summaries give way first, then the names, then type and
 * the updated date (both still filters/sorts).
 */
export function ticketRows(
  items: Row[],
  n: TicketNames = {},
  keep: RowFit["keep"] = [],
): { rows: ReturnType<typeof ticketRow>[]; omitted?: string[] } {
  // A page of 100 rows was asked for knowing it costs more: the budget is per row, not per page.
  const budget = ROWS_MAX * Math.max(1, items.length / ROWS_PER_BUDGET);
  let rows: ReturnType<typeof ticketRow>[] = [];
  let used: RowFit = ROW_FITS[0] as RowFit;
  for (const fit of ROW_FITS) {
    used = { ...fit, keep };
    rows = items.map((t) => ticketRow(t, n, used));
    if (JSON.stringify(rows).length <= budget) break;
  }
  // Say what a lean page leaves out, so its absence is not read as "no value".
  const omitted = used.lean ? (["type", "updated"] as const).filter((c) => !keep.includes(c)) : [];
  return omitted.length ? { rows, omitted: [...omitted] } : { rows };
}

/** "A very long client na… #12": the name is cut, the ID kept. */
export function shortRef(v: string | undefined, max: number): string | undefined {
  if (v === undefined || v.length <= max) return v;
  const tail = / #\d+$/.exec(v)?.[0] ?? "";
  const name = v.slice(0, v.length - tail.length);
  const keep = Math.max(8, max - tail.length);
  return name.length <= keep ? v : `${name.slice(0, keep - 1).trimEnd()}…${tail}`;
}

export const DETAILS_MAX = 1500;
const DETAIL_SUMMARY_MAX = 300;
/** Custom fields in a detail: a tenant can have dozens, each up to 4,000 characters. */
const CUSTOM_FIELDS_MAX = 1000;
const CUSTOM_VALUE_MAX = 120;

/** The non-empty custom fields, each value short, the list within CUSTOM_FIELDS_MAX bytes. */
function customFieldsBudget(view: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!view) return undefined;
  const out: Record<string, unknown> = {};
  const entries = Object.entries(view);
  let size = 2;
  for (const [i, [label, value]] of entries.entries()) {
    const v = typeof value === "string" ? clip(value, CUSTOM_VALUE_MAX) : value;
    const cost = JSON.stringify({ [label]: v }).length - 1;
    if (size + cost > CUSTOM_FIELDS_MAX) {
      out["(more)"] = `${entries.length - i} more not shown`;
      break;
    }
    out[label] = v;
    size += cost;
  }
  return out;
}

/** The ticket's text: its HTML stripped, else the plain details. */
export function detailsText(t: Row): string {
  return stripHtml(str(t.details_html) ?? t.details);
}

function slaView(t: Row) {
  const name = ref(t.sla_name, t.sla_id);
  if (t.excludefromsla === true)
    return name ? { name, excluded: true as const } : { excluded: true as const };
  // Time left and breach describe an open ticket; a closed one keeps only its targets.
  const open = !when(t.dateclosed);
  const left = open && typeof t.slatimeleft === "number" ? Math.round(t.slatimeleft * 100) / 100 : undefined;
  const view = compact({
    name,
    respond_by: when(t.respondbydate),
    fix_by: when(t.fixbydate),
    hours_left: left,
    breached: open && isBreached(t) ? true : undefined,
    on_hold: open ? yes(t.onhold) : undefined,
  });
  return Object.keys(view).length ? view : undefined;
}

const categories = (t: Row) =>
  [t.category_1, t.category_2, t.category_3, t.category_4].map(str).filter((c): c is string => !!c);

/** One ticket in full, compact: ~1–3 KB however large the Halo object. */
export function ticketDetail(t: Row, n: TicketNames = {}, detailsMax = DETAILS_MAX) {
  const text = detailsText(t);
  return compact({
    id: num(t.id),
    reference: str(t.reference),
    summary: line(t.summary, DETAIL_SUMMARY_MAX),
    details: text ? clip(text, detailsMax) : undefined,
    status: statusOf(t, n),
    priority: priorityOf(t, n),
    type: typeOf(t, n),
    client: clientOf(t),
    site: siteOf(t),
    contact: contactOf(t),
    contact_email: str(t.user_email) ?? str(t.reportedby),
    agent: agentOf(t, n),
    team: teamOf(t, n),
    categories: categories(t),
    opened: when(t.dateoccurred),
    updated: when(t.lastactiondate) ?? when(t.last_update),
    closed: when(t.dateclosed),
    sla: slaView(t),
    custom_fields: customFieldsBudget(customFieldsView(t.customfields)),
    attachment_count: typeof t.attachment_count === "number" ? t.attachment_count : undefined,
    child_tickets: num(t.child_count),
    parent_id: num(t.parent_id),
  });
}

// ── output shapes (documentation and test checks) ───────────────────────

const optStr = z.string().optional();
const optNum = z.number().optional();
const optTrue = z.literal(true).optional();

export const ticketRowShape = z.object({
  id: z.number(),
  summary: optStr,
  status: optStr,
  priority: optStr,
  type: optStr,
  client: optStr,
  contact: optStr,
  agent: optStr,
  team: optStr,
  opened: optStr,
  updated: optStr,
  closed: optStr,
  sla_due: optStr,
  breached: optTrue,
});

export const ticketDetailShape = z.object({
  id: z.number(),
  reference: optStr,
  summary: optStr,
  details: optStr,
  status: optStr,
  priority: optStr,
  type: optStr,
  client: optStr,
  site: optStr,
  contact: optStr,
  contact_email: optStr,
  agent: optStr,
  team: optStr,
  categories: z.array(z.string()).optional(),
  opened: optStr,
  updated: optStr,
  closed: optStr,
  sla: z
    .object({
      name: optStr,
      respond_by: optStr,
      fix_by: optStr,
      hours_left: optNum,
      breached: optTrue,
      on_hold: optTrue,
      excluded: optTrue,
    })
    .optional(),
  custom_fields: z.record(z.string(), z.unknown()).optional(),
  attachment_count: optNum,
  child_tickets: optNum,
  parent_id: optNum,
});

/** Paging fields every search result carries. */

/** Write results: the saved ticket, or a dry-run preview. */
export const ticketWriteShape = <K extends "created" | "updated">(key: K) => ({
  ...({ [key]: ticketDetailShape.optional() } as { [P in K]: z.ZodOptional<typeof ticketDetailShape> }),
  dry_run: z.literal(true).optional(),
  would_send: z.array(z.record(z.string(), z.unknown())).optional(),
  resolved: z.record(z.string(), z.string()).optional(),
  changes: z.record(z.string(), z.string()).optional(),
  possible_duplicates: z.array(z.string()).optional(),
  warning: z.string().optional(),
});
