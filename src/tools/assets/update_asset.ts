import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { R } from "../../halo/resources.js";
import { compact, ref } from "../../util/format.js";
import { dryRun, idOrName, recordId } from "../common.js";
import { defineTool } from "../define.js";
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

type Row = Record<string, unknown>;

export const updateAsset = defineTool({
  name: "update_asset",
  title: "Update an asset",
  description:
    "Change only the given fields of an asset; asset fields merge by label, others kept. A site of another client moves the asset there.",
  toolset: "assets",
  effect: "update",
  input: {
    id: recordId("Asset"),
    site: idOrName().optional(),
    asset_type: idOrName().optional(),
    inventory_number: z.string().trim().min(1).max(100).optional().describe("Asset tag / inventory number"),
    asset_fields: assetFieldsInput,
    notes: z.string().max(4000).optional().describe("Notes (replaces)"),
    inactive: z.boolean().optional().describe("true retires the asset"),
    dry_run: dryRun,
  },
  output: assetWriteOutput,
  async handler(args, ctx) {
    const { halo, signal } = ctx;
    const changes = ["site", "asset_type", "inventory_number", "asset_fields", "notes", "inactive"] as const;
    if (!changes.some((k) => args[k] !== undefined)) {
      throw inputError(
        `Nothing to update on asset ${args.id}.`,
        `Pass at least one of: ${changes.join(", ")}.`,
      );
    }
    // includedetails: the merge below needs every asset field the record carries.
    const current = await halo.resources.get<Row>(R.assets, args.id, { includedetails: true }, { signal });
    const resolved: Record<string, string | undefined> = { asset: assetRef(current) };

    // A site name is looked up among the asset's client's sites; a site ID may belong to
    // another client, and then the asset moves to that client with it.
    const currentClient = Number(current.client_id) || undefined;
    const site =
      args.site === undefined
        ? undefined
        : await halo.records.resolve("site", args.site, "site", { clientId: currentClient }, signal);
    const movesTo =
      site?.clientId !== undefined && site.clientId !== currentClient ? site.clientId : undefined;
    const type =
      args.asset_type === undefined
        ? undefined
        : await halo.lookups.resolve("asset_types", args.asset_type, "asset_type", signal);

    let fields: Array<{ id: number; value: unknown }> | undefined;
    if (args.asset_fields) {
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

    const payload = compact({
      id: args.id,
      client_id: movesTo,
      site_id: site?.id,
      assettype_id: type?.id,
      inventory_number: args.inventory_number,
      notes: args.notes,
      inactive: args.inactive,
      fields,
    });
    if (args.dry_run) {
      Object.assign(resolved, {
        client: movesTo ? ref(site?.clientName, movesTo) : undefined,
        site: site ? ref(site.name, site.id) : undefined,
        asset_type: type ? ref(type.name, type.id) : undefined,
      });
      return {
        data: { dry_run: true, would_send: payload, resolved: compact(resolved) as Record<string, string> },
      };
    }
    const saved = await halo.resources.save<Row>(R.assets, payload, { signal });
    return { data: { asset: assetDetail({ ...current, ...saved }) } };
  },
});
