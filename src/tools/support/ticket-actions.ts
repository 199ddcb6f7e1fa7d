/**
 * Ticket actions as several areas need them: the tickets tools, log_time
 * (time goes on an action) and draft_kb_article (an article from a ticket's
 * notes). The ticket read that names a missing ticket, the latest actions,
 * the default note type, and Halo's hours ↔ minutes.
 */
import { inputError } from "../../halo/errors.js";
import type { Query } from "../../halo/http.js";
import { type Named, normName } from "../../halo/match.js";
import { R } from "../../halo/resources.js";
import { num, type Row, str, stripHtml } from "../../util/format.js";
import type { ToolContext } from "../define.js";

/** Halo logs time in hours (`timetaken`); people and the tools speak minutes. */
export function minutesFromHours(hours: unknown): number | undefined {
  const h =
    typeof hours === "number"
      ? hours
      : typeof hours === "string" && hours.trim()
        ? Number(hours)
        : Number.NaN;
  if (!Number.isFinite(h) || h <= 0) return undefined;
  return Math.round(h * 60);
}

/** Minutes → Halo's `timetaken` hours, rounded so 20 min is 0.3333 rather than a long float. */
export function hoursFromMinutes(minutes: number): number {
  return Math.round((minutes / 60) * 10_000) / 10_000;
}

/** Plain text of an action: its HTML note stripped, or the plain note. */
export function actionText(a: Row): string {
  return stripHtml(str(a.note_html) ?? a.note);
}

/** Newest first: by date, then by ID (Halo numbers actions in order within a ticket). */
export function newestFirst(a: Row, b: Row): number {
  const da = Date.parse(String(a.datetime ?? a.actiondatecreated ?? "")) || 0;
  const db = Date.parse(String(b.datetime ?? b.actiondatecreated ?? "")) || 0;
  if (da !== db) return db - da;
  return (num(b.id) ?? 0) - (num(a.id) ?? 0);
}

/**
 * The ticket, or Halo's not-found error naming it ("no ticket with ID 42").
 * Actions and attachments on a missing ticket would otherwise fail vaguely or
 * list nothing. ticketidonly keeps the answer small (a full ticket is ~80 KB),
 * but it carries ID fields only (the spec: ticket, SLA, status and client IDs,
 * client name): a preview that shows the summary (`summary: true`, dry runs)
 * reads the whole ticket.
 */
export function requireTicket(ctx: ToolContext, id: number, opts: { summary?: boolean } = {}): Promise<Row> {
  const query = opts.summary ? {} : { ticketidonly: true };
  return ctx.halo.resources.get<Row>(R.tickets, id, query, { signal: ctx.signal });
}

/**
 * The latest `count` actions of a ticket, newest first. `count` keeps the
 * first rows Halo sends, which are the newest when it answers newest first
 * (as the UI shows them). An answer that is full and oldest first means
 * `count` kept the oldest: then every action is read once more and the
 * latest are taken here.
 */
export async function latestActions(
  ctx: ToolContext,
  ticketId: number,
  count: number,
  filters: Query = {},
): Promise<Row[]> {
  const read = (query: Query) =>
    ctx.halo.resources.lookup<Row>(
      R.actions.path,
      { ticket_id: ticketId, ...filters, ...query },
      {
        signal: ctx.signal,
      },
    );
  let rows = await read({ count });
  const first = rows[0];
  const last = rows.at(-1);
  // Exactly `count` rows (more means count was ignored and this is everything) and oldest first.
  if (rows.length === count && first && last && first !== last && newestFirst(first, last) > 0) {
    rows = await read({});
  }
  return [...rows].sort(newestFirst).slice(0, count);
}

const NOTE_NAMES = ["private note", "note", "internal note", "private"];

/**
 * The action type for a plain internal note when the caller named none:
 * "Private Note", else "Note", else another private/internal note type.
 * Undefined when the tenant has nothing like it (the caller must choose).
 */
export function defaultNoteOutcome(outcomes: Named[]): Named | undefined {
  const norm = normName;
  for (const name of NOTE_NAMES) {
    const hit = outcomes.find((o) => norm(o.name) === name);
    if (hit) return hit;
  }
  return (
    outcomes.find((o) => /\b(private|internal)\b.*\bnote\b/i.test(o.name)) ??
    outcomes.find((o) => /\bnote\b/i.test(o.name) && !/e-?mail|public|customer|user/i.test(o.name))
  );
}

export async function resolveOutcome(ctx: ToolContext, value: string | number | undefined): Promise<Named> {
  if (value !== undefined) return ctx.halo.lookups.resolve("outcomes", value, "outcome", ctx.signal);
  const outcomes = await ctx.halo.lookups.all("outcomes", ctx.signal);
  const note = defaultNoteOutcome(outcomes);
  if (note) return note;
  throw inputError(
    'outcome: this Halo tenant has no action type named like "Private Note" or "Note", so one must be given.',
    `Pass outcome as one of: ${outcomes
      .slice(0, 15)
      .map((o) => `${o.name} (${o.id})`)
      .join(", ")}${outcomes.length > 15 ? ", … (see list_lookups kind=outcomes)" : ""}.`,
  );
}
