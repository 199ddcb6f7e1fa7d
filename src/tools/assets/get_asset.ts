import { R } from "../../halo/resources.js";
import { fields, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { pickRaw } from "../support/raw-fields.js";
import { assetDetail, assetOutput } from "./projection.js";

export const getAsset = defineTool({
  name: "get_asset",
  title: "Get an asset",
  description: "One asset: type, client, site, status, asset fields, contract, warranty.",
  toolset: "assets",
  effect: "read",
  input: { id: recordId("Asset"), fields },
  output: assetOutput,
  async handler(args, ctx) {
    const raw = await ctx.halo.resources.get<Record<string, unknown>>(
      R.assets,
      args.id,
      { includedetails: true },
      { signal: ctx.signal },
    );
    return { data: { asset: { ...assetDetail(raw), ...pickRaw(raw, args.fields, 2000) } } };
  },
});
