import { z } from "zod";
import { type Row, ref } from "../../util/format.js";
import { agentInput, idOrName, isoDate, recordId } from "../common.js";
import { defineTool, type ToolContext } from "../define.js";
import { haloMs } from "../support/dates.js";
import {
  collectEntries,
  DAY,
  type Entry,
  entryRow,
  isoDay,
  MAX_TICKETS_FOR_BILLING,
  period,
  resolveAgents,
  resolveClient,
  round,
  ticketEntries,
  totals,
  weekStart,
} from "./entries.js";

/** Entries listed at most; the totals always cover all of them. */
const MAX_SHOWN = 50;

const totalsShape = z.object({
  hours: z.number(),
  billable: z.number(),
  non_billable: z.number(),
  unbilled: z.number(),
  unknown: z.number().optional(),
  target: z.number().optional(),
});

/**
 * Target hours per day from the agent's day sheets. The spec documents no
 * filter on GET /Timesheet, so none is sent and the rows are picked here.
 */
async function targets(ctx: ToolContext, agentId: number, from: number, to: number) {
  const rows = await ctx.halo.resources.lookup<Row>("Timesheet", {}, { signal: ctx.signal });
  const byDay = new Map<string, number>();
  for (const r of rows) {
    const at = haloMs(r.date);
    const target = Number(r.target_hours);
    if (Number(r.agent_id) !== agentId || !(at >= from && at < to) || !Number.isFinite(target)) continue;
    byDay.set(isoDay(at), target);
  }
  return byDay;
}

type By = "day" | "client" | "agent";

function groupRows(
  entries: Entry[],
  by: By,
  range: [number, number],
  names: Map<number, string>,
  target?: Map<string, number>,
) {
  const keyOf = (e: Entry): string =>
    by === "day"
      ? isoDay(e.start)
      : by === "client"
        ? (ref(e.clientName, e.clientId) ?? "(no client)")
        : (ref(names.get(e.agentId ?? 0), e.agentId) ?? "(unknown agent)");
  const groups = new Map<string, Entry[]>();
  // Every day of the period, worked or not: an empty day is part of "my week".
  if (by === "day") for (let d = range[0]; d < range[1]; d += DAY) groups.set(isoDay(d), []);
  for (const e of entries) groups.set(keyOf(e), [...(groups.get(keyOf(e)) ?? []), e]);
  const rows = [...groups.entries()].map(([key, list]) => {
    const t = totals(list);
    const row: Row = { [by]: key, hours: t.hours };
    if (t.billable) row.billable = t.billable;
    if (t.unbilled) row.unbilled = t.unbilled;
    if (t.unknown) row.unknown = t.unknown;
    const goal = target?.get(key);
    if (goal !== undefined) row.target = goal;
    return row;
  });
  // Days in calendar order; clients and agents by most hours first.
  if (by !== "day") rows.sort((a, b) => Number(b.hours) - Number(a.hours));
  return rows;
}

export const timeEntries = defineTool({
  name: "time_entries",
  title: "Time entries",
  description:
    'Logged time, billable/unbilled totals; per entry or by day (targets: "my week"), client, agent. Default: this week, me (all for client/by client).',
  toolset: "time",
  effect: "read",
  input: {
    ticket_id: recordId("Ticket").optional(),
    agent: agentInput.optional(),
    client: idOrName().optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    by: z.enum(["day", "client", "agent"]).optional(),
    only: z.enum(["billable", "non_billable", "unbilled"]).optional(),
  },
  output: {
    period: z.string().optional(),
    ticket_id: z.number().optional(),
    agent: z.string().optional(),
    client: z.string().optional(),
    entries: z.array(z.record(z.string(), z.unknown())).optional(),
    groups: z.array(z.record(z.string(), z.unknown())).optional(),
    totals: totalsShape,
    total: z.number(),
    shown: z.number().optional(),
    note: z.string().optional(),
  },
  async handler(args, ctx) {
    const now = Date.now();
    const explicit = args.from !== undefined || args.to !== undefined;
    const range = period(args.from, args.to, () => [weekStart(now), weekStart(now) + 7 * DAY]);
    const client = await resolveClient(ctx, args.client);
    const notes: string[] = [];
    let entries: Entry[];
    let agentLabel: string | undefined;
    let agentIds: number[] = [];
    if (args.ticket_id !== undefined) {
      // A ticket's time is every action on it; dates and agent narrow it only when given.
      entries = await ticketEntries(ctx, args.ticket_id, explicit ? range : undefined);
      if (args.agent !== undefined) {
        const agents = await resolveAgents(ctx, args.agent, false);
        agentLabel = agents.label;
        agentIds = agents.ids;
        entries = entries.filter((e) => e.agentId !== undefined && agents.ids.includes(e.agentId));
      }
    } else {
      const everyone = client !== undefined || args.by === "client" || args.by === "agent";
      const agents = await resolveAgents(ctx, args.agent, everyone);
      agentLabel = agents.label;
      agentIds = agents.ids;
      const got = await collectEntries(ctx, {
        agentIds: agents.ids,
        from: range[0],
        to: range[1],
        clientId: client?.id,
        billing: true,
      });
      entries = got.entries;
      if (got.note) notes.push(got.note);
      if (got.unreadTickets > 0)
        notes.push(
          `billing of ${got.unreadTickets} tickets not read (over ${MAX_TICKETS_FOR_BILLING}): their hours count as unknown; narrow the period or client.`,
        );
    }
    if (args.only === "billable") entries = entries.filter((e) => e.billable !== false);
    if (args.only === "non_billable") entries = entries.filter((e) => e.billable === false);
    // Unknown billing stays in (as `unknown`): dropping it would understate what is unbilled.
    if (args.only === "unbilled") entries = entries.filter((e) => e.billable !== false && !e.invoiced);
    const names = await ctx.halo.lookups.names("agents", ctx.signal).catch(() => new Map<number, string>());
    const data: Row = {};
    if (args.ticket_id === undefined || explicit)
      data.period = `${isoDay(range[0])}..${isoDay(range[1] - 1)}`;
    if (args.ticket_id !== undefined) data.ticket_id = args.ticket_id;
    if (agentLabel) data.agent = agentLabel;
    if (client) data.client = ref(client.name, client.id);
    const sum: Row = { ...totals(entries) };
    if (args.by) {
      const target =
        args.by === "day" && agentIds.length === 1 && args.only === undefined
          ? await targets(ctx, agentIds[0] as number, range[0], range[1]).catch(() => undefined)
          : undefined;
      data.groups = groupRows(entries, args.by, range, names, target);
      if (target && target.size > 0) sum.target = round([...target.values()].reduce((a, b) => a + b, 0));
      else if (target) notes.push("no day sheets with target hours in Halo for this period.");
    } else {
      // Newest first: the latest work is what a person checks.
      const shown = [...entries].sort((a, b) => b.start - a.start).slice(0, MAX_SHOWN);
      data.entries = shown.map((e) => entryRow(e, names));
      data.shown = shown.length;
      if (shown.length < entries.length)
        notes.push(
          `${entries.length - shown.length} older entries not shown (narrow from/to, or use by); totals cover all.`,
        );
    }
    data.totals = sum;
    data.total = entries.length;
    if (notes.length) data.note = notes.join(" ");
    return { data };
  },
});
