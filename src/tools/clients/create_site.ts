import { R } from "../../halo/resources.js";
import { ref } from "../../util/format.js";
import { dryRun, idOrName, phone } from "../common.js";
import { defineTool } from "../define.js";
import { type Row, siteShape, siteView, writeShape } from "./projection.js";
import { address, addressPayload, defined, dryRunResult, postcode, text } from "./shared.js";

export const createSite = defineTool({
  name: "create_site",
  title: "Create site",
  description: "Add a site (location) to a client.",
  toolset: "clients",
  effect: "create",
  input: {
    name: text("Name"),
    client: idOrName(),
    address,
    postcode,
    phone: phone.optional(),
    dry_run: dryRun,
  },
  output: writeShape("site", siteShape),
  async handler(args, ctx) {
    const client = await ctx.halo.records.resolve("client", args.client, "client", {}, ctx.signal);
    const payload: Row = defined({
      name: args.name,
      client_id: client.id,
      phonenumber: args.phone,
      delivery_address:
        args.address || args.postcode ? addressPayload(args.address, args.postcode) : undefined,
    });
    if (args.dry_run) return dryRunResult(payload, { client: ref(client.name, client.id) });
    const saved = await ctx.halo.resources.save<Row>(R.sites, payload, { signal: ctx.signal });
    return { data: { site: siteView({ client_name: client.name, ...saved }) } };
  },
});
