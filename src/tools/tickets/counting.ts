/**
 * Counting tickets by group at any size (ticket_stats). Halo answers
 * `record_count` on a paged list, so one request with `page_size=1` and one
 * group value's filter added counts that group, and the one row that comes
 * back proves Halo honoured the filter. The cost then grows with the number
 * of groups, not of tickets. Reading rows stays the way for small totals
 * (cheaper) and for what Halo cannot filter by (SLA state).
 *
 * Nothing here answers a number it has not counted: an ignored filter falls
 * back to reading rows, or the answer says what it could not count and why.
 * Each call keeps to a share of the tenant's rate budget (a fifth of it).
 * See prd/07-counting.md.
 */
import { HaloError } from "../../halo/errors.js";
import type { Query } from "../../halo/http.js";
import { type Page, R } from "../../halo/resources.js";
import { compact, num, type Row } from "../../util/format.js";
import type { ToolContext } from "../define.js";
import { type Mismatch, ticketRowMismatch } from "../support/honoured.js";
import type { ResolvedTicketFilters } from "./filters.js";
import {
  agentOf,
  clientOf,
  loadTicketNames,
  priorityNumberOf,
  slaStateOf,
  statusOf,
  type TicketNames,
  teamOf,
  typeOf,
} from "./projection.js";

export const GROUPS = ["status", "agent", "team", "client", "priority", "type", "sla"] as const;
export type Group = (typeof GROUPS)[number];

type LookupKind = "statuses" | "agents" | "teams" | "priorities" | "ticket_types";

interface Dimension {
  /** Plural for messages: "statuses". */
  label: string;
  /** The lookup listing every value, where there is one cheap to read. */
  lookup?: LookupKind;
  /** The documented GET /Tickets parameter keeping one value, and the row field carrying it. */
  param?: string;
  field?: string;
  /** Values the user's own filters already pin (then no per-value request is needed). */
  pinned?: (f: ResolvedTicketFilters) => number[] | undefined;
  /** A group's name from a row (the same function whether counted or read). */
  key: (t: Row, n: TicketNames) => string | undefined;
  /** The name of tickets without a value. */
  none: string;
}

const one = (v: number | undefined) => (v === undefined ? undefined : [v]);

export const DIMENSIONS: Record<Group, Dimension> = {
  status: {
    label: "statuses",
    lookup: "statuses",
    param: "status_id",
    field: "status_id",
    pinned: (f) => (typeof f.status === "object" ? [f.status.id] : undefined),
    key: statusOf,
    none: "(no status)",
  },
  agent: {
    label: "agents",
    lookup: "agents",
    param: "agent_id",
    field: "agent_id",
    pinned: (f) => one(f.agentId),
    key: agentOf,
    none: "Unassigned",
  },
  team: {
    label: "teams",
    lookup: "teams",
    // No team_id filter is documented on GET /Tickets: `team` takes a list of IDs.
    param: "team",
    field: "team_id",
    pinned: (f) => one(f.teamId),
    key: teamOf,
    none: "(no team)",
  },
  client: {
    // Clients can run to thousands: the ones with tickets are found in the tickets themselves.
    label: "clients",
    param: "client_id",
    field: "client_id",
    pinned: (f) => one(f.clientId),
    key: (t) => clientOf(t),
    none: "(no client)",
  },
  priority: {
    label: "priorities",
    lookup: "priorities",
    param: "priority",
    field: "priority_id",
    pinned: (f) => f.priorityIds,
    // One group per priority number, though each SLA may name it differently.
    key: priorityNumberOf,
    none: "(no priority)",
  },
  type: {
    label: "ticket types",
    lookup: "ticket_types",
    param: "requesttype_id",
    field: "tickettype_id",
    pinned: (f) => one(f.typeId),
    key: typeOf,
    none: "(no type)",
  },
  // Halo has no filter for SLA state: it is read from rows (open ones only when that is cheaper).
  sla: { label: "SLA states", key: slaStateOf, none: "no SLA" },
};

export interface CountResult {
  total: number;
  groups: Array<{ name: string; count: number }>;
  /** How the counts were made, in a few words. */
  how: string;
  /** Halo requests this call made (lookups and retries included). */
  requests: number;
  /** The call's share of the tenant's rate budget, e.g. "23 of 300 requests per 5 min (8%)". */
  rate_budget: string;
  /** Tickets not broken down (counted together, never guessed), shown after the groups. */
  rest?: { name: string; count: number };
  /** What could not be counted and why; absent when every ticket is in a named group. */
  left_out?: string;
  /** A filter Halo ignored and what was done instead. */
  note?: string;
}

