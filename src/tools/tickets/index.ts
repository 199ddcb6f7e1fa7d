import type { ToolDefinition } from "../define.js";
import { ticketActivityTools } from "./activity.js";
import { ticketCoreTools } from "./core.js";

export const ticketsTools: ToolDefinition[] = [...ticketCoreTools, ...ticketActivityTools];
