/**
 * The Halo API client every tool goes through: rolling-window limiter, shared
 * token, one 401 refresh, decoding that never hands HTML or truncated JSON to
 * a tool, and retries that cannot duplicate a write.
 *
 * Retry policy: GET and DELETE retry on 429, 5xx, resets, timeouts and
 * unreadable bodies. POST retries only when Halo provably never saw it
 * (connection refused, 429, a 401 before the token was refreshed); a POST that
 * may have been processed fails with kind "write_unknown" instead.
 */
import pRetry from "p-retry";
import type { HaloConfig } from "../config/config.js";
import { quoted, stripHtml } from "../util/format.js";
import { log, redact } from "../util/log.js";
import { HaloError, SETUP_CHECK } from "./errors.js";
import { FileWindowStore } from "./rate-file-store.js";
import { type Limiter, RollingWindowLimiter } from "./rate-limiter.js";
import { type RateWindowStore, SharedWindowLimiter } from "./rate-shared.js";
import type { SignInStore } from "./sign-in-store.js";
import { TokenCache } from "./token-cache.js";
import {
  createTransport,
  headerOf as header,
  parseRetryAfter,
  type RawExchange,
  type RawResponse,
} from "./transport.js";

export { parseRetryAfter };

export type Method = "GET" | "POST" | "DELETE";
export type Query = Record<string, string | number | boolean | undefined | null>;

export interface HaloRequest {
  method: Method;
  /** Path under /api, e.g. "/Tickets/12". */
  path: string;
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * The model's own request (api_request), not one the server composed:
   * marked in the User-Agent so Halo's logs, and the test suite's check of
   * the server's requests against the spec, can tell them apart.
   */
  modelComposed?: boolean;
}

export interface HaloResponse<T> {
  status: number;
  data: T;
  bytes: number;
}

export interface HaloDownload {
  status: number;
  /** The bytes read: the whole file, or its first part when `truncated`. */
  body: Buffer;
  contentType?: string;
  /** From Content-Disposition, when Halo sends one. */
  filename?: string;
  /** Content-Length: the full size even when truncated. */
  length?: number;
  truncated: boolean;
}

export interface HttpStats {
  requests: number;
  retries: number;
  bytesReceived: number;
}

export interface HaloHttpOptions {
  /** Where the rate window lives when it is shared (a team deployment's Redis); default per config.rateShare. */
  rateStore?: RateWindowStore;
  /** One limiter for several clients (every person on a team server); overrides rateStore. */
  limiter?: Limiter;
  /** Given the exchange that counts /api traffic in the budget, the tokens to use (one signed-in person's on a team server). */
  tokens?: (exchange: RawExchange) => TokenSource;
  /** Where a signed-in person's refresh token lives (grant authorization_code); default the sign-in file. */
  signInStore?: SignInStore;
}

/** What HaloHttp needs of its tokens: the token cache, or a team server's per-person source. */
export type TokenSource = Pick<TokenCache, "get" | "invalidate" | "resolveTokenUrl" | "requests">;

/** The budget is Halo's, per tenant: the key names the tenant, not the application or the person. */
export function rateKey(config: Pick<HaloConfig, "baseUrl" | "tenant">): string {
  return `${config.baseUrl}|${(config.tenant ?? "").toLowerCase()}`;
}

function limiterFor(config: HaloConfig, store: RateWindowStore | undefined): Limiter {
  const shared =
    store ??
    (config.rateShare === "machine" && config.stateDir
      ? new FileWindowStore(`${config.stateDir}/rate`)
      : undefined);
  if (!shared) return new RollingWindowLimiter(config.rateLimit);
  // A request is over within one transport timeout; a slot left open longer belongs to a process that died.
  return new SharedWindowLimiter(shared, rateKey(config), config.rateLimit, config.timeoutMs + 10_000);
}

export class HaloHttp {
  readonly tokens: TokenSource;
  readonly limiter: Limiter;
  readonly stats: HttpStats = { requests: 0, retries: 0, bytesReceived: 0 };
  private readonly exchange: RawExchange;
  private readonly closeTransport: () => Promise<void>;

