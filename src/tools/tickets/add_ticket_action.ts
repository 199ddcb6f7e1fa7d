import { z } from "zod";
import { R } from "../../halo/resources.js";
import { compact, type Row, ref } from "../../util/format.js";
import { dryRun, idOrName, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { hoursFromMinutes, requireTicket, resolveOutcome } from "../support/ticket-actions.js";
import { actionRow, actionRowShape, ticketRef } from "./action-projection.js";

export const addTicketAction = defineTool({
  name: "add_ticket_action",
  title: "Add ticket action",
  description:
    "Add a note, hidden from the customer by default; can log time, set status. send_email only if the user asked to email the customer.",
  toolset: "tickets",
  effect: "create",
  input: {
    ticket_id: recordId("Ticket"),
    note: z.string().trim().min(1).max(20_000).describe("Text"),
    outcome: idOrName("Default Private Note").optional(),
    time_taken_minutes: z.number().int().min(0).max(14_400).optional().describe("Minutes spent"),
    new_status: idOrName().optional(),
    visible_to_user: z.boolean().default(false).describe("Customer sees it"),
    send_email: z.boolean().default(false).describe("Email the customer (if asked)"),
    dry_run: dryRun,
  },
  output: {
    added: actionRowShape.optional(),
    ticket_status: z.string().optional(),
    dry_run: z.literal(true).optional(),
    would_send: z.record(z.string(), z.unknown()).optional(),
    resolved: z.record(z.string(), z.string()).optional(),
  },
  async handler(args, ctx) {
    const signal = ctx.signal;
    const [ticket, outcome, status] = await Promise.all([
      requireTicket(ctx, args.ticket_id, { summary: args.dry_run }),
      resolveOutcome(ctx, args.outcome),
      args.new_status === undefined
        ? undefined
        : ctx.halo.lookups.resolve("statuses", args.new_status, "new_status", signal),
    ]);
    const payload: Row = {
      ticket_id: args.ticket_id,
      outcome_id: outcome.id,
      outcome: outcome.name,
      note: args.note,
      // An emailed note is one the customer sees: never email a note marked hidden.
      hiddenfromuser: !(args.visible_to_user || args.send_email),
      // Always explicit: an action type can default to emailing the customer.
      sendemail: args.send_email,
      ...(args.time_taken_minutes ? { timetaken: hoursFromMinutes(args.time_taken_minutes) } : {}),
      ...(status ? { new_status: status.id } : {}),
    };
    const statusRef = status && ref(status.name, status.id);
    const resolved = compact({
      ticket: ticketRef({ ...ticket, id: ticket.id ?? args.ticket_id }),
      outcome: ref(outcome.name, outcome.id),
      new_status: statusRef,
    }) as Record<string, string>;
    const preview = { dry_run: true, would_send: payload, resolved } as const;
    if (args.dry_run) return { data: preview };
    await ctx.confirm({
      action: `${args.send_email ? "Email the customer and add" : "Add"} a note to ticket ${resolved.ticket}`,
      preview,
      email: args.send_email,
    });
    const saved = await ctx.halo.resources.save<Row>(R.actions, payload, { signal });
    const statuses = await ctx.halo.lookups.names("statuses", signal).catch(() => undefined);
    const added = actionRow(saved, { statuses, outcomes: new Map([[outcome.id, outcome.name]]) }, 1000);
    return { data: compact({ added, ticket_status: statusRef }) };
  },
});
