import { z } from "zod";
import { R } from "../../halo/resources.js";
import { paging } from "../../util/format.js";
import { limit, page, pagingShape } from "../common.js";
import { defineTool } from "../define.js";
import { verifiedPage } from "../support/verify-rows.js";
import { checkRecordIds, resolveTicketFilters, sortInput, ticketFilterInput, ticketRead } from "./filters.js";
import { loadTicketNames, ticketRowShape, ticketRows } from "./projection.js";

export const searchTickets = defineTool({
  name: "search_tickets",
  title: "Search tickets",
  description: "Find tickets. For counts use ticket_stats instead of paging.",
  toolset: "tickets",
  effect: "read",
  input: { ...ticketFilterInput, ...sortInput, limit: limit(100, 25), page },
  output: {
    ...pagingShape,
    resolved: z.record(z.string(), z.string()).optional(),
    tickets: z.array(ticketRowShape),
    omitted: z.array(z.string()).optional(),
    fallback: z.string().optional(),
  },
  async handler(args, ctx) {
    const { filters, resolved } = await resolveTicketFilters(args, ctx);
    // Filters and the order are checked on the rows Halo sends (see tools/support/verify-rows.ts).
    const read = ticketRead(filters, { sort: args.sort, descending: args.descending });
    const [result, names] = await Promise.all([
      verifiedPage(
        ctx.halo.resources,
        R.tickets,
        read.query,
        { page: args.page, pageSize: args.limit },
        { ...read.opts, signal: ctx.signal },
      ),
      loadTicketNames(ctx),
    ]);
    if (result.total === 0) await checkRecordIds(args, ctx);
    const { rows: tickets, omitted } = ticketRows(
      result.items,
      names,
      args.sort === "updated" ? ["updated"] : [],
    );
    return {
      data: {
        ...paging(result.total, args.page, result.pageSize, tickets.length, result.counted, result.served),
        ...(Object.keys(resolved).length ? { resolved } : {}),
        tickets,
        // Columns left out to keep the page small; get_ticket shows them.
        ...(omitted ? { omitted } : {}),
        ...(result.fallback ? { fallback: result.fallback } : {}),
      },
    };
  },
});
