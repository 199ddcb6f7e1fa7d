// Starting the built server with the plugin's settings: the start-up report on
// stderr, the refusal of settings that leave no tool, and `doctor --sandbox`.
// The check_setup tool itself: test/tools/check_setup.test.ts.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { BUNDLE, CLIENT_ID, type E2E, pluginSettingsOnly, SECRET, startStdioE2E } from "../helpers/e2e.js";

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

describe("the start-up line on stderr (the built bundle)", () => {
  let fake: FakeHalo;
  let e2e: E2E;

  beforeAll(async () => {
    fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET });
    e2e = await startStdioE2E({
      fakeInstance: fake,
      env: { ...pluginSettingsOnly(fake.url), HALOPSA_TOOLSETS: "clients", HALOPSA_READ_ONLY: "true" },
    });
  });
  afterAll(async () => {
    await e2e?.close();
    await fake?.close();
  });

  it("the start line on stderr says what the server received, never the secret", () => {
    expect(e2e.stderr()).toContain(`ready: ${fake.url}, client ID ${CLIENT_ID}, secret set`);
    expect(e2e.stderr()).toContain("toolsets clients; read-only");
    expect(e2e.stderr()).not.toContain(SECRET);
  });

  it("unconfigured, it warns what is missing", async () => {
    const bare = await startStdioE2E({
      fakeInstance: fake,
      env: { HALOPSA_BASE_URL: "", HALOPSA_CLIENT_ID: "", HALOPSA_CLIENT_SECRET: "" },
    });
    try {
      // The first request waits for the start, and the warning is written before it.
      await bare.client.listTools();
      expect(bare.stderr()).toMatch(/warn: not configured: Missing HALOPSA_BASE_URL/);
    } finally {
      await bare.close();
    }
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
