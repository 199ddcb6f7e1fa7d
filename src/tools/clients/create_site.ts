import { z } from "zod";
import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { dryRun, idOrName, phone } from "../common.js";
import { defineTool } from "../define.js";
import { defined, dryRunResult, duplicateError, tidy } from "../support/writes.js";
import { siteShape, siteView, writeShape } from "./projection.js";
import { address, addressPayload, postcode, siteDuplicates, text } from "./shared.js";

export const createSite = defineTool({
  name: "create_site",
  title: "Create site",
  description: "Add a site (location) to a client; refuses an existing name unless allow_duplicate.",
  toolset: "clients",
  effect: "create",
  input: {
    name: text("Name"),
    client: idOrName(),
    address,
    postcode,
    phone: phone.optional(),
    allow_duplicate: z.boolean().default(false).describe("Allow a duplicate"),
    dry_run: dryRun,
  },
  output: writeShape("site", siteShape),
  async handler(args, ctx) {
    const client = await ctx.halo.names.resolve("client", args.client, "client", {}, ctx.signal);
    const name = tidy(args.name);
    const duplicates = await siteDuplicates(ctx, name, client.id);
    const payload: Row = defined({
      name,
      client_id: client.id,
      phonenumber: args.phone,
      delivery_address:
        args.address || args.postcode ? addressPayload(args.address, args.postcode) : undefined,
    });
    const preview = dryRunResult(
      payload,
      { client: ref(client.name, client.id) },
      { duplicates: { matches: duplicates, allowed: args.allow_duplicate } },
    );
    if (args.dry_run) return preview;
    if (duplicates.length > 0 && !args.allow_duplicate) throw duplicateError("site", duplicates);
    await ctx.confirm({
      action: `Create site "${String(payload.name)}" for ${ref(client.name, client.id)}`,
      preview: preview.data,
    });
    const saved = await ctx.halo.resources.save<Row>(R.sites, payload, { signal: ctx.signal });
    return { data: { site: siteView({ client_name: client.name, ...saved }) } };
  },
});