  constructor(
    private readonly config: HaloConfig,
    opts: HaloHttpOptions = {},
  ) {
    const transport = createTransport(config.timeoutMs, { maxResponseBytes: config.maxResponseBytes });
    this.exchange = transport.exchange;
    this.closeTransport = transport.close;
    this.limiter = opts.limiter ?? limiterFor(config, opts.rateStore);
    // Token traffic never waits on the limiter: a token fetched while this request holds a slot
    // would queue behind that very slot. authinfo is an /api request Halo may count, so it is
    // counted in the window, but never queued.
    const exchange = this.exchange;
    const limiter = this.limiter;
    const counted: RawExchange = async (raw) => {
      if (!raw.url.startsWith(`${config.apiUrl}/`)) return exchange(raw);
      const release = limiter.take();
      try {
        return await exchange(raw);
      } finally {
        release();
      }
    };
    this.tokens = opts.tokens ? opts.tokens(counted) : new TokenCache(config, counted, Date.now, opts.signInStore);
  }

  request<T = unknown>(req: HaloRequest): Promise<HaloResponse<T>> {
    return this.run(req, (res) => decode<T>(req, res));
  }

  /**
   * A file as bytes (GET /Attachment/{id} answers with the file itself, not
   * JSON). Reads at most `maxBytes` + 1 bytes; `truncated` says the file is
   * bigger. Errors decode exactly as for `request`.
   */
  download(req: Omit<HaloRequest, "method" | "body"> & { maxBytes: number }): Promise<HaloDownload> {
    const get: HaloRequest = { ...req, method: "GET" };
    return this.run<HaloDownload>(
      get,
      (res) => {
        // decode throws the typed error for every non-2xx answer.
        if (res.status < 200 || res.status >= 300) decode(get, res);
        const length = Number(header(res, "content-length"));
        return {
          status: res.status,
          body: res.body ?? Buffer.from(res.text, "utf8"),
          contentType: header(res, "content-type")?.split(";")[0]?.trim().toLowerCase() || undefined,
          filename: filenameOf(header(res, "content-disposition")),
          length: Number.isFinite(length) && length >= 0 ? length : undefined,
          truncated: res.truncated === true,
        };
      },
      { accept: "*/*", maxBytes: req.maxBytes },
    );
  }

  private async run<R>(
    req: HaloRequest,
    finish: (res: RawResponse) => R,
    raw: { accept?: string; maxBytes?: number } = {},
  ): Promise<R> {
    const started = Date.now();
    const budget = this.config.retryBudgetMs;
    // Whether an earlier attempt may have reached Halo: only then can a DELETE's 404 mean "already gone".
    let mayHaveLanded = false;
    try {
      return await pRetry(
        async () => {
          try {
            return await this.attempt(req, finish, raw);
          } catch (err) {
            if (couldHaveReachedHalo(err)) mayHaveLanded = true;
            throw err;
          }
        },
        {
          retries: req.method === "POST" ? 3 : 5,
          factor: 2,
          minTimeout: this.config.retryBaseMs,
          maxTimeout: Math.max(this.config.retryBaseMs, 8_000),
          randomize: true,
          maxRetryTime: budget,
          signal: req.signal,
          shouldRetry: ({ error }) => retryable(req.method, error),
          onFailedAttempt: async ({ error, retriesLeft }) => {
            if (!retryable(req.method, error) || retriesLeft <= 0) return;
            this.stats.retries++;
            log.debug(`retrying ${req.method} ${req.path}: ${error.message}`);
            if (!(error instanceof HaloError) || error.retryAfterMs === undefined) return;
            const wait = error.retryAfterMs;
            const left = budget - (Date.now() - started);
            if (wait > left) {
              const limited = error.kind === "rate_limited";
              throw new HaloError(
                error.kind,
                `Halo asked to wait ${Math.ceil(wait / 1000)} s, longer than the retry budget.`,
                {
                  status: error.status,
                  retryAfterMs: wait,
                  notSent: error.notSent,
                  cause: error,
                  hint: `Wait about ${Math.ceil(wait / 1000)} seconds and try again${limited ? "; for bulk work narrow the query or use ticket_stats" : ""}.`,
                },
              );
            }
            await sleep(wait, req.signal);
          },
        },
      );
    } catch (err) {
      // A DELETE whose earlier answer was lost (5xx, reset, timeout) may have
      // worked: the retry's 404 then means "already gone", not "never existed".
      if (req.method === "DELETE" && mayHaveLanded && err instanceof HaloError && err.kind === "not_found") {
        log.info(`${req.path}: gone on retry, so the earlier DELETE took effect`);
        return finish({ status: 200, headers: {}, text: "", bytes: 0 });
      }
      throw finalError(req, err);
    }
  }

