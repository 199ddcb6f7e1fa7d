/**
 * check_setup (/halopsa:doctor inside the server): doctor's checks on the
 * settings the server actually received — here only through the
 * CLAUDE_PLUGIN_OPTION_* variables Claude Code fills from the plugin's
 * settings, which a shell's `doctor` cannot see. In-process
 * (test/helpers/e2e.ts startE2E); the start-up line on stderr is checked on
 * the bundle in test/plugin/setup-check.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { SETUP_CHECK } from "../../src/halo/errors.js";
import { CLIENT_ID, type E2E, pluginSettingsOnly, SECRET, startE2E } from "../helpers/e2e.js";

interface Check {
  check: string;
  result: string;
  detail: string;
  fix?: string;
}

describe("check_setup: the setup check on the settings the server received", () => {
  let fake: FakeHalo;
  let e2e: E2E;

  beforeAll(async () => {
    fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET });
    e2e = await startE2E({
      fakeInstance: fake,
      env: { ...pluginSettingsOnly(fake.url), HALOPSA_TOOLSETS: "clients", HALOPSA_READ_ONLY: "true" },
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
    const bare = await startE2E({
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
    const wrong = await startE2E({
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
});
