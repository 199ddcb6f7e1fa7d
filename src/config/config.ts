/**
 * Configuration from the environment (and a .env file, where a real
 * environment variable wins). Every problem names the variable and the fix.
 * Missing credentials are not fatal: the server still starts and lists its
 * tools, and each call answers with the configuration problem.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { parseRateLimit, type RateLimit } from "../halo/rate-limiter.js";
import type { LogLevel } from "../util/log.js";
import { TOOLSET_NAMES, type Toolset } from "./toolsets.js";

export interface Settings {
  readOnly: boolean;
  toolsets: Toolset[];
  logLevel: LogLevel;
  allowRawApi: boolean;
}

export interface HaloConfig extends Settings {
  clientId: string;
  clientSecret: string;
  /** Origin plus any path prefix, without /api, /auth or a trailing slash. */
  baseUrl: string;
  apiUrl: string;
  /** Explicit auth server; when unset it is discovered via /api/authinfo. */
  authUrl?: string;
  tenant?: string;
  scope: string;
  timeoutMs: number;
  rateLimit: RateLimit;
  retryBudgetMs: number;
  retryBaseMs: number;
}

export type ConfigResult =
  | { ok: true; config: HaloConfig; settings: Settings }
  | { ok: false; problems: string[]; settings: Settings };

type Env = Record<string, string | undefined>;

/** Claude Code's userConfig reaches us as CLAUDE_PLUGIN_OPTION_<KEY>; HALOPSA_* wins. */
const pluginOption: Record<string, string> = {
  HALOPSA_CLIENT_ID: "CLAUDE_PLUGIN_OPTION_CLIENT_ID",
  HALOPSA_CLIENT_SECRET: "CLAUDE_PLUGIN_OPTION_CLIENT_SECRET",
  HALOPSA_BASE_URL: "CLAUDE_PLUGIN_OPTION_BASE_URL",
  HALOPSA_TENANT: "CLAUDE_PLUGIN_OPTION_TENANT",
};

function read(env: Env, name: string): string | undefined {
  for (const key of [name, pluginOption[name]]) {
    if (!key) continue;
    const raw = env[key]?.trim();
    // An unexpanded "${VAR}" means the launcher had nothing to substitute.
    if (raw && !/^\$\{[^}]*\}$/.test(raw)) return raw;
  }
  return undefined;
}

const truthy = new Set(["1", "true", "yes", "on"]);
const falsy = new Set(["0", "false", "no", "off", ""]);

function bool(env: Env, name: string, problems: string[]): boolean {
  const v = read(env, name)?.toLowerCase();
  if (v === undefined || falsy.has(v)) return false;
  if (truthy.has(v)) return true;
  problems.push(`${name}="${v}" is not a boolean: set it to true or false.`);
  return false;
}

const loopback = (host: string) =>
  host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Accepts a base URL pasted with or without /api, /auth or a trailing slash. */
export function normaliseBaseUrl(
  input: string,
  name = "HALOPSA_BASE_URL",
): { url?: string; problem?: string } {
  let text = input.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return {
      problem: `${name}="${input}" is not a URL: set it to your Halo address, e.g. https://yourcompany.halopsa.com`,
    };
  }
  if (
    !u.hostname ||
    !/^[a-z0-9.[\]:-]+$/i.test(u.hostname) ||
    (!u.hostname.includes(".") && !loopback(u.hostname))
  ) {
    return { problem: `${name}="${input}" has no valid host name: use e.g. https://yourcompany.halopsa.com` };
  }
  if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback(u.hostname))) {
    return {
      problem: `${name} must use https:// (plain http is only allowed for localhost/127.0.0.1): change "${input}" to https://${u.host}${u.pathname === "/" ? "" : u.pathname}`,
    };
  }
  const path = u.pathname
    .replace(/\/+$/, "")
    .replace(/\/(api|auth)(\/.*)?$/i, "")
    .replace(/\/+$/, "");
  return { url: `${u.protocol}//${u.host}${path}` };
}

const logLevels = ["debug", "info", "warn", "error", "silent"] as const;

