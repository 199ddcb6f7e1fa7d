/** One-call workflows for the moves technicians make most: close, hand over, "what is on my plate". */
import type { ToolDefinition } from "../define.js";
import { closeTicket } from "./close_ticket.js";
import { handoverTicket } from "./handover_ticket.js";
import { myQueue } from "./my_queue.js";

export const ticketWorkflowTools: ToolDefinition[] = [
  myQueue,
  closeTicket,
  handoverTicket,
] as ToolDefinition[];
