import type { ToolDefinition } from "../define.js";
import { createAsset } from "./create_asset.js";
import { getAsset } from "./get_asset.js";
import { searchAssets } from "./search_assets.js";
import { updateAsset } from "./update_asset.js";

export const assetsTools: ToolDefinition[] = [searchAssets, getAsset, createAsset, updateAsset];
