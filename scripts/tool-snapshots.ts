/**
 * Tool snapshots: one file per tool (test/__toolsnaps__/<tool>.json) holding
 * its exact tools/list entry, as the BUILT server lists it with every toolset
 * on (the opt-in ones, SQL and the raw API too). A change to what the model
 * sees (name, description, schema, annotations) then shows up in review as a
 * diff of these files; test/plugin/tool-snapshots.test.ts fails on any
 * difference, and on a missing or extra snapshot.
 *
 *   npm run snapshots:update     rewrite the snapshots from the built server
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { listTools } from "./readme-tools.js";

export const SNAP_DIR = resolve(import.meta.dirname, "../test/__toolsnaps__");

/** Every tool the server can offer, keyed by name, each as its file's exact text. */
export async function liveSnapshots(): Promise<Map<string, string>> {
  const tools = await listTools({
    HALOPSA_TOOLSETS: "all",
    HALOPSA_ALLOW_RAW_API: "true",
    HALOPSA_ALLOW_SQL: "true",
  });
  return new Map(tools.map((t) => [t.name, `${JSON.stringify(t, null, 2)}\n`]));
}

/** The snapshots on disk, keyed by tool name. */
export function storedSnapshots(): Map<string, string> {
  const files = readdirSync(SNAP_DIR).filter((f) => f.endsWith(".json"));
  return new Map(files.map((f) => [f.slice(0, -".json".length), readFileSync(join(SNAP_DIR, f), "utf8")]));
}

async function main(): Promise<void> {
  const live = await liveSnapshots();
  mkdirSync(SNAP_DIR, { recursive: true });
  let changed = 0;
  const stored = storedSnapshots();
  for (const name of stored.keys()) {
    if (!live.has(name)) {
      rmSync(join(SNAP_DIR, `${name}.json`));
      changed++;
    }
  }
  for (const [name, text] of live) {
    if (stored.get(name) === text) continue;
    writeFileSync(join(SNAP_DIR, `${name}.json`), text);
    changed++;
  }
  console.error(`tool snapshots: ${live.size} tools, ${changed} file(s) written or removed.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
