/**
 * Typed list / get / save / delete over Halo resources, on top of HaloHttp.
 * Knows Halo's shapes so tools don't: list envelopes or bare arrays, paging
 * only with pageinate=true, the 100-row page cap, POST bodies as arrays.
 */
import { HaloError } from "./errors.js";
import type { HaloDownload, HaloHttp, Query } from "./http.js";

export interface ResourceSpec {
  /** Path under /api, e.g. "Tickets". */
  path: string;
  /** Envelope key of list answers, e.g. "tickets". */
  key: string;
  /** Human label, e.g. "ticket". */
  label: string;
}

/** The resources the tools use; the long tail lives in tools/records. */
export const R = {
  tickets: { path: "Tickets", key: "tickets", label: "ticket" },
  actions: { path: "Actions", key: "actions", label: "action" },
  attachments: { path: "Attachment", key: "attachments", label: "attachment" },
  clients: { path: "Client", key: "clients", label: "client" },
  sites: { path: "Site", key: "sites", label: "site" },
  users: { path: "Users", key: "users", label: "contact" },
  assets: { path: "Asset", key: "assets", label: "asset" },
  contracts: { path: "ClientContract", key: "contracts", label: "contract" },
} satisfies Record<string, ResourceSpec>;

export const MAX_PAGE_SIZE = 100;
/** Hard ceiling for listAll: 50 pages of 100 = 5,000 records. */
export const MAX_PAGES = 50;

export interface Page<T> {
  items: T[];
  /** Total matches Halo reports (record_count), or the row count when absent. */
  total: number;
  /** Whether Halo reported record_count (else `total` is a lower bound). */
  counted: boolean;
  /** Every match, when Halo ignored paging and sent them all at once. */
  all?: T[];
  page: number;
  /**
   * Rows per page as the server counts them: what was asked, or less when the
   * server caps pages below it. Page numbers (and so next_page) are in this size.
   */
  pageSize: number;
  bytes: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

type AnyRecord = Record<string, unknown>;

/** Rows of a list answer: a bare array, the named envelope key, or the first array field. */
export function rowsOf<T>(data: unknown, key?: string): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === "object") {
    const o = data as AnyRecord;
    if (key && Array.isArray(o[key])) return o[key] as T[];
    for (const v of Object.values(o)) if (Array.isArray(v)) return v as T[];
  }
  return [];
}

export class HaloResources {
  constructor(readonly http: HaloHttp) {}

  /** One page (1-based), pageinate=true, page size capped at 100 (or the server's lower cap). */
  async list<T = AnyRecord>(
    spec: ResourceSpec,
    query: Query,
    page: { page?: number; pageSize?: number } & CallOptions = {},
  ): Promise<Page<T>> {
    const pageSize = Math.min(Math.max(1, Math.floor(page.pageSize ?? 25)), MAX_PAGE_SIZE);
    const pageNo = Math.max(1, Math.floor(page.page ?? 1));
    const res = await this.http.request<unknown>({
      method: "GET",
      path: `/${spec.path}`,
      query: { ...query, pageinate: true, page_size: pageSize, page_no: pageNo },
      signal: page.signal,
    });
    const rows = rowsOf<T>(res.data, spec.key);
    const count = (res.data as AnyRecord | undefined)?.record_count;
    if (rows.length > pageSize) {
      // Paging was ignored (Halo may answer every match): cut the page asked for here.
      const items = rows.slice((pageNo - 1) * pageSize, pageNo * pageSize);
      const total = Math.max(typeof count === "number" ? count : 0, rows.length);
      return { items, total, counted: true, page: pageNo, pageSize, bytes: res.bytes, all: rows };
    }
    const counted = typeof count === "number";
    // Halo numbers its pages in the size it serves: its envelope's page_size when it caps below
    // what was asked, else (no page_size) a short page that is not the last gives the size away.
    const served = Number((res.data as AnyRecord | undefined)?.page_size);
    let effective = pageSize;
    if (Number.isInteger(served) && served > 0) effective = Math.min(served, pageSize);
    else if (
      counted &&
      rows.length > 0 &&
      rows.length < pageSize &&
      (pageNo - 1) * pageSize + rows.length < count
    )
      effective = rows.length;
    const total = counted ? count : (pageNo - 1) * effective + rows.length;
    return { items: rows, total, counted, page: pageNo, pageSize: effective, bytes: res.bytes };
  }

