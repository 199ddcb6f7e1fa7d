// The setup check inside the server (check_setup, /halopsa:doctor): it runs
// doctor's checks on the settings the server actually received — here only
// through the CLAUDE_PLUGIN_OPTION_* variables Claude Code fills from the
// plugin's settings, which a shell's `doctor` cannot see — plus the start-up
// report on stderr, the refusal of settings that leave no tool, and
// `doctor --sandbox`.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { SETUP_CHECK } from "../../src/halo/errors.js";
import { BUNDLE, CLIENT_ID, type E2E, SECRET, startStdioE2E } from "../helpers/e2e.js";

interface Check {
  check: string;
  result: string;
  detail: string;
  fix?: string;
}

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], {
      cwd: "/",
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    // A server reads stdin until it closes: closing it ends a server that did start.
    child.stdin.end();
  });
}

describe("check_setup: the setup check on the settings the server received", () => {
  let fake: FakeHalo;
  let e2e: E2E;

  beforeAll(async () => {
    fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET });
    // Only the plugin-settings variables, as Claude Code passes them: no HALOPSA_* credentials.
    e2e = await startStdioE2E({
      fakeInstance: fake,
      env: {
        HALOPSA_BASE_URL: "",
        HALOPSA_CLIENT_ID: "",
        HALOPSA_CLIENT_SECRET: "",
        CLAUDE_PLUGIN_OPTION_BASE_URL: fake.url,
        CLAUDE_PLUGIN_OPTION_CLIENT_ID: CLIENT_ID,
        CLAUDE_PLUGIN_OPTION_CLIENT_SECRET: SECRET,
        HALOPSA_TOOLSETS: "clients",
        HALOPSA_READ_ONLY: "true",
      },
    });
  });
  afterAll(async () => {
    await e2e?.close();
    await fake?.close();
  });

  it("is listed whatever the toolsets and read-only mode, cheaply, as a read", async () => {
    const tools = (await e2e.client.listTools()).tools;
    const tool = tools.find((t) => t.name === "check_setup");
    expect(tool?.annotations?.readOnlyHint).toBe(true);
    expect(tools.some((t) => t.name === "search_tickets")).toBe(false);
    // Paid for in every conversation: well under ~120 tokens (≈4 characters a token).
    expect(JSON.stringify(tool).length).toBeLessThan(480);
  });

  it("passes with the plugin's settings and reports them, never the secret", async () => {
    const r = await e2e.call("check_setup");
    expect(r.isError, r.text).toBe(false);
    const data = r.data as { ok: boolean; summary: string; checks: Check[] };
    expect(data.ok, r.text).toBe(true);
    expect(data.summary).toMatch(/All \d+ checks passed/);
    const by = new Map(data.checks.map((c) => [c.check, c]));
    expect(by.get("base URL")?.detail).toContain(fake.url);
    expect(by.get("client ID")?.detail).toBe(CLIENT_ID);
    expect(by.get("token")?.result).toBe("pass");
    expect(by.get("clients")?.result).toBe("pass");
    expect(by.has("tickets")).toBe(false);
    expect(r.text).not.toContain(SECRET);
  });

  it("names what is missing, with the fix, when the server is not configured", async () => {
    const bare = await startStdioE2E({
      fakeInstance: fake,
      env: { HALOPSA_BASE_URL: "", HALOPSA_CLIENT_ID: "", HALOPSA_CLIENT_SECRET: "" },
    });
    try {
      const r = await bare.call("check_setup");
      expect(r.isError).toBe(false);
      const data = r.data as { ok: boolean; checks: Check[] };
      expect(data.ok).toBe(false);
      expect(data.checks[0]).toMatchObject({ check: "config", result: "fail" });
      expect(data.checks[0]?.detail).toContain("HALOPSA_BASE_URL");
      // Every other tool points at this check.
      const other = await bare.call("search_clients", { query: "Acme" });
      expect(other.isError).toBe(true);
      expect(other.text).toContain(SETUP_CHECK);
      expect(bare.stderr()).toMatch(/warn: not configured: Missing HALOPSA_BASE_URL/);
    } finally {
      await bare.close();
    }
  });

  it("a wrong secret fails the token check with the fix, without pointing at itself", async () => {
    const wrong = await startStdioE2E({
      fakeInstance: fake,
      env: { HALOPSA_CLIENT_SECRET: "wrong-secret-value-123" },
    });
    try {
      const r = await wrong.call("check_setup");
      const data = r.data as { ok: boolean; checks: Check[] };
      expect(data.ok).toBe(false);
      const token = data.checks.find((c) => c.check === "token");
      expect(token?.result).toBe("fail");
      expect(token?.fix).toContain("HALOPSA_CLIENT_SECRET");
      expect(token?.fix).not.toContain("check_setup");
      expect(r.text).not.toContain("wrong-secret-value-123");
    } finally {
      await wrong.close();
    }
  });

  it("the start line on stderr says what the server received, never the secret", () => {
    expect(e2e.stderr()).toContain(`ready: ${fake.url}, client ID ${CLIENT_ID}, secret set`);
    expect(e2e.stderr()).toContain("toolsets clients; read-only");
    expect(e2e.stderr()).not.toContain(SECRET);
  });
});

describe("settings that leave no tool are refused at start, with the fix", () => {
  it("HALOPSA_TOOLSETS=raw without HALOPSA_ALLOW_RAW_API: exit 1, nothing on stdout", async () => {
    const r = await run([], { HALOPSA_TOOLSETS: "raw" });
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("not starting: HALOPSA_TOOLSETS=raw leaves no tool");
    expect(r.err).toContain("HALOPSA_ALLOW_RAW_API=true");
    const sandbox = await run(["--sandbox"], { HALOPSA_TOOLSETS: "raw" });
    expect(sandbox.code).toBe(1);
  });

  it("doctor fails the same settings", async () => {
    const r = await run(["doctor"], { HALOPSA_TOOLSETS: "raw" });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✘ toolsets\s+HALOPSA_TOOLSETS=raw leaves no tool/);
  });

  it("with the raw API allowed, the same toolset starts", async () => {
    const r = await run([], { HALOPSA_TOOLSETS: "raw", HALOPSA_ALLOW_RAW_API: "true" });
    expect(r.code).toBe(0);
    expect(r.err).toContain("ready: not configured; toolsets raw; raw API on");
  });
});

describe("doctor --sandbox", () => {
  it("checks the built-in fake Halo end to end and says it is not your tenant", async () => {
    const r = await run(["doctor", "--sandbox"], {});
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(
      /Checking the built-in sandbox \(fake HaloPSA at http:\/\/127\.0\.0\.1:\d+\), not your Halo/,
    );
    expect(r.out).toMatch(/✔ token/);
    expect(r.out).toMatch(/✔ tickets\s+GET \/api\/Tickets works/);
    expect(r.out).toMatch(/All \d+ checks passed/);
  });
});
