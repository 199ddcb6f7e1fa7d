/** Ticket activity: actions (the timeline), attachments, lookups and whoami. */
import type { ToolDefinition } from "../define.js";
import { addAttachment } from "./add_attachment.js";
import { addTicketAction } from "./add_ticket_action.js";
import { getAttachment } from "./get_attachment.js";
import { listLookups } from "./list_lookups.js";
import { listTicketActions } from "./list_ticket_actions.js";
import { listTicketAttachments } from "./list_ticket_attachments.js";
import { whoami } from "./whoami.js";

export const ticketActivityTools: ToolDefinition[] = [
  listTicketActions,
  addTicketAction,
  listTicketAttachments,
  getAttachment,
  addAttachment,
  listLookups,
  whoami,
] as ToolDefinition[];
