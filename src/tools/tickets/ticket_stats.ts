import { z } from "zod";
import { R } from "../../halo/resources.js";
import { defineTool } from "../define.js";
import {
  checkRecordIds,
  resolveTicketFilters,
  SLA_FIELDS,
  ticketFilterInput,
  ticketQuery,
} from "./filters.js";
import {
  agentOf,
  clientOf,
  loadTicketNames,
  priorityNumberOf,
  type Row,
  slaStateOf,
  statusOf,
  type TicketNames,
  teamOf,
  typeOf,
} from "./projection.js";

export const GROUPS = ["status", "agent", "team", "client", "priority", "type", "sla"] as const;
type Group = (typeof GROUPS)[number];

const TOP = 50;

/**
 * The one lookup each grouping needs for names. Client and team names come
 * on the rows themselves, so those groupings cost no extra request.
 */
const NEEDS: Record<Group, "statuses" | "agents" | "priorities" | "ticket_types" | undefined> = {
  status: "statuses",
  agent: "agents",
  team: undefined,
  client: undefined,
  priority: "priorities",
  type: "ticket_types",
  sla: undefined,
};

const NONE: Record<Group, string> = {
  status: "(no status)",
  agent: "Unassigned",
  team: "(no team)",
  client: "(no client)",
  priority: "(no priority)",
  type: "(no type)",
  sla: "no SLA",
};

const keyOf: Record<Group, (t: Row, n: TicketNames) => string | undefined> = {
  status: statusOf,
  agent: agentOf,
  team: teamOf,
  client: (t) => clientOf(t),
  // One group per priority number, though each SLA may name it differently.
  priority: priorityNumberOf,
  type: typeOf,
  sla: slaStateOf,
};

export const ticketStats = defineTool({
  name: "ticket_stats",
  title: "Ticket counts",
  description: "Count all tickets matching search_tickets filters, by group_by.",
  toolset: "tickets",
  effect: "read",
  input: {
    ...ticketFilterInput,
    group_by: z.enum(GROUPS).default("status").describe("Group by"),
  },
  output: {
    total: z.number(),
    group_by: z.enum(GROUPS),
    resolved: z.record(z.string(), z.string()).optional(),
    groups: z.array(z.object({ name: z.string(), count: z.number() })),
    truncated: z.string().optional(),
  },
  async handler(args, ctx) {
    const { filters, resolved } = await resolveTicketFilters(args, ctx);
    const need = NEEDS[args.group_by];
    const [all, names] = await Promise.all([
      ctx.halo.resources.listAll<Row>(
        R.tickets,
        { ...ticketQuery(filters), ...SLA_FIELDS },
        {
          signal: ctx.signal,
          onPage: (done, total) => ctx.progress(done, total, `Counted ${done} of ${total} tickets`),
        },
      ),
      need ? loadTicketNames(ctx, [need]) : Promise.resolve<TicketNames>({}),
    ]);

    if (all.total === 0) await checkRecordIds(args, ctx);
    const counts = new Map<string, number>();
    const key = keyOf[args.group_by];
    for (const t of all.items) {
      const k = key(t, names) ?? NONE[args.group_by];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const sorted = [...counts.entries()]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    const groups = sorted.slice(0, TOP);
    const rest = sorted.slice(TOP);
    if (rest.length) {
      groups.push({ name: `other (${rest.length} more)`, count: rest.reduce((s, g) => s + g.count, 0) });
    }
    return {
      data: {
        total: all.total,
        group_by: args.group_by,
        ...(Object.keys(resolved).length ? { resolved } : {}),
        groups,
        ...(all.truncated
          ? {
              truncated: `Counted the first ${all.items.length} of ${all.total} tickets (the per-call ceiling). Narrow the filters (dates, client, status) for exact counts.`,
            }
          : {}),
      },
    };
  },
});
