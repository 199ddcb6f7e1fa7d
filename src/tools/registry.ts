/** Every tool, by toolset. The server filters this list; nothing else registers tools. */
import type { Settings } from "../config/config.js";
import { assetsTools } from "./assets/index.js";
import { clientsTools } from "./clients/index.js";
import { contractsTools } from "./contracts/index.js";
import type { ToolDefinition } from "./define.js";
import { recordsTools } from "./records/index.js";
import { ticketsTools } from "./tickets/index.js";

export function allTools(_settings: Settings): ToolDefinition[] {
  return [...ticketsTools, ...clientsTools, ...assetsTools, ...contractsTools, ...recordsTools] as ToolDefinition[];
}