function settingsFrom(env: Env, problems: string[]): Settings {
  const readOnly = bool(env, "HALOPSA_READ_ONLY", problems);
  const allowRawApi = bool(env, "HALOPSA_ALLOW_RAW_API", problems);
  const levelText = (read(env, "HALOPSA_LOG_LEVEL") ?? "info").toLowerCase();
  const level = z.enum(logLevels).safeParse(levelText);
  if (!level.success)
    problems.push(`HALOPSA_LOG_LEVEL="${levelText}" is not one of ${logLevels.join(", ")}.`);

  const toolsetText = read(env, "HALOPSA_TOOLSETS") ?? "all";
  const wanted = toolsetText
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  let toolsets: Toolset[] = [];
  if (wanted.includes("all")) toolsets = [...TOOLSET_NAMES];
  else {
    for (const name of wanted) {
      if ((TOOLSET_NAMES as string[]).includes(name)) toolsets.push(name as Toolset);
      else
        problems.push(
          `HALOPSA_TOOLSETS names an unknown toolset "${name}": use all or any of ${TOOLSET_NAMES.join(", ")}.`,
        );
    }
    if (toolsets.length === 0) toolsets = [...TOOLSET_NAMES];
  }
  return { readOnly, allowRawApi, toolsets, logLevel: level.success ? level.data : "info" };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * `max` keeps values sane: Node timers turn anything above 2^31-1 ms into 1 ms,
 * so a huge timeout would fail every request at once rather than never.
 */
function positiveInt(env: Env, name: string, fallback: number, max: number, problems: string[]): number {
  const v = read(env, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    problems.push(`${name}="${v}" must be a positive whole number of milliseconds (default ${fallback}).`);
    return fallback;
  }
  if (n > max) {
    problems.push(`${name}="${v}" is too large: use 1 to ${max} milliseconds (default ${fallback}).`);
    return fallback;
  }
  return n;
}

/**
 * Loads a .env file into `env` without overriding variables that are set. A
 * blank or unexpanded "${VAR:-}" value counts as unset: the plugin's .mcp.json
 * passes every HALOPSA_* variable that way, so .env must still fill them.
 */
export async function loadDotenv(env: Env, path = resolve(process.cwd(), ".env")): Promise<void> {
  if (!existsSync(path)) return;
  const dotenv = await import("dotenv");
  // parse, not config: config merges options from DOTENV_CONFIG_* variables (DEBUG prints to
  // stdout, which is the protocol; PATH, OVERRIDE change what is loaded), and parse only reads.
  const parsed = dotenv.parse(readFileSync(path, "utf8"));
  for (const [key, value] of Object.entries(parsed)) {
    const current = env[key]?.trim();
    if (!current || /^\$\{[^}]*\}$/.test(current)) env[key] = value;
  }
}

export function loadConfig(env: Env): ConfigResult {
  const problems: string[] = [];
  const settings = settingsFrom(env, problems);

  const clientId = read(env, "HALOPSA_CLIENT_ID");
  const clientSecret = read(env, "HALOPSA_CLIENT_SECRET");
  const base = read(env, "HALOPSA_BASE_URL");
  const missing = [
    base ? undefined : "HALOPSA_BASE_URL (your Halo address, e.g. https://yourcompany.halopsa.com)",
    clientId ? undefined : "HALOPSA_CLIENT_ID",
    clientSecret ? undefined : "HALOPSA_CLIENT_SECRET",
  ].filter(Boolean);
  if (missing.length > 0) {
    problems.push(
      `Missing ${missing.join(", ")}. Create an API application in Halo (Configuration > Integrations > HaloPSA API, authentication "Client ID and Secret", login type Agent) and set these variables in the environment or a .env file.`,
    );
  }

  let baseUrl: string | undefined;
  if (base) {
    const r = normaliseBaseUrl(base);
    if (r.problem) problems.push(r.problem);
    baseUrl = r.url;
  }
  let authUrl: string | undefined;
  let tenantFromAuthUrl: string | undefined;
  const authText = read(env, "HALOPSA_AUTH_URL");
  if (authText) {
    // The auth server is used as given (it is the token endpoint's parent), only
    // a pasted "/token", trailing slash or query is dropped; host and scheme are checked like the base URL.
    const r = normaliseBaseUrl(authText, "HALOPSA_AUTH_URL");
    if (r.problem) problems.push(r.problem);
    else {
      const t = authText.trim();
      const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`);
      // A token URL copied from Halo's API page carries "?tenant=NAME": keep the tenant, not the query
      // (the token URL is built as {auth}/token?tenant=…, so a kept query would corrupt it).
      tenantFromAuthUrl = u.searchParams.get("tenant")?.trim() || undefined;
      const path = u.pathname.replace(/\/+$/, "").replace(/\/token$/i, "");
      authUrl = `${u.protocol}//${u.host}${path}`;
    }
  }

  let rateLimit: RateLimit = { max: 300, windowMs: 300_000 };
  const rateText = read(env, "HALOPSA_RATE_LIMIT");
  if (rateText) {
    const parsed = parseRateLimit(rateText);
    if (parsed && parsed.windowMs > DAY)
      problems.push(
        `HALOPSA_RATE_LIMIT="${rateText}" has a window longer than a day: use requests/window with a window up to 24h, e.g. 300/300s.`,
      );
    else if (parsed) rateLimit = parsed;
    else
      problems.push(
        `HALOPSA_RATE_LIMIT="${rateText}" is not understood: use requests/window, e.g. 300/300s or 100/60s.`,
      );
  }

  const timeoutMs = positiveInt(env, "HALOPSA_TIMEOUT_MS", 30_000, 10 * MINUTE, problems);
  const retryBudgetMs = positiveInt(env, "HALOPSA_RETRY_BUDGET_MS", 30_000, 60 * MINUTE, problems);
  const retryBaseMs = positiveInt(env, "HALOPSA_RETRY_BASE_MS", 500, MINUTE, problems);
  const scope = read(env, "HALOPSA_SCOPE") ?? "all";
  const tenant = read(env, "HALOPSA_TENANT") ?? tenantFromAuthUrl;

  if (problems.length > 0 || !baseUrl || !clientId || !clientSecret) return { ok: false, problems, settings };
  return {
    ok: true,
    settings,
    config: {
      ...settings,
      clientId,
      clientSecret,
      baseUrl,
      apiUrl: `${baseUrl}/api`,
      authUrl,
      tenant,
      scope,
      timeoutMs,
      rateLimit,
      retryBudgetMs,
      retryBaseMs,
    },
  };
}
