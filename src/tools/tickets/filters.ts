/**
 * The ticket filters search_tickets and ticket_stats share: one input shape,
 * one resolver (names → IDs, "me" → the API agent) and one pure mapping onto
 * GET /Tickets query parameters, so the two tools always agree on what a
 * filter means.
 */
import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import type { Query } from "../../halo/http.js";
import { isId } from "../../halo/resolve.js";
import { type Row, ref } from "../../util/format.js";
import { agentInput, idOrName } from "../common.js";
import type { ToolContext } from "../define.js";
import {
  type Bound,
  dateCheck,
  dateMs,
  dateOrder,
  idCheck,
  numberOrder,
  type RowCheck,
  type RowOrder,
  type VerifyOptions,
} from "../support/verify-rows.js";

export const STATUS_MODES = ["open", "closed", "any"] as const;
export type StatusMode = (typeof STATUS_MODES)[number];

/**
 * A date argument. Checked by haloDate (naming the argument) rather than a
 * zod pattern: the pattern would be repeated in tools/list for every date
 * field of two tools, and tools/list is paid for in every conversation.
 */
const date = (what: string) => z.string().trim().optional().describe(what);

export const ticketFilterInput = {
  query: z.string().trim().min(1).max(200).optional().describe("Text search"),
  client: idOrName().optional(),
  site: idOrName().optional(),
  contact: idOrName().optional(),
  agent: agentInput.optional(),
  team: idOrName().optional(),
  // No schema default: a closed-date range must tell an omitted status from an explicit "open".
  status: idOrName().describe("open (default)|closed|any or status").optional(),
  type: idOrName().optional(),
  priority: idOrName().optional(),
  opened_after: date("On/after, YYYY-MM-DD"),
  opened_before: date("Before"),
  updated_after: date("On/after"),
  updated_before: date("Before"),
  closed_after: date("On/after; closed only"),
  closed_before: date("Before"),
};

type FilterArgs = z.output<z.ZodObject<typeof ticketFilterInput>>;

/** Filters with every name already turned into an ID. */
export interface ResolvedTicketFilters {
  query?: string;
  clientId?: number;
  siteId?: number;
  contactId?: number;
  agentId?: number;
  teamId?: number;
  status: StatusMode | { id: number };
  typeId?: number;
  /** One priority name can mean a different number in each SLA: all of them. */
  priorityIds?: number[];
  opened_after?: string;
  opened_before?: string;
  updated_after?: string;
  updated_before?: string;
  closed_after?: string;
  closed_before?: string;
}

/**
 * Halo's `datesearch` names the date column a startdate/enddate range applies
 * to. The spec documents two values: "dateoccured" (sic: the opened date) and
 * "datecleared". The updated (last action) range has no documented value, so
 * it is never sent: it is read by ordering on `lastactiondate` (see ticketBound).
 */
export const DATESEARCH = {
  opened: "dateoccured",
  closed: "datecleared",
} as const;

/** "2026-11-01" → "2026-11-01T00:00:00"; "2026-11-01T10:22" → "2026-11-01T10:22:00" (UTC, as Halo stores). */
export function haloDate(value: string, field = "date"): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?)?Z?$/.exec(value.trim());
  if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) {
    throw inputError(`${field}: "${value}" is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:mm.`);
  }
  return `${m[1]}T${m[2] ?? "00:00"}:${m[3] ?? "00"}`;
}

const RANGES = {
  opened: (f: ResolvedTicketFilters) => [f.opened_after, f.opened_before],
  updated: (f: ResolvedTicketFilters) => [f.updated_after, f.updated_before],
  closed: (f: ResolvedTicketFilters) => [f.closed_after, f.closed_before],
} as const;

