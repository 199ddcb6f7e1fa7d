/**
 * The tool-test harness: a fake Halo on 127.0.0.1 and the server driven by
 * the SDK Client exactly as Claude Code drives it, in one of two ways behind
 * one interface (`E2E`):
 *
 * - `startE2E` (the default): the server built from SOURCE in this process
 *   (src/server/server.ts createServer, configured from src/config/config.ts
 *   as src/cli/main.ts + serve.ts do), linked to the Client over the SDK's
 *   InMemoryTransport. Fast, and watch mode tests the code being edited.
 * - `startStdioE2E`: the BUILT bundle (dist/halopsa-mcp.js) spawned over
 *   stdio, for what only a real process shows (stdout purity, lifecycle,
 *   start-up lines, secrets in everything the process prints, the stdio
 *   transport's limits, settings files).
 *
 * Both keep what the server logged (`stderr`) and every tool text for
 * secret checks (`allRecordedOutput`), and check every successful result
 * strictly against the tool's declared output shape (./output.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll } from "vitest";
import { type FakeHalo, type FakeHaloOptions, startFakeHalo } from "../../fake-halo/index.js";
import { noToolProblem } from "../../src/cli/doctor.js";
import { notConfiguredLine, readyLine } from "../../src/cli/serve.js";
import { configure } from "../../src/config/config.js";
import { createServer } from "../../src/server/server.js";
import { type LogLevel, log, setLogLevel } from "../../src/util/log.js";
import { VERSION } from "../../src/version.js";
import { expectDeclaredOutput } from "./output.js";

export const BUNDLE = resolve(import.meta.dirname, "../../dist/halopsa-mcp.js");

export interface ToolCall {
  isError: boolean;
  text: string;
  data: Record<string, unknown> | undefined;
  raw: Awaited<ReturnType<Client["callTool"]>>;
}

export interface E2E {
  fake: FakeHalo;
  client: Client;
  /** What the server logged (stdio: everything it wrote to stderr). */
  stderr: () => string;
  /** Calls a tool and returns its text, structured data and error flag. */
  call(
    name: string,
    args?: Record<string, unknown>,
    opts?: { onprogress?: (p: unknown) => void; timeout?: number },
  ): Promise<ToolCall>;
  close(): Promise<void>;
}

export interface E2EOptions {
  /** Settings on top of the harness's (an empty string removes one). */
  env?: Record<string, string>;
  fake?: FakeHaloOptions;
  fakeInstance?: FakeHalo;
  /** The server's working folder (Claude Code: the person's project); "/" unless given. */
  cwd?: string;
}

/** Secrets a suite hands out, checked against all output by `assertNoSecrets`. */
export const SECRET = "s3cr3t-client-secret-value-for-tests";
export const CLIENT_ID = "e2e-client";

/**
 * Only the plugin-settings variables, as Claude Code passes them (from the
 * plugin's settings), with the HALOPSA_* credentials emptied: what the setup
 * check must work from.
 */
export function pluginSettingsOnly(baseUrl: string): Record<string, string> {
  return {
    HALOPSA_BASE_URL: "",
    HALOPSA_CLIENT_ID: "",
    HALOPSA_CLIENT_SECRET: "",
    CLAUDE_PLUGIN_OPTION_BASE_URL: baseUrl,
    CLAUDE_PLUGIN_OPTION_CLIENT_ID: CLIENT_ID,
    CLAUDE_PLUGIN_OPTION_CLIENT_SECRET: SECRET,
  };
}

/** The settings a server gets: only these, so no developer's own settings leak into a run. */
function settingsFor(fake: FakeHalo, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    // No developer's own per-user settings file (~/.config/halopsa-mcp/.env) leaks into a run.
    XDG_CONFIG_HOME: "/nonexistent-halopsa-test-config",
    HALOPSA_BASE_URL: fake.url,
    HALOPSA_CLIENT_ID: CLIENT_ID,
    HALOPSA_CLIENT_SECRET: SECRET,
    HALOPSA_RETRY_BASE_MS: "50",
    HALOPSA_LOG_LEVEL: "debug",
    ...extra,
  };
  for (const [k, v] of Object.entries(env)) if (v === "") delete env[k];
  return env;
}

