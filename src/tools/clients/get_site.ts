import { z } from "zod";
import { isId } from "../../halo/resolve.js";
import { R } from "../../halo/resources.js";
import type { Row } from "../../util/format.js";
import { idOrName } from "../common.js";
import { defineTool } from "../define.js";
import { siteShape, siteView, WITH_CUSTOM_FIELDS } from "./projection.js";
import { countOf } from "./shared.js";

export const getSite = defineTool({
  name: "get_site",
  title: "Get site",
  description: "A site with address, main contact, custom fields.",
  toolset: "clients",
  effect: "read",
  input: {
    site: idOrName(),
    client: idOrName("Scopes a name").optional(),
    counts: z.boolean().default(false).describe("Add contact/ticket counts"),
  },
  output: { site: siteShape },
  async handler(args, ctx) {
    let id: number;
    if (isId(args.site)) id = Number(args.site);
    else {
      const client = await ctx.halo.names.optional("client", args.client, "client", {}, ctx.signal);
      id = (await ctx.halo.names.resolve("site", args.site, "site", { clientId: client?.id }, ctx.signal)).id;
    }
    const [record, contacts, openTickets] = await Promise.all([
      ctx.halo.resources.get<Row>(R.sites, id, WITH_CUSTOM_FIELDS, { signal: ctx.signal }),
      args.counts ? countOf(ctx, R.users, { site_id: id }) : undefined,
      args.counts ? countOf(ctx, R.tickets, { site_id: id, open_only: true }) : undefined,
    ]);
    const counts = args.counts ? { contacts, open_tickets: openTickets } : undefined;
    return { data: { site: siteView(record, counts) } };
  },
});