/** The one date range of each kind given, as Halo date-times (validated). */
function ranges(f: ResolvedTicketFilters): Partial<Record<keyof typeof RANGES, [string?, string?]>> {
  const out: Partial<Record<keyof typeof RANGES, [string?, string?]>> = {};
  for (const kind of Object.keys(RANGES) as Array<keyof typeof RANGES>) {
    const [after, before] = RANGES[kind](f);
    if (after === undefined && before === undefined) continue;
    const start = after === undefined ? undefined : haloDate(after, `${kind}_after`);
    const end = before === undefined ? undefined : haloDate(before, `${kind}_before`);
    if (start && end && start >= end) {
      throw inputError(`${kind}_after (${after}) must be earlier than ${kind}_before (${before}).`);
    }
    // Halo validates the ranges it is sent; the updated range is applied here, so checked here.
    for (const [arg, v] of [
      [`${kind}_after`, start],
      [`${kind}_before`, end],
    ] as const) {
      if (kind === "updated" && v !== undefined && typeof dateMs(v) !== "number") {
        throw inputError(`${arg}: "${v}" is not a valid date and time.`);
      }
    }
    out[kind] = [start, end];
  }
  return out;
}

function dateRange(f: ResolvedTicketFilters): Query {
  const given = ranges(f);
  // `updated` is read by ordering, not by datesearch: it combines with either of the others.
  const sent = (["opened", "closed"] as const).filter((k) => given[k]);
  if (sent.length > 1) {
    throw inputError(
      "opened_after/opened_before and closed_after/closed_before: Halo filters on one of these date ranges per call, not both.",
      "Filter on one range here and narrow the other by reading the rows' dates, or make two calls.",
    );
  }
  const kind = sent[0];
  if (!kind) return {};
  const [start, end] = given[kind] as [string?, string?];
  return { datesearch: DATESEARCH[kind], startdate: start, enddate: end };
}

/**
 * List rows carry the SLA action date and time left only when asked
 * (the spec's includeslaactiondate / includeslatimer): rows show SLA due and
 * breach, and ticket_stats groups by them.
 */
export const SLA_FIELDS = { includeslaactiondate: true, includeslatimer: true } as const;

/** The GET /Tickets query for resolved filters (no paging or order). Pure. */
export function ticketQuery(f: ResolvedTicketFilters): Query {
  const mode = f.status;
  const status: Query =
    mode === "open"
      ? { open_only: true }
      : mode === "closed"
        ? { closed_only: true }
        : mode === "any"
          ? {}
          : { status_id: mode.id };
  const q: Query = {
    search: f.query,
    client_id: f.clientId,
    site_id: f.siteId,
    user_id: f.contactId,
    agent_id: f.agentId,
    // No team_id filter exists on GET /Tickets: `team` takes a list of IDs as a string.
    team: f.teamId === undefined ? undefined : String(f.teamId),
    ...status,
    requesttype_id: f.typeId,
    priority: f.priorityIds?.length ? f.priorityIds.join(",") : undefined,
    ...dateRange(f),
  };
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
}

// ── sorting (search only) ───────────────────────────────────────────────

export const SORTS = ["opened", "updated", "id", "priority", "status"] as const;
export type TicketSort = (typeof SORTS)[number];

const ORDER_FIELD: Record<TicketSort, string> = {
  opened: "dateoccurred",
  updated: "lastactiondate",
  id: "id",
  priority: "priority_id",
  status: "status_id",
};

export const sortInput = {
  sort: z.enum(SORTS).default("opened").describe("Order by"),
  descending: z.boolean().optional().describe("Default: newest, most urgent first"),
};

const sortDesc = (sort: TicketSort, descending?: boolean) =>
  descending ?? !(sort === "priority" || sort === "status");

/**
 * Dates and IDs newest first; priorities most urgent first, which is the
 * lowest number (1 is the top priority in Halo's defaults), so ascending.
 */
export function sortQuery(sort: TicketSort, descending?: boolean): Query {
  return { order: ORDER_FIELD[sort], orderdesc: sortDesc(sort, descending) };
}

/** The same order over rows, to check Halo's answer against and to sort here when it was ignored. */
export function sortOrder(sort: TicketSort, descending?: boolean): RowOrder {
  const field = ORDER_FIELD[sort];
  const desc = sortDesc(sort, descending);
  return sort === "opened" || sort === "updated"
    ? dateOrder("sort", field, desc)
    : numberOrder("sort", field, desc);
}

// ── verification on the rows ─────────────────────────────────────────────

