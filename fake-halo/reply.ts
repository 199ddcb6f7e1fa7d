/**
 * What a route answers, before the server writes it (so a fault can still
 * replace or mangle it), and the query-string reading Halo does:
 * case-insensitive names, "true"/"1" booleans, ID lists as "1,2" or "[1,2]".
 */

export interface Reply {
  status: number;
  /** Serialised as JSON (a string value becomes a JSON string, Halo's usual error body). */
  json?: unknown;
  /** Sent as-is with `contentType`. */
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Brands replies, so a route can return a record or a reply and the caller can tell them apart. */
const REPLY = Symbol("reply");
const reply = (r: Reply): Reply => Object.assign(r, { [REPLY]: true });
export const isReply = (v: unknown): v is Reply => typeof v === "object" && v !== null && REPLY in v;

export const json = (status: number, value: unknown): Reply => reply({ status, json: value });
export const empty = (status: number): Reply => reply({ status });
export const text = (status: number, body: string): Reply =>
  reply({ status, body, contentType: "text/plain; charset=utf-8" });
export const html = (status: number, body: string): Reply =>
  reply({ status, body, contentType: "text/html" });

/** A file download, named as IIS names it. */
export const file = (bytes: Buffer, contentType: string, filename: string): Reply =>
  reply({
    status: 200,
    body: bytes,
    contentType: contentType || "application/octet-stream",
    headers: {
      // Header values are Latin-1: an ASCII fallback, and the real name per RFC 6266.
      "content-disposition": `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    },
  });

/** Halo's validation answer: 400 with the message as a JSON string. */
export const badRequest = (message: string): Reply => json(400, message);
export const notFound = (label: string, id: number | string): Reply => json(404, `${label} ${id} not found.`);

/**
 * Which undocumented query parameters a fake tenant honours: none (Halo
 * ignores parameters it does not know), all, or the named ones ("agents",
 * or "datesearch=lastactiondate" for one undocumented value).
 */
export type Honour = boolean | readonly string[];

export class Query {
  private readonly params = new Map<string, string>();
  /** Names sent but not documented for the operation, so not honoured (ignored, as Halo does). */
  readonly ignored: string[] = [];

  /**
   * `documented`: the operation's documented parameter names (lower-case);
   * undefined = every parameter counts (no spec entry for the path).
   */
  constructor(
    search: URLSearchParams,
    documented?: ReadonlySet<string>,
    private readonly honour: Honour = false,
  ) {
    for (const [k, v] of search) {
      const name = k.toLowerCase();
      if (documented && !documented.has(name) && !this.honours(name)) {
        if (!this.ignored.includes(name)) this.ignored.push(name);
        continue;
      }
      this.params.set(name, v);
    }
  }

  /** Whether the tenant honours an undocumented parameter (or one undocumented value of a documented one). */
  honours(name: string, value?: string): boolean {
    if (this.honour === true) return true;
    if (this.honour === false) return false;
    const n = name.toLowerCase();
    return this.honour.some((h) => {
      const [hn, hv] = h.toLowerCase().split("=", 2);
      return hn === n && (hv === undefined || hv === value?.toLowerCase());
    });
  }

  has(name: string): boolean {
    return this.params.has(name);
  }

  str(name: string): string | undefined {
    const v = this.params.get(name)?.trim();
    return v ? v : undefined;
  }

  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? Math.trunc(n) : undefined;
  }

  bool(name: string): boolean {
    return /^(true|1|yes)$/i.test(this.str(name) ?? "");
  }

  /** "1,2,3" or "[1,2,3]" → [1,2,3]; undefined when absent or empty. */
  ids(name: string): number[] | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const ids = v
      .replace(/^\[|\]$/g, "")
      .split(",")
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isFinite(n));
    return ids.length ? ids : undefined;
  }
}
