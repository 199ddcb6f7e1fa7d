import { z } from "zod";
import { R } from "../../halo/resources.js";
import { compact, ref, str } from "../../util/format.js";
import { dryRun, idOrName } from "../common.js";
import { defineTool } from "../define.js";
import { onlySiteOf, resolveSiteOf } from "../support/sites.js";
import { dryRunResult, duplicateError, refOf, sameValue } from "../support/writes.js";
import { assetFieldsInput, assetTypeFields, describeFields, resolveAssetFields } from "./asset-fields.js";
import { assetDetail, assetWriteOutput } from "./projection.js";

export const createAsset = defineTool({
  name: "create_asset",
  title: "Create an asset",
  description:
    'Create a client\'s asset (site default: its only one; asset fields by label, e.g. {"Serial Number":"X1"}); refuses an existing tag unless allow_duplicate.',
  toolset: "assets",
  effect: "create",
  input: {
    client: idOrName(),
    asset_type: idOrName(),
    site: idOrName().optional(),
    inventory_number: z.string().trim().min(1).max(100).optional().describe("Asset tag"),
    asset_fields: assetFieldsInput,
    notes: z.string().max(4000).optional().describe("Notes"),
    allow_duplicate: z.boolean().default(false).describe("Allow a duplicate"),
    dry_run: dryRun,
  },
  output: assetWriteOutput,
  async handler(args, ctx) {
    const { halo, signal } = ctx;
    const client = await halo.names.resolve("client", args.client, "client", {}, signal);
    const type = await halo.lookups.resolve("asset_types", args.asset_type, "asset_type", signal);
    const site =
      args.site === undefined ? await onlySiteOf(ctx, client) : await resolveSiteOf(ctx, args.site, client);
    const updates = args.asset_fields
      ? resolveAssetFields(
          await assetTypeFields(ctx, type.id),
          args.asset_fields,
          `${type.name} (ID ${type.id})`,
        )
      : [];
    // A tag names one device across the whole tenant, whichever client has it.
    const duplicates = args.inventory_number
      ? (await sameValue(ctx, R.assets, {}, args.inventory_number, "inventory_number")).map((a) =>
          refOf(a, str(a.client_name), a.inventory_number),
        )
      : [];
    const payload = compact({
      client_id: client.id,
      site_id: site?.id,
      assettype_id: type.id,
      inventory_number: args.inventory_number,
      notes: args.notes,
      fields: updates.map((u) => ({ id: u.field.id, value: u.value })),
    });
    const preview = dryRunResult(
      payload,
      {
        client: ref(client.name, client.id),
        site: site ? ref(site.name, site.id) : undefined,
        asset_type: ref(type.name, type.id),
        ...describeFields(updates),
      },
      { duplicates: { matches: duplicates, allowed: args.allow_duplicate } },
    );
    if (args.dry_run) return preview;
    if (duplicates.length > 0 && !args.allow_duplicate) throw duplicateError("asset", duplicates);
    await ctx.confirm({
      action: `Create ${type.name} asset for ${ref(client.name, client.id)}`,
      preview: preview.data,
    });
    const saved = await halo.resources.save<Record<string, unknown>>(R.assets, payload, { signal });
    return { data: { asset: assetDetail(saved) } };
  },
});
