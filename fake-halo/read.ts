/**
 * GET machinery shared by every resource: filters read from the query, ordering, paging and the envelope.
 * Paging applies only with pageinate=true (page_size capped at 100, page_no
 * 1-based); otherwise every match comes back, cut to `count` when given.
 * record_count is always the number of matches, not the page length.
 */
import { badRequest, json, type Query, type Reply } from "./reply.js";
import type { FakeDb, TenantBehaviour, WireObject } from "./types.js";

const DEFAULT_PAGE_SIZE = 50;

export interface ReadContext {
  db: FakeDb;
  q: Query;
  tenant: TenantBehaviour;
}

/** How one resource is read. `find` filters and orders raw records; `render` shapes one row. */
export interface ReadDef<T = unknown> {
  /** Envelope key; undefined → a bare array (lookups). */
  key?: string;
  label: string;
  find(ctx: ReadContext): T[] | Reply;
  render(ctx: ReadContext, rec: T): WireObject;
  one(ctx: ReadContext, id: string): WireObject | Reply | undefined;
}

/** Sort key: numbers as-is, booleans as 0/1, text case-insensitively. */
function sortKey(v: unknown): number | string {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return String(v ?? "").toLowerCase();
}

function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Orders by `order` (a field name) and `orderdesc`, falling back to the
 * resource's default; ties by id. Sort keys are read once per row.
 */
export function ordered<T>(
  rows: T[],
  q: Query,
  fallback: string,
  fallbackDesc: boolean,
  value: (r: T, k: string) => unknown = (r, k) => (r as WireObject)[k],
): T[] {
  const key = q.str("order")?.toLowerCase() ?? fallback;
  const desc = q.has("orderdesc") ? q.bool("orderdesc") : key === fallback && fallbackDesc;
  const sign = desc ? -1 : 1;
  // The usual order (ascending id) of rows kept in id order: nothing to sort (100k-ticket tenants).
  if (
    key === "id" &&
    !desc &&
    rows.every((r, i) => i === 0 || Number(value(rows[i - 1] as T, "id")) < Number(value(r, "id")))
  )
    return rows;
  const keyed = rows.map((r) => ({ r, k: sortKey(value(r, key)), id: sortKey(value(r, "id")) }));
  keyed.sort((a, b) => sign * compareKeys(a.k, b.k) || compareKeys(a.id, b.id));
  return keyed.map((x) => x.r);
}

/** The list answer: envelope or bare array, with paging or `count`. */
export function listReply<T>(def: ReadDef<T>, ctx: ReadContext): Reply {
  const found = def.find(ctx);
  if (!Array.isArray(found)) return found;
  const { q } = ctx;
  const total = found.length;
  let rows = found;
  let pageNo = 1;
  let pageSize: number;
  if (q.bool("pageinate") && ctx.tenant.paging) {
    pageSize = Math.min(ctx.tenant.maxPageSize, Math.max(1, q.int("page_size") ?? DEFAULT_PAGE_SIZE));
    pageNo = Math.max(1, q.int("page_no") ?? 1);
    rows = found.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  } else {
    const count = q.int("count");
    if (count !== undefined && count >= 0) rows = found.slice(0, count);
    pageSize = rows.length;
  }
  const rendered = rows.map((r) => def.render(ctx, r));
  if (!def.key) return json(200, rendered);
  const count = ctx.tenant.recordCount ? { record_count: total } : {};
  return json(200, { page_no: pageNo, page_size: pageSize, ...count, [def.key]: rendered });
}

export const numericId = (id: string) => (/^\d+$/.test(id) ? Number(id) : undefined);

export function byId<T>(map: Map<number, T>, id: string): T | undefined {
  const n = numericId(id);
  return n === undefined ? undefined : map.get(n);
}

/** Start/end bounds; a date-only end covers that whole day. */
export function dateRange(q: Query): { from?: number; to?: number } | Reply {
  const parse = (name: string, endOfDay: boolean) => {
    const v = q.str(name);
    if (v === undefined) return undefined;
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    if (!Number.isFinite(ms)) return Number.NaN;
    return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(v) ? ms + 86_400_000 - 1 : ms;
  };
  const from = parse("startdate", false);
  const to = parse("enddate", true);
  if (Number.isNaN(from)) return badRequest(`Invalid startdate: ${q.str("startdate")}.`);
  if (Number.isNaN(to)) return badRequest(`Invalid enddate: ${q.str("enddate")}.`);
  return { from, to };
}