  close(): Promise<void> {
    return this.closeTransport();
  }

  private async attempt<R>(
    req: HaloRequest,
    finish: (res: RawResponse) => R,
    raw: { accept?: string; maxBytes?: number },
  ): Promise<R> {
    for (let authTry = 0; ; authTry++) {
      // Token first, so a slow token fetch does not hold a slot other requests could use.
      await this.token(req.signal);
      const release = await this.limiter.acquire(req.signal).catch((reason) => {
        throw new HaloError("cancelled", "the request was cancelled while queued for the rate limit.", {
          cause: reason,
          notSent: true,
        });
      });
      let token: string;
      let res: RawResponse;
      try {
        // Still cached unless it expired while the request was queued.
        token = await this.token(req.signal);
        this.stats.requests++;
        res = await this.exchange({
          method: req.method,
          url: buildUrl(this.config.apiUrl, req.path, req.query),
          headers: {
            authorization: `Bearer ${token}`,
            ...(raw.accept ? { accept: raw.accept } : {}),
            ...(req.modelComposed ? { "user-agent": "halopsa-mcp (api_request)" } : {}),
            ...(req.body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal: req.signal,
          maxBytes: raw.maxBytes,
        });
      } finally {
        release();
      }
      this.stats.bytesReceived += res.bytes;
      if (res.status === 401 && authTry === 0) {
        // Expired or revoked token: one fresh token, one more try. Halo refused
        // the request before processing it, so this is safe for writes too.
        this.tokens.invalidate(token);
        continue;
      }
      return finish(res);
    }
  }

  private token(signal: AbortSignal | undefined): Promise<string> {
    return this.tokens.get(signal).catch((err: unknown) => {
      // The API request has not been sent yet, so a failed token fetch never makes a write uncertain.
      if (err instanceof HaloError && err.transient && !err.notSent) {
        throw new HaloError(err.kind, `getting a token: ${err.message}`, {
          ...err,
          cause: err,
          notSent: true,
        });
      }
      throw err;
    });
  }
}

/** A failure after which Halo may have processed the request (its answer was lost or garbled). */
function couldHaveReachedHalo(err: unknown): boolean {
  if (!(err instanceof HaloError) || err.notSent) return false;
  return (
    ["network", "timeout", "bad_response"].includes(err.kind) ||
    (err.kind === "server" && (err.status ?? 500) >= 500)
  );
}

function retryable(method: Method, error: unknown): boolean {
  if (!(error instanceof HaloError) || !error.transient) return false;
  if (method === "POST") return error.notSent || error.kind === "rate_limited";
  return true;
}

/** After retries: a POST that may have been processed becomes write_unknown. */
function finalError(req: HaloRequest, err: unknown): unknown {
  if (!(err instanceof HaloError)) {
    if (req.signal?.aborted) return new HaloError("cancelled", "the request was cancelled by the client.");
    return err;
  }
  // A 4xx Halo did not name as validation (405, 413, ...) was refused, not processed: only 5xx is uncertain.
  const uncertain =
    ["network", "timeout", "bad_response"].includes(err.kind) ||
    (err.kind === "server" && (err.status ?? 500) >= 500);
  if (req.method === "POST" && !err.notSent && uncertain) {
    return new HaloError("write_unknown", `${err.message} The request was sent, so Halo may have saved it.`, {
      status: err.status,
      cause: err,
      hint: "Do not resend blindly: first check whether the record exists (search or get it), then retry only if it is missing.",
    });
  }
  return err;
}

export function buildUrl(apiUrl: string, path: string, query?: Query): string {
  const url = new URL(`${apiUrl}${path.startsWith("/") ? path : `/${path}`}`);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === "") continue;
    url.searchParams.set(k, String(v));
  }
  return url.toString();
}

/** The file name of a Content-Disposition header (RFC 6266 filename* first). */
export function filenameOf(disposition: string | undefined): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (star?.[2]) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ""));
    } catch {
      // fall back to the plain filename parameter
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  const name = (plain?.[2] ?? plain?.[1])?.trim();
  return name || undefined;
}

