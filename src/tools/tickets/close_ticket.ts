/**
 * Close a ticket in one call: the closing note, the time spent and the closed
 * status travel in one action (as Halo's own close screen posts them), with an
 * optional email of the note to the customer. One preview, one confirmation.
 */
import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import type { Named } from "../../halo/match.js";
import { normName } from "../../halo/match.js";
import { R } from "../../halo/resources.js";
import { compact, type Row, ref } from "../../util/format.js";
import { dryRun, idOrName, recordId } from "../common.js";
import { defineTool, type ToolContext } from "../define.js";
import { hoursFromMinutes, requireTicket, resolveOutcome } from "../support/ticket-actions.js";
import { actionRow, actionRowShape, ticketRef } from "./action-projection.js";

export const closeTicket = defineTool({
  name: "close_ticket",
  title: "Close ticket",
  description: "Close a ticket in one call: closing note, time, closed status; email_customer only if asked.",
  toolset: "tickets",
  effect: "update",
  input: {
    id: recordId("Ticket"),
    note: z.string().trim().min(1).max(20_000).describe("Closing note"),
    time_taken_minutes: z.number().int().min(0).max(14_400).optional().describe("Minutes spent"),
    status: idOrName().optional().describe('Default "Closed"'),
    email_customer: z.boolean().default(false).describe("Email the note (if asked)"),
    dry_run: dryRun,
  },
  output: {
    closed: z.string().optional(),
    status: z.string().optional(),
    note: actionRowShape.optional(),
    dry_run: z.literal(true).optional(),
    would_send: z.record(z.string(), z.unknown()).optional(),
    resolved: z.record(z.string(), z.string()).optional(),
    changes: z.record(z.string(), z.string()).optional(),
  },
  async handler(args, ctx) {
    const { signal } = ctx;
    const [ticket, status, outcome, statusNames] = await Promise.all([
      // The whole ticket: the person confirms closing it by its summary, which ticketidonly leaves out.
      requireTicket(ctx, args.id, { summary: true }),
      closedStatus(ctx, args.status),
      resolveOutcome(ctx, undefined),
      ctx.halo.lookups.names("statuses", signal),
    ]);
    const current = Number(ticket.status_id);
    const now = ref(statusNames.get(current), current) ?? "(unknown)";
    if (current === status.id) {
      throw inputError(
        `id: ticket ${ticketRef({ ...ticket, id: args.id })} already has status ${ref(status.name, status.id)}.`,
        "Add a note with add_ticket_action instead, or reopen it with update_ticket.",
      );
    }
    const payload: Row = {
      ticket_id: args.id,
      outcome_id: outcome.id,
      outcome: outcome.name,
      note: args.note,
      // The note is the customer's to read only when it is emailed to them.
      hiddenfromuser: !args.email_customer,
      sendemail: args.email_customer,
      ...(args.time_taken_minutes ? { timetaken: hoursFromMinutes(args.time_taken_minutes) } : {}),
      new_status: status.id,
    };
    const ticketName = ticketRef({ ...ticket, id: args.id }) ?? `#${args.id}`;
    const preview = compact({
      dry_run: true,
      would_send: payload,
      resolved: { ticket: ticketName, status: ref(status.name, status.id) as string },
      changes: compact({
        status: `${now} → ${ref(status.name, status.id)}`,
        time_logged: args.time_taken_minutes ? `${args.time_taken_minutes} min` : undefined,
        customer: args.email_customer ? "gets the note by email" : undefined,
      }),
    });
    if (args.dry_run) return { data: preview };
    await ctx.confirm({ action: `Close ticket ${ticketName}`, preview, email: args.email_customer });
    const saved = await ctx.halo.resources.save<Row>(R.actions, payload, { signal });
    const note = actionRow(saved, { statuses: statusNames, outcomes: new Map([[outcome.id, outcome.name]]) });
    return { data: compact({ closed: ticketName, status: ref(status.name, status.id), note }) };
  },
});

/**
 * The status to close with: the one given, which must be a closed status, or
 * the tenant's status named "Closed". Halo lists the open ones with
 * excludeclosed=true, so the closed ones are the rest.
 */
async function closedStatus(ctx: ToolContext, given: string | number | undefined): Promise<Named> {
  const [all, open] = await Promise.all([
    ctx.halo.lookups.all("statuses", ctx.signal),
    ctx.halo.resources.lookup<Row>("Status", { excludeclosed: true }, { signal: ctx.signal }),
  ]);
  let openIds = new Set(open.map((s) => Number(s.id)));
  // Every status listed as open: Halo did not apply excludeclosed (a tenant always has a closed
  // status), so it tells nothing; the status named "Closed", or the one given, is taken as closed.
  if (all.length > 0 && all.every((s) => openIds.has(s.id))) {
    const named = all.find((s) => normName(s.name) === "closed");
    openIds = new Set(
      all
        .filter((s) => s.id !== named?.id && (given === undefined || !sameStatus(s, given)))
        .map((s) => s.id),
    );
  }
  const closed = all.filter((s) => !openIds.has(s.id));
  if (given !== undefined) {
    const hit = await ctx.halo.lookups.resolve("statuses", given, "status", ctx.signal);
    if (openIds.has(hit.id)) {
      throw inputError(
        `status: ${ref(hit.name, hit.id)} is not a closed status.`,
        `Use one of ${closed.map((s) => ref(s.name, s.id)).join(", ") || "the closed statuses"}, or update_ticket to change the status without closing.`,
      );
    }
    return hit;
  }
  const named = closed.find((s) => normName(s.name) === "closed");
  if (named) return named;
  throw inputError(
    'status: this tenant has no closed status named "Closed", so one must be given.',
    `Pass status as one of: ${closed.map((s) => ref(s.name, s.id)).join(", ") || "(see list_lookups kind=statuses)"}.`,
  );
}

/** Whether `given` (an ID or a name) names status `s`. */
function sameStatus(s: Named, given: string | number): boolean {
  return String(s.id) === String(given).trim() || normName(s.name) === normName(String(given));
}
