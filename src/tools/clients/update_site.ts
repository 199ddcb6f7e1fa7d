import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { clearable, dryRun, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { defined, dryRunResult, requireChanges, tidy } from "../support/writes.js";
import { siteShape, siteView, WITH_CUSTOM_FIELDS, writeShape } from "./projection.js";
import { address, addressPayload, inactive, postcode, text } from "./shared.js";

export const updateSite = defineTool({
  name: "update_site",
  title: "Update site",
  description: 'Change a site; only fields given change, "" clears phone.',
  toolset: "clients",
  effect: "update",
  input: {
    id: recordId("Site"),
    name: text("Name").optional(),
    address,
    postcode,
    phone: clearable.phone.optional(),
    inactive,
    dry_run: dryRun,
  },
  output: writeShape("site", siteShape),
  async handler(args, ctx) {
    const current = await ctx.halo.resources.get<Row>(R.sites, args.id, WITH_CUSTOM_FIELDS, {
      signal: ctx.signal,
    });
    const oldAddress = (
      current.delivery_address && typeof current.delivery_address === "object" ? current.delivery_address : {}
    ) as Row;
    const payload: Row = defined({
      id: args.id,
      name: args.name && tidy(args.name),
      phonenumber: args.phone,
      inactive: args.inactive,
      // The address is one object: post it whole so an untouched postcode or line survives.
      delivery_address:
        args.address || args.postcode ? addressPayload(args.address, args.postcode, oldAddress) : undefined,
    });
    requireChanges(payload, "name, address, postcode, phone, inactive");
    const preview = dryRunResult(payload, { site: ref(current.name, args.id) });
    if (args.dry_run) return preview;
    await ctx.confirm({ action: `Update site ${ref(current.name, args.id)}`, preview: preview.data });
    const saved = await ctx.halo.resources.save<Row>(R.sites, payload, { signal: ctx.signal });
    return { data: { site: siteView({ ...current, ...saved }) } };
  },
});