/** A short, tag-free, secret-free excerpt of a body for error messages. */
export function excerpt(text: string, max = 160): string {
  // stripHtml is linear; the regexes this replaced were quadratic on an unclosed <style>.
  // Only the start is shown, so only the start is read.
  // Control characters (terminal escapes) are dropped too: the excerpt sits unquoted in a message.
  const plain = stripHtml(text.slice(0, 65_536))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, " ")
    .replace(/\s+/g, " ");
  return redact(plain.length > max ? `${plain.slice(0, max)}…` : plain);
}

/** Halo's validation text: a JSON string, or an object with a message-ish field. */
export function haloMessage(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    const data = JSON.parse(trimmed) as unknown;
    if (typeof data === "string") return data;
    if (data && typeof data === "object") {
      const o = data as Record<string, unknown>;
      const keys = ["message", "Message", "error_description", "title", "detail", "error"];
      const main = keys.map((k) => o[k]).find((v): v is string => typeof v === "string" && v !== "");
      // ASP.NET's problem details put the field messages under `errors`, the title being generic.
      const fields = fieldErrors(o.errors ?? o.Errors);
      if (main && fields) return excerpt(`${main}${/[.!?]$/.test(main) ? "" : ":"} ${fields}`, 400);
      if (main || fields) return excerpt(main ?? fields ?? "", 400);
    }
  } catch {
    // not JSON: fall through to the text itself
  }
  return /^\s*</.test(trimmed) ? undefined : excerpt(trimmed, 400);
}

/** {"Email": ["is not valid"]} or ["x is required"] → "Email: is not valid; x is required". */
function fieldErrors(errors: unknown): string | undefined {
  if (!errors || typeof errors !== "object") return undefined;
  const text = (v: unknown): string =>
    Array.isArray(v)
      ? v.map(text).filter(Boolean).join(", ")
      : v && typeof v === "object"
        ? text((v as Record<string, unknown>).message ?? (v as Record<string, unknown>).Message ?? "")
        : typeof v === "string" || typeof v === "number"
          ? String(v)
          : "";
  const parts = Array.isArray(errors)
    ? errors.map(text)
    : Object.entries(errors as Record<string, unknown>).map(([k, v]) => {
        const t = text(v);
        return t && k ? `${k}: ${t}` : t;
      });
  const joined = parts.filter(Boolean).join("; ");
  return joined || undefined;
}

