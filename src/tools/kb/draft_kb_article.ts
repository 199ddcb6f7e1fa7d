import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { R } from "../../halo/resources.js";
import { clip, compact, num, type Row, ref, str, stripHtml } from "../../util/format.js";
import { dryRun, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { actionText, latestActions, newestFirst } from "../support/ticket-actions.js";
import { KB } from "./shared.js";

const RESOLVING = /resol|fix|clos|complet|solv/i;

/**
 * A KB article is read by other customers: addresses and numbers from the
 * ticket stay out of it. The person reviews the rest in the preview.
 */
export function scrub(text: string): string {
  return (
    text
      .replace(/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi, "[email]")
      // Nine digits or more: a phone number (a date has eight).
      .replace(/\+?\d[\d ()./-]{7,}\d/g, (m) => ((m.match(/\d/g)?.length ?? 0) >= 9 ? "[phone]" : m))
  );
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Plain text as Halo's article HTML: one paragraph per blank-line block. */
const toHtml = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");

export const draftKbArticle = defineTool({
  name: "draft_kb_article",
  title: "Draft KB article from ticket",
  description:
    "Write a KB article from a resolved ticket: problem from its details, fix from its resolution note, emails and phone numbers removed. Saved as a hidden draft unless publish.",
  toolset: "kb",
  effect: "create",
  input: {
    ticket_id: recordId("Ticket"),
    title: z.string().trim().min(3).max(200).optional(),
    problem: z.string().trim().min(1).max(20_000).optional().describe("Replaces the ticket's details"),
    resolution: z.string().trim().min(1).max(20_000).optional().describe("Replaces the ticket's fix"),
    tags: z.string().trim().max(300).optional(),
    publish: z.boolean().default(false),
    dry_run: dryRun,
  },
  output: {
    dry_run: z.literal(true).optional(),
    draft: z.record(z.string(), z.unknown()),
    created: z.record(z.string(), z.unknown()).optional(),
    note: z.string().optional(),
  },
  async handler(args, ctx) {
    const [ticket, actions, statuses] = await Promise.all([
      ctx.halo.resources.get<Row>(R.tickets, args.ticket_id, {}, { signal: ctx.signal }),
      latestActions(ctx, args.ticket_id, 30, { excludesys: true }),
      ctx.halo.lookups.names("statuses", ctx.signal).catch(() => new Map<number, string>()),
    ]);
    const notes: string[] = [];
    const sorted = [...actions].sort(newestFirst);
    const fix =
      sorted.find((a) => RESOLVING.test(String(a.outcome ?? "")) && actionText(a)) ??
      sorted.find((a) => a.hiddenfromuser === false && actionText(a));
    // Given text is scrubbed too: it is often the ticket's, copied.
    const problem = scrub(args.problem ?? stripHtml(str(ticket.details_html) ?? ticket.details));
    const resolution = scrub(args.resolution ?? (fix ? actionText(fix) : ""));
    if (!resolution)
      notes.push("the ticket has no resolution note: pass resolution with the fix before saving.");
    const statusId = num(ticket.status_id);
    const status = statusId ? statuses.get(statusId) : undefined;
    if (status && !/clos|resol|complet/i.test(status))
      notes.push(`ticket ${args.ticket_id} is "${status}", not resolved: check the fix is confirmed.`);
    const title = args.title ?? str(ticket.summary) ?? `Ticket ${args.ticket_id}`;
    const payload: Row = {
      name: title,
      description: toHtml(problem || title),
      resolution: toHtml(resolution),
      ...(args.tags ? { tag_string: args.tags } : {}),
      ticket_id: args.ticket_id,
      // A draft is an inactive article: agents and customers do not see it until it is published.
      inactive: !args.publish,
    };
    const draft = compact({
      title,
      ticket: ref(ticket.summary, args.ticket_id),
      problem: clip(problem, 2000),
      resolution: clip(resolution, 2000),
      tags: args.tags,
      state: args.publish ? "published" : "draft (inactive until published)",
      from_action: fix && !args.resolution ? num(fix.id) : undefined,
    }) as Row;
    const note = notes.length ? notes.join(" ") : undefined;
    if (args.dry_run) return { data: compact({ dry_run: true as const, draft, note }) as Row };
    if (!resolution)
      throw inputError(
        "resolution: the ticket has no resolution note, so the article would have no fix.",
        "Pass resolution with the fix, then call again.",
      );
    await ctx.confirm({
      action: `${args.publish ? "Publish" : "Draft"} knowledge-base article "${title}"`,
      preview: compact({ would_send: payload, note }) as Row,
    });
    const saved = await ctx.halo.resources.save<Row>(KB, payload, { signal: ctx.signal });
    return {
      data: compact({
        draft,
        created: compact({
          id: num(saved.id),
          title: str(saved.name),
          draft: saved.inactive === true ? true : undefined,
        }),
        note,
      }) as Row,
    };
  },
});
