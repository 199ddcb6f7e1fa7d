/**
 * Configuration from three sources, first non-blank value wins: a real
 * environment variable, the plugin's settings (CLAUDE_PLUGIN_OPTION_*), the
 * user-level env file (env-file.ts). The working folder is never read. Every
 * problem names the variable and the fix, and never echoes a secret or a
 * URL's user-info. Missing credentials are not fatal: the server still starts
 * and lists its tools, and each call answers with the configuration problem.
 */
import { z } from "zod";
import { type LogLevel, redact, registerSecret } from "../util/log.js";
import { type EnvFile, envFileLocation, readEnvFile, userStateDir } from "./env-file.js";
import { parseRateLimit, type RateLimit } from "./rate-limit.js";
import { readSignIn, type StoredSignIn, signInFile } from "./sign-in-store.js";
import { DEFAULT_TOOLSETS, TOOLSET_NAMES, type Toolset } from "./toolsets.js";

export interface Settings {
  readOnly: boolean;
  toolsets: Toolset[];
  logLevel: LogLevel;
  allowRawApi: boolean;
  /** run_sql and sql_tables (reports toolset): read-only SQL through Halo's reporting API. */
  allowSql?: boolean;
  /** When the person confirms writes in the client (HALOPSA_CONFIRM); absent means "always". */
  confirm?: ConfirmPolicy;
}

/** always: every write; destructive: deletes and customer emails; never: no form (dry_run only). */
export const CONFIRM_POLICIES = ["always", "destructive", "never"] as const;
export type ConfirmPolicy = (typeof CONFIRM_POLICIES)[number];

export interface HaloConfig extends Settings {
  clientId: string;
  clientSecret: string;
  /** Origin plus any path prefix, without /api, /auth or a trailing slash. */
  baseUrl: string;
  apiUrl: string;
  /** Explicit auth server; when unset it is discovered via /api/authinfo. */
  authUrl?: string;
  /** Where HALOPSA_AUTH_URL came from: only a real environment variable may name a token host off the Halo domain. */
  authUrlSource?: SettingSource;
  tenant?: string;
  scope: string;
  /**
   * How tokens are got: "client_credentials" (the API application's own
   * agent: service use) or "authorization_code" (a person signed in with
   * `halopsa-mcp login`; refreshed with their refresh token). Absent: client credentials.
   */
  grant?: "client_credentials" | "authorization_code";
  /** The stored sign-in (grant authorization_code): its file, application and who signed in ("Name #id"). */
  signIn?: { file: string; clientId: string; agent: string };
  timeoutMs: number;
  rateLimit: RateLimit;
  /**
   * Whose requests the rate window counts: "machine" (every process of this
   * user on this machine, through a file in `stateDir`) or "process".
   */
  rateShare?: "machine" | "process";
  /** The per-user state folder (env-file.ts userStateDir) holding the shared rate window. */
  stateDir?: string;
  retryBudgetMs: number;
  retryBaseMs: number;
  /** Largest response body read (HALOPSA_MAX_RESPONSE_MB); a larger one is a permanent error. */
  maxResponseBytes: number;
  /** Where each setting came from (whoami shows it). */
  sources?: SettingSources;
}

/** Where a setting's value came from. */
export type SettingSource =
  | { kind: "env" }
  | { kind: "plugin"; variable: string }
  | { kind: "file"; path: string }
  | { kind: "default" };

/** Every HALOPSA_* setting the server reads, in the order reports list them. */
export const SETTING_NAMES = [
  "HALOPSA_BASE_URL",
  "HALOPSA_CLIENT_ID",
  "HALOPSA_CLIENT_SECRET",
  "HALOPSA_TENANT",
  "HALOPSA_AUTH_URL",
  "HALOPSA_SCOPE",
  "HALOPSA_TIMEOUT_MS",
  "HALOPSA_RATE_LIMIT",
  "HALOPSA_RATE_SHARE",
  "HALOPSA_RETRY_BUDGET_MS",
  "HALOPSA_RETRY_BASE_MS",
  "HALOPSA_MAX_RESPONSE_MB",
  "HALOPSA_READ_ONLY",
  "HALOPSA_CONFIRM",
  "HALOPSA_TOOLSETS",
  "HALOPSA_ALLOW_RAW_API",
  "HALOPSA_ALLOW_SQL",
  "HALOPSA_LOG_LEVEL",
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

export type SettingSources = Record<SettingName, SettingSource>;

/** Where the configuration came from: per setting, and the env file consulted (if any). */
export interface ConfigOrigin {
  sources: SettingSources;
  envFile?: { path: string; used: boolean };
  /** Non-fatal notes for stderr (keys ignored in the env file). */
  warnings: string[];
}

export type ConfigResult =
  | ({ ok: true; config: HaloConfig; settings: Settings } & ConfigOrigin)
  | ({ ok: false; problems: string[]; settings: Settings } & ConfigOrigin);

type Env = Record<string, string | undefined>;

/** Claude Code's userConfig reaches us as CLAUDE_PLUGIN_OPTION_<KEY>; a real HALOPSA_* variable wins. */
const pluginOption: Record<string, string> = {
  HALOPSA_CLIENT_ID: "CLAUDE_PLUGIN_OPTION_CLIENT_ID",
  HALOPSA_CLIENT_SECRET: "CLAUDE_PLUGIN_OPTION_CLIENT_SECRET",
  HALOPSA_BASE_URL: "CLAUDE_PLUGIN_OPTION_BASE_URL",
  HALOPSA_TENANT: "CLAUDE_PLUGIN_OPTION_TENANT",
};

/** Blank, or an unexpanded "${VAR}" (the launcher had nothing to substitute), counts as unset. */
function given(value: string | undefined): string | undefined {
  const raw = value?.trim();
  return raw && !/^\$\{[^}]*\}$/.test(raw) ? raw : undefined;
}

