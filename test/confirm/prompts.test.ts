/**
 * The slash commands as MCP prompts: listed and rendered through prompts/list
 * and prompts/get, saying exactly what commands/*.md say (one source), from
 * the built bundle too (it reads no file at run time).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script without types
import { generatePrompts, PROMPT_COMMANDS } from "../../scripts/prompts.mjs";
import { parseCommand } from "../../src/server/prompts.js";
import { type ConfirmRig, startConfirmRig } from "../helpers/confirm-harness.js";
import { type E2E, startStdioE2E } from "../helpers/e2e.js";

const ROOT = resolve(import.meta.dirname, "../..");
const command = (name: string) => parseCommand(readFileSync(resolve(ROOT, `commands/${name}.md`), "utf8"));

let rig: ConfirmRig;
beforeAll(async () => {
  rig = await startConfirmRig();
});
afterAll(async () => {
  await rig.close();
});

describe("MCP prompts from the plugin's commands", () => {
  it("the generated prompt text is the commands' current text", () => {
    const file = readFileSync(resolve(ROOT, "src/server/prompts.generated.ts"), "utf8");
    expect(file, "run npm run build to regenerate").toBe(generatePrompts());
    expect(PROMPT_COMMANDS).toEqual(["create-ticket", "search-tickets", "my-queue"]);
  });

  it("prompts/list offers the two commands and the triage prompt, described by the commands", async () => {
    const { prompts } = await rig.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["create-ticket", "search-tickets", "my-queue"]);
    for (const p of prompts) {
      const { meta } = command(p.name);
      expect(p.description).toBe(meta.description);
      expect(p.arguments?.[0]?.description).toBe(meta["argument-hint"]);
    }
    expect(prompts.find((p) => p.name === "create-ticket")?.arguments?.[0]).toMatchObject({
      name: "request",
      required: true,
    });
    expect(prompts.find((p) => p.name === "my-queue")?.arguments?.[0]).toMatchObject({
      name: "focus",
      required: false,
    });
  });

  it("prompts/get renders the command body with the argument in place of $ARGUMENTS", async () => {
    const r = await rig.client.getPrompt({
      name: "create-ticket",
      arguments: { request: "printer down at Acme London, urgent" },
    });
    const text = (r.messages[0]!.content as { text: string }).text;
    expect(r.messages[0]?.role).toBe("user");
    expect(text).toBe(
      command("create-ticket").body.replaceAll("$ARGUMENTS", "printer down at Acme London, urgent"),
    );
    expect(text).toContain("create_ticket");
    expect(text).not.toContain("$ARGUMENTS");
    expect(text).not.toContain("allowed-tools");

    const queue = await rig.client.getPrompt({ name: "my-queue" });
    const q = (queue.messages[0]!.content as { text: string }).text;
    expect(q).toContain("my_queue");
    expect(q).toContain("(none given)");
  });

  it("a missing required argument or an unknown prompt is an error naming the fix", async () => {
    await expect(rig.client.getPrompt({ name: "search-tickets" })).rejects.toThrow(/needs request/);
    await expect(rig.client.getPrompt({ name: "nope" })).rejects.toThrow(/Unknown prompt nope/);
  });

  it("the commands pre-approve read tools only", () => {
    for (const name of PROMPT_COMMANDS as string[]) {
      const tools = (command(name).meta["allowed-tools"] ?? "").split(",").map((t) => t.trim());
      for (const t of tools)
        expect(t, name).toMatch(/__(search_|get_|list_|my_queue$|whoami$|ticket_stats$)/);
    }
  });
});

describe("from the built bundle over stdio", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startStdioE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });

  it("lists and renders the prompts", async () => {
    const { prompts } = await e2e.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["create-ticket", "search-tickets", "my-queue"]);
    const r = await e2e.client.getPrompt({ name: "search-tickets", arguments: { request: "open for Acme" } });
    expect((r.messages[0]!.content as { text: string }).text).toBe(
      command("search-tickets").body.replaceAll("$ARGUMENTS", "open for Acme"),
    );
  });
});
