/**
 * Hand a ticket over in one call: a new agent and/or team, and a private
 * handoff note saying why and what is left, so the next person starts from
 * the note rather than from the whole history. One preview, one confirmation
 * for both writes.
 */
import { z } from "zod";
import { errorText, inputError } from "../../halo/errors.js";
import { R } from "../../halo/resources.js";
import { compact, type Row, ref } from "../../util/format.js";
import { agentInput, dryRun, idOrName, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { resolveOutcome } from "../support/ticket-actions.js";
import { actionRow, actionRowShape } from "./action-projection.js";
import { agentOf, loadTicketNames, teamOf } from "./projection.js";
import { resolveTicketRefs } from "./ticket-write.js";

export const handoverTicket = defineTool({
  name: "handover_ticket",
  title: "Hand over ticket",
  description: "Reassign a ticket to an agent and/or team with a private handoff note, in one call.",
  toolset: "tickets",
  effect: "update",
  input: {
    id: recordId("Ticket"),
    agent: agentInput.optional(),
    team: idOrName().optional(),
    note: z.string().trim().min(1).max(20_000).describe("Handoff note"),
    dry_run: dryRun,
  },
  output: {
    handed_over: z.string().optional(),
    agent: z.string().optional(),
    team: z.string().optional(),
    note: actionRowShape.optional(),
    note_failed: z.string().optional(),
    dry_run: z.literal(true).optional(),
    would_send: z.array(z.record(z.string(), z.unknown())).optional(),
    resolved: z.record(z.string(), z.string()).optional(),
    changes: z.record(z.string(), z.string()).optional(),
  },
  async handler(args, ctx) {
    const { signal } = ctx;
    if (args.agent === undefined && args.team === undefined) {
      throw inputError("agent, team: give the agent and/or the team to hand the ticket to.");
    }
    const [current, names, outcome] = await Promise.all([
      ctx.halo.resources.get<Row>(R.tickets, args.id, {}, { signal }),
      loadTicketNames(ctx),
      resolveOutcome(ctx, undefined),
    ]);
    const { fields, refs } = await resolveTicketRefs(ctx, { agent: args.agent, team: args.team }, current);
    const name = ref(current.summary, args.id) ?? `#${args.id}`;
    const changes = compact({
      agent:
        fields.agent_id !== undefined && Number(fields.agent_id) !== Number(current.agent_id)
          ? `${agentOf(current, names) ?? "(none)"} → ${refs.agent}`
          : undefined,
      team:
        fields.team_id !== undefined && Number(fields.team_id) !== Number(current.team_id)
          ? `${teamOf(current, names) ?? "(none)"} → ${refs.team}`
          : undefined,
    }) as Record<string, string>;
    if (Object.keys(changes).length === 0) {
      throw inputError(
        `nothing to hand over: ticket ${name} already has ${[refs.agent && `agent ${refs.agent}`, refs.team && `team ${refs.team}`].filter(Boolean).join(" and ")}.`,
        "Add the note with add_ticket_action if that is all that is needed.",
      );
    }
    const reassign: Row = { id: args.id, ...fields };
    const note: Row = {
      ticket_id: args.id,
      outcome_id: outcome.id,
      outcome: outcome.name,
      note: args.note,
      // A handoff note is for the team, never the customer.
      hiddenfromuser: true,
      sendemail: false,
    };
    const preview = compact({
      dry_run: true,
      would_send: [reassign, note],
      resolved: compact({ ticket: name, agent: refs.agent, team: refs.team }) as Record<string, string>,
      changes,
    });
    if (args.dry_run) return { data: preview };
    await ctx.confirm({ action: `Hand over ticket ${name}`, preview });
    // Reassign first: it is what was asked; a failed note is reported, never retried blindly.
    const saved = await ctx.halo.resources.save<Row>(R.tickets, reassign, { signal });
    const after = { ...current, ...saved };
    const result = {
      handed_over: name,
      agent: agentOf(after, names),
      team: teamOf(after, names),
    };
    try {
      const action = await ctx.halo.resources.save<Row>(R.actions, note, { signal });
      return {
        data: compact({
          ...result,
          note: actionRow(action, { outcomes: new Map([[outcome.id, outcome.name]]) }),
        }),
      };
    } catch (err) {
      return {
        data: compact({
          ...result,
          note_failed: `${errorText(err)}\nThe ticket was reassigned; add the note with add_ticket_action (check list_ticket_actions first if it may have landed).`,
        }),
      };
    }
  },
});
