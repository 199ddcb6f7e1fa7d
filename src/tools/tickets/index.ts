import type { ToolDefinition } from "../define.js";
import { ticketActivityTools } from "./activity.js";
import { ticketCoreTools } from "./core.js";
import { ticketWorkflowTools } from "./workflows.js";

export const ticketsTools: ToolDefinition[] = [
  ...ticketCoreTools,
  ...ticketWorkflowTools,
  ...ticketActivityTools,
];
