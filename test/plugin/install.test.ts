// Installing the plugin as a user does, with the real Claude Code CLI (the
// devDependency @anthropic-ai/claude-code, pinned to the last release that
// runs on Node 20), into a throwaway HOME, from a git marketplace served on
// 127.0.0.1, with the npm registry unreachable:
// - the marketplace entry points at dist/plugin, which holds no package
//   manifest, so Claude Code has nothing to `npm ci` (with the old "./" entry
//   it downloaded 214 MB, or hung for a minute offline);
// - `claude mcp list` starts the installed server and shows it connected, and
//   the values given with `--config` reach it (its start line, which Claude
//   Code keeps in its MCP log, names them);
// - settings that leave no tool make the server fail visibly, not "connected";
// - a `claude` session opened inside the repository offers no server at all
//   (no root .mcp.json).
import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { type GitServer, serveGit } from "../helpers/git-http.js";

const ROOT = resolve(import.meta.dirname, "../..");
const PLUGIN = join(ROOT, "dist/plugin");
const PKG = join(ROOT, "node_modules/@anthropic-ai/claude-code");
/**
 * The package's postinstall copies the native binary over bin/claude.exe; where
 * install scripts are not run, that file is a small stub and the package's own
 * cli-wrapper.cjs finds the native binary instead.
 */
const CLAUDE: [string, ...string[]] =
  existsSync(join(PKG, "bin/claude.exe")) && statSync(join(PKG, "bin/claude.exe")).size > 1_000_000
    ? [join(PKG, "bin/claude.exe")]
    : [process.execPath, join(PKG, "cli-wrapper.cjs")];
const CLIENT_ID = "plugin-settings-client";
const SECRET = "plugin-settings-secret-never-print-me";

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

/**
 * What dist/plugin must hold: the manifest and icon, the bundle, the fake
 * Halo's bundle (--sandbox, doctor --sandbox), skills, commands, README, LICENSE.
 */
function expectedPluginFiles(): string[] {
  const listed = (dir: string) => files(join(ROOT, dir)).map((f) => `${dir}/${f}`);
  return [
    ".claude-plugin/icon.png",
    ".claude-plugin/plugin.json",
    "LICENSE",
    "README.md",
    "dist/fake-halo.js",
    "dist/halopsa-mcp.js",
    // The server's on-demand chunks (scripts/build.mjs): every one beside the entry.
    ...files(join(ROOT, "dist"))
      .filter((f) => /^halopsa-mcp\..+\.js$/.test(f))
      .map((f) => `dist/${f}`),
    ...listed("skills"),
    ...listed("commands"),
  ].sort();
}

interface Run {
  code: number | null;
  out: string;
}

function claude(
  args: string[],
  opts: { home: string; cwd: string; env?: Record<string, string> },
): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(CLAUDE[0], [...CLAUDE.slice(1), ...args], {
      cwd: opts.cwd,
      // Built from scratch: nothing of the developer's Claude Code setup leaks in.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: opts.home,
        DISABLE_AUTOUPDATER: "1",
        DISABLE_TELEMETRY: "1",
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        // No npm registry, and an empty npm cache: any `npm install` would fail or hang.
        npm_config_registry: "http://127.0.0.1:9",
        npm_config_cache: join(opts.home, ".npm"),
        npm_config_offline: "false",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 110_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveRun({ code, out });
    });
  });
}

describe("dist/plugin: what the marketplace entry points at", () => {
  it("holds exactly the manifest, the bundles, skills, commands, README and LICENSE", () => {
    expect(files(PLUGIN)).toEqual(expectedPluginFiles());
    for (const [copy, source] of [
      [".claude-plugin/plugin.json", ".claude-plugin/plugin.json"],
      ["dist/halopsa-mcp.js", "dist/halopsa-mcp.js"],
      ["dist/fake-halo.js", "dist/fake-halo.js"],
      ["README.md", "README.md"],
      ["LICENSE", "LICENSE"],
    ] as const)
      expect(readFileSync(join(PLUGIN, copy)).equals(readFileSync(join(ROOT, source))), copy).toBe(true);
  });

  it("the server's bundle does not carry the fake Halo: --sandbox loads dist/fake-halo.js beside it", () => {
    // The fake's diagnostics channel name and demo secret mark its code.
    const server = files(join(PLUGIN, "dist"))
      .filter((f) => f.startsWith("halopsa-mcp"))
      .map((f) => readFileSync(join(PLUGIN, "dist", f), "utf8"))
      .join("\n");
    const fake = readFileSync(join(PLUGIN, "dist/fake-halo.js"), "utf8");
    for (const mark of ["halopsa:fake-halo:exchange", "sandbox-secret"]) {
      expect(server).not.toContain(mark);
      expect(fake).toContain(mark);
    }
    expect(server).toContain('"./fake-halo.js"');
  });

  it("the marketplace lists it", () => {
    const market = JSON.parse(readFileSync(join(ROOT, ".claude-plugin/marketplace.json"), "utf8")) as {
      plugins: Array<{ source: string }>;
    };
    expect(resolve(ROOT, market.plugins[0]?.source ?? "")).toBe(PLUGIN);
  });
});

