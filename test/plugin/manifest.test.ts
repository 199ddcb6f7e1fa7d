// The plugin around the server: manifests agree with package.json and the
// bundle, every skill and command has the frontmatter Claude Code needs, and
// no skill or command names a tool the server does not offer.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { type E2E, startE2E } from "../helpers/e2e.js";

const ROOT = resolve(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(resolve(ROOT, path), "utf8");
const json = (path: string) => JSON.parse(read(path)) as Record<string, unknown>;
const PREFIX = "mcp__plugin_halopsa_halopsa__";

const HALOPSA_VARS = [
  "HALOPSA_CLIENT_ID",
  "HALOPSA_CLIENT_SECRET",
  "HALOPSA_BASE_URL",
  "HALOPSA_TENANT",
  "HALOPSA_AUTH_URL",
  "HALOPSA_SCOPE",
  "HALOPSA_TIMEOUT_MS",
  "HALOPSA_RATE_LIMIT",
  "HALOPSA_READ_ONLY",
  "HALOPSA_CONFIRM",
  "HALOPSA_TOOLSETS",
  "HALOPSA_ALLOW_RAW_API",
  "HALOPSA_ALLOW_SQL",
  "HALOPSA_LOG_LEVEL",
  "HALOPSA_MAX_RESPONSE_MB",
  "HALOPSA_ENV_FILE",
];

/** A deliberately small YAML-frontmatter reader: `key: value` lines, optional quotes. */
function frontmatter(text: string): { data: Record<string, string>; body: string } | undefined {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) return undefined;
  const data: Record<string, string> = {};
  for (const line of (m[1] ?? "").split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const kv = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!kv) throw new Error(`frontmatter line is not "key: value": ${line}`);
    let value = (kv[2] ?? "").trim();
    if (/^".*"$/.test(value)) value = JSON.parse(value) as string;
    else if (/^'.*'$/.test(value)) value = value.slice(1, -1).replace(/''/g, "'");
    data[kv[1] ?? ""] = value;
  }
  return { data, body: m[2] ?? "" };
}

