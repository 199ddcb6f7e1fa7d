/**
 * Regenerates the tool table in README.md (between the tools:start/end
 * markers) from the BUILT server: one spawn per toolset tells which toolset
 * each tool is in, and the annotations tell what it does to Halo, so the
 * table can only say what the server really offers.
 *
 *   npm run readme:tools            rewrite README.md
 *   npm run readme:tools -- --check exit 1 if README.md is stale
 */
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { TOOLSET_NAMES } from "../src/config/toolsets.js";

const ROOT = resolve(import.meta.dirname, "..");
export const BUNDLE = resolve(ROOT, "dist/halopsa-mcp.js");
export const README = resolve(ROOT, "README.md");
export const START = "<!-- tools:start -->";
export const END = "<!-- tools:end -->";
// Every toolset, in the server's order (the opt-in ones too).
const TOOLSETS = TOOLSET_NAMES;

export interface ToolRow {
  name: string;
  toolset: string;
  effect: "read" | "create" | "update" | "delete";
  summary: string;
}

interface Listed {
  name: string;
  description?: string;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean };
}

/** The tools a server started with `env` lists (no credentials needed to list). */
export async function listTools(env: Record<string, string>): Promise<Listed[]> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE],
    // A neutral folder: a developer's .env must not change what is listed.
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? "", HALOPSA_LOG_LEVEL: "error", HALOPSA_READ_ONLY: "false", ...env },
    stderr: "ignore",
  });
  const client = new Client({ name: "readme-tools", version: "1.0.0" });
  await client.connect(transport);
  try {
    return (await client.listTools()).tools as Listed[];
  } finally {
    await client.close();
  }
}

/** Annotations are derived from the tool's effect, so the effect can be read back from them. */
function effectOf(t: Listed): ToolRow["effect"] {
  const a = t.annotations ?? {};
  if (a.readOnlyHint) return "read";
  // Updates and deletes share their annotations (both overwrite what was there, both
  // idempotent); the tool's name tells them apart.
  if (a.destructiveHint) return /^(update|close|handover)_/.test(t.name) ? "update" : "delete";
  return a.idempotentHint ? "update" : "create";
}

function summaryOf(description = ""): string {
  // The first sentence: a full stop before a capital letter, not the one in "e.g.".
  const end = /(?<!\be\.g|\bi\.e)\.(?=\s+[A-Z]|$)/.exec(description);
  const first = end ? description.slice(0, end.index + 1) : description;
  const line = first.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

/** Every tool of every toolset (the raw API enabled), in the server's order. */
export async function liveToolRows(): Promise<ToolRow[]> {
  const per = await Promise.all(
    TOOLSETS.map(async (toolset) => {
      const tools = await listTools({
        HALOPSA_TOOLSETS: toolset,
        HALOPSA_ALLOW_RAW_API: "true",
        HALOPSA_ALLOW_SQL: "true",
      });
      return tools.map((t) => ({
        name: t.name,
        toolset,
        effect: effectOf(t),
        summary: summaryOf(t.description),
      }));
    }),
  );
  // A tool listed under every toolset (check_setup) is offered whatever HALOPSA_TOOLSETS says.
  const seen = new Map<string, ToolRow>();
  for (const row of per.flat()) {
    const first = seen.get(row.name);
    if (first) first.toolset = "any";
    else seen.set(row.name, row);
  }
  return [...seen.values()];
}

export function renderTable(rows: ToolRow[]): string {
  const lines = [
    "| tool | toolset | effect | what it does |",
    "|---|---|---|---|",
    ...rows.map((r) => `| \`${r.name}\` | ${r.toolset} | ${r.effect} | ${r.summary} |`),
  ];
  return lines.join("\n");
}

/** The rows of the table as written in a README. */
export function parseTable(readme: string): Array<{ name: string; toolset: string; effect: string }> {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return [];
  return readme
    .slice(start + START.length, end)
    .split("\n")
    .map((l) => /^\|\s*`([a-z_]+)`\s*\|\s*([a-z]+)\s*\|\s*([a-z]+)\s*\|/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1] ?? "", toolset: m[2] ?? "", effect: m[3] ?? "" }));
}

export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

async function main(): Promise<void> {
  const rows = await liveToolRows();
  const current = readFileSync(README, "utf8");
  const next = withTable(current, renderTable(rows));
  if (process.argv.includes("--check")) {
    if (next !== current) {
      console.error("README.md tool table is stale: run `npm run readme:tools`.");
      process.exit(1);
    }
    console.error(`README.md tool table is current (${rows.length} tools).`);
    return;
  }
  if (next !== current) writeFileSync(README, next);
  console.error(
    `README.md tool table: ${rows.length} tools${next === current ? " (unchanged)" : " (updated)"}.`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