describe("install with the real Claude Code CLI, npm registry unreachable", () => {
  let scratch: string;
  let home: string;
  let work: string;
  let git: GitServer;
  let fake: FakeHalo;
  let installPath: string;

  beforeAll(async () => {
    if (!existsSync(PKG)) throw new Error(`${PKG} is missing: run npm ci (it is a devDependency)`);
    scratch = mkdtempSync(join(tmpdir(), "halopsa-install-"));
    home = join(scratch, "home");
    work = join(scratch, "work");
    mkdirSync(home);
    mkdirSync(work);
    // The marketplace repository as users clone it: the root keeps its package.json
    // and lock file (only the plugin folder is installed, so they must not matter).
    const repo = join(scratch, "repo");
    mkdirSync(repo);
    for (const path of [
      ".claude-plugin/marketplace.json",
      "dist/plugin",
      "package.json",
      "package-lock.json",
    ])
      cpSync(join(ROOT, path), join(repo, path), { recursive: true });
    const gitIn = (cwd: string, ...args: string[]) =>
      execFileSync("git", args, {
        cwd,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: scratch,
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@localhost",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@localhost",
        },
        stdio: "ignore",
      });
    gitIn(repo, "init", "-q");
    gitIn(repo, "add", "-A");
    gitIn(repo, "commit", "-qm", "marketplace");
    gitIn(scratch, "clone", "-q", "--bare", "repo", "halopsa-mcp.git");
    git = await serveGit(scratch);
    fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET });
  });

  afterAll(async () => {
    await git?.close();
    await fake?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("adds the marketplace and installs the plugin with its settings, downloading nothing", async () => {
    const add = await claude(["plugin", "marketplace", "add", `${git.url}/halopsa-mcp.git`], {
      home,
      cwd: work,
    });
    expect(add.code, add.out).toBe(0);
    expect(add.out).toContain("Successfully added marketplace: halopsa-mcp");

    const install = await claude(
      [
        "plugin",
        "install",
        "halopsa@halopsa-mcp",
        "--config",
        `base_url=${fake.url}`,
        "--config",
        `client_id=${CLIENT_ID}`,
        "--config",
        `client_secret=${SECRET}`,
      ],
      { home, cwd: work },
    );
    expect(install.code, install.out).toBe(0);
    expect(install.out).toContain("Successfully installed plugin: halopsa@halopsa-mcp");
    expect(install.out).not.toContain(SECRET);

    const installed = JSON.parse(
      readFileSync(join(home, ".claude/plugins/installed_plugins.json"), "utf8"),
    ) as {
      plugins: Record<string, Array<{ installPath: string; version: string }>>;
    };
    const entry = installed.plugins["halopsa@halopsa-mcp"]?.[0];
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(entry?.version).toBe(pkg.version);
    installPath = entry?.installPath ?? "";
    // Exactly the plugin folder, and no node_modules: nothing was installed with npm.
    expect(files(installPath)).toEqual(expectedPluginFiles());
    expect(existsSync(join(installPath, "node_modules"))).toBe(false);
  });

  it("claude mcp list shows the server connected, started with the settings given at install", async () => {
    expect(installPath, "install did not succeed").toBeTruthy();
    const list = await claude(["mcp", "list"], { home, cwd: work });
    expect(list.code, list.out).toBe(0);
    expect(list.out).toMatch(/plugin:halopsa:halopsa: node \S+\/dist\/halopsa-mcp\.js - ✔ Connected/);
    expect(list.out).toContain(installPath);
    // Claude Code keeps each server's stderr in its MCP log: the start line names what the server got.
    const logs = join(home, ".cache/claude-cli-nodejs");
    const text = files(logs)
      .filter((f) => f.includes("mcp-logs-plugin-halopsa-halopsa"))
      .map((f) => readFileSync(join(logs, f), "utf8"))
      .join("\n");
    expect(text).toContain(`ready: ${fake.url}, client ID ${CLIENT_ID}, secret set`);
    expect(text).not.toContain(SECRET);
  });

  it("settings that leave no tool make the server fail in claude mcp list, not look connected", async () => {
    expect(installPath, "install did not succeed").toBeTruthy();
    const list = await claude(["mcp", "list"], { home, cwd: work, env: { HALOPSA_TOOLSETS: "raw" } });
    expect(list.out).toMatch(/plugin:halopsa:halopsa: .* - ✘ Failed/);
  });

  it("a marketplace added from a local path (a clone) installs and connects the same way", async () => {
    const local = join(scratch, "local-home");
    mkdirSync(local);
    const add = await claude(["plugin", "marketplace", "add", join(scratch, "repo")], {
      home: local,
      cwd: work,
    });
    expect(add.code, add.out).toBe(0);
    const install = await claude(["plugin", "install", "halopsa@halopsa-mcp"], { home: local, cwd: work });
    expect(install.code, install.out).toBe(0);
    const list = await claude(["mcp", "list"], { home: local, cwd: work });
    expect(list.out).toMatch(/plugin:halopsa:halopsa: node \S+\/dist\/halopsa-mcp\.js - ✔ Connected/);
    expect(readdirSync(local, { recursive: true }).some((p) => String(p).includes("node_modules"))).toBe(
      false,
    );
  });

  it("a claude session opened inside the repository offers no server", async () => {
    const fresh = join(scratch, "fresh-home");
    mkdirSync(fresh);
    writeFileSync(join(fresh, ".keep"), "");
    const list = await claude(["mcp", "list"], { home: fresh, cwd: ROOT });
    expect(list.code, list.out).toBe(0);
    expect(list.out).not.toContain("halopsa");
    expect(list.out).toContain("No MCP servers configured");
  });
});
