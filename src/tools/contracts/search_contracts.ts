import { z } from "zod";
import type { Query } from "../../halo/http.js";
import { R } from "../../halo/resources.js";
import { paging, str } from "../../util/format.js";
import { idOrName, limit, page } from "../common.js";
import { defineTool } from "../define.js";
import { contractState, isCurrent } from "../support/contract-state.js";
import { day, today } from "../support/dates.js";
import { idChecks, verifiedPage } from "../support/verify-rows.js";
import { contractListOutput, contractRow } from "./projection.js";

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
    const client = await halo.names.optional("client", args.client, "client", {}, signal);
    const query: Query = {
      client_id: client?.id,
      search: args.query,
      // Halo leaves inactive contracts out unless asked; expired ones may be among them.
      includeinactive: args.status === "active" ? undefined : true,
    };
    // The client filter is checked on the rows (tools/support/verify-rows.ts).
    const res = await verifiedPage(
      halo.resources,
      R.contracts,
      query,
      { page: args.page, pageSize: args.limit },
      { what: "contracts", checks: idChecks([["client", "client_id", client?.id]]), signal },
    );
    const now = today();
    const items = res.items.slice(0, args.limit);
    // Halo has no "expired" filter, so state is decided here from its flags and the end date.
    const kept =
      args.status === "any"
        ? items
        : items.filter((c) =>
            args.status === "expired" ? contractState(c, now) === "expired" : isCurrent(c, now),
          );
    const left = items.filter((c) => !kept.includes(c));
    const contracts = kept.map((c) => contractRow(c, now));
    // Name what was left out: "total: 1, shown: 0" alone reads as a contradiction.
    const named = left
      .slice(0, 3)
      .map(
        (c) =>
          `${str(c.ref) ?? `#${String(c.id)}`} (${contractState(c, now)}${day(c.end_date) ? `, ended ${day(c.end_date)}` : ""})`,
      )
      .join(", ");
    const filtered =
      left.length > 0
        ? `${left.length} of ${items.length} contracts on this page are not ${args.status} and were left out: ${named}${left.length > 3 ? ", …" : ""}. total counts them; status "any" shows every contract.`
        : undefined;
    return {
      data: {
        ...paging(
          res.total,
          args.page,
          res.pageSize,
          contracts.length,
          res.counted,
          res.served ?? res.items.length,
        ),
        ...(filtered ? { filtered } : {}),
        contracts,
        ...(res.fallback ? { fallback: res.fallback } : {}),
      },
    };
  },
});
