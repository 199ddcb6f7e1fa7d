/** Core ticket tools: search, read, create, update, delete and counts. */
import type { ToolDefinition } from "../define.js";
import { createTicket } from "./create_ticket.js";
import { deleteTicket } from "./delete_ticket.js";
import { getTicket } from "./get_ticket.js";
import { searchTickets } from "./search_tickets.js";
import { ticketStats } from "./ticket_stats.js";
import { updateTicket } from "./update_ticket.js";

export const ticketCoreTools: ToolDefinition[] = [
  searchTickets,
  getTicket,
  createTicket,
  updateTicket,
  deleteTicket,
  ticketStats,
] as ToolDefinition[];
