import { z } from "zod";
import { R } from "../../halo/resources.js";
import { paging, type Row } from "../../util/format.js";
import { idOrName, limit, page, pagingShape } from "../common.js";
import { defineTool } from "../define.js";
import { clientRow, clientRowShape } from "./projection.js";
import { resolveTopLevel, text } from "./shared.js";

export const searchClients = defineTool({
  name: "search_clients",
  title: "Search clients",
  description: "Find clients (customers) by name or top level.",
  toolset: "clients",
  effect: "read",
  input: {
    query: text("Text in name").optional(),
    include_inactive: z.boolean().default(false).describe("Include inactive"),
    top_level: idOrName().optional(),
    limit: limit(),
    page,
  },
  output: { ...pagingShape, clients: z.array(clientRowShape) },
  async handler(args, ctx) {
    const topLevel =
      args.top_level === undefined ? undefined : await resolveTopLevel(ctx, args.top_level, "top_level");
    const result = await ctx.halo.resources.list<Row>(
      R.clients,
      { search: args.query, includeinactive: args.include_inactive || undefined, toplevel_id: topLevel?.id },
      { page: args.page, pageSize: args.limit, signal: ctx.signal },
    );
    const clients = result.items.map(clientRow);
    return {
      data: { ...paging(result.total, args.page, result.pageSize, clients.length, result.counted), clients },
    };
  },
});
