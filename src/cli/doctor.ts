/**
 * The setup check, in two front ends: `halopsa-mcp doctor` (a CLI command,
 * report on stdout) and the server's `check_setup` tool (`/halopsa:doctor` in
 * Claude Code), which runs the same checks on the settings the server itself
 * received — the only place that sees the values entered in the plugin's
 * settings. Checks: config → authinfo → token → /Agent/me → one read per
 * enabled toolset, pass/fail with the fix for each failure. Every line passes
 * through the redactor, and the client secret is registered with it first:
 * neither the secret nor a token can be printed.
 */
import {
  type ConfigResult,
  configure,
  describeSource,
  type HaloConfig,
  SETTING_NAMES,
  type Settings,
} from "../config/config.js";
import { envFileLocation } from "../config/env-file.js";
import type { Toolset } from "../config/toolsets.js";
import { HaloError, SETUP_CHECK } from "../halo/errors.js";
import type { Query } from "../halo/http.js";
import { createHalo, type Halo } from "../halo/index.js";
import { R, type ResourceSpec } from "../halo/resources.js";
import { findAuthUrl } from "../halo/token-cache.js";
import { createTransport } from "../halo/transport.js";
import { redact, registerSecret, setLogLevel } from "../util/log.js";
import { VERSION } from "../version.js";

type Env = Record<string, string | undefined>;
type Outcome = "pass" | "warn" | "fail" | "skip";

const mark: Record<Outcome, string> = { pass: "✔", warn: "!", fail: "✘", skip: "-" };

export interface Check {
  check: string;
  result: Outcome;
  detail: string;
  fix?: string;
}

class Report {
  readonly counts: Record<Outcome, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  readonly checks: Check[] = [];
  readonly notes: string[] = [];

  constructor(private readonly out: (line: string) => void) {}

  section(title: string): void {
    this.out(`\n${title}`);
  }

  line(outcome: Outcome, label: string, detail: string, fix?: string): void {
    this.counts[outcome]++;
    this.checks.push({
      check: label,
      result: outcome,
      detail: redact(detail),
      ...(fix ? { fix: redact(fix) } : {}),
    });
    this.out(`  ${mark[outcome]} ${label.padEnd(14)} ${detail}`);
    if (fix) this.out(`    ${" ".repeat(14)} Fix: ${fix}`);
  }

  note(text: string): void {
    this.notes.push(redact(text));
    this.out(`    ${text}`);
  }
}

/**
 * What doctor reads for each toolset, and how a 403 there is judged. `scope`
 * is the API application permission, where its name is known for certain.
 */
const probes: Partial<
  Record<
    Toolset,
    {
      spec: ResourceSpec;
      area: string;
      scope?: string;
      optional?: boolean;
      /** A list without paging (its documented parameters instead): how many rows it answered. */
      bare?: () => Query;
    }
  >
> = {
  tickets: { spec: R.tickets, area: "tickets", scope: "read:tickets" },
  clients: { spec: R.clients, area: "customers (clients, sites, users)", scope: "read:customers" },
  assets: { spec: R.assets, area: "assets", scope: "read:assets" },
  contracts: { spec: R.contracts, area: "contracts" },
  records: {
    spec: { path: "KBArticle", key: "articles", label: "KB article" },
    area: "the knowledge base",
    optional: true,
  },
  // The opt-in areas read other records: each is probed where its tools read, so a missing
  // permission shows here rather than on the first call.
  time: {
    spec: { path: "TimesheetEvent", key: "", label: "timesheet event" },
    area: "timesheets",
    // GET /TimesheetEvent documents no paging: today's events of the caller (agent_id is set below).
    bare: () => {
      const day = new Date().toISOString().slice(0, 10);
      return { start_date: day, end_date: day };
    },
  },
  billing: { spec: { path: "Invoice", key: "invoices", label: "invoice" }, area: "invoices" },
  reports: { spec: { path: "Report", key: "reports", label: "report" }, area: "reports" },
  kb: { spec: { path: "KBArticle", key: "articles", label: "KB article" }, area: "the knowledge base" },
};

