import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import type { Row } from "../../util/format.js";
import { dryRun, recordId } from "../common.js";
import { defineTool, type ToolContext } from "../define.js";
import { parseDay } from "../support/dates.js";
import { hoursFromMinutes } from "../support/ticket-actions.js";
import { requireChanges } from "../support/writes.js";
import { ACTIONS, actionEntry, type Entry, EVENTS, entryRow, eventEntry } from "./entries.js";
import { haloTime, timeInput } from "./log_time.js";

/** Which entry: a ticket action (ticket_id + action_id) or a timesheet event (event_id). */
export const entryInput = {
  ticket_id: recordId("Ticket").optional(),
  action_id: z.number().int().positive().optional(),
  event_id: z.number().int().positive().optional(),
};

export interface Target {
  kind: "action" | "event";
  raw: Row;
  entry: Entry;
}

/** Reads the entry first: a wrong ID fails as not found, and the answer shows what changes. */
export async function readEntry(
  ctx: ToolContext,
  args: { ticket_id?: number; action_id?: number; event_id?: number },
): Promise<Target> {
  if (args.event_id !== undefined) {
    if (args.ticket_id !== undefined || args.action_id !== undefined)
      throw inputError("event_id: give either event_id or ticket_id with action_id, not both.");
    const raw = await ctx.halo.resources.get<Row>(EVENTS, args.event_id, {}, { signal: ctx.signal });
    const entry = eventEntry(raw, undefined);
    if (entry?.ticketId) {
      throw inputError(
        `event_id: event ${args.event_id} is time on ticket ${entry.ticketId} (action ${entry.actionId}).`,
        `Pass ticket_id: ${entry.ticketId}, action_id: ${entry.actionId} instead.`,
      );
    }
    if (!entry) throw inputError(`event_id: event ${args.event_id} has no time logged.`);
    return { kind: "event", raw, entry };
  }
  if (args.ticket_id === undefined || args.action_id === undefined)
    throw inputError(
      "ticket_id/action_id: name the entry — ticket_id with action_id, or event_id (list_time_entries shows them).",
    );
  const raw = await ctx.halo.resources.get<Row>(
    ACTIONS,
    args.action_id,
    { ticket_id: args.ticket_id },
    { signal: ctx.signal },
  );
  const entry = actionEntry({ ...raw, id: raw.id ?? args.action_id }, args.ticket_id);
  if (!entry)
    throw inputError(`action_id: action ${args.action_id} on ticket ${args.ticket_id} has no time logged.`);
  return { kind: "action", raw, entry };
}

/** Invoiced time belongs to an invoice: changing it here would make Halo and the invoice disagree. */
export function refuseInvoiced(t: Target, verb: string): void {
  if (t.entry.invoiced) {
    throw inputError(
      `invoiced: this time is on invoice ${t.entry.invoiced}; ${verb} it would no longer match the invoice.`,
      "Ask whoever runs billing to credit or re-issue the invoice first.",
    );
  }
}