/** Rows per request when reading rows. */
const PAGE = 100;
/** Requests in flight at once; the client's rate limiter still decides when each goes out. */
const PARALLEL = 6;
/** Groups an answer names at most (ticket_stats shows 50 and sums the rest). */
const MAX_GROUPS = 50;
/** Sample pages read to find which values have tickets (clients), at most. */
const SAMPLE_PAGES = 8;

/** A fifth of the tenant's window per call: the window is shared by the whole team. */
export function callBudget(ctx: ToolContext): number {
  return Math.max(10, Math.floor(ctx.halo.config.rateLimit.max / 5));
}

/**
 * Rows already read and checked elsewhere (an updated range has no
 * documented filter, so it is read by ordering, tools/support/verify-rows.ts): they
 * are grouped as they are, with what that reading says about them.
 */
export interface ReadRows {
  items: Row[];
  how: string;
  note?: string;
  left_out?: string;
}

export async function countTickets(
  ctx: ToolContext,
  opts: { base: Query; group: Group; filters: ResolvedTicketFilters; rows?: () => Promise<ReadRows> },
): Promise<CountResult> {
  const counter = new Counter(ctx, opts.base, opts.group, opts.filters);
  return opts.rows ? counter.fromRead(opts.rows) : counter.run();
}

class Counter {
  private readonly dim: Dimension;
  private readonly budget: number;
  private readonly start: number;
  /** Ticket list requests sent by this call (the budget counts these and the lookups). */
  private sent = 0;
  private planned = 1;
  private done = 0;
  private names: TicketNames = {};
  private firstRows = 0;
  /** A row seen for each value, to name the group (client names come on rows only). */
  private readonly seen = new Map<number, Row>();
  /** How often each value appeared in the rows read, to count the likely largest first. */
  private readonly freq = new Map<number, number>();

  constructor(
    private readonly ctx: ToolContext,
    private readonly base: Query,
    private readonly group: Group,
    private readonly filters: ResolvedTicketFilters,
  ) {
    this.dim = DIMENSIONS[group];
    this.budget = callBudget(ctx);
    this.start = ctx.halo.http.stats.requests;
  }

  private get used(): number {
    return this.ctx.halo.http.stats.requests - this.start;
  }

  private get left(): number {
    return this.budget - Math.max(this.used, this.sent);
  }

  async run(): Promise<CountResult> {
    const [first, names, mode] = await Promise.all([
      this.page(this.base, 1, PAGE),
      this.dim.lookup ? loadTicketNames(this.ctx, [this.dim.lookup]) : Promise.resolve<TicketNames>({}),
      this.modeCounts(),
    ]);
    this.names = names;
    this.observe(first.items);
    this.firstRows = first.items.length;
    const total = first.total;
    if (mode) this.checkMode(first, mode);

    // A first page that contradicts the user's filters: Halo ignored one, so its total is wrong too.
    const wrong = first.items.map((r) => ticketRowMismatch(r, this.base, this.names)).find(Boolean);
    if (wrong && !first.all) return this.userFilterIgnored(first, wrong);

    // Everything is here already: one page, or a Halo that ignored paging and sent every match.
    if (first.all) return this.fromRows(first.all, "read every row (Halo sent them all at once)");
    if (!first.counted || total <= first.items.length) {
      if (first.counted || first.items.length < first.pageSize)
        return this.fromRows(first.items, "read the rows");
      return this.rowsOrGiveUp(
        first,
        "Halo's answers carry no record_count, so tickets can only be counted by reading them",
      );
    }

    if (this.group === "sla") return this.sla(first);

    const pinned = this.dim.pinned?.(this.filters);
    if (pinned?.length === 1) {
      // The filters already keep one value: the total is its count.
      return this.result(
        total,
        [{ name: this.nameOf(pinned[0] as number), count: total }],
        "the total alone",
      );
    }

    const pagesLeft = Math.ceil(total / first.pageSize) - 1;
    const known = this.candidateValues(pinned);
    const countCost = known ? known.length : SAMPLE_PAGES + this.freq.size;
    if (pagesLeft <= countCost && pagesLeft <= this.left) return this.readAll(first, "read the rows");
    return this.byValue(first, known);
  }

