import { z } from "zod";
import { R } from "../../halo/resources.js";
import { paging } from "../../util/format.js";
import { idOrName, limit, page, pagingShape } from "../common.js";
import { defineTool } from "../define.js";
import { idChecks, verifiedPage } from "../support/verify-rows.js";
import { liftShared, siteRow, siteRowShape } from "./projection.js";
import { text } from "./shared.js";

export const searchSites = defineTool({
  name: "search_sites",
  title: "Search sites",
  description: "Find sites (client locations) by client or name.",
  toolset: "clients",
  effect: "read",
  input: {
    client: idOrName().optional(),
    query: text("Text in name").optional(),
    include_inactive: z.boolean().default(false).describe("Include inactive"),
    limit: limit(),
    page,
  },
  output: {
    ...pagingShape,
    client: z.string().optional(),
    sites: z.array(siteRowShape),
    fallback: z.string().optional(),
  },
  async handler(args, ctx) {
    const client = await ctx.halo.names.optional("client", args.client, "client", {}, ctx.signal);
    // The client filter is checked on the rows (tools/support/verify-rows.ts).
    const result = await verifiedPage(
      ctx.halo.resources,
      R.sites,
      { client_id: client?.id, search: args.query, includeinactive: args.include_inactive || undefined },
      { page: args.page, pageSize: args.limit },
      { what: "sites", checks: idChecks([["client", "client_id", client?.id]]), signal: ctx.signal },
    );
    const { shared, rows } = liftShared(result.items.map(siteRow), ["client"]);
    return {
      data: {
        ...paging(result.total, args.page, result.pageSize, rows.length, result.counted, result.served),
        ...shared,
        sites: rows,
        ...(result.fallback ? { fallback: result.fallback } : {}),
      },
    };
  },
});
