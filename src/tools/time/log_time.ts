import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { compact, type Row, ref } from "../../util/format.js";
import { dryRun, idOrName, isoDate, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { parseDay } from "../support/dates.js";
import { hoursFromMinutes, requireTicket, resolveOutcome } from "../support/ticket-actions.js";
import {
  ACTIONS,
  actionEntry,
  collectEntries,
  DAY,
  EVENTS,
  entryRow,
  isoDay,
  isoMinute,
  resolveClient,
  ticketEntries,
} from "./entries.js";

const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();

/** Halo's datetime without milliseconds ("2026-10-27T09:00:00"), UTC. */
export const haloTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

export const timeInput = {
  minutes: z.number().int().min(1).max(1440),
  start: isoDate.optional().describe("YYYY-MM-DDTHH:mm UTC"),
  billable: z.boolean().optional(),
  charge_rate: z.number().int().positive().optional().describe("ID"),
};

export const logTime = defineTool({
  name: "log_time",
  title: "Log time",
  description:
    "Log time on a ticket (private note, never emailed), or with subject as a timesheet event. Default: ending now. Repeats need allow_duplicate.",
  toolset: "time",
  effect: "create",
  input: {
    ticket_id: recordId("Ticket").optional(),
    ...timeInput,
    note: z.string().trim().min(1).max(10_000).optional(),
    subject: z.string().trim().min(1).max(200).optional(),
    client: idOrName().optional(),
    allow_duplicate: z.boolean().default(false),
    dry_run: dryRun,
  },
  output: {
    dry_run: z.literal(true).optional(),
    would_send: z.record(z.string(), z.unknown()).optional(),
    logged: z.record(z.string(), z.unknown()).optional(),
    resolved: z.record(z.string(), z.string()).optional(),
  },
  async handler(args, ctx) {
    const hours = hoursFromMinutes(args.minutes);
    const start =
      args.start === undefined ? Date.now() - args.minutes * 60_000 : parseDay(args.start, "start");
    const end = start + args.minutes * 60_000;
    if (start > Date.now() + DAY) throw inputError("start: time cannot be logged more than a day ahead.");
    const me = await ctx.halo.lookups.me(ctx.signal);
    if (args.ticket_id !== undefined) {
      if (args.subject !== undefined || args.client !== undefined)
        throw inputError(
          "subject/client: only for work outside tickets; a ticket has its own.",
          "Put the text in note.",
        );
      const [ticket, outcome, existing] = await Promise.all([
        // The whole ticket: the preview and the confirmation name it by its summary (ticketidonly has none).
        requireTicket(ctx, args.ticket_id, { summary: true }),
        resolveOutcome(ctx, undefined),
        ticketEntries(ctx, args.ticket_id),
      ]);
      const note = args.note ?? `Time logged: ${args.minutes} minutes.`;
      const dup = existing.find(
        (e) =>
          e.agentId === me.id &&
          Math.abs(e.hours - hours) < 0.001 &&
          isoDay(e.start) === isoDay(start) &&
          norm(e.note) === norm(note),
      );
      if (dup && !args.allow_duplicate) {
        throw inputError(
          `duplicate: ticket ${args.ticket_id} already has ${args.minutes} minutes from you on ${isoDay(start)} with this note (action ${dup.actionId}).`,
          "Nothing was logged. If this is separate work, call again with allow_duplicate: true; to change that entry use update_time_entry.",
        );
      }
      const payload: Row = {
        ticket_id: args.ticket_id,
        outcome_id: outcome.id,
        note,
        timetaken: hours,
        // Time notes are internal: hidden from the customer and never emailed.
        hiddenfromuser: true,
        sendemail: false,
        ...(args.start !== undefined
          ? { actionarrivaldate: haloTime(start), actioncompletiondate: haloTime(end) }
          : {}),
        ...(args.billable !== undefined
          ? { actisbillable: args.billable, nonbilltime: args.billable ? 0 : hours }
          : {}),
        ...(args.charge_rate !== undefined ? { chargerate: args.charge_rate } : {}),
      };
      const resolved = compact({
        ticket: ref(ticket.summary, ticket.id ?? args.ticket_id) ?? `#${args.ticket_id}`,
        outcome: ref(outcome.name, outcome.id),
        agent: ref(me.name, me.id),
      }) as Record<string, string>;
      if (args.dry_run) return { data: { dry_run: true, would_send: payload, resolved } };
      await ctx.confirm({
        action: `Log ${args.minutes} minutes on ticket ${resolved.ticket}`,
        preview: { would_send: payload, resolved },
      });
      const saved = await ctx.halo.resources.save<Row>(ACTIONS, payload, { signal: ctx.signal });
      const entry = actionEntry(saved, args.ticket_id);
      const names = new Map([[me.id, me.name]]);
      return {
        data: {
          logged: entry ? entryRow(entry, names) : { ticket_id: args.ticket_id, minutes: args.minutes },
          resolved,
        },
      };
    }
    if (args.subject === undefined)
      throw inputError(
        "subject: time outside a ticket needs a subject (what the work was).",
        "Pass ticket_id to log on a ticket, or subject for other work.",
      );
    if (args.billable === true)
      throw inputError(
        "billable: Halo's timesheet events carry no billable flag; billable work is logged on a ticket.",
        "Log it on the client's ticket (ticket_id), or leave billable out.",
      );
    const client = await resolveClient(ctx, args.client);
    const day = Math.floor(start / DAY) * DAY;
    const { entries } = await collectEntries(ctx, {
      agentIds: [me.id],
      from: day,
      to: day + DAY,
      billing: false,
    });
    const dup = entries.find(
      (e) => !e.ticketId && isoMinute(e.start) === isoMinute(start) && Math.abs(e.hours - hours) < 0.001,
    );
    if (dup && !args.allow_duplicate) {
      throw inputError(
        `duplicate: you already have ${args.minutes} minutes starting ${isoMinute(start)} (event ${dup.eventId}${dup.subject ? `, "${dup.subject}"` : ""}).`,
        "Nothing was logged. If this is separate work, call again with allow_duplicate: true; to change that entry use update_time_entry.",
      );
    }
    const payload: Row = {
      subject: args.subject,
      start_date: haloTime(start),
      end_date: haloTime(end),
      timetaken: hours,
      agent_id: me.id,
      ...(args.note ? { note: args.note } : {}),
      ...(client ? { client_id: client.id } : {}),
      ...(args.charge_rate !== undefined ? { charge_rate: args.charge_rate } : {}),
    };
    const resolved = compact({
      agent: ref(me.name, me.id),
      client: client && ref(client.name, client.id),
    }) as Record<string, string>;
    if (args.dry_run) return { data: { dry_run: true, would_send: payload, resolved } };
    await ctx.confirm({
      action: `Log ${args.minutes} minutes: "${args.subject}"`,
      preview: { would_send: payload, resolved },
    });
    const saved = await ctx.halo.resources.save<Row>(EVENTS, payload, { signal: ctx.signal });
    return {
      data: compact({
        logged: compact({
          event_id: Number(saved.id) || undefined,
          date: isoMinute(start),
          minutes: args.minutes,
          subject: args.subject,
          client: client && ref(client.name, client.id),
        }),
        resolved,
      }),
    };
  },
});