export const updateTimeEntry = defineTool({
  name: "update_time_entry",
  title: "Correct time entry",
  description: "Correct logged time, or remove it: minutes 0 and confirm (a ticket keeps its note).",
  toolset: "time",
  effect: "update",
  input: {
    ...entryInput,
    minutes: z.number().int().min(0).max(1440).optional(),
    start: timeInput.start,
    note: z.string().trim().min(1).max(10_000).optional(),
    billable: timeInput.billable,
    charge_rate: timeInput.charge_rate,
    confirm: z.boolean().optional().describe("Removal confirmed"),
    dry_run: dryRun,
  },
  output: {
    dry_run: z.literal(true).optional(),
    would_send: z.record(z.string(), z.unknown()).optional(),
    before: z.record(z.string(), z.unknown()),
    after: z.record(z.string(), z.unknown()).optional(),
    removed: z.literal(true).optional(),
    kept_note: z.literal(true).optional(),
  },
  async handler(args, ctx) {
    const target = await readEntry(ctx, args);
    const remove = args.minutes === 0;
    refuseInvoiced(target, remove ? "removing" : "changing");
    const names = await ctx.halo.lookups.names("agents", ctx.signal).catch(() => new Map<number, string>());
    const { entry } = target;
    const before = entryRow(entry, names, 300);
    if (remove) return removeEntry(ctx, target, before, args);
    const hours = args.minutes === undefined ? entry.hours : hoursFromMinutes(args.minutes);
    const start = args.start === undefined ? entry.start : parseDay(args.start, "start");
    const moved = args.start !== undefined || args.minutes !== undefined;
    let payload: Row;
    if (target.kind === "action") {
      payload = {
        ticket_id: entry.ticketId,
        id: entry.actionId,
        ...(args.minutes !== undefined ? { timetaken: hours } : {}),
        ...(moved
          ? { actionarrivaldate: haloTime(start), actioncompletiondate: haloTime(start + hours * 3_600_000) }
          : {}),
        ...(args.note !== undefined ? { note: args.note } : {}),
        ...(args.billable !== undefined
          ? { actisbillable: args.billable, nonbilltime: args.billable ? 0 : hours }
          : {}),
        // Non-billable time stays wholly non-billable at its new length.
        ...(args.billable === undefined && args.minutes !== undefined && entry.billable === false
          ? { nonbilltime: hours }
          : {}),
        ...(args.charge_rate !== undefined ? { chargerate: args.charge_rate } : {}),
      };
    } else {
      if (args.billable !== undefined)
        throw inputError("billable: timesheet events carry no billable flag in Halo.", "Leave billable out.");
      payload = {
        id: entry.eventId,
        ...(moved
          ? { start_date: haloTime(start), end_date: haloTime(start + hours * 3_600_000), timetaken: hours }
          : {}),
        ...(args.note !== undefined ? { note: args.note } : {}),
        ...(args.charge_rate !== undefined ? { charge_rate: args.charge_rate } : {}),
      };
    }
    requireChanges(
      Object.fromEntries(Object.entries(payload).filter(([k]) => k !== "ticket_id")),
      "minutes, start, note, billable, charge_rate",
    );
    if (args.dry_run) return { data: { dry_run: true, would_send: payload, before } };
    await ctx.confirm({
      action: `Change time entry: ${describeEntry(target, before)}`,
      preview: { would_send: payload, before },
    });
    const saved = await ctx.halo.resources.save<Row>(target.kind === "action" ? ACTIONS : EVENTS, payload, {
      signal: ctx.signal,
    });
    const after =
      target.kind === "action"
        ? actionEntry({ ...saved, id: saved.id ?? entry.actionId }, entry.ticketId as number)
        : eventEntry(saved, undefined);
    return { data: { before, after: after ? entryRow(after, names, 300) : { minutes: 0 } } };
  },
});

/**
 * Removal. A ticket action keeps its note (the ticket's history) and loses
 * its time: the spec's DELETE /Actions/{id} names no ticket, and action IDs
 * are per ticket. A timesheet event is deleted.
 */
async function removeEntry(
  ctx: ToolContext,
  target: Target,
  before: Row,
  args: { confirm?: boolean; dry_run: boolean },
) {
  const { entry } = target;
  const what = describeEntry(target, before);
  const payload =
    target.kind === "action"
      ? { ticket_id: entry.ticketId, id: entry.actionId, timetaken: 0, nonbilltime: 0 }
      : undefined;
  if (args.dry_run)
    return {
      data: {
        dry_run: true as const,
        would_send: payload ?? { delete: `TimesheetEvent/${entry.eventId}` },
        before,
      },
    };
  // The person's accept in the client's form decides; without a form, the user's confirm as before.
  const how = await ctx.confirm({
    action: `Remove ${what}`,
    preview: { would_send: payload ?? { delete: `TimesheetEvent/${entry.eventId}` }, before },
    destructive: true,
  });
  if (!how.byPerson && args.confirm !== true) {
    throw inputError(
      `confirm: removing ${what} needs confirm: true.`,
      "Show the user the entry, ask them to confirm, then call again with confirm: true.",
    );
  }
  if (payload) {
    await ctx.halo.resources.save(ACTIONS, payload, { signal: ctx.signal });
    return { data: { before, removed: true as const, kept_note: true as const } };
  }
  await ctx.halo.resources.delete(EVENTS, entry.eventId as number, {}, { signal: ctx.signal });
  return { data: { before, removed: true as const } };
}

function describeEntry(target: Target, before: Row): string {
  const { entry } = target;
  return target.kind === "action"
    ? `${before.minutes} minutes on ticket ${entry.ticketId} (action ${entry.actionId}; the note stays)`
    : `event ${entry.eventId} (${before.minutes} minutes)`;
}