/**
 * Every filter whose field comes back on ticket rows, to check Halo's
 * answer with (see tools/support/verify-rows.ts). Text search and open/closed are
 * not on the rows (a status's open or closed kind is not in /Status), so
 * they are trusted as documented.
 */
export function ticketChecks(f: ResolvedTicketFilters): RowCheck[] {
  const checks: RowCheck[] = [];
  const id = (name: string, field: string, v: number | undefined) => {
    if (v !== undefined) checks.push(idCheck(name, field, [v]));
  };
  id("client", "client_id", f.clientId);
  id("site", "site_id", f.siteId);
  id("contact", "user_id", f.contactId);
  id("agent", "agent_id", f.agentId);
  id("team", "team_id", f.teamId);
  if (typeof f.status === "object") id("status", "status_id", f.status.id);
  id("type", "tickettype_id", f.typeId);
  if (f.priorityIds?.length) checks.push(idCheck("priority", "priority_id", f.priorityIds));
  const given = ranges(f);
  for (const kind of ["opened", "closed", "updated"] as const) {
    const r = given[kind];
    // The updated range is not sent (ticketBound reads it by order): applied here by design.
    if (r) checks.push({ ...dateCheck(kind, DATE_FIELD[kind], r[0], r[1]), local: kind === "updated" });
  }
  return checks;
}

/** The row field each range is about. */
const DATE_FIELD = { opened: "dateoccurred", closed: "dateclosed", updated: "lastactiondate" } as const;

/**
 * The updated range, read by documented means: ordered by lastactiondate
 * (newest first when there is a lower bound, else oldest first) until a row
 * is past the bound. Undefined without an updated range.
 */
export function ticketBound(f: ResolvedTicketFilters): { bound: Bound; query: Query } | undefined {
  const r = ranges(f).updated;
  if (!r) return undefined;
  const [after, before] = r;
  const desc = after !== undefined;
  const order = dateOrder("updated", DATE_FIELD.updated, desc);
  const lo = after === undefined ? undefined : (dateMs(after) as number);
  const hi = before === undefined ? undefined : (dateMs(before) as number);
  const past = (row: Row) => {
    const k = order.key(row);
    if (typeof k !== "number") return false;
    return lo !== undefined ? k < lo : hi !== undefined && k > hi;
  };
  return { bound: { order, past }, query: { order: DATE_FIELD.updated, orderdesc: desc } };
}

/**
 * Everything a ticket list sends and checks: the filter query, the row
 * checks, the order (Halo's when it can be verified, else applied here) and
 * the bound for an updated range.
 */
export function ticketRead(
  f: ResolvedTicketFilters,
  sort?: { sort: TicketSort; descending?: boolean },
): { query: Query; opts: Pick<VerifyOptions, "what" | "checks" | "sort" | "sortSent" | "bound"> } {
  const b = ticketBound(f);
  const order = sort && sortOrder(sort.sort, sort.descending);
  return {
    query: {
      ...ticketQuery(f),
      ...SLA_FIELDS,
      ...(b ? b.query : sort ? sortQuery(sort.sort, sort.descending) : {}),
    },
    opts: { what: "tickets", checks: ticketChecks(f), sort: order, sortSent: !b && !!sort, bound: b?.bound },
  };
}

// ── resolution ──────────────────────────────────────────────────────────

const asStatusMode = (v: string | number): StatusMode | undefined => {
  const s = String(v).trim().toLowerCase();
  return (STATUS_MODES as readonly string[]).includes(s) ? (s as StatusMode) : undefined;
};

const datesOf = (a: FilterArgs) => ({
  opened_after: a.opened_after,
  opened_before: a.opened_before,
  updated_after: a.updated_after,
  updated_before: a.updated_before,
  closed_after: a.closed_after,
  closed_before: a.closed_before,
});

/**
 * Turns names into IDs. Record IDs (client, site, contact) are used as given,
 * saving a request; names are searched, a site or contact within the client
 * given. Lookup values (status, type, ...) are checked against the tenant's
 * lists, which are cached. `resolved` lists what names matched, so the model
 * sees "Acme" became "Acme Corporation #12".
 */
