/**
 * The only place bytes leave the process. One undici Agent (keep-alive pool
 * per origin) and a timeout on every exchange; transport failures become
 * typed HaloErrors that record whether the request could have reached Halo.
 */
import type { Agent } from "undici";
import { HaloError } from "./errors.js";

/**
 * undici is ~500 KB of the bundle; loading it on the first request instead of
 * at start-up keeps `initialize` fast (Claude Code starts every plugin server
 * with each session, most of which never call Halo).
 */
type Undici = typeof import("undici");
let undici: Promise<Undici> | undefined;
const loadUndici = () => {
  undici ??= import("undici");
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

export function createTransport(timeoutMs: number): { exchange: RawExchange; close: () => Promise<void> } {
  let agent: Agent | undefined;
  let closed = false;

  const exchange: RawExchange = async (req) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    try {
      const { Agent, request } = await loadUndici();
      if (closed) throw new HaloError("cancelled", "the server is shutting down.", { notSent: true });
      agent ??= new Agent({
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 120_000,
        connections: 8,
        connect: { timeout: Math.min(timeoutMs, 10_000) },
      });
      const res = await request(req.url, {
        method: req.method,
        headers: { accept: "application/json", "user-agent": "halopsa-mcp", ...req.headers },
        body: req.body,
        dispatcher: agent,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const { buf, truncated } = await readBody(res.body, req.maxBytes);
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
      const code = codeOf(err);
      if (timeout.aborted || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
        throw new HaloError(
          "timeout",
          `no answer within ${timeoutMs} ms (${req.method} ${new URL(req.url).pathname}).`,
          {
            cause: err,
            hint: "Halo may be slow or unreachable; try again, or raise HALOPSA_TIMEOUT_MS.",
          },
        );
      }
      const notSent = code !== undefined && NOT_SENT.has(code);
      throw new HaloError(
        "network",
        `${code ?? (err instanceof Error ? err.message : "connection failed")} talking to ${new URL(req.url).host}.`,
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
  body: AsyncIterable<Uint8Array> & { arrayBuffer(): Promise<ArrayBuffer>; destroy(): unknown },
  maxBytes: number | undefined,
): Promise<{ buf: Buffer; truncated: boolean }> {
  if (maxBytes === undefined) return { buf: Buffer.from(await body.arrayBuffer()), truncated: false };
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
