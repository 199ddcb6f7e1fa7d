/**
 * Filters that verify themselves, shared by search_tickets, ticket_stats and
 * list_records (and any list whose filtered fields come back on the rows).
 *
 * A filter sent is not a filter applied: Halo ignores query parameters it
 * does not know, and the spec leaves some values undocumented. Where the
 * filtered field comes back on the rows, the rows are checked. When Halo
 * ignored a filter or an order, every match is read (bounded), filtered,
 * sorted and paged here, the answer says so (`fallback`), and stderr gets one
 * warning per kind: an unverified parameter costs time, never correctness.
 *
 * Where an ignored parameter would drop rows rather than add wrong ones (a
 * date filter that falls back to another date column), no row can tell.
 * Such a range is read by documented means instead: order by the field (the
 * spec documents `order` as any field name), read pages until a row is past
 * the bound, and check the order on the rows; when it does not hold, every
 * row is read and filtered here.
 */

import type { Query } from "../../halo/http.js";
import type { HaloResources, ResourceSpec } from "../../halo/resources.js";
import type { Row } from "../../util/format.js";
import { log } from "../../util/log.js";

/** A filter sent to Halo (or applied here), tested on one row; undefined when the row cannot tell. */
export interface RowCheck {
  /** The tool argument it comes from, as the answer names it ("agent", "updated"). */
  name: string;
  test(row: Row): boolean | undefined;
  /** Applied here by design (not sent to Halo): never reported as ignored. */
  local?: boolean;
}

/** An order over rows by one key (dates as epoch ms, IDs as numbers). */
export interface RowOrder {
  /** The tool argument it comes from ("sort", "from"). */
  name: string;
  key(row: Row): number | string | undefined;
  desc: boolean;
}

/**
 * A range read by documented means: the query orders by `order`, and once a
 * row is `past` the bound (and the order held so far) no later row can match.
 */
export interface Bound {
  order: RowOrder;
  past(row: Row): boolean;
}

export interface VerifyOptions {
  /** What the rows are, for the warning ("tickets", "invoices"). */
  what: string;
  checks: RowCheck[];
  /** The order wanted: checked on Halo's rows when the query asked for it, else applied here. */
  sort?: RowOrder;
  /** Set when the query asks Halo for `sort` (not when a bound orders the read). */
  sortSent?: boolean;
  bound?: Bound;
  signal?: AbortSignal;
  maxPages?: number;
  onPage?: (done: number, total: number) => void | Promise<void>;
}

export interface VerifiedAll {
  items: Row[];
  total: number;
  /** false: the read stopped at the ceiling before every match was read. */
  complete: boolean;
  /** false: `total` counts only the matches among the rows read (a lower bound). */
  exact: boolean;
  /** One short sentence when Halo ignored something or the total is a lower bound. */
  fallback?: string;
}

export interface VerifiedPage extends VerifiedAll {
  pageSize: number;
  /** Whether `total` is Halo's record_count or a full count made here (else a lower bound). */
  counted: boolean;
  /** Rows Halo sent for the page, when paging is Halo's. */
  served?: number;
}

// ── building checks and orders ───────────────────────────────────────────

const NO_DATE = /^(0001|1899|1900)-/;

