/**
 * Where configuration may come from, end to end over stdio with the BUILT
 * server started in a hostile project folder (test/helpers/hostile.ts): its
 * .env points the credentials at an attacker on another loopback address,
 * switches raw API access on and sets NODE_TLS_REJECT_UNAUTHORIZED=0. The
 * server must read only the environment, the plugin's settings and the
 * per-user settings file: the attacker gets nothing, raw API stays off.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RpcProcess, textOf } from "../../bench/lib/rpc.js";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { BUNDLE, CLIENT_ID, SECRET } from "../helpers/e2e.js";
import {
  type Attacker,
  emptyConfigHome,
  type HostileProject,
  hostileProject,
  startAttacker,
} from "../helpers/hostile.js";

/** Every HALOPSA_* variable as the plugin's .mcp.json passes it when the person set none: blank. */
const BLANK_PLUGIN_VARS = Object.fromEntries(
  [
    "HALOPSA_CLIENT_ID",
    "HALOPSA_CLIENT_SECRET",
    "HALOPSA_BASE_URL",
    "HALOPSA_TENANT",
    "HALOPSA_AUTH_URL",
    "HALOPSA_SCOPE",
    "HALOPSA_TIMEOUT_MS",
    "HALOPSA_RATE_LIMIT",
    "HALOPSA_READ_ONLY",
    "HALOPSA_TOOLSETS",
    "HALOPSA_ALLOW_RAW_API",
    "HALOPSA_ALLOW_SQL",
    "HALOPSA_LOG_LEVEL",
    "HALOPSA_MAX_RESPONSE_MB",
    "HALOPSA_ENV_FILE",
  ].map((k) => [k, ""]),
);

let fake: FakeHalo;
let attacker: Attacker;
let project: HostileProject;
let home: { dir: string; cleanup(): void };
const running: RpcProcess[] = [];

beforeAll(async () => {
  fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET });
  attacker = await startAttacker();
  project = hostileProject(attacker);
});

afterAll(async () => {
  await fake.close();
  await attacker.close();
  project.cleanup();
});

beforeEach(() => {
  home = emptyConfigHome();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
  home.cleanup();
  // Whatever a test did, the attacker never heard from the server.
  expect(attacker.requests).toEqual([]);
  expect(attacker.connections).toBe(0);
});

function start(env: Record<string, string>, args: string[] = []): RpcProcess {
  const p = new RpcProcess(
    process.execPath,
    [BUNDLE, ...args],
    {
      PATH: process.env.PATH ?? "",
      HOME: home.dir,
      XDG_CONFIG_HOME: home.dir,
      HALOPSA_RETRY_BASE_MS: "20",
      ...env,
    },
    project.dir,
  );
  running.push(p);
  return p;
}

/** The real credentials in the plugin's settings, every HALOPSA_* variable blank: Claude Code's usual launch. */
const pluginLaunch = (): Record<string, string> => ({
  ...BLANK_PLUGIN_VARS,
  CLAUDE_PLUGIN_OPTION_BASE_URL: fake.url,
  CLAUDE_PLUGIN_OPTION_CLIENT_ID: CLIENT_ID,
  CLAUDE_PLUGIN_OPTION_CLIENT_SECRET: SECRET,
  CLAUDE_PLUGIN_OPTION_TENANT: "",
});

function userSettingsFile(lines: Record<string, string>): string {
  const dir = join(home.dir, "halopsa-mcp");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, ".env");
  writeFileSync(
    path,
    `${Object.entries(lines)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n")}\n`,
  );
  return path;
}

