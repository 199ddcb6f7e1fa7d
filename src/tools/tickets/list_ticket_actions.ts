import { z } from "zod";
import { recordId } from "../common.js";
import { defineTool } from "../define.js";
import { latestActions, requireTicket } from "../support/ticket-actions.js";
import { actionRow, actionRowShape } from "./action-projection.js";

export const listTicketActions = defineTool({
  name: "list_ticket_actions",
  title: "Ticket actions",
  description: "A ticket's notes, emails and calls, newest first.",
  toolset: "tickets",
  effect: "read",
  input: {
    ticket_id: recordId("Ticket"),
    limit: z.number().int().min(1).max(100).default(20).describe("Latest N"),
    include_system: z.boolean().default(false).describe("Add system actions"),
    agent_only: z.boolean().optional().describe("Agents only"),
    conversation_only: z.boolean().optional().describe("Agent-customer only"),
  },
  output: { ticket_id: z.number(), shown: z.number(), actions: z.array(actionRowShape) },
  async handler(args, ctx) {
    const signal = ctx.signal;
    // Halo answers an empty list for a missing ticket; the ticket read names it instead.
    const [, rows, outcomes, statuses] = await Promise.all([
      requireTicket(ctx, args.ticket_id),
      latestActions(ctx, args.ticket_id, args.limit, {
        excludesys: !args.include_system,
        agentonly: args.agent_only || undefined,
        conversationonly: args.conversation_only || undefined,
      }),
      ctx.halo.lookups.names("outcomes", signal).catch(() => undefined),
      // Status changes carry only the new status's ID on some actions.
      ctx.halo.lookups.names("statuses", signal).catch(() => undefined),
    ]);
    const actions = rows.map((a) => actionRow(a, { outcomes, statuses }));
    return { data: { ticket_id: args.ticket_id, shown: actions.length, actions } };
  },
});
