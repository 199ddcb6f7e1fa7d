/**
 * The one logger. stdout carries JSON-RPC, so every log line goes to stderr,
 * and every line passes through `redact` so a secret registered once can never
 * be printed, whatever code path produced the message.
 */

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const secrets = new Set<string>();
let threshold: LogLevel = "info";
let sink: ((level: LogLevel, message: string) => void) | undefined;

/** Remember a value (client secret, access token) that must never be printed. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

/** True when the text holds a registered secret (an upload carrying this server's own credentials). */
export function containsSecret(text: string): boolean {
  for (const s of secrets) if (text.includes(s)) return true;
  return false;
}

const bearer = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const tokenField = /("?(?:access_token|client_secret|refresh_token)"?\s*[:=]\s*"?)[^"&\s,}]{4,}/gi;

/** Remove every registered secret and anything shaped like a credential. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[redacted]");
  return out.replace(bearer, "$1[redacted]").replace(tokenField, "$1[redacted]");
}

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Optional second destination (MCP logging notifications); still redacted. */
export function setLogSink(fn: typeof sink): void {
  sink = fn;
}

function write(level: LogLevel, message: string): void {
  if (order[level] < order[threshold]) return;
  const line = redact(message);
  process.stderr.write(`[halopsa] ${level}: ${line}\n`);
  try {
    sink?.(level, line);
  } catch {
    // a broken sink must never take the server down
  }
}

export const log = {
  debug: (m: string) => write("debug", m),
  info: (m: string) => write("info", m),
  warn: (m: string) => write("warn", m),
  error: (m: string) => write("error", m),
};