describe("a hostile project folder", () => {
  it("with the secret in the plugin's settings: the folder's .env is not read, the attacker gets nothing, raw API stays off", async () => {
    const before = fake.tokenRequests;
    const p = start(pluginLaunch());
    await p.initialize();
    const names = (await p.listTools()).map((t) => t.name);
    expect(names).not.toContain("api_request");
    expect(names).toContain("create_ticket");
    const r = await p.callTool("whoami");
    expect(r.isError ?? false, textOf(r)).toBe(false);
    expect(JSON.stringify(r.structuredContent)).toContain(fake.url);
    // whoami says where each setting came from, and where the secret went.
    expect(r.structuredContent?.settings_from).toEqual({
      HALOPSA_BASE_URL: "plugin settings (CLAUDE_PLUGIN_OPTION_BASE_URL)",
      HALOPSA_CLIENT_ID: "plugin settings (CLAUDE_PLUGIN_OPTION_CLIENT_ID)",
      HALOPSA_CLIENT_SECRET: "plugin settings (CLAUDE_PLUGIN_OPTION_CLIENT_SECRET)",
      HALOPSA_RETRY_BASE_MS: "environment",
    });
    expect(r.structuredContent?.token_host).toBe(new URL(fake.url).host);
    expect(fake.tokenRequests).toBe(before + 1);
    expect(p.stderr).not.toContain("EVIL-CODE-RAN");
    // Node warns on stderr whenever NODE_TLS_REJECT_UNAUTHORIZED=0 is in effect.
    expect(p.stderr).not.toContain("NODE_TLS_REJECT_UNAUTHORIZED");
    expect(p.stdout + p.stderr).not.toContain(project.planted.HALOPSA_CLIENT_SECRET);
    expect(p.stdout + p.stderr).not.toContain(SECRET);
  });

  it("with no settings anywhere else: the server starts unconfigured and says what to set; nothing is sent", async () => {
    const p = start({ ...BLANK_PLUGIN_VARS });
    await p.initialize();
    const names = (await p.listTools()).map((t) => t.name);
    expect(names).not.toContain("api_request");
    const r = await p.callTool("list_lookups", { kind: "statuses" });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain("Missing HALOPSA_BASE_URL");
    expect(textOf(r)).toContain(join(home.dir, "halopsa-mcp", ".env"));
    expect(textOf(r)).not.toContain(attacker.url);
  });

  it("the doctor run in that folder does not read it either", async () => {
    const p = start({ ...BLANK_PLUGIN_VARS }, ["doctor"]);
    const exit = await p.exited;
    expect(exit.code).toBe(1);
    expect(p.stdout).toContain("Missing HALOPSA_BASE_URL");
    expect(p.stdout).toContain("A .env in the current folder is not read");
    expect(p.stdout).not.toContain(attacker.url);
  });
});