/** Epoch ms of a Halo date (UTC, with or without Z); null for none or a placeholder; undefined if not a date. */
export function dateMs(v: unknown): number | null | undefined {
  if (v === null || v === "") return null;
  if (typeof v !== "string") return undefined;
  if (NO_DATE.test(v)) return null;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00` : v.replace(" ", "T");
  const iso = /[zZ]$|[+-]\d{2}:?\d{2}$/.test(t) ? t : `${t}Z`;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

const idValue = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : undefined;

/** The row's `field` is one of `ids`. */
export const idCheck = (name: string, field: string, ids: number[]): RowCheck => ({
  name,
  test(row) {
    const v = idValue(row[field]);
    return v === undefined ? undefined : ids.includes(v);
  },
});

/**
 * The row's `field` is within from..to (UTC date-times as Halo takes them,
 * both included as Halo's startdate/enddate are). A row without the date
 * (Halo's placeholder) is outside any range; a row without the field cannot tell.
 */
export const dateCheck = (name: string, field: string, from?: string, to?: string): RowCheck => {
  const lo = from === undefined ? undefined : dateMs(from);
  const hi = to === undefined ? undefined : dateMs(to);
  return {
    name,
    test(row) {
      if (!(field in row)) return undefined;
      const ms = dateMs(row[field]);
      if (ms === undefined) return undefined;
      if (ms === null) return false;
      return (lo == null || ms >= lo) && (hi == null || ms <= hi);
    },
  };
};

/** One check per ID filter given: [argument, row field, ID or undefined]. */
export const idChecks = (given: Array<[string, string, number | undefined]>): RowCheck[] =>
  given.flatMap(([name, field, id]) => (id === undefined ? [] : [idCheck(name, field, [id])]));

/** An order by a date field, or by a numeric one. */
export const dateOrder = (name: string, field: string, desc: boolean): RowOrder => ({
  name,
  desc,
  key: (row) => dateMs(row[field]) ?? undefined,
});
export const numberOrder = (name: string, field: string, desc: boolean): RowOrder => ({
  name,
  desc,
  key: (row) => idValue(row[field]),
});

/**
 * A from/to range of days (YYYY-MM-DD, both included) read by documented
 * means: ordered by the date (the spec's `order` takes any field name) until
 * a row is past the bound. From a lower bound, newest first by the end date
 * where rows have one (a row that ended before `from` cannot overlap it, nor
 * can any after it); with only an upper bound, oldest first by the start
 * date. Used by list_records (invoices, appointments) and reusable for any
 * list whose date parameters are missing or not what their names suggest.
 */
export function dayRangeBound(
  field: string | undefined,
  endField: string | undefined,
  from?: string,
  to?: string,
): { bound: Bound; query: Query } | undefined {
  if (!field) return undefined;
  const day = (v: unknown) =>
    typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined;
  if (from !== undefined) {
    const by = endField ?? field;
    const past = (row: Row) => {
      const d = day(row[by]);
      return d !== undefined && d < from.slice(0, 10);
    };
    return { bound: { order: dateOrder("from/to", by, true), past }, query: { order: by, orderdesc: true } };
  }
  if (to === undefined) return undefined;
  const past = (row: Row) => {
    const d = day(row[field]);
    return d !== undefined && d > to.slice(0, 10);
  };
  return {
    bound: { order: dateOrder("from/to", field, false), past },
    query: { order: field, orderdesc: false },
  };
}

// ── checking ─────────────────────────────────────────────────────────────

/** Names of the checks some row fails: the filters Halo ignored. */
export function failedChecks(rows: Row[], checks: RowCheck[]): string[] {
  return checks.filter((c) => !c.local && rows.some((r) => c.test(r) === false)).map((c) => c.name);
}

const passes = (row: Row, checks: RowCheck[]) => checks.every((c) => c.test(row) !== false);

const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/** An order check that can be fed page by page. */
function orderWatch(order: RowOrder) {
  let last: number | string | undefined;
  let held = true;
  return {
    feed(rows: Row[]): boolean {
      for (const r of rows) {
        const k = order.key(r);
        if (k === undefined) continue;
        if (last !== undefined && compare(last, k) * (order.desc ? -1 : 1) > 0) held = false;
        last = k;
      }
      return held;
    },
  };
}

/** Whether the rows are in `order` (rows without the key are skipped). */
export const inOrder = (rows: Row[], order: RowOrder): boolean => orderWatch(order).feed(rows);

/** Rows sorted by `order`; rows without the key last, ties by ID in the same direction. */
export function sortRows(rows: Row[], order: RowOrder): Row[] {
  const sign = order.desc ? -1 : 1;
  const keyed = rows.map((r) => ({ r, k: order.key(r), id: idValue(r.id) ?? 0 }));
  keyed.sort((a, b) => {
    if (a.k === undefined || b.k === undefined) return a.k === b.k ? 0 : a.k === undefined ? 1 : -1;
    return sign * (compare(a.k, b.k) || compare(a.id, b.id));
  });
  return keyed.map((x) => x.r);
}

const warned = new Set<string>();

/** One warning per kind and process: a tenant that ignores a filter ignores it on every call. */
function warnOnce(what: string, names: string[]): void {
  for (const name of names) {
    const key = `${what}:${name}`;
    if (warned.has(key)) continue;
    warned.add(key);
    log.warn(
      `Halo ignored the ${name} ${name === "sort" ? "order" : "filter"} on ${what} (the rows it sent do not match it); ${what} are filtered and sorted here from now on, which reads every match.`,
    );
  }
}

function describe(ignored: string[], exact: boolean, read: number): string | undefined {
  const parts: string[] = [];
  if (ignored.length) parts.push(`Halo ignored ${ignored.join(", ")}: filtered and paged here`);
  if (!exact)
    parts.push(`total is at least this: only the first ${read} rows were read (the per-call ceiling)`);
  return parts.length ? `${parts.join("; ")}.` : undefined;
}

// ── reading ──────────────────────────────────────────────────────────────

/**
 * Every match, checked: read with `query` (until past the bound when there
 * is one), filtered by every check here, sorted by `sort`.
 */
export async function verifiedAll(
  resources: HaloResources,
  spec: ResourceSpec,
  query: Query,
  opts: VerifyOptions,
): Promise<VerifiedAll> {
  const bound = opts.bound;
  const watch = bound && orderWatch(bound.order);
  let held = true;
  const read = await resources.listAll<Row>(spec, query, {
    signal: opts.signal,
    maxPages: opts.maxPages,
    onPage: opts.onPage,
    until: watch
      ? (rows) => {
          held = watch.feed(rows);
          return held && rows.some((r) => bound.past(r));
        }
      : undefined,
  });
  return settle(read.items, read.total, read.truncated, opts, bound !== undefined, held);
}

/** Local filtering, sorting and counting over rows read in full (or up to a bound or the ceiling). */
function settle(
  rows: Row[],
  haloTotal: number,
  truncated: boolean,
  opts: VerifyOptions,
  bounded: boolean,
  boundOrderHeld = true,
): VerifiedAll {
  const ignored = failedChecks(rows, opts.checks);
  if (bounded && !boundOrderHeld) ignored.push(opts.bound?.order.name ?? "order");
  if (opts.sort && opts.sortSent && !inOrder(rows, opts.sort)) ignored.push("sort");
  warnOnce(opts.what, ignored);
  let items = rows.filter((r) => passes(r, opts.checks));
  if (opts.sort) items = sortRows(items, opts.sort);
  // Halo's count holds only when it applied every filter itself.
  const local = bounded || ignored.length > 0;
  const total = local ? items.length : Math.max(haloTotal, items.length);
  const exact = !local || !truncated;
  return { items, total, complete: !truncated, exact, fallback: describe(ignored, exact, rows.length) };
}

/**
 * One page, checked. Halo pages while it honours every filter and the order;
 * once a row shows it did not (or a range is read by documented means), every
 * match is read and the page is cut here.
 */
export async function verifiedPage(
  resources: HaloResources,
  spec: ResourceSpec,
  query: Query,
  page: { page: number; pageSize: number },
  opts: VerifyOptions,
): Promise<VerifiedPage> {
  const cut = (all: VerifiedAll): VerifiedPage => ({
    ...all,
    items: all.items.slice((page.page - 1) * page.pageSize, page.page * page.pageSize),
    pageSize: page.pageSize,
    counted: true,
  });
  if (opts.bound) return cut(await verifiedAll(resources, spec, query, opts));
  const p = await resources.list<Row>(spec, query, {
    page: page.page,
    pageSize: page.pageSize,
    signal: opts.signal,
  });
  // Paging ignored: this is every match already.
  if (p.all) return cut(settle(p.all, p.total, false, opts, false));
  const ignored = failedChecks(p.items, opts.checks);
  const sortHeld = !opts.sort || !opts.sortSent || inOrder(p.items, opts.sort);
  if (ignored.length === 0 && sortHeld) {
    return {
      items: p.items,
      total: p.total,
      complete: true,
      exact: true,
      counted: p.counted,
      pageSize: p.pageSize,
      served: p.items.length,
    };
  }
  return cut(await verifiedAll(resources, spec, query, opts));
}
