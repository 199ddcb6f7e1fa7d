/**
 * Time entries as Halo keeps them, read the same way by every time tool.
 *
 * Time on a ticket is an action's `timetaken` (hours), with its billing on
 * the action (`actisbillable`, `nonbilltime`, `actioninvoicenumber`). Time
 * across tickets and outside them is the agent's timesheet events
 * (`GET /TimesheetEvent` with `agent_id`/`agents`, `start_date`,
 * `end_date`): ticket time appears there as events carrying `ticket_id` and
 * `action_number`, work outside tickets as events without a ticket. Events
 * carry no billable flag, so the billing of ticket events is read from the
 * ticket's actions (one request per ticket, capped); work outside tickets
 * counts as non-billable.
 *
 * Every filter is applied again on the rows here: an agent, client or date
 * Halo did not apply (an ignored or misread parameter) never reaches a total.
 */

import { inputError } from "../../halo/errors.js";
import type { Query } from "../../halo/http.js";
import { isId } from "../../halo/resolve.js";
import { clip, num, type Row, ref, str, stripHtml } from "../../util/format.js";
import type { ToolContext } from "../define.js";
import { haloMs, parseDay } from "../support/dates.js";

export const ACTIONS = { path: "Actions", key: "actions", label: "action" };
export const EVENTS = { path: "TimesheetEvent", key: "", label: "timesheet event" };

/** Most agents whose events are read one by one when Halo answered one agent's for several. */
const MAX_AGENTS_ONE_BY_ONE = 30;

/** Most tickets whose actions are read to learn the billing of their events. */
export const MAX_TICKETS_FOR_BILLING = 40;

export interface Entry {
  ticketId?: number;
  actionId?: number;
  eventId?: number;
  /** Start of the work, ms. */
  start: number;
  agentId?: number;
  clientId?: number;
  clientName?: string;
  subject?: string;
  hours: number;
  billableHours: number;
  /** undefined: unknown (the ticket's actions were not read). */
  billable?: boolean;
  invoiced?: string;
  note: string;
}

const round = (h: number) => Math.round(h * 100) / 100;
export const DAY = 86_400_000;

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/** Monday 00:00 UTC of the week holding `ms`. */
export function weekStart(ms: number): number {
  const day = Math.floor(ms / DAY) * DAY;
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
}

/** [from, to) in ms from optional YYYY-MM-DD bounds; `to` is inclusive of its day. */
export function period(
  from: string | undefined,
  to: string | undefined,
  fallback: () => [number, number],
): [number, number] {
  if (from === undefined && to === undefined) return fallback();
  const start = from === undefined ? undefined : parseDay(from, "from");
  const endDay = to === undefined ? undefined : parseDay(to, "to");
  const end =
    endDay === undefined ? (start as number) + 7 * DAY : endDay + (/T|\s\d/.test(to ?? "") ? 0 : DAY);
  const begin = start ?? end - 7 * DAY;
  if (end <= begin) throw inputError("to: the end of the period is before its start.", "Swap from and to.");
  if (end - begin > 366 * DAY)
    throw inputError("from/to: a period can span at most a year.", "Ask for a shorter period.");
  return [begin, end];
}

/** Agent IDs for an `agent` argument: "me", a name or ID, or every agent when undefined and `all`. */
export async function resolveAgents(
  ctx: ToolContext,
  agent: string | number | undefined,
  all: boolean,
): Promise<{ ids: number[]; label?: string }> {
  if (agent === undefined && all) {
    const agents = await ctx.halo.lookups.all("agents", ctx.signal);
    return { ids: agents.map((a) => a.id) };
  }
  if (agent === undefined || String(agent).trim().toLowerCase() === "me") {
    const me = await ctx.halo.lookups.me(ctx.signal);
    return { ids: [me.id], label: ref(me.name, me.id) };
  }
  const hit = await ctx.halo.lookups.resolve("agents", agent, "agent", ctx.signal);
  return { ids: [hit.id], label: ref(hit.name, hit.id) };
}

