/**
 * A bare JSON-RPC-over-stdio client: spawns a server, writes requests as
 * lines, keeps EVERY byte the server writes to stdout and stderr. The SDK
 * client hides stray output (a non-JSON line is only an onerror); benchmarks
 * and the stdout-purity tests need to see the raw stream and to time it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export interface RpcResponse {
  jsonrpc: "2.0";
  id: number;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

export interface ToolResult {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export const PROTOCOL_VERSION = "2025-06-18";

export class RpcProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every stdout byte, as text. */
  stdout = "";
  stderr = "";
  readonly exited: Promise<Exit>;
  private buffer = "";
  private nextId = 1;
  private readonly pending = new Map<number, (r: RpcResponse) => void>();
  private readonly lineWaiters: Array<(line: string) => void> = [];
  /** Lines that were not responses to our requests (notifications, garbage). */
  readonly otherLines: string[] = [];

  constructor(command: string, args: string[], env: Record<string, string>, cwd = "/") {
    this.child = spawn(command, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8");
    this.child.stderr.setEncoding("utf8");
    this.child.stdout.on("data", (d: string) => this.onStdout(d));
    this.child.stderr.on("data", (d: string) => {
      this.stderr += d;
    });
    // A server that already exited makes writes fail with EPIPE; the exit is what we report.
    this.child.stdin.on("error", () => undefined);
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the next complete stdout line (whatever it is). */
  nextLine(): Promise<string> {
    return new Promise((resolve) => this.lineWaiters.push(resolve));
  }

  write(message: Record<string, unknown>): void {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  notify(method: string, params?: Record<string, unknown>): void {
    this.write({ jsonrpc: "2.0", method, ...(params ? { params } : {}) });
  }

  request(method: string, params?: Record<string, unknown>, timeoutMs = 60_000): Promise<RpcResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} (id ${id}) had no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.write({ jsonrpc: "2.0", id, method, ...(params ? { params } : {}) });
    });
  }

  async initialize(): Promise<RpcResponse> {
    const r = await this.request("initialize", {
      protocolVersion: PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: "halopsa-bench", version: "1.0.0" },
    });
    this.notify("notifications/initialized");
    return r;
  }

  async listTools(): Promise<Array<Record<string, unknown>>> {
    const r = await this.request("tools/list", {});
    if (r.error) throw new Error(`tools/list failed: ${r.error.message}`);
    return (r.result?.tools ?? []) as Array<Record<string, unknown>>;
  }

  /** tools/call; a JSON-RPC error (as opposed to an isError result) throws. */
  async callTool(name: string, args: Record<string, unknown> = {}, timeoutMs?: number): Promise<ToolResult> {
    const r = await this.request("tools/call", { name, arguments: args }, timeoutMs);
    if (r.error) throw new Error(`tools/call ${name}: JSON-RPC error ${r.error.code} ${r.error.message}`);
    return r.result as unknown as ToolResult;
  }

  /** Resident set size of the server process, in bytes (Linux /proc). */
  rss(): number {
    return rssOf(this.pid);
  }

  /** Closes stdin and waits for the exit (SIGKILL after `killAfterMs`). */
  async close(killAfterMs = 5_000): Promise<Exit> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), killAfterMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** stdout split into complete lines (a trailing partial line is included). */
  lines(): string[] {
    return this.stdout.split("\n").filter((l) => l.length > 0);
  }

  private onStdout(chunk: string): void {
    this.stdout += chunk;
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf("\n"); nl >= 0; nl = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, "");
      this.buffer = this.buffer.slice(nl + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    this.lineWaiters.shift()?.(line);
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      this.otherLines.push(line);
      return;
    }
    const id = (msg as { id?: unknown }).id;
    const done = typeof id === "number" && "result" in (msg as object) ? this.pending.get(id) : undefined;
    const failed = typeof id === "number" && "error" in (msg as object) ? this.pending.get(id) : undefined;
    const resolve = done ?? failed;
    if (resolve && typeof id === "number") {
      this.pending.delete(id);
      resolve(msg as RpcResponse);
    } else this.otherLines.push(line);
  }
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

/** The text of a tool result (its text blocks joined). */
export function textOf(result: ToolResult): string {
  return (result.content ?? [])
    .filter((c) => c.type === "text")
    .map((c) => c.text ?? "")
    .join("\n");
}

/**
 * A minimal environment: nothing from the parent leaks into the server but PATH and HOME (and no
 * per-user settings file: XDG_CONFIG_HOME points nowhere).
 */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    XDG_CONFIG_HOME: "/nonexistent-halopsa-test-config",
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") env[k] = v;
  return env;
}
