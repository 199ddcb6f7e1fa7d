/**
 * The stdio transport. The SDK's StdioServerTransport closes itself when one
 * message exceeds its buffer (10 MiB), and the server then exits silently with
 * every tool gone for the session; it also concatenates the whole buffer on
 * every chunk (quadratic in a message's size). This one reads lines in linear
 * time, and a line over the limit is skipped without being held in memory:
 * the request it carried gets an error answer (a tools/call gets an isError
 * result) when its id can be read from the line's head or tail, the problem is
 * logged to stderr, and the next message is read as usual.
 */
import process from "node:process";
import { deserializeMessage, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/** Largest JSON-RPC message read, as the SDK's own default: base64 uploads are capped to fit. */
export const STDIO_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Bytes kept from each end of a skipped line, to find the request's id and method. */
const EDGE = 2048;

export type LineItem = { line: string } | { oversize: { bytes: number; head: string; tail: string } };

/** Splits a byte stream into lines; lines over `max` bytes come out as `oversize` reports. */
export class LineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private skipping: { bytes: number; head: Buffer; tail: Buffer } | undefined;

  constructor(private readonly max: number) {}

  push(data: Buffer): LineItem[] {
    const out: LineItem[] = [];
    let chunk = data;
    while (chunk.length > 0) {
      const nl = chunk.indexOf(10);
      const part = nl === -1 ? chunk : chunk.subarray(0, nl);
      if (this.skipping) {
        this.skipping.bytes += part.length;
        if (this.skipping.head.length < EDGE) this.skipping.head = firstBytes([this.skipping.head, part]);
        this.skipping.tail = lastBytes([this.skipping.tail, part]);
      } else if (this.size + part.length > this.max) {
        const all = [...this.chunks, part];
        this.skipping = { bytes: this.size + part.length, head: firstBytes(all), tail: lastBytes(all) };
        this.chunks = [];
        this.size = 0;
      } else if (nl === -1) {
        this.chunks.push(part);
        this.size += part.length;
      }
      if (nl === -1) break;
      if (this.skipping) {
        const { bytes, head, tail } = this.skipping;
        out.push({ oversize: { bytes, head: head.toString("utf8"), tail: tail.toString("utf8") } });
        this.skipping = undefined;
      } else {
        const line = Buffer.concat([...this.chunks, part])
          .toString("utf8")
          .replace(/\r$/, "");
        this.chunks = [];
        this.size = 0;
        if (line.trim()) out.push({ line });
      }
      chunk = chunk.subarray(nl + 1);
    }
    return out;
  }
}

function firstBytes(parts: Buffer[]): Buffer {
  const out: Buffer[] = [];
  let n = 0;
  for (const p of parts) {
    if (n >= EDGE) break;
    const take = p.subarray(0, EDGE - n);
    out.push(take);
    n += take.length;
  }
  return Buffer.concat(out);
}

function lastBytes(parts: Buffer[]): Buffer {
  const out: Buffer[] = [];
  let n = 0;
  for (let i = parts.length - 1; i >= 0 && n < EDGE; i--) {
    const p = parts[i] as Buffer;
    const take = p.subarray(Math.max(0, p.length - (EDGE - n)));
    out.unshift(take);
    n += take.length;
  }
  return Buffer.concat(out);
}

const SCALAR = String.raw`("(?:[^"\\]|\\.)*"|-?\d+|true|false|null)`;
const LEADING = new RegExp(String.raw`^\s*"(\w+)"\s*:\s*${SCALAR}\s*,`);
const TRAILING = new RegExp(String.raw`,\s*"(\w+)"\s*:\s*${SCALAR}\s*$`);

/**
 * The top-level scalar members (id, method, jsonrpc) of a JSON object known
 * only by its first and last bytes: members written before the big one
 * (`params`) are at the head, members written after it at the tail (the
 * TypeScript SDK writes id last).
 */
export function envelopeOf(head: string, tail: string): { id?: string | number; method?: string } {
  const found: Record<string, unknown> = {};
  let rest = head.replace(/^\s*\{/, "");
  for (let m = LEADING.exec(rest); m; m = LEADING.exec(rest)) {
    found[m[1] as string] = JSON.parse(m[2] as string);
    rest = rest.slice(m[0].length);
  }
  if (/\}\s*$/.test(tail)) {
    rest = tail.replace(/\}\s*$/, "");
    for (let m = TRAILING.exec(rest); m; m = TRAILING.exec(rest)) {
      found[m[1] as string] ??= JSON.parse(m[2] as string);
      rest = rest.slice(0, m.index);
    }
  }
  const id = typeof found.id === "string" || typeof found.id === "number" ? found.id : undefined;
  const method = typeof found.method === "string" ? found.method : undefined;
  return { id, method };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export class HaloStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly reader: LineReader;
  private started = false;

  constructor(
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly max = STDIO_MAX_MESSAGE_BYTES,
  ) {
    this.reader = new LineReader(max);
  }

  private readonly ondata = (chunk: Buffer | string) => {
    for (const item of this.reader.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk)) {
      if ("line" in item) {
        let message: JSONRPCMessage;
        try {
          message = deserializeMessage(item.line);
        } catch (err) {
          this.onerror?.(new Error(`unreadable message skipped: ${(err as Error).message.slice(0, 200)}`));
          continue;
        }
        this.onmessage?.(message);
      } else this.refuse(item.oversize);
    }
  };

  private readonly onstreamerror = (error: Error) => this.onerror?.(error);

  /** Answers the request a skipped message carried, when its id could be read. */
  private refuse(o: { bytes: number; head: string; tail: string }): void {
    const { id, method } = envelopeOf(o.head, o.tail);
    this.onerror?.(
      new Error(
        `message of ${o.bytes} bytes (${method ?? "unknown method"}) skipped: over the ${this.max}-byte limit`,
      ),
    );
    if (id === undefined) return;
    const text = `The request was ${mb(o.bytes)}, over the ${mb(this.max)} a message to this server may be; nothing was done.\nNext step: attach large files with add_attachment's path (a file the person named), not base64, or ask for less at once.`;
    const answer: JSONRPCMessage =
      method === "tools/call"
        ? { jsonrpc: "2.0", id, result: { content: [{ type: "text", text }], isError: true } }
        : { jsonrpc: "2.0", id, error: { code: -32600, message: text } };
    this.send(answer).catch((err: Error) => this.onerror?.(err));
  }

  async start(): Promise<void> {
    if (this.started) throw new Error("HaloStdioTransport already started");
    this.started = true;
    this.stdin.on("data", this.ondata);
    this.stdin.on("error", this.onstreamerror);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(serializeMessage(message))) resolve();
      else this.stdout.once("drain", resolve);
    });
  }

  async close(): Promise<void> {
    this.stdin.off("data", this.ondata);
    this.stdin.off("error", this.onstreamerror);
    if (this.stdin.listenerCount("data") === 0) this.stdin.pause();
    this.onclose?.();
  }
}
