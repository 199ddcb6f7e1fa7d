import { z } from "zod";
import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { dryRun, idOrName, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { onlySiteOf, resolveSiteOf } from "../support/sites.js";
import { defined, dryRunResult, requireChanges } from "../support/writes.js";
import {
  assetFieldsInput,
  assetTypeFields,
  describeFields,
  fieldsOnRecord,
  mergeAssetFields,
  resolveAssetFields,
  unknownKeys,
} from "./asset-fields.js";
import { assetDetail, assetRef, assetWriteOutput } from "./projection.js";

const CHANGES = "client, site, asset_type, inventory_number, asset_fields, notes, inactive";

export const updateAsset = defineTool({
  name: "update_asset",
  title: "Update an asset",
  description: 'Change only the given fields; asset fields merge by label; "" clears notes; client moves it.',
  toolset: "assets",
  effect: "update",
  input: {
    id: recordId("Asset"),
    client: idOrName("To move").optional(),
    site: idOrName().optional(),
    asset_type: idOrName().optional(),
    inventory_number: z.string().trim().min(1).max(100).optional().describe("Asset tag"),
    asset_fields: assetFieldsInput,
    notes: z.string().max(4000).optional().describe("Notes (replaces)"),
    inactive: z.boolean().optional().describe("true retires the asset"),
    dry_run: dryRun,
  },
  output: assetWriteOutput,
  async handler(args, ctx) {
    const { halo, signal } = ctx;
    const { id: _, dry_run: __, ...changes } = args;
    requireChanges(changes, CHANGES);
    // includedetails: the merge below needs every asset field the record carries.
    const current = await halo.resources.get<Row>(R.assets, args.id, { includedetails: true }, { signal });
    const resolved: Record<string, string | undefined> = { asset: assetRef(current) };

    // A site of another client would move the asset there unnoticed: moving takes `client`.
    const owner = { id: Number(current.client_id), name: String(current.client_name ?? "") };
    const client = await halo.names.optional("client", args.client, "client", {}, signal);
    const movesTo = client && client.id !== owner.id ? client : undefined;
    const site =
      args.site !== undefined
        ? await resolveSiteOf(
            ctx,
            args.site,
            client ?? owner,
            "site",
            "Pick a site of that client (search_sites with client), or pass client to move the asset.",
          )
        : movesTo
          ? await onlySiteOf(ctx, movesTo)
          : undefined;
    const type =
      args.asset_type === undefined
        ? undefined
        : await halo.lookups.resolve("asset_types", args.asset_type, "asset_type", signal);

    let fields: Array<{ id: number; value: unknown }> | undefined;
    if (args.asset_fields && Object.keys(args.asset_fields).length > 0) {
      const existing = fieldsOnRecord(current.fields);
      let defs = existing.map(({ id, name }) => ({ id, name }));
      const typeId = type?.id ?? Number(current.assettype_id);
      if (unknownKeys(defs, args.asset_fields).length > 0 && typeId > 0) {
        const typeDefs = await assetTypeFields(ctx, typeId);
        defs = [...defs, ...typeDefs.filter((d) => !defs.some((e) => e.id === d.id))];
      }
      const typeName = type?.name ?? String(current.assettype_name ?? typeId);
      const updates = resolveAssetFields(defs, args.asset_fields, `${typeName} (ID ${typeId})`);
      // Halo takes a posted `fields` list as the whole list: send every field, changed ones replaced.
      fields = mergeAssetFields(existing, updates);
      Object.assign(resolved, describeFields(updates));
    }

    // defined(), not compact(): notes "" is a change (it clears them).
    const payload = defined({
      id: args.id,
      client_id: movesTo?.id,
      site_id: site?.id,
      assettype_id: type?.id,
      inventory_number: args.inventory_number,
      notes: args.notes,
      inactive: args.inactive,
      fields,
    });
    requireChanges(payload, CHANGES);
    const preview = dryRunResult(payload, {
      ...resolved,
      client: movesTo ? ref(movesTo.name, movesTo.id) : undefined,
      site: site ? ref(site.name, site.id) : undefined,
      asset_type: type ? ref(type.name, type.id) : undefined,
    });
    if (args.dry_run) return preview;
    await ctx.confirm({ action: `Update asset ${resolved.asset}`, preview: preview.data });
    const saved = await halo.resources.save<Row>(R.assets, payload, { signal });
    return { data: { asset: assetDetail({ ...current, ...saved }) } };
  },
});