  /**
   * Every match, 100 per request, up to `maxPages` (default MAX_PAGES).
   * `truncated` says the ceiling stopped it before record_count was reached.
   * `until` ends it early (not truncated) once a page shows the rest cannot
   * matter: read in a known order, a row past a bound ends the read.
   */
  async listAll<T = AnyRecord>(
    spec: ResourceSpec,
    query: Query,
    opts: CallOptions & {
      maxPages?: number;
      onPage?: (done: number, total: number) => void | Promise<void>;
      until?: (page: T[]) => boolean;
    } = {},
  ): Promise<{ items: T[]; total: number; truncated: boolean; requests: number; stopped?: boolean }> {
    const maxPages = Math.min(opts.maxPages ?? MAX_PAGES, MAX_PAGES);
    const items: T[] = [];
    let total = 0;
    let requests = 0;
    let firstId: unknown;
    const seen = new Set<unknown>();
    for (let page = 1; page <= maxPages; page++) {
      const p = await this.list<T>(spec, query, { page, pageSize: MAX_PAGE_SIZE, signal: opts.signal });
      requests++;
      if (p.all) {
        // Paging was ignored and this is every match: asking for page 2 would repeat them.
        opts.until?.(p.all);
        await opts.onPage?.(p.all.length, p.all.length);
        return { items: p.all, total: p.all.length, truncated: false, requests };
      }
      const id = idOf(p.items[0]);
      if (page === 1) firstId = id;
      else if (id !== undefined && id === firstId) {
        // The server ignored page_no and answered page 1 again (exactly a page of rows, no
        // record_count): the rows so far are all it will give.
        return { items, total: Math.max(total, items.length), truncated: total > items.length, requests };
      }
      // Never count a row twice: rows shift between pages when tickets are logged meanwhile.
      for (const row of p.items) {
        const rowId = idOf(row);
        if (rowId !== undefined) {
          if (seen.has(rowId)) continue;
          seen.add(rowId);
        }
        items.push(row);
      }
      total = Math.max(p.total, items.length);
      await opts.onPage?.(items.length, total);
      // With record_count, read until it is reached (a server may cap pages below 100);
      // without it, a short page is the last. An empty page always ends it.
      const done =
        p.items.length === 0 || (p.counted ? items.length >= p.total : p.items.length < p.pageSize);
      // `until` sees every page (it may be checking their order), the last one too.
      const stop = opts.until?.(p.items) ?? false;
      if (done) return { items, total, truncated: false, requests };
      if (stop) return { items, total, truncated: false, requests, stopped: true };
    }
    return { items, total, truncated: items.length < total, requests };
  }

  /** A bare-array lookup (Status, Priority, TicketType, Agent, Team, Outcome, ...). */
  async lookup<T = AnyRecord>(path: string, query: Query = {}, opts: CallOptions = {}): Promise<T[]> {
    const res = await this.http.request<unknown>({
      method: "GET",
      path: `/${path}`,
      query,
      signal: opts.signal,
    });
    return rowsOf<T>(res.data);
  }

  async get<T = AnyRecord>(
    spec: ResourceSpec,
    id: number,
    query: Query = {},
    opts: CallOptions = {},
  ): Promise<T> {
    try {
      const res = await this.http.request<T>({
        method: "GET",
        path: `/${spec.path}/${id}`,
        query,
        signal: opts.signal,
      });
      if (!res.data || typeof res.data !== "object") throw notFoundError(spec, id);
      return res.data;
    } catch (err) {
      throw relabelNotFound(err, spec, id);
    }
  }

  /** A record's file as bytes (GET /Attachment/{id} answers with the file itself), at most maxBytes + 1 read. */
  async download(
    spec: ResourceSpec,
    id: number,
    opts: CallOptions & { maxBytes: number; query?: Query },
  ): Promise<HaloDownload> {
    try {
      return await this.http.download({
        path: `/${spec.path}/${id}`,
        query: opts.query,
        signal: opts.signal,
        maxBytes: opts.maxBytes,
      });
    } catch (err) {
      throw relabelNotFound(err, spec, id);
    }
  }

  /**
   * Create (no id) or partial update (with id). Halo takes an array and
   * answers 201 with the saved object. Never retried after it may have landed.
   */
  async save<T = AnyRecord>(spec: ResourceSpec, item: AnyRecord, opts: CallOptions = {}): Promise<T> {
    try {
      const res = await this.http.request<unknown>({
        method: "POST",
        path: `/${spec.path}`,
        body: [item],
        signal: opts.signal,
      });
      const saved = Array.isArray(res.data) ? res.data[0] : res.data;
      if (!saved || typeof saved !== "object") {
        throw new HaloError("bad_response", `Halo accepted the ${spec.label} but returned no record.`, {
          hint: "Search for it to confirm it was saved before trying again.",
        });
      }
      return saved as T;
    } catch (err) {
      const id = typeof item.id === "number" ? item.id : undefined;
      throw id ? relabelNotFound(err, spec, id) : err;
    }
  }

  async delete(spec: ResourceSpec, id: number, query: Query = {}, opts: CallOptions = {}): Promise<void> {
    try {
      await this.http.request({ method: "DELETE", path: `/${spec.path}/${id}`, query, signal: opts.signal });
    } catch (err) {
      throw relabelNotFound(err, spec, id);
    }
  }
}

function idOf(row: unknown): unknown {
  const id = row && typeof row === "object" ? (row as AnyRecord).id : undefined;
  return typeof id === "number" || typeof id === "string" ? id : undefined;
}

function notFoundError(spec: ResourceSpec, id: number): HaloError {
  return new HaloError("not_found", `no ${spec.label} with ID ${id}.`, {
    status: 404,
    hint: `Check the ID, or search for the ${spec.label} by name to find it.`,
  });
}

function relabelNotFound(err: unknown, spec: ResourceSpec, id: number): unknown {
  return err instanceof HaloError && err.kind === "not_found" ? notFoundError(spec, id) : err;
}