function describe(err: unknown): { detail: string; fix?: string } {
  if (err instanceof HaloError) {
    // Hints written for the server end by pointing at this very check: pointless inside it.
    const fix = err.hint?.split(`; ${SETUP_CHECK}.`).join(".");
    return { detail: err.message, fix: fix?.trim() || undefined };
  }
  return { detail: err instanceof Error ? err.message : String(err) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Settings that leave the server no Halo tool at all: refused at start (with
 * this text) and failed by the setup check. Every toolset but `raw` has read
 * tools, so read-only mode cannot empty the list; only a `raw`-only list
 * without the raw API switch can.
 */
export function noToolProblem(settings: Settings): string | undefined {
  if (settings.toolsets.some((t) => t !== "raw") || settings.allowRawApi) return undefined;
  return "HALOPSA_TOOLSETS=raw leaves no tool: its only tool, api_request, also needs HALOPSA_ALLOW_RAW_API=true. Set HALOPSA_ALLOW_RAW_API=true, or name another toolset (e.g. HALOPSA_TOOLSETS=tickets,raw).";
}

export interface SetupReport {
  ok: boolean;
  summary: string;
  checks: Check[];
  notes: string[];
}

/** `halopsa-mcp doctor` (and `doctor --sandbox`, which passes the sandbox's configuration). */
export async function runDoctor(
  env: Env,
  write: (text: string) => void = (t) => process.stdout.write(t),
  opts: { envFile?: string; loaded?: ConfigResult; heading?: string } = {},
): Promise<number> {
  // Library logs (retries, debug) stay out of the report; it says everything itself.
  setLogLevel("silent");
  registerSecret(env.HALOPSA_CLIENT_SECRET);
  registerSecret(env.CLAUDE_PLUGIN_OPTION_CLIENT_SECRET);
  const loaded = opts.loaded ?? (await configure(env, opts));
  const report = await runSetupCheck(loaded, write, opts.heading, env);
  return report.ok ? 0 : 1;
}

/**
 * The checks themselves, on a configuration already loaded: the CLI's, or the
 * one the running server received (the check_setup tool). `write` receives
 * the printed report; the result is the same report, structured.
 */
export async function runSetupCheck(
  loaded: ConfigResult,
  write: (text: string) => void = () => undefined,
  heading?: string,
  env: Env = process.env,
): Promise<SetupReport> {
  const out = (line: string) => write(`${redact(line)}\n`);
  const report = new Report(out);
  out(`halopsa-mcp doctor ${VERSION}`);
  if (heading) out(heading);

  report.section("Configuration");
  const settings = loaded.settings;
  showSources(loaded, report, env);
  const empty = noToolProblem(settings);
  if (empty) report.line("fail", "toolsets", empty);
  if (!loaded.ok) {
    for (const problem of loaded.problems) report.line("fail", "config", problem);
    report.note(
      "Set the variables in the environment, the plugin's settings in Claude Code, or your settings file (see above). A .env in the current folder is not read.",
    );
    return finish(report, out);
  }
  if (empty) return finish(report, out);
  const config = loaded.config;
  registerSecret(config.clientSecret);
  report.line("pass", "base URL", `${config.baseUrl} (API ${config.apiUrl})`);
  report.line("pass", "client ID", config.clientId);
  if (config.grant === "authorization_code")
    report.line(
      "pass",
      "sign-in",
      `signed in as ${config.signIn?.agent ?? "a person"} (authorization code with PKCE); refresh token kept for you only in ${config.signIn?.file ?? "the sign-in file"}`,
    );
  else report.line("pass", "client secret", "set (not shown); grant client credentials");
  report.line(
    "pass",
    "tenant",
    config.tenant ?? "not set (fine for self-hosted Halo; hosted tenants need HALOPSA_TENANT)",
  );
  report.line(
    "pass",
    "settings",
    `toolsets ${settings.toolsets.join(",")}; read-only ${settings.readOnly ? "on" : "off"}; raw API ${
      settings.allowRawApi ? "on" : "off"
    }; scope ${config.scope}`,
  );

  report.section("Connection");
  const reachable = await checkAuthinfo(config, report);
  if (!reachable) {
    report.line("skip", "token", "skipped: Halo could not be reached");
    return finish(report, out);
  }

  // A diagnosis should answer in seconds, not sit out the server's full retry budget.
  const halo = createHalo({ ...config, retryBudgetMs: Math.min(config.retryBudgetMs, 5_000) });
  try {
    await connect(halo, config, report);
  } finally {
    await halo.close().catch(() => undefined);
  }
  return finish(report, out);
}

/** Where each setting came from: the environment, the plugin's settings, the settings file, or the default. */
function showSources(loaded: ConfigResult, report: Report, env: Env): void {
  const file = loaded.envFile;
  report.note(
    file
      ? `Settings file: ${file.path}${file.used ? "" : " (not used: see below)"}`
      : `Settings file: none (${envFileLocation(env).path} does not exist; HALOPSA_ENV_FILE is not set)`,
  );
  for (const warning of loaded.warnings) report.line("warn", "settings file", warning);
  const set = SETTING_NAMES.filter((n) => loaded.sources[n].kind !== "default");
  for (const name of set) report.note(`${name.padEnd(24)} from ${describeSource(loaded.sources[name])}`);
  const defaults = SETTING_NAMES.filter((n) => loaded.sources[n].kind === "default");
  if (defaults.length > 0) report.note(`Defaults: ${defaults.join(", ")}.`);
}

async function checkAuthinfo(config: HaloConfig, report: Report): Promise<boolean> {
  const transport = createTransport(Math.min(config.timeoutMs, 15_000), {
    maxResponseBytes: config.maxResponseBytes,
  });
  const url = `${config.apiUrl}/authinfo`;
  try {
    const res = await transport.exchange({ method: "GET", url });
    const html = /^\s*</.test(res.text);
    if (res.status === 200 && !html) {
      let where: string | undefined;
      try {
        where = findAuthUrl(JSON.parse(res.text));
      } catch {
        where = undefined;
      }
      report.line(
        "pass",
        "authinfo",
        `GET ${url} answered 200; auth server ${config.authUrl ?? where ?? `${config.baseUrl}/auth (default)`}`,
      );
      return true;
    }
    // Not fatal: tokens fall back to {base}/auth, and the token check below is the real test.
    report.line(
      "warn",
      "authinfo",
      `GET ${url} answered ${res.status}${html ? " with an HTML page" : ""}`,
      html
        ? "HALOPSA_BASE_URL may point at a login or proxy page rather than Halo itself: use the address you open Halo at, e.g. https://yourcompany.halopsa.com."
        : "Check HALOPSA_BASE_URL; if your auth server is elsewhere set HALOPSA_AUTH_URL.",
    );
    return true;
  } catch (err) {
    const { detail, fix } = describe(err);
    report.line(
      "fail",
      "authinfo",
      `GET ${url} failed: ${detail}`,
      fix ?? "Check HALOPSA_BASE_URL and the network.",
    );
    return false;
  } finally {
    await transport.close().catch(() => undefined);
  }
}

async function connect(halo: Halo, config: HaloConfig, report: Report): Promise<void> {
  let tokenUrl = "";
  try {
    tokenUrl = await halo.http.tokens.resolveTokenUrl();
    await halo.http.tokens.get();
    report.line(
      "pass",
      "token",
      config.grant === "authorization_code"
        ? `your sign-in's token is valid (token host ${new URL(tokenUrl).host})`
        : `client credentials accepted by ${tokenUrl} (token host ${new URL(tokenUrl).host}; scope ${config.scope})`,
    );
  } catch (err) {
    const { detail, fix } = describe(err);
    report.line("fail", "token", `${tokenUrl ? `${tokenUrl}: ` : ""}${detail}`, fix);
    report.line("skip", "agent", "skipped: no token");
    return;
  }

  let meId: number | undefined;
  try {
    const me = await halo.lookups.me();
    meId = me.id;
    report.line(
      "pass",
      "agent",
      `${config.grant === "authorization_code" ? "tools act as you" : "the API application acts as"} ${me.name || "(unnamed agent)"} #${me.id}`,
    );
  } catch (err) {
    const { detail, fix } = describe(err);
    report.line("fail", "agent", `GET /api/Agent/me: ${detail}`, fix);
  }

  report.section("Toolsets");
  for (const toolset of config.toolsets) {
    if (toolset === "raw") {
      report.line(
        config.allowRawApi ? "pass" : "skip",
        "raw",
        config.allowRawApi
          ? `api_request is enabled${config.readOnly ? " (GET only: read-only mode)" : ""}`
          : "api_request is off (set HALOPSA_ALLOW_RAW_API=true to enable it)",
      );
      continue;
    }
    const probe = probes[toolset];
    if (!probe) continue;
    try {
      const visible = probe.bare
        ? (
            await halo.resources.lookup(probe.spec.path, {
              ...probe.bare(),
              ...(meId ? { agent_id: meId } : {}),
            })
          ).length
        : (await halo.resources.list(probe.spec, {}, { pageSize: 1 })).total;
      report.line(
        "pass",
        toolset,
        `GET /api/${probe.spec.path} works (${plural(visible, probe.spec.label)} visible${probe.bare ? " today" : ""})`,
      );
    } catch (err) {
      const { detail, fix } = describe(err);
      const forbidden = err instanceof HaloError && err.kind === "forbidden";
      if (forbidden) {
        const permission = `read access to ${probe.area}${probe.scope ? ` (${probe.scope})` : ""}`;
        const permissionFix = `In Halo, give the API application ${permission}: Configuration > Integrations > HaloPSA API > your application > Permissions (or scope all)${
          probe.optional
            ? `; or leave it, only list_records/get_record on ${probe.spec.path} are affected`
            : `; or remove "${toolset}" from HALOPSA_TOOLSETS`
        }.`;
        report.line(probe.optional ? "warn" : "fail", toolset, detail, permissionFix);
      } else {
        report.line("fail", toolset, detail, fix);
      }
    }
  }
  const off = (["tickets", "clients", "assets", "contracts", "records"] as Toolset[]).filter(
    (t) => !config.toolsets.includes(t),
  );
  if (off.length > 0) report.note(`Not enabled (HALOPSA_TOOLSETS): ${off.join(", ")}.`);
  if (config.readOnly) report.note("Read-only mode: write tools are not offered (HALOPSA_READ_ONLY=true).");
}

function finish(report: Report, out: (line: string) => void): SetupReport {
  const { pass, warn, fail } = report.counts;
  const summary =
    fail > 0
      ? `✘ ${plural(fail, "check")} failed${warn ? `, ${plural(warn, "warning")}` : ""}. Fix the lines marked ✘ and run the check again.`
      : `✔ All ${pass} checks passed${warn ? ` (${plural(warn, "warning")})` : ""}.`;
  out("");
  out(summary);
  return { ok: fail === 0, summary, checks: report.checks, notes: report.notes };
}
