import { z } from "zod";
import { R } from "../../halo/resources.js";
import type { Row } from "../../util/format.js";
import { recordId } from "../common.js";
import { defineTool } from "../define.js";
import { requireTicket } from "../support/ticket-actions.js";
import { attachmentRow, attachmentRowShape } from "./action-projection.js";

export const listTicketAttachments = defineTool({
  name: "list_ticket_attachments",
  title: "Attachments",
  description: "A ticket's files; read one with get_attachment.",
  toolset: "tickets",
  effect: "read",
  input: {
    ticket_id: recordId("Ticket"),
    action_id: recordId("Only this action").optional(),
  },
  output: { ticket_id: z.number(), total: z.number(), attachments: z.array(attachmentRowShape) },
  async handler(args, ctx) {
    // GET /Attachment documents no paging parameters: one request answers a ticket's files.
    const [, rows] = await Promise.all([
      requireTicket(ctx, args.ticket_id),
      ctx.halo.resources.lookup<Row>(
        R.attachments.path,
        { ticket_id: args.ticket_id, action_id: args.action_id },
        { signal: ctx.signal },
      ),
    ]);
    const attachments = rows.map(attachmentRow).map(({ ticket_id: _, ...row }) => row);
    return { data: { ticket_id: args.ticket_id, total: attachments.length, attachments } };
  },
});
