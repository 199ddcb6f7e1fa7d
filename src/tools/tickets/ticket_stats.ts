import { z } from "zod";
import { R } from "../../halo/resources.js";
import { defineTool } from "../define.js";
import { verifiedAll } from "../support/verify-rows.js";
import { countTickets, GROUPS } from "./counting.js";
import {
  checkRecordIds,
  resolveTicketFilters,
  SLA_FIELDS,
  ticketFilterInput,
  ticketQuery,
  ticketRead,
} from "./filters.js";

export { GROUPS };

/** Groups shown at most; the rest are summed into one "other" line. */
const TOP = 50;

export const ticketStats = defineTool({
  name: "ticket_stats",
  title: "Ticket counts",
  description: "Count all tickets matching search_tickets filters, by group_by; exact at any size.",
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
    how: z.string(),
    requests: z.number(),
    rate_budget: z.string(),
    left_out: z.string().optional(),
    note: z.string().optional(),
  },
  async handler(args, ctx) {
    const { filters, resolved } = await resolveTicketFilters(args, ctx);
    // An updated range has no documented filter: its tickets are read in lastactiondate order
    // until past the bound, checked on the rows (tools/support/verify-rows.ts), and grouped as read.
    const read = ticketRead(filters);
    const counted = await countTickets(ctx, {
      // SLA fields only where they are read: Halo computes them per row, and counts need none.
      base: args.group_by === "sla" ? { ...ticketQuery(filters), ...SLA_FIELDS } : ticketQuery(filters),
      group: args.group_by,
      filters,
      rows: read.opts.bound
        ? async () => {
            const all = await verifiedAll(ctx.halo.resources, R.tickets, read.query, {
              ...read.opts,
              signal: ctx.signal,
            });
            return {
              items: all.items,
              how: "read the tickets updated in range (ordered by last action)",
              note: all.fallback,
              left_out: all.complete
                ? undefined
                : `Only the first rows read (the per-call ceiling) were counted; more tickets may match. Narrow the filters.`,
            };
          }
        : undefined,
    });
    if (counted.total === 0) await checkRecordIds(args, ctx);
    const groups = counted.groups.slice(0, TOP);
    const rest = counted.groups.slice(TOP);
    if (rest.length) {
      groups.push({ name: `other (${rest.length} more)`, count: rest.reduce((s, g) => s + g.count, 0) });
    }
    // Tickets counted together but not broken down come last, whatever their size.
    if (counted.rest) groups.push(counted.rest);
    return {
      data: {
        total: counted.total,
        group_by: args.group_by,
        ...(Object.keys(resolved).length ? { resolved } : {}),
        groups,
        how: counted.how,
        requests: counted.requests,
        rate_budget: counted.rate_budget,
        ...(counted.left_out ? { left_out: counted.left_out } : {}),
        ...(counted.note ? { note: counted.note } : {}),
      },
    };
  },
});