export async function resolveTicketFilters(
  args: FilterArgs,
  ctx: ToolContext,
): Promise<{ filters: ResolvedTicketFilters; resolved: Record<string, string> }> {
  const { halo, signal } = ctx;
  // Bad dates fail before any request goes out.
  ticketQuery({ status: "any", ...datesOf(args) });
  const found: Record<string, string> = {};
  const note = (field: string, name: string, id: number, given: string | number) => {
    if (!isId(given)) found[field] = ref(name, id) ?? `#${id}`;
  };

  const record = async (
    kind: "client" | "site" | "contact",
    given: string | number | undefined,
    scope = {},
  ) => {
    if (given === undefined) return undefined;
    if (isId(given)) return Number(given);
    const r = await halo.names.resolve(kind, given, kind, scope, signal);
    note(kind, r.name, r.id, given);
    return r.id;
  };
  // A site is looked for within the client, a contact within both: one after the other.
  const records = async () => {
    const clientId = await record("client", args.client);
    const siteId = await record("site", args.site, { clientId });
    const contactId = await record("contact", args.contact, { clientId, siteId });
    return { clientId, siteId, contactId };
  };

  const lookup = async (
    kind: "statuses" | "ticket_types" | "teams" | "agents",
    field: string,
    given: string | number | undefined,
  ) => {
    if (given === undefined) return undefined;
    const hit = await halo.lookups.resolve(kind, given, field, signal);
    note(field, hit.name, hit.id, given);
    return hit.id;
  };
  const agent = async () => {
    if (args.agent === undefined || String(args.agent).trim().toLowerCase() !== "me") {
      return lookup("agents", "agent", args.agent);
    }
    const me = await halo.lookups.me(signal);
    found.agent = ref(me.name, me.id) ?? `#${me.id}`;
    return me.id;
  };
  const priorities = async () => {
    if (args.priority === undefined) return undefined;
    const { ids, name } = await halo.lookups.priorityIds(args.priority, "priority", signal);
    note("priority", name, ids[0] as number, args.priority);
    if (ids.length > 1 && !isId(args.priority)) found.priority = `${name} (#${ids.join(", #")}, by SLA)`;
    return ids;
  };
  const closedRange = args.closed_after !== undefined || args.closed_before !== undefined;
  const statusArg = args.status ?? (closedRange ? "closed" : "open");
  const mode = asStatusMode(statusArg);
  if (closedRange && mode === "open") {
    throw inputError(
      'closed_after/closed_before: open tickets have no closed date, so with status "open" nothing can match.',
      "Leave status out (closed tickets are meant), or use opened_/updated_ ranges for open tickets.",
    );
  }
  // "closed" is a group, which a tenant's status named "Closed" hides: say so where it matters.
  if (mode === "closed" && args.status !== undefined)
    found.status = "closed: every closed status (pass a status ID for just one)";

  const [ids, agentId, statusId, teamId, typeId, priorityIds] = await Promise.all([
    records(),
    agent(),
    mode ? undefined : lookup("statuses", "status", statusArg),
    lookup("teams", "team", args.team),
    lookup("ticket_types", "type", args.type),
    priorities(),
  ]);

  const filters: ResolvedTicketFilters = {
    query: args.query,
    ...ids,
    agentId,
    teamId,
    status: mode ?? { id: statusId as number },
    typeId,
    priorityIds,
    ...datesOf(args),
  };
  // Same order every time, whatever finished first.
  const order = ["client", "site", "contact", "agent", "team", "status", "type", "priority"];
  const resolved = Object.fromEntries(order.filter((k) => found[k]).map((k) => [k, found[k] as string]));
  return { filters, resolved };
}

/**
 * Halo answers an unknown client, site or contact ID with no tickets, which
 * reads like "none yet". When nothing matched, IDs given for those filters
 * are checked, so a wrong one fails as "no client with ID N" instead.
 */
export async function checkRecordIds(args: FilterArgs, ctx: ToolContext): Promise<void> {
  for (const kind of ["client", "site", "contact"] as const) {
    const given = args[kind];
    if (given !== undefined && isId(given)) await ctx.halo.names.resolve(kind, given, kind, {}, ctx.signal);
  }
}