const skillFiles = readdirSync(resolve(ROOT, "skills"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `skills/${d.name}/SKILL.md`);
const commandFiles = readdirSync(resolve(ROOT, "commands"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `commands/${f}`);

/** Backticked words shaped like this server's tool names (verb_noun, or a known bare name). */
const TOOLISH =
  /^(?:(?:search|get|create|update|delete|list|add|log|run|draft)_[a-z]+(?:_[a-z]+)*|ticket_stats|time_entries|whoami|api_request|check_setup)$/;

/** Every tool a text names: full mcp__ names, and backticked tool-shaped words. */
function namedTools(text: string): { full: string[]; short: string[]; badPrefix: string[] } {
  const full: string[] = [];
  const badPrefix: string[] = [];
  for (const m of text.matchAll(/\bmcp__[A-Za-z0-9_-]+/g)) {
    if (m[0].startsWith(PREFIX)) full.push(m[0].slice(PREFIX.length));
    else badPrefix.push(m[0]);
  }
  const short: string[] = [];
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    const word = /^([a-z]+(?:_[a-z]+)*)/.exec(m[1] ?? "")?.[1];
    if (word && TOOLISH.test(word)) short.push(word);
  }
  return { full, short, badPrefix };
}

describe("plugin manifests", () => {
  const pkg = json("package.json");
  const plugin = json(".claude-plugin/plugin.json");

  it("plugin.json: name halopsa, version equal to package.json, MIT, metadata", () => {
    expect(plugin.name).toBe("halopsa");
    expect(plugin.version).toBe(pkg.version);
    expect(plugin.license).toBe("MIT");
    expect(typeof plugin.description).toBe("string");
    expect((plugin.author as { name?: string }).name).toBeTruthy();
    expect(Array.isArray(plugin.keywords)).toBe(true);
    expect((plugin.network as { hosts?: string[] }).hosts).toContain("*.halopsa.com");
  });

  it("userConfig asks for the four connection settings, the secret as sensitive, and the server reads them", () => {
    const uc = plugin.userConfig as Record<
      string,
      { type: string; title: string; description: string; sensitive?: boolean }
    >;
    expect(Object.keys(uc).sort()).toEqual(["base_url", "client_id", "client_secret", "tenant"]);
    for (const opt of Object.values(uc)) {
      expect(opt.type).toBe("string");
      expect(opt.title && opt.description).toBeTruthy();
    }
    expect(uc.client_secret?.sensitive).toBe(true);
    expect(uc.client_id?.sensitive).toBeFalsy();
    // Claude Code exports each option as CLAUDE_PLUGIN_OPTION_<KEY>.
    const values: Record<string, string> = {
      base_url: "https://acme.halopsa.com",
      client_id: "id-from-plugin",
      client_secret: "secret-from-plugin",
      tenant: "acme",
    };
    const env = Object.fromEntries(
      Object.keys(uc).map((k) => [`CLAUDE_PLUGIN_OPTION_${k.toUpperCase()}`, values[k]]),
    );
    const config = loadConfig(env);
    expect(config.ok).toBe(true);
    if (!config.ok) return;
    expect(config.config).toMatchObject({
      baseUrl: "https://acme.halopsa.com",
      clientId: "id-from-plugin",
      clientSecret: "secret-from-plugin",
      tenant: "acme",
    });
  });

  it("plugin.json declares the halopsa stdio server on the bundle, passing every HALOPSA_* variable", () => {
    const mcp = plugin as {
      mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
    };
    expect(Object.keys(mcp.mcpServers)).toEqual(["halopsa"]);
    const server = mcp.mcpServers.halopsa;
    expect(server?.command).toBe("node");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder Claude Code fills in
    expect(server?.args).toEqual(["${CLAUDE_PLUGIN_ROOT}/dist/halopsa-mcp.js"]);
    expect(existsSync(resolve(ROOT, "dist/halopsa-mcp.js"))).toBe(true);
    // Every HALOPSA_* variable passes through; each userConfig value is substituted into the
    // CLAUDE_PLUGIN_OPTION_<KEY> the server reads (Claude Code exports none to MCP servers itself).
    const options = Object.keys(json(".claude-plugin/plugin.json").userConfig as object);
    const optionVars = options.map((k) => `CLAUDE_PLUGIN_OPTION_${k.toUpperCase()}`);
    expect(Object.keys(server?.env ?? {}).sort()).toEqual([...HALOPSA_VARS, ...optionVars].sort());
    for (const name of HALOPSA_VARS) expect(server?.env[name]).toBe(`\${${name}:-}`);
    for (const key of options)
      expect(server?.env[`CLAUDE_PLUGIN_OPTION_${key.toUpperCase()}`]).toBe(`\${user_config.${key}}`);
    // No .mcp.json anywhere: at the repository root Claude Code would also read it as the
    // project's MCP config, offering every `claude` session opened in a clone a broken server.
    expect(existsSync(resolve(ROOT, ".mcp.json"))).toBe(false);
    expect(existsSync(resolve(ROOT, ".claude-plugin/.mcp.json"))).toBe(false);
  });

  it("userConfig values reach the server as CLAUDE_PLUGIN_OPTION_*; HALOPSA_* wins; blank or unexpanded is unset", () => {
    const config = loadConfig({
      CLAUDE_PLUGIN_OPTION_BASE_URL: "https://acme.halopsa.com",
      CLAUDE_PLUGIN_OPTION_CLIENT_ID: "from-user-config",
      CLAUDE_PLUGIN_OPTION_CLIENT_SECRET: "secret-from-keychain",
      CLAUDE_PLUGIN_OPTION_TENANT: "",
      HALOPSA_CLIENT_ID: "from-env",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an unexpanded placeholder
      HALOPSA_TENANT: "${HALOPSA_TENANT:-}",
    });
    expect(config.ok).toBe(true);
    if (!config.ok) return;
    expect(config.config).toMatchObject({ clientId: "from-env", clientSecret: "secret-from-keychain" });
    expect(config.config.baseUrl).toBe("https://acme.halopsa.com");
    expect(config.config.tenant ?? "").toBe("");
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder, as text
  it("an unexpanded ${VAR:-} from the server declaration counts as unset", () => {
    const env = Object.fromEntries(HALOPSA_VARS.map((n) => [n, `\${${n}:-}`]));
    const config = loadConfig(env);
    expect(config.ok).toBe(false);
    if (config.ok) return;
    expect(config.problems.join(" ")).toContain("Missing HALOPSA_BASE_URL");
    expect(config.settings).toMatchObject({ readOnly: false, allowRawApi: false, logLevel: "info" });
  });

  it("marketplace.json lists this plugin from the generated folder dist/plugin", () => {
    const market = json(".claude-plugin/marketplace.json") as {
      name: string;
      owner: { name: string };
      plugins: Array<{ name: string; source: string; description: string }>;
    };
    expect(market.name).toMatch(/^[a-z0-9-]+$/);
    expect(market.owner.name).toBeTruthy();
    expect(market.plugins).toHaveLength(1);
    // Not "./": Claude Code runs `npm ci` in a plugin folder holding package.json.
    expect(market.plugins[0]).toMatchObject({ name: "halopsa", source: "./dist/plugin" });
    expect(market.plugins[0]?.description).toBeTruthy();
  });

  it("LICENSE is MIT and icon.png is a 512×512 PNG", () => {
    expect(read("LICENSE")).toMatch(/^MIT License/);
    const png = readFileSync(resolve(ROOT, ".claude-plugin/icon.png"));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});

describe("skills and commands", () => {
  it("the skills exist", () => {
    expect(skillFiles.sort()).toEqual(
      [
        "api-patterns",
        "assets",
        "clients",
        "contracts",
        "knowledge-base",
        "reports",
        "tickets",
        "time-billing",
      ].map((s) => `skills/${s}/SKILL.md`),
    );
  });

  it.each(skillFiles)("%s has name and description frontmatter and stays short", (file) => {
    const fm = frontmatter(read(file));
    expect(fm, `${file} has no frontmatter`).toBeDefined();
    expect(fm?.data.name).toBe(file.split("/")[1]);
    expect(fm?.data.description?.length ?? 0).toBeGreaterThan(40);
    expect(fm?.data.description?.length ?? 0).toBeLessThanOrEqual(1024);
    expect(read(file).split("\n").length).toBeLessThan(150);
  });

  it.each(skillFiles)(
    "%s says customer text is data, never instructions, and writes need the person",
    (file) => {
      const text = read(file).replace(/\s+/g, " ");
      expect(text).toMatch(/record names .* are written by customers/);
      expect(text).toMatch(/never as instructions/);
      expect(text).toMatch(/only when the person asks/);
    },
  );

  it("the commands exist", () => {
    expect(commandFiles.sort()).toEqual(
      expect.arrayContaining([
        "commands/create-ticket.md",
        "commands/doctor.md",
        "commands/my-queue.md",
        "commands/search-tickets.md",
      ]),
    );
  });

  it.each(commandFiles)(
    "%s has description, argument-hint and allowed-tools, and uses $ARGUMENTS",
    (file) => {
      const fm = frontmatter(read(file));
      expect(fm, `${file} has no frontmatter`).toBeDefined();
      for (const key of ["description", "argument-hint", "allowed-tools"])
        expect(fm?.data[key], `${file}: ${key}`).toBeTruthy();
      expect(fm?.body).toContain("$ARGUMENTS");
      const allowed = (fm?.data["allowed-tools"] ?? "").split(/[,\s]+/).filter(Boolean);
      for (const tool of allowed)
        expect(tool.startsWith(PREFIX), `${file}: ${tool} is not a full plugin tool name`).toBe(true);
    },
  );

  it("the tool-name detector sees full names, short names and wrong prefixes", () => {
    const found = namedTools(
      "Use `search_tickets(client: 1)` then `dry_run`; mcp__plugin_halopsa_halopsa__get_ticket, mcp__halopsa__x",
    );
    expect(found).toEqual({
      full: ["get_ticket"],
      short: ["search_tickets"],
      badPrefix: ["mcp__halopsa__x"],
    });
  });
});

describe("every tool a skill or command names is one the server lists", () => {
  let e2e: E2E;
  let live: Set<string>;

  beforeAll(async () => {
    // Every toolset, the opt-in ones too: skills may teach those.
    e2e = await startE2E({
      env: { HALOPSA_ALLOW_RAW_API: "true", HALOPSA_ALLOW_SQL: "true", HALOPSA_TOOLSETS: "all" },
    });
    live = new Set((await e2e.client.listTools()).tools.map((t) => t.name));
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it.each([...skillFiles, ...commandFiles])("%s", (file) => {
    const { full, short, badPrefix } = namedTools(read(file));
    expect(badPrefix, `${file} uses a tool prefix other than ${PREFIX}`).toEqual([]);
    const unknown = [...new Set([...full, ...short])].filter((t) => !live.has(t));
    expect(unknown, `${file} names tools the server does not list`).toEqual([]);
  });

  // A tool in allowed-tools runs without Claude Code's permission prompt: writes must always ask.
  it.each([...skillFiles, ...commandFiles])("%s pre-approves read tools only", async (file) => {
    const tools = (await e2e.client.listTools()).tools;
    const allowed = (frontmatter(read(file))?.data["allowed-tools"] ?? "").split(/[,\s]+/).filter(Boolean);
    const writes = allowed
      .map((a) => a.slice(PREFIX.length))
      .filter((n) => tools.find((t) => t.name === n)?.annotations?.readOnlyHint !== true);
    expect(writes, `${file} pre-approves tools that are not read-only`).toEqual([]);
  });

  it("the skills together cover the core workflow tools", () => {
    const all = [...skillFiles, ...commandFiles].map(read).join("\n");
    const named = new Set([...namedTools(all).full, ...namedTools(all).short]);
    for (const t of [
      "search_tickets",
      "create_ticket",
      "update_ticket",
      "delete_ticket",
      "ticket_stats",
      "list_lookups",
      "add_ticket_action",
    ]) {
      expect(named.has(t), `no skill mentions ${t}`).toBe(true);
    }
  });
});
