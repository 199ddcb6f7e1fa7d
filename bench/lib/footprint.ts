/**
 * Tool-list footprint: what every conversation pays before the first
 * question. Bytes of the JSON `tools` array from tools/list, ≈ tokens at 4
 * bytes a token, for the default selection and for each toolset alone.
 */
import { TOOLSET_NAMES } from "../../src/config/toolsets.js";
import type { Figure, Section } from "./report.js";
import { serverEnv, startOurs } from "./servers.js";
import { kb, tokens } from "./stats.js";

const NOWHERE = "http://127.0.0.1:9";

export interface ListedTool {
  name: string;
  bytes: number;
}

async function listWith(extra: Record<string, string>): Promise<{ bytes: number; tools: ListedTool[] }> {
  const p = await startOurs(serverEnv(NOWHERE, extra));
  try {
    const list = await p.listTools();
    return {
      bytes: Buffer.byteLength(JSON.stringify(list)),
      tools: list.map((t) => ({ name: String(t.name), bytes: Buffer.byteLength(JSON.stringify(t)) })),
    };
  } finally {
    await p.close();
  }
}

export async function measureFootprint(): Promise<Section> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const all = await listWith({});
  const count = all.tools.length;
  const allTokens = tokens(all.bytes);
  const perTool = count ? allTokens / count : Number.NaN;
  figures.push(
    {
      id: "tools_list.default.tokens",
      label: `tools/list, default (${count} tools)`,
      value: allTokens,
      shown: `${kb(all.bytes)} ≈ ${allTokens} tok`,
      target: "≤ 7,000 tok",
      pass: allTokens <= 7000,
    },
    {
      id: "tools_list.default.tokens_per_tool",
      label: "tools/list, average per tool",
      value: perTool,
      shown: `≈ ${perTool.toFixed(0)} tok`,
      target: "≤ 180 tok",
      pass: perTool <= 180,
    },
  );
  for (const toolset of TOOLSET_NAMES) {
    const extra: Record<string, string> = { HALOPSA_TOOLSETS: toolset };
    if (toolset === "raw") extra.HALOPSA_ALLOW_RAW_API = "true";
    const one = await listWith(extra);
    figures.push({
      id: `tools_list.${toolset}.tokens`,
      label: `tools/list, HALOPSA_TOOLSETS=${toolset} (${one.tools.length} tools)`,
      value: tokens(one.bytes),
      shown: `${kb(one.bytes)} ≈ ${tokens(one.bytes)} tok`,
    });
  }
  const largest = [...all.tools].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  for (const t of largest) {
    figures.push({
      id: `tools_list.largest.${t.name}`,
      label: `largest: ${t.name}`,
      value: t.bytes,
      shown: `${t.bytes} B ≈ ${tokens(t.bytes)} tok`,
    });
  }
  notes.push(
    "Bytes are JSON.stringify of the tools array (name, title, description, inputSchema, annotations); tokens ≈ bytes/4.",
  );
  return { title: "Tool-list footprint", figures, notes };
}