/** An action's time and billing as an entry (undefined when it carries no time). */
export function actionEntry(a: Row, ticketId: number): Entry | undefined {
  const hours = Number(a.timetaken) || 0;
  if (hours <= 0 || a.who_type === 0) return undefined;
  const billable = a.actisbillable !== false;
  const nonBill = billable ? Math.min(hours, Math.max(0, Number(a.nonbilltime) || 0)) : hours;
  const at = haloMs(a.actionarrivaldate ?? a.datetime);
  const end = haloMs(a.datetime);
  const start = Number.isFinite(at) && at < end ? at : end - hours * 3_600_000;
  return {
    ticketId,
    actionId: num(a.id),
    start,
    agentId: num(a.who_agentid) ?? num(a.actionby_agent_id),
    hours,
    billableHours: hours - nonBill,
    billable: hours - nonBill > 0,
    invoiced: invoiceNo(a.actioninvoicenumber),
    note: stripHtml(str(a.note_html) ?? a.note),
  };
}

function invoiceNo(v: unknown): string | undefined {
  const s = typeof v === "number" ? String(v) : str(v);
  return s && s !== "0" ? s : undefined;
}

/** A timesheet event as an entry; its billing comes from `billing` when it is ticket time. */
export function eventEntry(e: Row, billing: Map<string, Entry> | undefined): Entry | undefined {
  const hours = Number(e.timetaken) || 0;
  const start = haloMs(e.start_date);
  if (hours <= 0 || !Number.isFinite(start)) return undefined;
  const ticketId = num(e.ticket_id);
  const actionId = num(e.action_number);
  const base: Entry = {
    start,
    agentId: num(e.agent_id),
    clientId: num(e.client_id),
    clientName: str(e.customer),
    subject: str(e.subject),
    hours,
    billableHours: 0,
    billable: false,
    invoiced: invoiceNo(e.action_invoice_number),
    note: stripHtml(e.note),
  };
  if (!ticketId) return { ...base, eventId: num(e.id) };
  const action = actionId ? billing?.get(`${ticketId}/${actionId}`) : undefined;
  return {
    ...base,
    ticketId,
    actionId,
    billable: action?.billable,
    billableHours: action ? action.billableHours : 0,
    invoiced: base.invoiced ?? action?.invoiced,
    note: base.note || action?.note || "",
  };
}

/** The time entries on one ticket (its actions with time), within [from, to) when given. */
export async function ticketEntries(
  ctx: ToolContext,
  ticketId: number,
  range?: [number, number],
): Promise<Entry[]> {
  const rows = await ctx.halo.resources.lookup<Row>(
    ACTIONS.path,
    { ticket_id: ticketId },
    { signal: ctx.signal },
  );
  return rows
    .filter((a) => num(a.ticket_id) === undefined || num(a.ticket_id) === ticketId)
    .map((a) => actionEntry(a, ticketId))
    .filter((e): e is Entry => !!e && (!range || (e.start >= range[0] && e.start < range[1])));
}

export interface Collected {
  entries: Entry[];
  /** Tickets whose billing was not read (over MAX_TICKETS_FOR_BILLING). */
  unreadTickets: number;
  /** What could not be read, for the answer's note. */
  note?: string;
}

/**
 * Events of `agentIds` in [from, to), with billing from the tickets' actions.
 * Rows outside the agents, the client or the period are dropped here whatever
 * Halo answered.
 */
