import { isId } from "../../halo/resolve.js";
import { R } from "../../halo/resources.js";
import type { Row } from "../../util/format.js";
import { idOrName } from "../common.js";
import { defineTool } from "../define.js";
import { isCurrent } from "../support/contract-state.js";
import { clientShape, clientView, WITH_CUSTOM_FIELDS } from "./projection.js";
import { countOf } from "./shared.js";

export const getClient = defineTool({
  name: "get_client",
  title: "Get client",
  description: "A client, its custom fields and counts (sites, contacts, tickets, contracts).",
  toolset: "clients",
  effect: "read",
  input: { client: idOrName() },
  output: { client: clientShape },
  async handler(args, ctx) {
    const id = isId(args.client)
      ? Number(args.client)
      : (await ctx.halo.names.resolve("client", args.client, "client", {}, ctx.signal)).id;
    // The record and its four counts in parallel. Halo's active contracts include expired
    // ones, so those are counted the way search_contracts filters them.
    const [record, sites, contacts, openTickets, contracts] = await Promise.all([
      ctx.halo.resources.get<Row>(R.clients, id, WITH_CUSTOM_FIELDS, { signal: ctx.signal }),
      countOf(ctx, R.sites, { client_id: id }),
      countOf(ctx, R.users, { client_id: id }),
      countOf(ctx, R.tickets, { client_id: id, open_only: true }),
      countOf(ctx, R.contracts, { client_id: id }, (c) => isCurrent(c)),
    ]);
    const counts = { sites, contacts, open_tickets: openTickets, active_contracts: contracts };
    return { data: { client: clientView(record, counts) } };
  },
});