  /**
   * open_only/closed_only cannot be checked on a row (a row does not say
   * whether its status is a closed one), so they are checked by adding up:
   * with the complement's and the unfiltered count (one row each), open and
   * closed must make the whole. Without it, a Halo that ignored closed_only
   * would have every ticket counted as closed.
   */
  private async modeCounts(): Promise<{ other: Page<Row>; all: Page<Row> } | undefined> {
    const mode = this.filters.status;
    if (mode !== "open" && mode !== "closed") return undefined;
    const { open_only: _o, closed_only: _c, ...rest } = this.base;
    const otherQ = mode === "open" ? { ...rest, closed_only: true } : { ...rest, open_only: true };
    const [other, all] = await parallel([otherQ, rest], (q) => this.page(q, 1, 1));
    return other && all ? { other, all } : undefined;
  }

  private checkMode(first: Page<Row>, { other, all }: { other: Page<Row>; all: Page<Row> }): void {
    if (!first.counted || !other.counted || !all.counted) return;
    // The filter asked for left nothing out though tickets of the other kind exist: Halo ignored it.
    if (first.total !== all.total || other.total === 0) return;
    const mode = this.filters.status as "open" | "closed";
    const param = mode === "open" ? "open_only" : "closed_only";
    throw new HaloError(
      "bad_response",
      `Halo ignored the ${param} filter: it counts ${first.total} tickets with it and ${all.total} without it, though ${other.total} of them are ${mode === "open" ? "closed" : "open"}, so ${mode} tickets cannot be counted.`,
      {
        hint: 'Ask with status: "any", or name the status (e.g. status: "New"): those filters are checked on the rows.',
      },
    );
  }

  /** Groups rows read by the caller (see ReadRows). */
  async fromRead(read: () => Promise<ReadRows>): Promise<CountResult> {
    const [got, names] = await Promise.all([
      read(),
      this.dim.lookup ? loadTicketNames(this.ctx, [this.dim.lookup]) : Promise.resolve<TicketNames>({}),
    ]);
    this.names = names;
    this.observe(got.items);
    return this.fromRows(got.items, got.how, compact({ note: got.note, left_out: got.left_out }));
  }

  // ── one request ─────────────────────────────────────────────────────

  private async page(query: Query, page: number, size: number): Promise<Page<Row>> {
    this.sent++;
    const p = await this.ctx.halo.resources.list<Row>(R.tickets, query, {
      page,
      pageSize: size,
      signal: this.ctx.signal,
    });
    // Counted on completion, so the progress reported only ever grows (requests run in parallel).
    this.done++;
    const planned = Math.max(this.planned, this.sent);
    await this.ctx.progress(this.done, planned, `Counting tickets: ${this.done} of ${planned} requests`);
    return p;
  }

  private observe(rows: Row[]): void {
    const field = this.dim.field;
    if (!field) return;
    for (const r of rows) {
      const v = num(r[field]);
      if (v === undefined || v <= 0) continue;
      if (!this.seen.has(v)) this.seen.set(v, r);
      this.freq.set(v, (this.freq.get(v) ?? 0) + 1);
    }
  }

  private nameOf(value: number): string {
    const field = this.dim.field as string;
    const row =
      this.seen.get(value) ??
      (this.group === "team" ? { team_id: value, team: this.names.teams?.get(value) } : { [field]: value });
    return this.dim.key(row, this.names) ?? `#${value}`;
  }

  // ── reading rows ────────────────────────────────────────────────────