async function fakeFor(opts: E2EOptions): Promise<FakeHalo> {
  return (
    opts.fakeInstance ?? (await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET, ...opts.fake }))
  );
}

function harness(fake: FakeHalo, client: Client, stderr: () => string, close: () => Promise<void>): E2E {
  recordOutput(stderr);
  return {
    fake,
    client,
    stderr,
    async call(name, args = {}, callOpts = {}) {
      const raw = await client.callTool({ name, arguments: args }, undefined, {
        onprogress: callOpts.onprogress as never,
        timeout: callOpts.timeout ?? 60_000,
      });
      const content = (raw.content ?? []) as Array<{ type: string; text?: string }>;
      const text = content
        .filter((c) => c.type === "text")
        .map((c) => c.text ?? "")
        .join("\n");
      recordOutput(() => text);
      if (raw.isError !== true) expectDeclaredOutput(name, raw.structuredContent);
      return {
        isError: raw.isError === true,
        text,
        data: raw.structuredContent as Record<string, unknown> | undefined,
        raw,
      };
    },
    close,
  };
}

/** The built bundle as a child process over stdio (see the header for when). */
export async function startStdioE2E(opts: E2EOptions = {}): Promise<E2E> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  const fake = await fakeFor(opts);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE],
    env: settingsFor(fake, opts.env),
    stderr: "pipe",
    cwd: opts.cwd ?? "/",
  });
  let err = "";
  transport.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(transport);
  return harness(
    fake,
    client,
    () => err,
    async () => {
      await client.close().catch(() => undefined);
      if (!opts.fakeInstance) await fake.close();
    },
  );
}

// ---------------------------------------------------------------------------
// In-process: what a separate process would keep apart, kept apart here.
//
// - Settings reach the server as an object (configure(env)), never through
//   process.env. The few values the tools read from the process itself
//   (PROCESS_KEYS, and the working folder for upload checks; "/" unless
//   given) are set for the server's lifetime and restored after the last
//   one closes. Two servers alive at once that both name them must agree,
//   or the second start fails saying so; a server that names none runs in
//   what the live ones set.
// - The logger writes "[halopsa] level: …" lines to process.stderr. Each
//   server's requests run in an AsyncLocalStorage scope, so a line logged
//   while serving it (however deep the async chain) is kept by that server
//   only; a line logged outside any request goes to every live server. The
//   log threshold is process-wide: it is the lowest any live server asked
//   for, and each server keeps only the lines at or above its own level.
// - Test files run in separate processes (vitest pool "forks"), so nothing
//   here outlives a file.
// ---------------------------------------------------------------------------

/** What src/ reads from the process rather than from its configuration (upload roots, home, state folder). */
const PROCESS_KEYS = ["HOME", "XDG_STATE_HOME", "HALOPSA_UPLOAD_DIRS"] as const;

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

interface Live {
  level: LogLevel;
  lines: string[];
  cwd: string;
  process: Record<string, string | undefined>;
  /** Whether the test named the working folder or a PROCESS_KEYS setting. */
  explicit: boolean;
}

const scope = new AsyncLocalStorage<Live>();
const live = new Set<Live>();
let saved: { cwd: string; env: Record<string, string | undefined> } | undefined;
let realWrite: typeof process.stderr.write | undefined;

function keep(server: Live, text: string): void {
  const level = /^\[halopsa\] (\w+):/.exec(text)?.[1] as LogLevel | undefined;
  if (level && LEVELS[level] !== undefined && LEVELS[level] < LEVELS[server.level]) return;
  server.lines.push(text);
}

/** Log lines go to their server's capture instead of the test run's stderr. */
function captureStderr(): void {
  if (realWrite) return;
  const write = process.stderr.write.bind(process.stderr);
  realWrite = write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    if (!text.startsWith("[halopsa] ") || live.size === 0) return write(chunk, ...(rest as []));
    const owner = scope.getStore();
    if (owner && live.has(owner)) keep(owner, text);
    else for (const server of live) keep(server, text);
    const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stderr.write;
}

