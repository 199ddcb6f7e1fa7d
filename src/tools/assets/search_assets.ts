import { z } from "zod";
import type { Query } from "../../halo/http.js";
import { R } from "../../halo/resources.js";
import { paging } from "../../util/format.js";
import { idOrName, limit, page } from "../common.js";
import { defineTool } from "../define.js";
import { idChecks, verifiedPage } from "../support/verify-rows.js";
import { assetListOutput, assetRow } from "./projection.js";

export const searchAssets = defineTool({
  name: "search_assets",
  title: "Search assets",
  description: "Find assets (devices, CIs) by client, site, type or text.",
  toolset: "assets",
  effect: "read",
  input: {
    client: idOrName().optional(),
    site: idOrName().optional(),
    asset_type: idOrName().optional(),
    query: z.string().trim().min(1).max(200).optional().describe("Text: tag, key field, name"),
    limit: limit(100, 25),
    page,
  },
  output: assetListOutput,
  async handler(args, ctx) {
    const { halo, signal } = ctx;
    const client = await halo.names.optional("client", args.client, "client", {}, signal);
    const site = await halo.names.optional("site", args.site, "site", { clientId: client?.id }, signal);
    const type =
      args.asset_type === undefined
        ? undefined
        : await halo.lookups.resolve("asset_types", args.asset_type, "asset_type", signal);
    const query: Query = {
      client_id: client?.id,
      site_id: site?.id,
      assettype_id: type?.id,
      search: args.query,
    };
    // Client, site and type are checked on the rows (tools/support/verify-rows.ts).
    const res = await verifiedPage(
      halo.resources,
      R.assets,
      query,
      { page: args.page, pageSize: args.limit },
      {
        what: "assets",
        checks: idChecks([
          ["client", "client_id", client?.id],
          ["site", "site_id", site?.id],
          ["asset_type", "assettype_id", type?.id],
        ]),
        signal,
      },
    );
    const assets = res.items.slice(0, args.limit).map(assetRow);
    return {
      data: {
        ...paging(res.total, args.page, res.pageSize, assets.length, res.counted, res.served),
        assets,
        ...(res.fallback ? { fallback: res.fallback } : {}),
      },
    };
  },
});