function resourceOf(path: string): string {
  return path.replace(/^\//, "").split("?")[0] ?? path;
}

/** Where a redirect points, without its query (SSO redirects carry state and nonces). */
export function redirectTarget(location: string | undefined): string | undefined {
  const text = location?.trim();
  if (!text) return undefined;
  try {
    const u = new URL(text);
    return `${u.origin}${u.pathname}`;
  } catch {
    return text.split(/[?#]/)[0] || undefined;
  }
}

/** An HTTP answer as data, or the typed error for it (exported for unit tests). */
export function decode<T>(req: Pick<HaloRequest, "method" | "path">, res: RawResponse): HaloResponse<T> {
  const { status, text } = res;
  const where = `${req.method} /api/${resourceOf(req.path)}`;
  const isHtml = /html/i.test(header(res, "content-type") ?? "") || /^\s*<(!doctype|html)/i.test(text);

  if (status >= 200 && status < 300) {
    if (!text.trim()) return { status, data: undefined as T, bytes: res.bytes };
    if (isHtml) {
      throw new HaloError(
        "bad_response",
        `${where} answered ${status} with an HTML page: "${excerpt(text)}".`,
        {
          status,
          hint: "Check HALOPSA_BASE_URL points at your Halo instance (not a login or proxy page).",
        },
      );
    }
    if (jsonTooDeep(text)) {
      throw new HaloError(
        "bad_response",
        `${where} answered ${status} with JSON nested deeper than ${MAX_JSON_DEPTH} levels; it was not read.`,
        {
          status,
          permanent: true,
          hint: "No Halo record nests like this: check HALOPSA_BASE_URL points at your Halo instance, not a proxy or another service.",
        },
      );
    }
    try {
      return { status, data: JSON.parse(text) as T, bytes: res.bytes };
    } catch {
      throw new HaloError(
        "bad_response",
        `${where} answered ${status} with JSON that does not parse ("${excerpt(text, 80)}").`,
        {
          status,
          hint: "The response was cut short or garbled; try again.",
        },
      );
    }
  }

  const message = isHtml ? undefined : haloMessage(text);
  // Halo's words inside our sentence: quoted, one line, clipped (never a line of their own).
  const said = message === undefined ? undefined : quoted(message);
  const page = isHtml ? ` (HTML error page: "${excerpt(text, 100)}")` : "";
  switch (true) {
    case status >= 300 && status < 400: {
      // undici follows no redirects: a 3xx here is an SSO/login page or a moved instance, never Halo's API.
      const target = redirectTarget(header(res, "location"));
      return fail(
        new HaloError(
          "configuration",
          `${where} was redirected (${status})${target ? ` to ${target}` : ""}: Halo's API does not redirect.`,
          {
            status,
            hint: "Check HALOPSA_BASE_URL (it may point at a login page or an old address): use the address you open Halo at, e.g. https://yourcompany.halopsa.com.",
          },
        ),
      );
    }
    case status === 400 || status === 409 || status === 422:
      return fail(
        new HaloError(
          "validation",
          sentence(`${where} was rejected (${status})${said ? `: ${said}` : page}`),
          {
            status,
            haloMessage: message,
            hint: "Fix the field Halo names and try again; look up valid values with list_lookups.",
          },
        ),
      );
    case status === 401:
      return fail(
        new HaloError("authentication", `${where} answered 401 even with a fresh token.`, {
          status,
          hint: `The API application's token is being refused: check it is active in Halo and that HALOPSA_CLIENT_ID/HALOPSA_CLIENT_SECRET are current; ${SETUP_CHECK}.`,
        }),
      );
    case status === 403:
      return fail(
        new HaloError(
          "forbidden",
          sentence(`${where} is not allowed for this API application (403)${said ? `: ${said}` : ""}`),
          {
            status,
            haloMessage: message,
            hint: "Give the API application's agent the needed permission in Halo (Configuration > Integrations > HaloPSA API > your application > Permissions), or use HALOPSA_SCOPE=all.",
          },
        ),
      );
    case status === 404:
      return fail(
        new HaloError("not_found", `${where} was not found${said ? ` (${said})` : ""}.`, {
          status,
          hint: "Check the ID; search by name to find the right one.",
        }),
      );
    case status === 429: {
      const wait = parseRetryAfter(header(res, "retry-after"));
      return fail(
        new HaloError("rate_limited", `${where} hit Halo's rate limit (429).`, {
          status,
          retryAfterMs: wait,
          notSent: true,
          hint: `Wait ${wait ? `${Math.ceil(wait / 1000)} s` : "a minute"} and try again; lower HALOPSA_RATE_LIMIT if other integrations share this API application.`,
        }),
      );
    }
    case status < 500:
      // 405, 413, 415…: Halo refused this request as sent; trying again will not help.
      return fail(
        new HaloError(
          "validation",
          sentence(`${where} was refused (${status})${said ? `: ${said}` : page}`),
          {
            status,
            haloMessage: message,
            hint: "Halo does not accept this request as sent (method, size or format); change it rather than retrying.",
          },
        ),
      );
    default:
      return fail(
        new HaloError("server", sentence(`${where} failed with ${status}${said ? `: ${said}` : page}`), {
          status,
          haloMessage: message,
          // 503 is how a server in maintenance or overloaded says "come back in N seconds".
          retryAfterMs: status === 503 ? parseRetryAfter(header(res, "retry-after")) : undefined,
          hint: "Halo had a problem; try again shortly. If it persists, check Halo's status page or logs.",
        }),
      );
  }
}

/** Far deeper than any Halo record (a ticket with custom fields is ~5 levels). */
export const MAX_JSON_DEPTH = 256;

/**
 * True when the JSON nests deeper than `max`, found in one pass before
 * JSON.parse: parsing takes about ten times longer on nesting than on the
 * same bytes flat (10 MB of "[[[…]]]" held the server 14 s), and every
 * recursive walk after it (redaction, projections) would overflow the stack.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Ends a message with one full stop, even when Halo's own text already has one. */
const sentence = (text: string) => (/[.!?]"?$/.test(text) ? text : `${text}.`);

function fail(err: HaloError): never {
  throw err;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new HaloError("cancelled", "the request was cancelled by the client."));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
