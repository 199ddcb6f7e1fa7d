/**
 * "What is on my plate": an agent's open tickets, most urgent SLA first, each
 * marked with what changed since the last look (new to the queue, status or
 * priority moved, new actions with who wrote what), and the tickets that left
 * the queue. The last look is remembered per tenant and agent in a small
 * state file outside the project folder (queue-state.ts).
 */
import { z } from "zod";
import { R } from "../../halo/resources.js";
import { type Row as ActionRow, clip, compact, type Row, ref, when } from "../../util/format.js";
import { agentInput, limit } from "../common.js";
import { defineTool, type ToolContext } from "../define.js";
import { actionText, latestActions } from "../support/ticket-actions.js";
import { dateMs } from "../support/verify-rows.js";
import { SLA_FIELDS, ticketQuery } from "./filters.js";
import {
  isBreached,
  loadTicketNames,
  priorityOf,
  statusOf,
  type TicketNames,
  ticketRowShape,
  ticketRows,
} from "./projection.js";
import {
  type QueueState,
  readState,
  type Seen,
  STATE_TICKETS_MAX,
  stateFile,
  writeState,
} from "./queue-state.js";

/** Tickets whose new actions are read (one request each): the most urgent changed ones. */
const NEWS_TICKETS = 5;
const NEWS_PER_TICKET = 3;

export const myQueue = defineTool({
  name: "my_queue",
  title: "My queue",
  description:
    "My open tickets, most urgent SLA first, with what changed since I last looked (new, status, replies).",
  toolset: "tickets",
  effect: "read",
  input: {
    agent: agentInput.default("me"),
    limit: limit(100, 25),
  },
  output: {
    agent: z.string(),
    since: z.string().optional(),
    total: z.number(),
    shown: z.number(),
    tickets: z.array(
      ticketRowShape.extend({
        changed: z.string().optional(),
        news: z.array(z.string()).optional(),
      }),
    ),
    left_queue: z.array(z.number()).optional(),
    note: z.string().optional(),
  },
  async handler(args, ctx) {
    const { signal } = ctx;
    const agent =
      String(args.agent).trim().toLowerCase() === "me"
        ? await ctx.halo.lookups.me(signal)
        : await ctx.halo.lookups.resolve("agents", args.agent, "agent", signal);
    const [page, names] = await Promise.all([
      ctx.halo.resources.list<Row>(
        R.tickets,
        { ...ticketQuery({ status: "open", agentId: agent.id }), ...SLA_FIELDS },
        { pageSize: 100, signal },
      ),
      loadTicketNames(ctx),
    ]);
    const now = Date.now();
    const sorted = [...page.items].sort((a, b) => urgency(a, now) - urgency(b, now));

    const file = stateFile(ctx.halo.config.baseUrl, ctx.halo.config.tenant, agent.id);
    const before = await readState(file);
    const shown = sorted.slice(0, args.limit);
    const { rows } = ticketRows(shown, names);
    const marks = shown.map((t) => changeOf(t, before, names));
    const news = await newsFor(ctx, shown, marks, before);

    const tickets = rows.map((row, i) =>
      compact({ ...row, changed: marks[i]?.text, news: news.get(Number(shown[i]?.id)) }),
    );
    const inQueue = new Set(page.items.map((t) => String(t.id)));
    const left = before
      ? Object.keys(before.tickets)
          .filter((id) => !inQueue.has(id))
          .map(Number)
          .slice(0, 50)
      : [];

    let note: string | undefined;
    try {
      await writeState(file, stateOf(page.items, now));
    } catch (err) {
      note = `Changes since the last look are not remembered: ${err instanceof Error ? err.message : String(err)}.`;
    }
    if (!before) note ??= "First look: later calls mark what changed since this one.";
    return {
      data: compact({
        agent: ref(agent.name, agent.id) ?? `#${agent.id}`,
        since: before ? when(before.at) : undefined,
        total: page.total,
        shown: tickets.length,
        tickets,
        left_queue: left,
        note:
          page.total > page.items.length
            ? `${note ? `${note} ` : ""}Only the first ${page.items.length} of ${page.total} are ranked; search_tickets with agent pages the rest.`
            : note,
      }),
    };
  },
});