describe("the per-user settings file", () => {
  it("supplies HALOPSA_* settings below the environment and the plugin's settings; other keys are ignored by name", async () => {
    userSettingsFile({
      HALOPSA_BASE_URL: fake.url,
      HALOPSA_CLIENT_ID: "wrong-id-from-the-file",
      HALOPSA_CLIENT_SECRET: SECRET,
      HALOPSA_READ_ONLY: "false",
      HALOPSA_TOOLSETS: "tickets",
      NODE_TLS_REJECT_UNAUTHORIZED: "0",
      SOME_OTHER_KEY: "x",
    });
    const p = start({
      ...BLANK_PLUGIN_VARS,
      HALOPSA_READ_ONLY: "true",
      CLAUDE_PLUGIN_OPTION_CLIENT_ID: CLIENT_ID,
    });
    await p.initialize();
    const names = (await p.listTools()).map((t) => t.name);
    // Read-only from the environment beats the file's false; the file's toolsets apply.
    expect(names).not.toContain("create_ticket");
    expect(names).not.toContain("list_clients");
    const r = await p.callTool("whoami");
    // The plugin's client ID beats the file's wrong one.
    expect(r.isError ?? false, textOf(r)).toBe(false);
    expect(p.stderr).toMatch(/ignored NODE_TLS_REJECT_UNAUTHORIZED \(only HALOPSA_\* settings/);
    expect(p.stderr).toContain("ignored SOME_OTHER_KEY");
    expect(p.stderr).not.toContain("makes TLS connections and HTTPS requests insecure");
  });

  it("--env-file names the file explicitly, and doctor shows where each setting came from", async () => {
    const path = join(home.dir, "explicit.env");
    writeFileSync(path, `HALOPSA_BASE_URL=${fake.url}\nHALOPSA_CLIENT_SECRET=${SECRET}\n`);
    const p = start({ ...BLANK_PLUGIN_VARS, HALOPSA_CLIENT_ID: CLIENT_ID, CLAUDE_PLUGIN_OPTION_TENANT: "" }, [
      "doctor",
      "--env-file",
      path,
    ]);
    const exit = await p.exited;
    expect(p.stdout).toContain(`Settings file: ${path}`);
    expect(p.stdout).toMatch(/HALOPSA_BASE_URL\s+from env file .*explicit\.env/);
    expect(p.stdout).toMatch(/HALOPSA_CLIENT_ID\s+from environment/);
    expect(p.stdout).toMatch(/HALOPSA_CLIENT_SECRET\s+from env file/);
    expect(p.stdout).toMatch(/Defaults: .*HALOPSA_SCOPE/);
    expect(p.stdout).toMatch(/token host 127\.0\.0\.1:\d+/);
    expect(p.stdout).not.toContain(SECRET);
    expect(exit.code, p.stdout).toBe(0);
  });

  it("a secret pasted into a URL is never echoed, and user-info is cut from the URL shown", async () => {
    const p = start({
      ...BLANK_PLUGIN_VARS,
      HALOPSA_BASE_URL: `http://admin:${SECRET}@acme.example.com`,
      HALOPSA_CLIENT_ID: CLIENT_ID,
      HALOPSA_CLIENT_SECRET: SECRET,
      HALOPSA_RATE_LIMIT: SECRET,
    });
    await p.initialize();
    const r = await p.callTool("list_lookups", { kind: "statuses" });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain("HALOPSA_BASE_URL");
    expect(textOf(r)).toContain("user name or password");
    expect(textOf(r)).toContain("HALOPSA_RATE_LIMIT");
    expect(p.stdout + p.stderr).not.toContain(SECRET);
    expect(p.stdout + p.stderr).not.toContain("admin:");
  });
});

describe("a settings file that is not a small regular file never hangs start-up", () => {
  const unusable = async (env: Record<string, string>, expected: RegExp) => {
    const p = start({ ...pluginLaunch(), ...env });
    await p.initialize();
    expect((await p.listTools()).length).toBeGreaterThan(0);
    const r = await p.callTool("whoami");
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(expected);
    expect(p.alive).toBe(true);
  };

  it("/dev/zero as HALOPSA_ENV_FILE", async () => {
    await unusable({ HALOPSA_ENV_FILE: "/dev/zero" }, /\/dev\/zero is not a regular file/);
  });

  it.skipIf(process.platform === "win32")(
    "a FIFO as HALOPSA_ENV_FILE, and as the per-user file",
    async () => {
      const fifo = join(home.dir, "settings.fifo");
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      await unusable({ HALOPSA_ENV_FILE: fifo }, /settings\.fifo is not a regular file/);
      mkdirSync(join(home.dir, "halopsa-mcp"));
      expect(spawnSync("mkfifo", [join(home.dir, "halopsa-mcp", ".env")]).status).toBe(0);
      await unusable({}, /halopsa-mcp\/\.env is not a regular file/);
    },
  );

  it("a file over 64 KB, a missing named file and a relative path", async () => {
    const big = join(home.dir, "big.env");
    writeFileSync(big, `HALOPSA_TENANT=${"x".repeat(70_000)}\n`);
    await unusable({ HALOPSA_ENV_FILE: big }, /big\.env is larger than 64 KB/);
    await unusable({ HALOPSA_ENV_FILE: join(home.dir, "absent.env") }, /absent\.env, which does not exist/);
    await unusable({ HALOPSA_ENV_FILE: ".env" }, /HALOPSA_ENV_FILE=".env" is not an absolute path/);
  });
});