  /**
   * Counts rows by group. A row that contradicts the user's own filters (a
   * Halo that ignored one) is not counted, and the answer says so.
   */
  private fromRows(sent: Row[], how: string, extra: Partial<CountResult> = {}): CountResult {
    let ignored: Mismatch | undefined;
    const rows = sent.filter((r) => {
      const m = ticketRowMismatch(r, this.base, this.names);
      ignored ??= m;
      return !m;
    });
    if (ignored) {
      const dropped = sent.length - rows.length;
      extra = {
        ...extra,
        note: join(
          extra.note,
          `Halo ignored the ${ignored.param} filter: ${dropped} of the ${sent.length} tickets it sent do not match it and are not counted.`,
        ),
      };
    }
    const counts = new Map<string, number>();
    for (const t of rows) {
      const k = this.dim.key(t, this.names) ?? this.dim.none;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const groups = [...counts].map(([name, count]) => ({ name, count }));
    return this.result(rows.length, groups, how, extra);
  }

  /** Pages 2.. of `query` in parallel; every row once (rows shift when tickets are logged meanwhile). */
  private async rowsAfter(first: Page<Row>, query: Query, total: number): Promise<Row[]> {
    const pages = Math.ceil(total / first.pageSize);
    this.planned = this.sent + pages - 1;
    const rest = await parallel(
      Array.from({ length: pages - 1 }, (_, i) => i + 2),
      (n) => this.page(query, n, first.pageSize),
    );
    const seen = new Set<unknown>();
    const rows: Row[] = [];
    for (const r of [first.items, ...rest.map((p) => p.items)].flat()) {
      const id = r.id;
      if (id !== undefined) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      rows.push(r);
    }
    return rows;
  }

  private async readAll(
    first: Page<Row>,
    how: string,
    extra: Partial<CountResult> = {},
  ): Promise<CountResult> {
    const rows = await this.rowsAfter(first, this.base, first.total);
    const out = this.fromRows(rows, how, extra);
    if (rows.length !== first.total && !out.note?.includes("Halo ignored"))
      out.note = join(
        out.note,
        `Halo reported ${first.total} tickets and ${rows.length} were read (tickets changed while counting).`,
      );
    return out;
  }

  /** No record_count: read rows while the budget lasts, never answering a partial count as the total. */
  private async rowsOrGiveUp(first: Page<Row>, why: string): Promise<CountResult> {
    const rows = [...first.items];
    const ids = new Set(rows.map((r) => r.id));
    for (let n = 2; ; n++) {
      if (this.left <= 0)
        return this.gaveUp(rows.length, `${why}, and this call's share of the rate budget ran out`);
      const p = await this.page(this.base, n, first.pageSize);
      if (p.items.length > 0 && p.items[0]?.id === first.items[0]?.id)
        return this.gaveUp(rows.length, `${why}, and Halo answered page 1 again for page ${n}`);
      for (const r of p.items) if (!ids.has(r.id)) rows.push(r);
      for (const r of p.items) ids.add(r.id);
      // A short or empty page is the last.
      if (p.items.length < first.pageSize) return this.fromRows(rows, "read the rows");
    }
  }

  private gaveUp(read: number, why: string): CountResult {
    return this.result(read, [], "read rows until it had to stop", {
      left_out: `At least ${read} tickets match and more remain, but no count is given: ${why}. Narrow the filters (client, agent, dates) and ask again.`,
    });
  }

  // ── one count per value ─────────────────────────────────────────────

  /** The values to count: the lookup's (plus any seen on rows), the pinned ones, or undefined (discover). */
  private candidateValues(pinned: number[] | undefined): number[] | undefined {
    if (pinned) return pinned;
    const lookup = this.dim.lookup ? this.names[this.dim.lookup] : undefined;
    if (!lookup) return undefined;
    const values = [...new Set([...lookup.keys(), ...this.seen.keys()])].filter((v) => v > 0);
    // Too many to count one by one (a very large agent list): find the ones with tickets instead.
    return values.length <= this.budget - 2 ? values : undefined;
  }

  private async byValue(first: Page<Row>, known: number[] | undefined): Promise<CountResult> {
    const total = first.total;
    let candidates = known;
    let sampled = 0;
    if (!candidates) {
      sampled = await this.discover(total);
      candidates = [...this.freq.keys()];
    }
    // Likely largest first (seen most on rows), so a budget that runs short leaves out the small ones.
    const ordered = [...candidates].sort(
      (a, b) => (this.freq.get(b) ?? 0) - (this.freq.get(a) ?? 0) || a - b,
    );
    // At most MAX_GROUPS one by one when they were found in a sample: the answer shows no more.
    const room = Math.max(0, Math.min(this.left, known ? Number.POSITIVE_INFINITY : MAX_GROUPS));
    const counting = ordered.slice(0, room);
    const skipped = ordered.slice(room);
    this.planned = this.sent + counting.length;

    const counted = await parallel(counting, async (v) => {
      const query = {
        ...this.base,
        [this.dim.param as string]:
          this.dim.param === "team" || this.dim.param === "priority" ? String(v) : v,
      };
      const p = await this.page(query, 1, 1);
      if (p.all) {
        // Paging ignored: every match came back, so count the ones that really carry the value.
        const param = this.dim.param as string;
        const rows = p.all.filter((r) => !ticketRowMismatch(r, { [param]: query[param] }, this.names));
        return { v, count: rows.length, mismatch: undefined as Mismatch | undefined, counted: true };
      }
      const row = p.items[0];
      this.observe(p.items);
      const mismatch = row && p.total > 0 ? ticketRowMismatch(row, query, this.names) : undefined;
      return { v, count: p.total, mismatch, counted: p.counted };
    });

    const ignored = counted.find((c) => c.mismatch);
    const sum = counted.reduce((s, c) => s + c.count, 0);
    if (ignored?.mismatch || sum > total || counted.some((c) => !c.counted)) {
      const why = ignored?.mismatch
        ? `Halo ignored the ${ignored.mismatch.param} filter (asked ${ignored.mismatch.param}=${ignored.mismatch.asked}, a row came back with ${ignored.mismatch.got})`
        : sum > total
          ? `the per-${this.group} counts add up to ${sum}, more than the ${total} matching tickets, so Halo did not apply the ${this.dim.param} filter`
          : "Halo's answers carry no record_count";
      return this.fallBackToRows(first, why);
    }

    const groups = counted
      .filter((c) => c.count > 0)
      .map((c) => ({ name: this.nameOf(c.v), count: c.count }));
    const rest = total - sum;
    const how = `one count per ${this.group === "type" ? "ticket type" : this.group} (${counting.length}) after the total`;
    if (rest === 0) return this.result(total, groups, how);

    const allValues = known !== undefined && skipped.length === 0;
    if (allValues) {
      // Every value Halo lists was counted: what remains has none (unassigned, no team...).
      groups.push({ name: this.dim.none, count: rest });
      return this.result(total, groups, how);
    }
    const countedText = known
      ? `${counting.length} of the ${known.length} ${this.dim.label} were counted one by one (this call's share of the rate budget ran out)`
      : `the ${counting.length} ${this.dim.label} seen most in a sample of ${sampled} tickets spread over all of them were counted one by one${
          skipped.length ? `, ${skipped.length} more seen in the sample were not` : ""
        }`;
    const others = skipped.length ? ` (${skipped.length}+ more ${this.dim.label})` : "";
    return this.result(total, groups, how, {
      rest: { name: `other ${this.dim.label}${others}`, count: rest },
      left_out: `${rest} of the ${total} tickets are not broken down by ${this.group}: ${countedText}${
        known ? "" : `; tickets with no ${this.group} are in this remainder too`
      }. Filter on a ${this.group} for its exact count.`,
    });
  }

  /**
   * Which values have tickets, without reading them all: pages spread evenly
   * over the matches (in Halo's default order, so the sample is fair to every
   * value), the first page included. Values seen most are counted first.
   */
  private async discover(total: number): Promise<number> {
    const pages = Math.ceil(total / PAGE);
    const n = Math.min(SAMPLE_PAGES, pages - 1, Math.max(0, Math.floor(this.left / 4)));
    const picks = [
      ...new Set(Array.from({ length: n }, (_, i) => 2 + Math.floor(((i + 0.5) * (pages - 1)) / n))),
    ];
    this.planned = this.sent + picks.length;
    const got = await parallel(picks, (p) => this.page(this.base, p, PAGE));
    let sampled = this.firstRows;
    for (const p of got) {
      this.observe(p.items);
      sampled += p.items.length;
    }
    return sampled;
  }

  /**
   * Halo ignored one of the user's filters: its record_count counts tickets
   * that do not match. Reading every row and filtering here is exact when it
   * fits this call's share; otherwise no number can be trusted, and the call
   * fails saying so rather than answering a wrong count.
   */
  private async userFilterIgnored(first: Page<Row>, m: Mismatch): Promise<CountResult> {
    const pagesLeft = Math.ceil(first.total / first.pageSize) - 1;
    if (first.counted && pagesLeft <= this.left) return this.readAll(first, "read the rows");
    throw new HaloError(
      "bad_response",
      `Halo ignored the ${m.param} filter (asked ${m.param}=${m.asked}, it sent a ticket with ${m.got}), so its ticket count cannot be trusted, and reading all ${first.total} tickets to filter them here would take ${pagesLeft + 1} requests, more than this call's share of the tenant's rate budget (${this.budget}).`,
      {
        hint: "Narrow with other filters (dates, status, agent, team) so fewer tickets match, and ask again.",
      },
    );
  }

  private async fallBackToRows(first: Page<Row>, why: string): Promise<CountResult> {
    const pagesLeft = Math.ceil(first.total / first.pageSize) - 1;
    if (pagesLeft <= this.left)
      return this.readAll(first, "read the rows", {
        note: `${why}: counted by reading every ticket instead.`,
      });
    return this.result(first.total, [], "the total only", {
      left_out: `No breakdown by ${this.group}: ${why}, and reading all ${first.total} tickets would take ${pagesLeft + 1} requests, more than this call's share of the tenant's rate budget (${this.budget}). Narrow the filters and ask again.`,
    });
  }

  // ── SLA state ───────────────────────────────────────────────────────

  /**
   * Closed tickets need no reading (closed_only counts them); open ones are
   * read, since Halo has no SLA-state filter. When even those are too many
   * for this call's share, the answer says so instead of guessing.
   */
  private async sla(first: Page<Row>): Promise<CountResult> {
    const total = first.total;
    const pagesAll = Math.ceil(total / first.pageSize) - 1;
    const mode = this.filters.status;
    if (mode === "closed") return this.result(total, [{ name: "closed", count: total }], "the total alone");
    if (mode !== "any" || pagesAll <= this.left - 2) {
      if (pagesAll <= this.left) return this.readAll(first, "read the rows");
      return this.slaTooMany(total, total, [], mode === "open" ? "open" : "tickets");
    }
    // Any status: count the open and the closed, read the open only.
    const openQ = { ...this.base, open_only: true };
    const closedQ = { ...this.base, closed_only: true };
    this.planned = this.sent + 2;
    const [open, closed] = await parallel([openQ, closedQ], (q) => this.page(q, 1, PAGE));
    const bad =
      (open?.items[0] && ticketRowMismatch(open.items[0], openQ)) ||
      (closed?.items[0] && ticketRowMismatch(closed.items[0], closedQ));
    if (!open || !closed || bad || !open.counted || !closed.counted || open.total + closed.total !== total) {
      const why = bad
        ? `Halo ignored the ${bad.param} filter`
        : "Halo's open and closed counts do not add up to the total";
      return this.fallBackToRows(first, why);
    }
    const closedGroup = closed.total ? [{ name: "closed", count: closed.total }] : [];
    if (open.total === 0) return this.result(total, closedGroup, "open and closed counted");
    if (Math.ceil(open.total / open.pageSize) - 1 > this.left)
      return this.slaTooMany(total, open.total, closedGroup, "open");
    const rows = await this.rowsAfter(open, openQ, open.total);
    const out = this.fromRows(rows, "closed counted, open rows read");
    out.groups.push(...closedGroup);
    out.total = total;
    out.groups.sort(bySize);
    if (rows.length !== open.total) out.note = "Tickets changed while counting.";
    return out;
  }

  private slaTooMany(total: number, open: number, groups: CountResult["groups"], what: string): CountResult {
    const requests = Math.ceil(open / PAGE);
    const name = what === "open" ? "open (SLA state not counted)" : "SLA state not counted";
    return this.result(total, groups, "the totals only", {
      rest: { name, count: open },
      left_out: `${open} ${what} tickets are not broken down by SLA state: Halo has no filter for it, and reading them would take ${requests} requests, more than this call's share of the tenant's rate budget (${this.budget}). Narrow the filters (client, agent, team, dates) and ask again.`,
    });
  }

  // ── the answer ──────────────────────────────────────────────────────

  private result(
    total: number,
    groups: CountResult["groups"],
    how: string,
    extra: Partial<CountResult> = {},
  ): CountResult {
    const { max, windowMs } = this.ctx.halo.config.rateLimit;
    const used = Math.max(this.used, this.sent);
    const window = windowMs % 60_000 === 0 ? `${windowMs / 60_000} min` : `${Math.round(windowMs / 1000)} s`;
    return {
      total,
      groups: groups.sort(bySize),
      how,
      requests: used,
      rate_budget: `${used} of ${max} requests per ${window} (${Math.round((used / max) * 100)}%)`,
      ...extra,
    };
  }
}

const bySize = (a: { name: string; count: number }, b: { name: string; count: number }) =>
  b.count - a.count || a.name.localeCompare(b.name);

const join = (a: string | undefined, b: string) => (a ? `${a} ${b}` : b);

/** Runs `fn` over `items`, PARALLEL at a time, results in order. The first failure fails the whole. */
async function parallel<T, U>(items: T[], fn: (item: T) => Promise<U>): Promise<U[]> {
  const out: U[] = new Array(items.length);
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (next < items.length && failed === undefined) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  if (failed !== undefined)
    throw failed instanceof Error ? failed : new HaloError("bad_response", String(failed));
  return out;
}
