/**
 * The one check of tool outputs: every successful tool result a test receives
 * (the e2e and confirm harnesses call this on each call) must be exactly what
 * the tool's declared output shape allows — every required key present, each
 * value of its declared type, and no undeclared key at any depth. The shape
 * strips what it does not declare, so the data must equal its own parse.
 * What the server itself adds around a tool's data is told apart: the
 * "nothing was sent" answer of a write the person did not confirm, the
 * note on a result cut to size, and the form values a client sent back.
 */
import { expect } from "vitest";
import { z } from "zod";
import { TOOLSET_NAMES } from "../../src/config/toolsets.js";
import type { ToolDefinition } from "../../src/tools/define.js";
import { allTools } from "../../src/tools/registry.js";

/** Every tool the server can offer (every toolset, SQL and the raw API on), by name. */
const TOOLS = new Map<string, ToolDefinition>(
  allTools({
    readOnly: false,
    toolsets: [...TOOLSET_NAMES],
    logLevel: "error",
    allowRawApi: true,
    allowSql: true,
  }).map((t) => [t.name, t]),
);

/** src/server/confirm.ts notConfirmedResult: the server's answer in place of the tool's. */
const NOT_SENT = z.strictObject({
  sent: z.literal(false),
  outcome: z.enum(["declined", "cancelled", "timeout", "failed"]),
  action: z.string(),
  message: z.string(),
});

/** Keys the server adds to a tool's data (src/server/server.ts, src/server/bound.ts). */
const SERVER_KEYS = ["form_values_ignored", "truncated"];

/** Fails the test unless `data` is exactly what `tool` declares (see above). */
export function expectDeclaredOutput(tool: string, data: unknown): void {
  const def = TOOLS.get(tool);
  if (!def) throw new Error(`no tool named ${tool}`);
  if (NOT_SENT.safeParse(data).success) return;
  const own = Object.fromEntries(
    Object.entries((data ?? {}) as Record<string, unknown>).filter(([k]) => !SERVER_KEYS.includes(k)),
  );
  // A result too large for any row cut is replaced whole by the size note.
  if (Object.keys(own).length === 0 && data && typeof data === "object" && "truncated" in data) return;
  const parsed = z.object(def.output).safeParse(own);
  expect(parsed.success, `${tool}: ${parsed.success ? "" : JSON.stringify(parsed.error.issues)}`).toBe(true);
  expect(parsed.data, `${tool}: a key its output shape does not declare`).toStrictEqual(own);
}
