/**
 * The audit line of one tool call in HTTP mode, on stderr as one JSON
 * object: who (the Halo agent), the tool, its effect, the record it named,
 * the outcome. Never the arguments or the result themselves (customer data)
 * and never a secret: the record ID is clipped and redacted like any text.
 */
import { redact } from "../util/log.js";
import type { Signed } from "./provider.js";

/** The record a call names: `id`, else the first `*_id` argument. */
export function recordOf(args: Record<string, unknown>): string | undefined {
  const key = "id" in args ? "id" : Object.keys(args).find((k) => /_id$/.test(k));
  const v = key ? args[key] : undefined;
  // The argument's name is the client's too: clipped like its value.
  const name = key?.slice(-40);
  if (typeof v === "number" && Number.isFinite(v)) return `${name}=${v}`;
  if (typeof v === "string" && v.trim()) return `${name}=${redact(v.trim().slice(0, 40))}`;
  return undefined;
}

/** ok, not_sent (the person declined or the form failed), or error with the error's title ("Not found"). */
export function outcomeOf(result: Record<string, unknown> | undefined, rpcError: boolean): string {
  if (rpcError || !result) return "protocol_error";
  const data = result.structuredContent as Record<string, unknown> | undefined;
  if (data && data.sent === false && typeof data.outcome === "string") return `not_sent:${data.outcome}`;
  if (result.isError === true) {
    const content = result.content as Array<{ type?: string; text?: string }> | undefined;
    const text = content?.find((c) => c.type === "text")?.text ?? "";
    // Errors start with a fixed title ("Not found: …", "Invalid input for x: …"): only that is kept.
    const title = /^([A-Za-z][A-Za-z ]{0,40}?)(?: for [a-z_]+)?:/.exec(text)?.[1];
    return `error:${title ?? "unknown"}`;
  }
  return "ok";
}

export function auditLine(entry: {
  who: Signed;
  tool: string;
  effect: string;
  dryRun: boolean;
  record?: string;
  result?: Record<string, unknown>;
  rpcError: boolean;
  ms: number;
}): string {
  const line = {
    at: new Date().toISOString(),
    agent: entry.who.agentId,
    agent_name: entry.who.agentName,
    tool: entry.tool.slice(0, 64),
    effect: entry.dryRun ? `${entry.effect} (dry run)` : entry.effect,
    record: entry.record,
    outcome: outcomeOf(entry.result, entry.rpcError),
    ms: entry.ms,
  };
  return redact(`[halopsa] audit ${visibleJson(JSON.stringify(line))}`);
}

/**
 * JSON.stringify escapes C0 controls only: C1 controls (U+009B is a
 * terminal's CSI), U+0085, the line and paragraph separators, bidi overrides
 * and invisible marks pass through raw. Escaped here, the line stays one
 * visible line and still parses to the same text.
 */
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

function visibleJson(json: string): string {
  return json.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
