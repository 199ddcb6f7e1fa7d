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

/**
 * Credential shapes removed wherever they appear (logs, errors, and every
 * tool result: a secret pasted into a ticket must not reach the model). Each
 * pattern is linear: bounded or unambiguous quantifiers only.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, "$1[redacted]"],
  [
    /("?(?:access_token|client_secret|refresh_token|id_token|aws_secret_access_key|secretaccesskey)"?\s*[:=]\s*"?)[^"&\s,}]{4,}/gi,
    "$1[redacted]",
  ],
  // A whole private-key block, or (END missing or far away) the key material after its header.
  [
    /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,10000}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
    "[redacted private key]",
  ],
  [/(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)[A-Za-z0-9+/=\s\\]{16,}/g, "$1[redacted]"],
  // JWTs (Halo's access tokens are JWTs) and well-known platform tokens.
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, "[redacted]"],
  [
    /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20})/g,
    "[redacted]",
  ],
];

/** Remove every registered secret and anything shaped like a credential. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[redacted]");
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** `redact` applied to every string of a JSON value (a tool result's structuredContent). */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Optional second destination (MCP logging notifications); still redacted. */
export function setLogSink(fn: typeof sink): void {
  sink = fn;
}

/**
 * A message as one log entry: control characters other than line breaks
 * (terminal escapes such as ESC[2J in an HTML error page Halo or a proxy
 * sent) become visible \uXXXX, and a line break is followed by an indent, so
 * text from outside can neither drive the terminal showing stderr nor start
 * a line of its own that reads as "[halopsa] error: …".
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is neutralised
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function logLine(message: string): string {
  return message
    .replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/\r\n?|\n|\u2028|\u2029/g, "\n    ");
}

function write(level: LogLevel, message: string): void {
  if (order[level] < order[threshold]) return;
  const line = logLine(redact(message));
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