function applyProcessSettings(server: Live): void {
  const explicit = [...live].filter((s) => s.explicit);
  if (server.explicit)
    for (const other of explicit) {
      const clash = PROCESS_KEYS.find((k) => other.process[k] !== server.process[k]);
      if (other.cwd !== server.cwd || clash)
        throw new Error(
          `an in-process server is already running with another ${clash ?? "working folder"}: close it first, or use startStdioE2E`,
        );
    }
  // A server that names no folder or process setting runs in whatever the live ones set.
  if (live.size > 0 && (!server.explicit || explicit.length > 0)) return;
  saved ??= {
    cwd: process.cwd(),
    env: Object.fromEntries(PROCESS_KEYS.map((k) => [k, process.env[k]])),
  };
  for (const k of PROCESS_KEYS) {
    const v = server.process[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.chdir(server.cwd);
}

function restoreProcessSettings(): void {
  if (live.size > 0 || !saved) return;
  process.chdir(saved.cwd);
  for (const [k, v] of Object.entries(saved.env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  saved = undefined;
}

function lowestLevel(): LogLevel {
  let lowest: LogLevel = "silent";
  for (const s of live) if (LEVELS[s.level] < LEVELS[lowest]) lowest = s.level;
  return lowest;
}

/** The server from source, in this process, over an in-memory link (the default harness). */
export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  const fake = await fakeFor(opts);
  const env = settingsFor(fake, opts.env);
  const config = await configure(env);
  // What serve() refuses before connecting; a real process exits, here the start fails.
  const empty = noToolProblem(config.settings);
  if (empty) {
    if (!opts.fakeInstance) await fake.close();
    throw new Error(`halopsa-mcp: not starting: ${empty}`);
  }
  const server: Live = {
    level: config.settings.logLevel,
    lines: [],
    cwd: opts.cwd ?? "/",
    process: Object.fromEntries(PROCESS_KEYS.map((k) => [k, env[k]])),
    explicit: opts.cwd !== undefined || PROCESS_KEYS.some((k) => opts.env?.[k] !== undefined),
  };
  try {
    applyProcessSettings(server);
  } catch (err) {
    if (!opts.fakeInstance) await fake.close();
    throw err;
  }
  captureStderr();
  live.add(server);
  setLogLevel(lowestLevel());
  // The lines serve() logs before connecting (src/cli/serve.ts).
  scope.run(server, () => {
    for (const warning of config.warnings) log.warn(warning);
    const missing = notConfiguredLine(config);
    if (missing) log.warn(missing);
  });

  const mcp = createServer({ config, version: VERSION });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mcp.server.connect(serverSide);
  const handle = serverSide.onmessage;
  serverSide.onmessage = (message, extra) => scope.run(server, () => handle?.(message, extra));
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(clientSide);
  scope.run(server, () => log.info(readyLine(config)));

  let closed = false;
  return harness(
    fake,
    client,
    () => server.lines.join(""),
    async () => {
      if (closed) return;
      closed = true;
      await client.close().catch(() => undefined);
      await mcp.close().catch(() => undefined);
      if (!opts.fakeInstance) await fake.close();
      live.delete(server);
      if (live.size > 0) setLogLevel(lowestLevel());
      restoreProcessSettings();
    },
  );
}

/** Every output of every server in this test file, for secret checks. */
const outputs: Array<() => string> = [];
function recordOutput(get: () => string) {
  outputs.push(get);
}
export function allRecordedOutput(): string {
  return outputs.map((f) => f()).join("\n");
}

/**
 * One in-process server for the enclosing file or describe: started in
 * beforeAll (with the options `opts` returns then), closed in afterAll. The
 * returned object stands for it once started.
 */
export function useE2E(opts: () => E2EOptions = () => ({})): E2E {
  let server: E2E | undefined;
  beforeAll(async () => {
    server = await startE2E(opts());
  });
  afterAll(async () => {
    await server?.close();
  });
  return new Proxy({} as E2E, {
    get(_target, prop) {
      if (!server) throw new Error("the server starts in beforeAll: use it inside a test or hook");
      const value = Reflect.get(server, prop);
      return typeof value === "function" ? value.bind(server) : value;
    },
  });
}
