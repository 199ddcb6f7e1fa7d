/**
 * The only place bytes leave the process. One undici Agent (keep-alive pool
 * per origin) and a timeout on every exchange; transport failures become
 * typed HaloErrors that record whether the request could have reached Halo.
 */
import type { Agent } from "undici";
import { namedExports } from "../util/lazy-import.js";
import { HaloError } from "./errors.js";

/**
 * undici is ~500 KB of the bundle; loading it on the first request instead of
 * at start-up keeps `initialize` fast (Claude Code starts every plugin server
 * with each session, most of which never call Halo).
 */
type Undici = typeof import("undici");
let undici: Promise<Undici> | undefined;
const loadUndici = () => {
  undici ??= import("undici").then((m) => namedExports(m, "Agent"));
  return undici;
};

export interface RawRequest {
  method: "GET" | "POST" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Stop reading the body after this many bytes (file downloads); `truncated` then says so. */
  maxBytes?: number;
  /** A body larger than this is an error (default: the transport's cap); never more is read. */
  limitBytes?: number;
  /** A shorter limit than the transport's for this exchange (auth discovery must not hold a token fetch up). */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  bytes: number;
  /** The body as received (binary files do not survive `text`). */
  body?: Buffer;
  truncated?: boolean;
}

export type RawExchange = (req: RawRequest) => Promise<RawResponse>;

/** Error codes that prove the request never left (no connection was made). */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

function codeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** An untrusted or unusable certificate: the TLS handshake failed, so no HTTP request left the process. */
export function isCertificateError(code: string | undefined): boolean {
  if (!code || code === "ERR_TLS_HANDSHAKE_TIMEOUT") return false;
  return (
    /^(CERT_|ERR_TLS_)/.test(code) ||
    /^(UNABLE_TO_(GET|VERIFY|DECRYPT|DECODE)_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|ERROR_IN_CERT_)/.test(
      code,
    ) ||
    ["HOSTNAME_MISMATCH", "INVALID_CA", "INVALID_PURPOSE", "PATH_LENGTH_EXCEEDED"].includes(code)
  );
}

function certificateProblem(code: string, host: string): { problem: string; fix: string } {
  const privateCa =
    "If Halo is behind a private CA or a TLS-inspecting proxy, set NODE_EXTRA_CA_CERTS to that CA's PEM file (in the environment that starts this server).";
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID")
    return {
      problem: code === "CERT_HAS_EXPIRED" ? "has expired" : "is not valid yet",
      fix: `Check this machine's clock; otherwise ${host}'s certificate must be renewed. ${privateCa}`,
    };
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || code === "HOSTNAME_MISMATCH")
    return {
      problem: `does not name ${host}`,
      fix: "Check HALOPSA_BASE_URL (and HALOPSA_AUTH_URL) use the host name Halo's certificate was issued for.",
    };
  if (/SELF_SIGNED|UNABLE_TO_|CERT_UNTRUSTED|INVALID_CA/.test(code))
    return { problem: "is not signed by an authority this machine trusts", fix: privateCa };
  return { problem: "was refused", fix: `Check HALOPSA_BASE_URL. ${privateCa}` };
}

/** A transport failure as a HaloError recording whether the request could have reached Halo. */
export function transportError(
  err: unknown,
  req: Pick<RawRequest, "method" | "url">,
  opts: { timeoutMs: number; timedOut: boolean },
): HaloError {
  const url = new URL(req.url);
  const code = codeOf(err);
  if (opts.timedOut || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new HaloError(
      "timeout",
      `no answer within ${opts.timeoutMs} ms (${req.method} ${url.pathname}).`,
      {
        cause: err,
        hint: "Halo may be slow or unreachable; try again, or raise HALOPSA_TIMEOUT_MS.",
      },
    );
  }
  if (isCertificateError(code)) {
    const { problem, fix } = certificateProblem(code as string, url.hostname);
    // The same certificate will be offered on every attempt: retrying only delays the message.
    return new HaloError("network", `the TLS certificate of ${url.host} ${problem} (${code}).`, {
      cause: err,
      notSent: true,
      permanent: true,
      hint: fix,
    });
  }
  const notSent = code !== undefined && NOT_SENT.has(code);
  return new HaloError(
    "network",
    `${code ?? (err instanceof Error ? err.message : "connection failed")} talking to ${url.host}.`,
    {
      cause: err,
      notSent,
      hint:
        code === "ENOTFOUND"
          ? "Check HALOPSA_BASE_URL: the host name does not resolve."
          : "Check the network and HALOPSA_BASE_URL, then try again.",
    },
  );
}

