import { z } from "zod";
import type { Query } from "../../halo/http.js";
import { R } from "../../halo/resources.js";
import { paging } from "../../util/format.js";
import { idOrName, limit, page } from "../common.js";
import { defineTool } from "../define.js";
import { contractListOutput, contractRow, contractState, isCurrent, today } from "./projection.js";

type Row = Record<string, unknown>;

export const searchContracts = defineTool({
  name: "search_contracts",
  title: "Search contracts",
  description: "Find client contracts by client, state or text.",
  toolset: "contracts",
  effect: "read",
  input: {
    client: idOrName().optional(),
    status: z.enum(["active", "expired", "any"]).default("active").describe("Contract state"),
    query: z.string().trim().min(1).max(200).optional().describe("Text, e.g. the contract ref"),
    limit: limit(100, 25),
    page,
  },
  output: contractListOutput,
  async handler(args, ctx) {
    const { halo, signal } = ctx;
    const client =
      args.client === undefined
        ? undefined
        : await halo.records.resolve("client", args.client, "client", {}, signal);
    const query: Query = {
      client_id: client?.id,
      search: args.query,
      // Halo leaves inactive contracts out unless asked; expired ones may be among them.
      includeinactive: args.status === "active" ? undefined : true,
    };
    const res = await halo.resources.list<Row>(R.contracts, query, {
      page: args.page,
      pageSize: args.limit,
      signal,
    });
    const now = today();
    const items = res.items.slice(0, args.limit);
    // Halo has no "expired" filter, so state is decided here from its flags and the end date.
    const kept =
      args.status === "any"
        ? items
        : items.filter((c) =>
            args.status === "expired" ? contractState(c, now) === "expired" : isCurrent(c, now),
          );
    const dropped = items.length - kept.length;
    const contracts = kept.map((c) => contractRow(c, now));
    const filtered =
      dropped > 0
        ? `Filtered here, not by Halo: ${dropped} of ${items.length} rows on this page were not ${args.status} (by end date/flags) and were left out; total counts rows before this filter.`
        : undefined;
    return {
      data: {
        ...paging(res.total, args.page, res.pageSize, contracts.length, res.counted, res.items.length),
        ...(filtered ? { filtered } : {}),
        contracts,
      },
    };
  },
});
