/**
 * The built server over stdio with no credentials at all: it must start,
 * list its tools, and answer each call with the configuration problem
 * (naming the variables to set) instead of crashing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRecordedOutput, type E2E, SECRET, startStdioE2E } from "../helpers/e2e.js";

let e2e: E2E;

beforeAll(async () => {
  // startStdioE2E drops empty variables: the child sees no HALOPSA_BASE_URL/CLIENT_ID/CLIENT_SECRET.
  e2e = await startStdioE2E({
    env: { HALOPSA_BASE_URL: "", HALOPSA_CLIENT_ID: "", HALOPSA_CLIENT_SECRET: "" },
  });
});

afterAll(async () => {
  await e2e?.close();
});

describe("stdio server without credentials", () => {
  it("starts and lists its tools", async () => {
    const { tools } = await e2e.client.listTools();
    expect(tools.length).toBeGreaterThan(5);
    for (const t of tools) {
      expect(t.name).toMatch(/^[a-z_]+$/);
      expect(t.description?.length).toBeGreaterThan(0);
      expect(t.inputSchema.type).toBe("object");
    }
    const instructions = e2e.client.getInstructions() ?? "";
    expect(instructions).toContain("Not configured yet");
  });

  it("a call answers isError with the configuration problem naming the missing variables", async () => {
    const { tools } = await e2e.client.listTools();
    // Any read tool that needs no arguments reaches Halo (and so the configuration).
    const tool =
      tools.find((t) => t.name === "whoami") ??
      tools.find((t) => t.annotations?.readOnlyHint && !(t.inputSchema.required ?? []).length);
    expect(tool, "a read tool without required arguments").toBeDefined();
    const res = await e2e.call(tool?.name as string, {});
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/^HaloPSA is not configured: Missing HALOPSA_BASE_URL/);
    expect(res.text).toContain("HALOPSA_CLIENT_ID");
    expect(res.text).toContain("HALOPSA_CLIENT_SECRET");
    expect(res.text).toContain("Next step:");
    expect(res.text).toContain("doctor");
    // Nothing was asked of the fake: there is no Halo configured.
    expect(e2e.fake.requests).toEqual([]);
  });

  it("keeps answering (the process did not die) and logs the problem to stderr, not stdout", async () => {
    const { tools } = await e2e.client.listTools();
    const name = tools.find((t) => t.name === "search_tickets")?.name ?? (tools[0]?.name as string);
    const again = await e2e.call(name, {});
    expect(again.isError).toBe(true);
    expect(again.text).toContain("HALOPSA_BASE_URL");
    expect(e2e.stderr()).toContain("not configured");
    expect(allRecordedOutput()).not.toContain(SECRET);
  });
});