/** Reads settings from the sources in order and remembers where each came from. */
class Sources {
  readonly sources = Object.fromEntries(
    SETTING_NAMES.map((n) => [n, { kind: "default" } as SettingSource]),
  ) as SettingSources;

  constructor(
    private readonly env: Env,
    private readonly file?: EnvFile,
  ) {}

  read(name: SettingName): string | undefined {
    const fromEnv = given(this.env[name]);
    if (fromEnv !== undefined) {
      this.sources[name] = { kind: "env" };
      return fromEnv;
    }
    const option = pluginOption[name];
    const fromPlugin = option ? given(this.env[option]) : undefined;
    if (option && fromPlugin !== undefined) {
      this.sources[name] = { kind: "plugin", variable: option };
      return fromPlugin;
    }
    const fromFile = this.file ? given(this.file.values[name]) : undefined;
    if (this.file && fromFile !== undefined) {
      this.sources[name] = { kind: "file", path: this.file.path };
      return fromFile;
    }
    return undefined;
  }
}

/** A source in words, for whoami and doctor. */
export function describeSource(source: SettingSource): string {
  switch (source.kind) {
    case "env":
      return "environment";
    case "plugin":
      return `plugin settings (${source.variable})`;
    case "file":
      return `env file ${source.path}`;
    default:
      return "default";
  }
}

/**
 * A value as it may be echoed in a message: user-info (user:password@) cut
 * from anything URL-shaped, and any registered secret redacted.
 */
export function shownValue(text: string): string {
  // Userinfo cannot hold "/", so everything up to the last "@" before the first "/" is userinfo.
  return redact(text.replace(/^(\s*(?:[a-z][a-z0-9+.-]*:\/\/)?)[^/?#\s]*@/i, "$1"));
}

const truthy = new Set(["1", "true", "yes", "on"]);
const falsy = new Set(["0", "false", "no", "off", ""]);

function bool(src: Sources, name: SettingName, problems: string[]): boolean {
  const v = src.read(name)?.toLowerCase();
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
  const shown = shownValue(input);
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return {
      problem: `${name}="${shown}" is not a URL: set it to your Halo address, e.g. https://yourcompany.halopsa.com`,
    };
  }
  if (u.username || u.password) {
    // Credentials in a URL would be echoed in messages and sent to whoever the URL names: refused.
    return {
      problem: `${name}="${shown}" contains a user name or password before the host: remove it (the API application's client ID and secret go in HALOPSA_CLIENT_ID and HALOPSA_CLIENT_SECRET).`,
    };
  }
  if (
    !u.hostname ||
    !/^[a-z0-9.[\]:-]+$/i.test(u.hostname) ||
    (!u.hostname.includes(".") && !loopback(u.hostname))
  ) {
    return { problem: `${name}="${shown}" has no valid host name: use e.g. https://yourcompany.halopsa.com` };
  }
  if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback(u.hostname))) {
    return {
      problem: `${name} must use https:// (plain http is only allowed for localhost/127.0.0.1): change "${shown}" to https://${u.host}${u.pathname === "/" ? "" : u.pathname}`,
    };
  }
  const path = u.pathname
    .replace(/\/+$/, "")
    .replace(/\/(api|auth)(\/.*)?$/i, "")
    .replace(/\/+$/, "");
  return { url: `${u.protocol}//${u.host}${path}` };
}

const logLevels = ["debug", "info", "warn", "error", "silent"] as const;

