/**
 * MCP prompts: the plugin's slash commands (commands/*.md) offered to any MCP
 * client. One source: the command files, copied into the bundle at build time
 * (scripts/prompts.mjs); the prompt is the command's body with $ARGUMENTS
 * replaced by the prompt's argument, and its description and argument hint
 * are the command's frontmatter.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { COMMAND_SOURCES } from "./prompts.generated.js";

export interface PromptSource {
  name: string;
  title: string;
  description: string;
  argument: { name: string; description: string; required: boolean };
  body: string;
}

const TITLES: Record<string, string> = {
  "create-ticket": "Create a ticket from one line",
  "search-tickets": "Search tickets",
  "my-queue": "My queue (triage)",
};

/** The argument each prompt takes: a required request, or an optional focus for the queue. */
const ARGUMENTS: Record<string, { name: string; required: boolean }> = {
  "create-ticket": { name: "request", required: true },
  "search-tickets": { name: "request", required: true },
  "my-queue": { name: "focus", required: false },
};

/** Frontmatter (`key: value` lines between --- fences) and the body of a command file. */
export function parseCommand(text: string): { meta: Record<string, string>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) return { meta: {}, body: text };
  const meta: Record<string, string> = {};
  for (const line of (m[1] ?? "").split(/\r?\n/)) {
    const kv = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (kv?.[1]) meta[kv[1]] = (kv[2] ?? "").trim();
  }
  return { meta, body: (m[2] ?? "").replace(/^\s+/, "") };
}

export function promptSources(sources: Record<string, string> = COMMAND_SOURCES): PromptSource[] {
  return Object.entries(sources).map(([name, text]) => {
    const { meta, body } = parseCommand(text);
    const arg = ARGUMENTS[name] ?? { name: "request", required: false };
    return {
      name,
      title: TITLES[name] ?? name,
      description: meta.description ?? name,
      argument: { ...arg, description: meta["argument-hint"] ?? "" },
      body,
    };
  });
}

/** The prompt's text: the command's body with its argument in place of $ARGUMENTS. */
export function renderPrompt(p: PromptSource, value: string | undefined): string {
  const given = value?.trim() ?? "";
  return p.body.replaceAll("$ARGUMENTS", given || "(none given)");
}

export function registerPrompts(server: Server): void {
  const prompts = promptSources();
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: prompts.map((p) => ({
      name: p.name,
      title: p.title,
      description: p.description,
      arguments: [p.argument],
    })),
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const p = prompts.find((x) => x.name === request.params.name);
    if (!p) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown prompt ${request.params.name}. Available: ${prompts.map((x) => x.name).join(", ")}.`,
      );
    }
    const value = request.params.arguments?.[p.argument.name];
    if (p.argument.required && !value?.trim()) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Prompt ${p.name} needs ${p.argument.name}: ${p.argument.description}`,
      );
    }
    return {
      description: p.description,
      messages: [{ role: "user" as const, content: { type: "text" as const, text: renderPrompt(p, value) } }],
    };
  });
}