/** A response header's first value. */
export function headerOf(res: Pick<RawResponse, "headers">, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Default cap on a response body (HALOPSA_MAX_RESPONSE_MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The permanent error for a body over the cap: the same request would get the same answer. */
function tooLarge(req: Pick<RawRequest, "method" | "url">, limit: number, announced?: number): HaloError {
  const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
  const { pathname, host } = new URL(req.url);
  return new HaloError(
    "bad_response",
    `the answer to ${req.method} ${pathname} from ${host} is larger than ${mib(limit)}${
      announced !== undefined ? ` (${mib(announced)} announced)` : ""
    }; it was not read.`,
    {
      permanent: true,
      hint: "Ask for less (a filter, a smaller page or fewer fields). If your Halo really answers this much, raise HALOPSA_MAX_RESPONSE_MB (at most 256).",
    },
  );
}

export function createTransport(
  timeoutMs: number,
  opts: { maxResponseBytes?: number } = {},
): { exchange: RawExchange; close: () => Promise<void> } {
  let agent: Agent | undefined;
  let closed = false;
  const cap = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  const exchange: RawExchange = async (req) => {
    const limit = Math.min(req.timeoutMs ?? timeoutMs, timeoutMs);
    const timeout = AbortSignal.timeout(limit);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    try {
      const { Agent, request } = await loadUndici();
      if (closed) throw new HaloError("cancelled", "the server is shutting down.", { notSent: true });
      agent ??= new Agent({
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 120_000,
        connections: 8,
        // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot turn certificate checks
        // off. Private CAs still work: NODE_EXTRA_CA_CERTS adds to the default store that is used here.
        connect: { timeout: Math.min(timeoutMs, 10_000), rejectUnauthorized: true },
      });
      const res = await request(req.url, {
        method: req.method,
        headers: { accept: "application/json", "user-agent": "halopsa-mcp", ...req.headers },
        body: req.body,
        dispatcher: agent,
        signal,
        headersTimeout: limit,
        bodyTimeout: limit,
      });
      // Memory stays bounded whatever the host sends: an announced or streamed body over the cap
      // is dropped unread (the connection is destroyed), and the error is permanent, not retried.
      const sizeLimit = Math.min(req.limitBytes ?? cap, cap);
      const announced = Number(headerOf(res, "content-length"));
      if (req.maxBytes === undefined && Number.isFinite(announced) && announced > sizeLimit) {
        res.body.destroy();
        throw tooLarge(req, sizeLimit, announced);
      }
      const { buf, truncated } = await readBody(res.body, req.maxBytes ?? sizeLimit);
      if (truncated && req.maxBytes === undefined) throw tooLarge(req, sizeLimit);
      return {
        status: res.statusCode,
        headers: res.headers,
        text: buf.toString("utf8"),
        bytes: buf.length,
        body: buf,
        truncated,
      };
    } catch (err) {
      if (err instanceof HaloError) throw err;
      if (req.signal?.aborted) {
        throw new HaloError("cancelled", "the request was cancelled by the client.", { cause: err });
      }
      throw transportError(err, req, { timeoutMs: limit, timedOut: timeout.aborted });
    }
  };

  return {
    exchange,
    // destroy, not close: on shutdown nobody is left to read a hanging answer.
    close: async () => {
      closed = true;
      await agent?.destroy().catch(() => undefined);
    },
  };
}

/** The whole body, or its first `maxBytes` + 1 bytes (then the rest is dropped unread). */
async function readBody(
  body: AsyncIterable<Uint8Array> & { destroy(): unknown },
  maxBytes: number,
): Promise<{ buf: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      return { buf: Buffer.concat(chunks), truncated: true };
    }
  }
  return { buf: Buffer.concat(chunks), truncated: false };
}
