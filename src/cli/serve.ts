/**
 * Runs the stdio server until the client goes away. stdout belongs to the
 * JSON-RPC transport; everything else goes to stderr via the logger.
 */
import type { ConfigResult } from "../config/config.js";
import type { Halo } from "../halo/index.js";
import { createServer } from "../server/server.js";
import { HaloStdioTransport } from "../server/stdio.js";
import { log, setLogLevel } from "../util/log.js";
import { VERSION } from "../version.js";
import { noToolProblem } from "./doctor.js";

export async function serve(
  config: ConfigResult,
  opts: { halo?: Halo; onClose?: () => Promise<void> } = {},
): Promise<void> {
  setLogLevel(config.settings.logLevel);
  for (const warning of config.warnings) log.warn(warning);
  // Settings that leave no tool are refused: a server that connects and lists
  // nothing looks healthy in `claude mcp list` and helps nobody.
  const empty = noToolProblem(config.settings);
  if (empty) {
    process.stderr.write(`halopsa-mcp: not starting: ${empty}\n`);
    await opts.onClose?.().catch(() => undefined);
    process.exitCode = 1;
    return;
  }
  const missing = notConfiguredLine(config);
  if (missing) log.warn(missing);
  const mcp = createServer({ config, version: VERSION, halo: opts.halo });
  // Ours, not the SDK's: an oversized message is answered and skipped instead of closing stdio.
  const transport = new HaloStdioTransport();

  let closing = false;
  const shutdown = async (why: string, code = 0) => {
    if (closing) return;
    closing = true;
    log.debug(`shutting down (${why})`);
    // Never let a slow close keep the process alive after the client left.
    const force = setTimeout(() => process.exit(code), 2_000);
    force.unref();
    await mcp.close().catch(() => undefined);
    await opts.onClose?.().catch(() => undefined);
    process.exit(code);
  };

  process.stdin.on("end", () => void shutdown("stdin closed"));
  process.stdin.on("close", () => void shutdown("stdin closed"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGHUP", () => void shutdown("SIGHUP"));
  // A stray async failure is logged, never a crash: the other tools keep working.
  process.on("unhandledRejection", (reason) => log.error(`unhandled rejection: ${String(reason)}`));
  process.on("uncaughtException", (err) => log.error(`uncaught exception: ${err.stack ?? err.message}`));
  transport.onclose = () => void shutdown("transport closed");

  await mcp.server.connect(transport);
  log.info(readyLine(config));
}

// The start-up lines as functions: the in-process test harness (test/helpers/e2e.ts)
// logs the same lines, so a tool test reads the log a real process writes.

/** Unconfigured: what is missing, said once at start (every tool answers with it too). */
export function notConfiguredLine(config: ConfigResult): string | undefined {
  return config.ok
    ? undefined
    : `not configured: ${config.problems.join(" ")} Every tool will answer with this.`;
}

/** What the server received (never the secret), so a client's server log shows a broken or missing setting at once. */
export function readyLine(config: ConfigResult): string {
  const s = config.settings;
  const c = config.ok ? config.config : undefined;
  const target = c
    ? `${c.baseUrl}, ${c.grant === "authorization_code" ? `signed in as ${c.signIn?.agent}` : `client ID ${c.clientId}, secret set`}, tenant ${c.tenant ?? "none"}`
    : "not configured";
  return `halopsa-mcp ${VERSION} ready: ${target}; toolsets ${s.toolsets.join(",")}${s.readOnly ? "; read-only" : ""}${s.allowRawApi ? "; raw API on" : ""}`;
}