export async function collectEntries(
  ctx: ToolContext,
  opts: { agentIds: number[]; from: number; to: number; clientId?: number; billing: boolean },
): Promise<Collected> {
  // A day of margin each side: the spec types start_date/end_date as bare strings, so whether
  // a date-only end_date includes its day, and in which time zone Halo reads them, is
  // unknown. The rows are cut to the exact period below.
  const query: Query = {
    start_date: isoDay(opts.from - DAY),
    end_date: isoDay(opts.to + DAY),
    ...(opts.agentIds.length === 1 ? { agent_id: opts.agentIds[0] } : { agents: opts.agentIds.join(",") }),
  };
  const rows = await ctx.halo.resources.lookup<Row>(EVENTS.path, query, { signal: ctx.signal });
  let note: string | undefined;
  const covered = new Set(rows.map((e) => Number(e.agent_id)));
  if (opts.agentIds.length > 1 && covered.size <= 1) {
    // The spec documents `agents` as a bare string (its format unsaid); rows of one agent at most
    // may mean Halo answered the caller's events only. The others are asked one by one by the
    // documented agent_id: slower, never short.
    const rest = opts.agentIds.filter((a) => !covered.has(a));
    const asked = rest.slice(0, MAX_AGENTS_ONE_BY_ONE);
    const more = await Promise.all(
      asked.map((agent_id) =>
        ctx.halo.resources.lookup<Row>(
          EVENTS.path,
          { start_date: query.start_date, end_date: query.end_date, agent_id },
          { signal: ctx.signal },
        ),
      ),
    );
    const ids = new Set(rows.map((e) => e.id));
    for (const e of more.flat()) {
      if (ids.has(e.id)) continue;
      ids.add(e.id);
      rows.push(e);
    }
    if (rest.length > asked.length)
      note = `the timesheets of ${rest.length - asked.length} agents were not read (Halo answered one agent's for several, and at most ${MAX_AGENTS_ONE_BY_ONE} are asked one by one); name an agent.`;
  }
  const agents = new Set(opts.agentIds);
  const kept = rows.filter((e) => {
    const start = haloMs(e.start_date);
    return (
      agents.has(Number(e.agent_id)) &&
      start >= opts.from &&
      start < opts.to &&
      (opts.clientId === undefined || num(e.client_id) === opts.clientId)
    );
  });
  const billing = new Map<string, Entry>();
  // The tickets whose billing is read are the most recent worked on, whatever order Halo sent
  // the rows in: the same question gets the same answer.
  const newest = [...kept].sort(
    (a, b) => haloMs(b.start_date) - haloMs(a.start_date) || Number(b.id) - Number(a.id),
  );
  const tickets = [...new Set(newest.map((e) => num(e.ticket_id)).filter((t): t is number => !!t))];
  const read = opts.billing ? tickets.slice(0, MAX_TICKETS_FOR_BILLING) : [];
  const lists = await Promise.all(read.map((t) => ticketEntries(ctx, t)));
  for (const list of lists) for (const e of list) billing.set(`${e.ticketId}/${e.actionId}`, e);
  const entries = kept
    .map((e) => eventEntry(e, billing))
    .filter((e): e is Entry => !!e)
    .sort((a, b) => a.start - b.start);
  return {
    entries,
    unreadTickets: opts.billing ? tickets.length - read.length : 0,
    ...(note ? { note } : {}),
  };
}

export interface Totals {
  hours: number;
  billable: number;
  non_billable: number;
  unbilled: number;
  /** Hours whose billing is unknown (ticket actions not read). */
  unknown?: number;
}

export function totals(entries: Entry[]): Totals {
  let hours = 0;
  let billable = 0;
  let unknown = 0;
  let unbilled = 0;
  for (const e of entries) {
    hours += e.hours;
    if (e.billable === undefined) unknown += e.hours;
    else billable += e.billableHours;
    if (e.billable && !e.invoiced) unbilled += e.billableHours;
  }
  const out: Totals = {
    hours: round(hours),
    billable: round(billable),
    non_billable: round(hours - billable - unknown),
    unbilled: round(unbilled),
  };
  if (unknown > 0) out.unknown = round(unknown);
  return out;
}

/** The compact row a person reads: what, when, who, how long, billed or not. */
export function entryRow(e: Entry, agents: Map<number, string>, noteMax = 120) {
  const row: Record<string, unknown> = {};
  if (e.ticketId) {
    row.ticket_id = e.ticketId;
    if (e.actionId) row.action_id = e.actionId;
  } else if (e.eventId) row.event_id = e.eventId;
  row.date = isoMinute(e.start);
  if (e.agentId) row.agent = ref(agents.get(e.agentId), e.agentId);
  const client = ref(e.clientName, e.clientId);
  if (client) row.client = client;
  if (e.subject && !e.ticketId) row.subject = clip(e.subject, 80);
  row.minutes = Math.round(e.hours * 60);
  if (e.billable !== undefined) row.billable = e.billable;
  if (e.billable && e.billableHours < e.hours) row.billable_minutes = Math.round(e.billableHours * 60);
  if (e.invoiced) row.invoice = e.invoiced;
  if (e.note) row.note = clip(e.note.replace(/\s+/g, " "), noteMax);
  return row;
}

/** "Acme #12" from an ID or name argument, or undefined. */
export async function resolveClient(ctx: ToolContext, client: string | number | undefined) {
  if (client === undefined) return undefined;
  return ctx.halo.names.resolve("client", client, "client", {}, ctx.signal);
}

export { isId, round };