function settingsFrom(src: Sources, problems: string[]): Settings {
  const readOnly = bool(src, "HALOPSA_READ_ONLY", problems);
  const allowRawApi = bool(src, "HALOPSA_ALLOW_RAW_API", problems);
  const allowSql = bool(src, "HALOPSA_ALLOW_SQL", problems);
  const levelText = (src.read("HALOPSA_LOG_LEVEL") ?? "info").toLowerCase();
  const level = z.enum(logLevels).safeParse(levelText);
  if (!level.success)
    problems.push(`HALOPSA_LOG_LEVEL="${levelText}" is not one of ${logLevels.join(", ")}.`);

  const toolsetText = src.read("HALOPSA_TOOLSETS") ?? "default";
  const wanted = toolsetText
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  let toolsets: Toolset[] = [];
  if (wanted.includes("all")) toolsets = [...TOOLSET_NAMES];
  else {
    for (const name of wanted) {
      if (name === "default") {
        toolsets.push(...DEFAULT_TOOLSETS.filter((t) => !toolsets.includes(t)));
        continue;
      }
      if ((TOOLSET_NAMES as string[]).includes(name)) toolsets.push(name as Toolset);
      else
        problems.push(
          `HALOPSA_TOOLSETS names an unknown toolset "${name}": use all, default or any of ${TOOLSET_NAMES.join(", ")}.`,
        );
    }
    if (toolsets.length === 0) toolsets = [...DEFAULT_TOOLSETS];
  }
  const confirmText = (src.read("HALOPSA_CONFIRM") ?? "always").toLowerCase();
  const confirm = z.enum(CONFIRM_POLICIES).safeParse(confirmText);
  if (!confirm.success)
    problems.push(`HALOPSA_CONFIRM="${confirmText}" is not one of ${CONFIRM_POLICIES.join(", ")}.`);
  return {
    readOnly,
    allowRawApi,
    allowSql,
    toolsets,
    logLevel: level.success ? level.data : "info",
    confirm: confirm.success ? confirm.data : "always",
  };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * `max` keeps values sane: Node timers turn anything above 2^31-1 ms into 1 ms,
 * so a huge timeout would fail every request at once rather than never.
 */
function positiveInt(
  src: Sources,
  name: SettingName,
  fallback: number,
  max: number,
  problems: string[],
  unit = "milliseconds",
): number {
  const v = src.read(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    problems.push(`${name}="${v}" must be a positive whole number of ${unit} (default ${fallback}).`);
    return fallback;
  }
  if (n > max) {
    problems.push(`${name}="${v}" is too large: use 1 to ${max} ${unit} (default ${fallback}).`);
    return fallback;
  }
  return n;
}

/**
 * The configuration from the environment and the env file (readEnvFile):
 * never throws; problems name the variable and the fix.
 */
export interface LoadOptions {
  /** The stored sign-in for a Halo tenant, if any (configure passes sign-in-store's reader). */
  signIn?: (baseUrl: string, tenant: string | undefined) => { file: string; data: StoredSignIn } | undefined;
  /** For `halopsa-mcp login`: the client secret is not needed. */
  forLogin?: boolean;
}

export function loadConfig(env: Env, file?: EnvFile, opts: LoadOptions = {}): ConfigResult {
  // Before anything is parsed: a secret pasted into the wrong variable must not come back in a problem.
  for (const value of [
    env.HALOPSA_CLIENT_SECRET,
    env.CLAUDE_PLUGIN_OPTION_CLIENT_SECRET,
    file?.values.HALOPSA_CLIENT_SECRET,
  ])
    registerSecret(given(value));
  const src = new Sources(env, file);
  const problems: string[] = [];
  if (file?.problem) problems.push(file.problem);
  const settings = settingsFrom(src, problems);

  const clientId = src.read("HALOPSA_CLIENT_ID");
  const clientSecret = src.read("HALOPSA_CLIENT_SECRET");
  const base = src.read("HALOPSA_BASE_URL");
  let baseUrl: string | undefined;
  if (base) {
    const r = normaliseBaseUrl(base);
    if (r.problem) problems.push(r.problem);
    baseUrl = r.url;
  }
  let authUrl: string | undefined;
  let tenantFromAuthUrl: string | undefined;
  const authText = src.read("HALOPSA_AUTH_URL");
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
  const rateText = src.read("HALOPSA_RATE_LIMIT");
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

  // One budget for every process of this machine, except against a loopback Halo (the sandbox and
  // test fakes, whose ports are reused by unrelated instances) unless asked for explicitly.
  const shareText = src.read("HALOPSA_RATE_SHARE")?.toLowerCase();
  let rateShare: "machine" | "process" =
    baseUrl && loopback(new URL(baseUrl).hostname) ? "process" : "machine";
  if (shareText === "machine" || shareText === "process") rateShare = shareText;
  else if (shareText !== undefined)
    problems.push(`HALOPSA_RATE_SHARE="${shareText}" is not one of machine, process.`);

  // 20 s per attempt within a 45 s retry budget: a read whose first attempt hangs
  // is tried again and still answered inside a client's usual 45-60 s patience
  // (both were 30 s: one hung attempt used the whole budget and failed the call).
  const timeoutMs = positiveInt(src, "HALOPSA_TIMEOUT_MS", 20_000, 10 * MINUTE, problems);
  const retryBudgetMs = positiveInt(src, "HALOPSA_RETRY_BUDGET_MS", 45_000, 60 * MINUTE, problems);
  const retryBaseMs = positiveInt(src, "HALOPSA_RETRY_BASE_MS", 500, MINUTE, problems);
  const maxResponseMb = positiveInt(src, "HALOPSA_MAX_RESPONSE_MB", 16, 256, problems, "MiB");
  const scope = src.read("HALOPSA_SCOPE") ?? "all";
  const tenant = src.read("HALOPSA_TENANT") ?? tenantFromAuthUrl;

  // A person signed in (halopsa-mcp login) for this Halo: their sign-in replaces the client
  // credentials, and needs neither HALOPSA_CLIENT_SECRET nor (it remembers it) HALOPSA_CLIENT_ID.
  const found = baseUrl && opts.signIn ? opts.signIn(baseUrl, tenant) : undefined;
  const missing = [
    base ? undefined : "HALOPSA_BASE_URL (your Halo address, e.g. https://yourcompany.halopsa.com)",
    clientId || found ? undefined : "HALOPSA_CLIENT_ID",
    clientSecret || found || opts.forLogin ? undefined : "HALOPSA_CLIENT_SECRET",
  ].filter(Boolean);
  if (missing.length > 0) {
    problems.push(
      opts.forLogin
        ? `Missing ${missing.join(", ")}. Signing in needs your Halo address and the client ID of an API application with authentication "Authorisation Code (Native Application)" (Configuration > Integrations > HaloPSA API); set them in the environment or your settings file ${file?.path ?? envFileLocation(env).path}.`
        : `Missing ${missing.join(", ")}. Create an API application in Halo (Configuration > Integrations > HaloPSA API, authentication "Client ID and Secret", login type Agent) and set these variables in the environment, the plugin's settings or your settings file ${file?.path ?? envFileLocation(env).path}; or sign in as yourself with \`halopsa-mcp login\` (README: Sign in as yourself).`,
    );
  }

  const origin: ConfigOrigin = {
    sources: src.sources,
    envFile: file ? { path: file.path, used: !file.problem } : undefined,
    warnings: file?.warnings ?? [],
  };
  const appId = found?.data.clientId ?? clientId;
  if (problems.length > 0 || !baseUrl || !appId || (!clientSecret && !found && !opts.forLogin))
    return { ok: false, problems: problems.map(redact), settings, ...origin };
  return {
    ok: true,
    settings,
    ...origin,
    config: {
      ...settings,
      // Signed in: the sign-in's own application. A native application has no secret; a confidential
      // one (its secret configured beside the same client ID) wants it on every refresh, as at login.
      clientId: found ? appId : (clientId ?? appId),
      clientSecret: found ? (clientId === appId ? (clientSecret ?? "") : "") : (clientSecret ?? ""),
      grant: found ? "authorization_code" : "client_credentials",
      ...(found
        ? {
            signIn: {
              file: found.file,
              clientId: found.data.clientId,
              agent: `${found.data.agent.name} #${found.data.agent.id}`,
            },
          }
        : {}),
      baseUrl,
      apiUrl: `${baseUrl}/api`,
      authUrl,
      tenant,
      scope,
      timeoutMs,
      rateLimit,
      rateShare,
      stateDir: userStateDir(env),
      retryBudgetMs,
      retryBaseMs,
      maxResponseBytes: maxResponseMb * 1024 * 1024,
      authUrlSource: authUrl ? src.sources.HALOPSA_AUTH_URL : undefined,
      sources: src.sources,
    },
  };
}

/**
 * What the server and doctor run: the env file (--env-file, HALOPSA_ENV_FILE
 * or the per-user one), the stored sign-in for the configured Halo, then loadConfig.
 */
export async function configure(
  env: Env,
  opts: { envFile?: string; forLogin?: boolean } = {},
): Promise<ConfigResult> {
  return loadConfig(env, await readEnvFile(env, opts.envFile), {
    forLogin: opts.forLogin,
    signIn: opts.forLogin
      ? undefined
      : (baseUrl, tenant) => {
          const file = signInFile(env, baseUrl, tenant);
          const data = readSignIn(file);
          return data ? { file, data } : undefined;
        },
  });
}