/**
 * Lower is more urgent: breached first (the longest overdue first), then by
 * the next SLA deadline, then tickets on hold or without an SLA by priority.
 */
export function urgency(t: Row, now: number): number {
  // Halo's placeholder dates (1900-01-01) mean "no deadline", and dates without an offset are UTC.
  const due = dateMs(t.slaactiondate) ?? dateMs(t.fixbydate) ?? Number.NaN;
  const priority = Number(t.priority_id) || 9;
  if (t.onhold === true || t.excludefromsla === true || !Number.isFinite(due)) return 4e13 + priority;
  if (isBreached(t, now)) return due - 4e13;
  return due;
}

interface Mark {
  text?: string;
  /** Last-action date the previous look saw: newer actions are news. */
  seenAction?: string;
  updated: boolean;
}

function changeOf(t: Row, before: QueueState | undefined, names: TicketNames): Mark {
  if (!before) return { updated: false };
  const seen: Seen | undefined = before.tickets[String(t.id)];
  if (!seen) return { text: "new in the queue", updated: true, seenAction: before.at };
  const parts: string[] = [];
  const name = (field: "status_id" | "priority_id", id: number | undefined) => {
    const row = { ...t, [field]: id, status_name: undefined, priority_name: undefined };
    return (field === "status_id" ? statusOf(row, names) : priorityOf(row, names)) ?? `#${id}`;
  };
  if (seen.s !== undefined && seen.s !== Number(t.status_id))
    parts.push(`status ${name("status_id", seen.s)} → ${statusOf(t, names) ?? ""}`);
  if (seen.p !== undefined && seen.p !== Number(t.priority_id))
    parts.push(`priority ${name("priority_id", seen.p)} → ${priorityOf(t, names) ?? ""}`);
  const updated = typeof t.lastactiondate === "string" && t.lastactiondate !== seen.u;
  if (updated) parts.push("new activity");
  return { text: parts.length ? parts.join("; ") : undefined, updated, seenAction: seen.u ?? before.at };
}

/** For the most urgent updated tickets: who wrote what since the last look ("Tom Baker (Email User): …"). */
async function newsFor(
  ctx: ToolContext,
  shown: Row[],
  marks: Mark[],
  before: QueueState | undefined,
): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!before) return out;
  const picked = shown
    .map((t, i) => ({ id: Number(t.id), mark: marks[i] as Mark }))
    .filter((x) => x.mark.updated)
    .slice(0, NEWS_TICKETS);
  await Promise.all(
    picked.map(async ({ id, mark }) => {
      const since = dateMs(mark.seenAction ?? before.at) ?? Number.NaN;
      const actions = await latestActions(ctx, id, NEWS_PER_TICKET).catch(() => [] as ActionRow[]);
      const fresh = actions.filter((a) => (dateMs(a.datetime) ?? 0) > since);
      if (fresh.length === 0) return;
      out.set(
        id,
        fresh.map((a) => {
          const who = [a.who, a.outcome].filter((v) => typeof v === "string" && v).join(", ");
          const text = clip(actionText(a).replace(/\s+/g, " ").trim(), 160);
          return `${when(a.datetime) ?? ""} ${who}${text ? `: ${text}` : ""}`.trim();
        }),
      );
    }),
  );
  return out;
}

/** What this look saw, for the next one (bounded). */
function stateOf(items: Row[], now: number): QueueState {
  const tickets: Record<string, Seen> = {};
  for (const t of items.slice(0, STATE_TICKETS_MAX)) {
    tickets[String(t.id)] = {
      u: typeof t.lastactiondate === "string" ? t.lastactiondate : undefined,
      s: Number(t.status_id) || undefined,
      p: Number(t.priority_id) || undefined,
    };
  }
  return { at: new Date(now).toISOString(), tickets };
}
