/**
 * The person confirms, not the model. Every write tool calls ctx.confirm()
 * with its preview right before it changes Halo; when the client can show a
 * form (MCP elicitation) and HALOPSA_CONFIRM asks for this kind of write,
 * the person sees the preview and accepts, declines or cancels. Only an
 * explicit accept lets the write through. The per-call Halo view below refuses
 * any request that changes Halo before that point, so a tool that forgets to
 * ask cannot write, and no model-set flag stands in for the person.
 *
 * The form has one checkbox and no editable values: what the person approves
 * is exactly the previewed write. Values a client sends back anyway are
 * ignored (and reported), never merged into the write. See prd/09-confirmation.md.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ConfirmPolicy } from "../config/config.js";
import { HaloError } from "../halo/errors.js";
import type { Halo } from "../halo/index.js";
import { type Named, normName } from "../halo/match.js";
import { HaloResources } from "../halo/resources.js";
import type {
  Confirmation,
  ConfirmRequest,
  Effect,
  ToolContext,
  ToolDefinition,
  ToolResult,
} from "../tools/define.js";
import type { Row } from "../util/format.js";
import { redact } from "../util/log.js";

/** How long a form may wait for the person before the write is dropped. */
export const CONFIRM_TIMEOUT_MS = 10 * 60_000;

export type NotConfirmedOutcome = "declined" | "cancelled" | "timeout" | "failed";

/** Thrown by ctx.confirm when the write must not happen; the server turns it into a "not sent" answer. */
export class NotConfirmed extends Error {
  constructor(
    readonly outcome: NotConfirmedOutcome,
    readonly action: string,
    readonly detail?: string,
  ) {
    super(`${action}: ${outcome}`);
    this.name = "NotConfirmed";
  }
}

/** What one tool call has been allowed to do so far. */
export interface CallGate {
  /** The call passed ctx.confirm: its writes may go to Halo. */
  confirmed: boolean;
  /** Requests that changed (or may have changed) Halo in this call. */
  writes: number;
  /** Keys a client's form answer carried beyond the checkbox (ignored). */
  ignored: string[];
}

export const newGate = (): CallGate => ({ confirmed: false, writes: 0, ignored: [] });

/** Whether the client declared form elicitation in initialize (an empty `elicitation: {}` means form). */
export function canElicit(server: Server): boolean {
  const e = server.getClientCapabilities()?.elicitation as Record<string, unknown> | undefined;
  return !!e && (e.form !== undefined || Object.keys(e).length === 0);
}

/** Whether HALOPSA_CONFIRM wants the person asked for this write. */
export function policyAsks(
  policy: ConfirmPolicy,
  effect: Effect,
  email: boolean,
  destructive = false,
): boolean {
  if (policy === "never") return false;
  if (policy === "always") return true;
  return effect === "delete" || email || destructive;
}

export interface ConfirmerOptions {
  server: Server;
  policy: ConfirmPolicy;
  effect: Effect;
  signal: AbortSignal;
  timeoutMs: number;
  gate: CallGate;
}

/** ctx.confirm for one tool call. */
export function confirmerFor(o: ConfirmerOptions): (req: ConfirmRequest) => Promise<Confirmation> {
  return async (req) => {
    if (
      !canElicit(o.server) ||
      !policyAsks(o.policy, o.effect, req.email === true, req.destructive === true)
    ) {
      o.gate.confirmed = true;
      return { byPerson: false };
    }
    let answer: Awaited<ReturnType<Server["elicitInput"]>>;
    try {
      answer = await o.server.elicitInput(
        {
          mode: "form",
          message: confirmMessage(req),
          requestedSchema: {
            type: "object",
            properties: {
              confirm: {
                type: "boolean",
                title: req.email ? "Send to Halo and email the customer" : "Send to Halo",
                description: "Untick or decline to send nothing.",
                default: true,
              },
            },
            // Required, so a client sends the box's state with an accept (pre-filled from the default).
            required: ["confirm"],
          },
        },
        { signal: o.signal, timeout: o.timeoutMs },
      );
    } catch (err) {
      throw formFailure(err, req.action, o);
    }
    // Only a ticked box is a yes: an accept without it (no content, `{}`, as an HTML form
    // submits an unticked checkbox) is not the person agreeing to this write.
    if (answer.action === "accept" && answer.content?.confirm === true) {
      o.gate.confirmed = true;
      o.gate.ignored.push(...Object.keys(answer.content ?? {}).filter((k) => k !== "confirm"));
      return { byPerson: true };
    }
    throw new NotConfirmed(answer.action === "cancel" ? "cancelled" : "declined", req.action);
  };
}

function formFailure(err: unknown, action: string, o: ConfirmerOptions): NotConfirmed {
  if (o.signal.aborted) return new NotConfirmed("cancelled", action, "the tool call was cancelled");
  if (err instanceof McpError && err.code === ErrorCode.RequestTimeout)
    return new NotConfirmed("timeout", action, `no answer within ${Math.round(o.timeoutMs / 1000)} s`);
  return new NotConfirmed("failed", action, err instanceof Error ? err.message : String(err));
}

/**
 * The person picks one of several records a name matched ("Acme": Acme Ltd or
 * Acme Inc). Answers the chosen ID, or undefined when they did not choose.
 */
export async function chooseRecord(
  server: Server,
  choice: { field: string; query: string; options: Named[] },
  signal: AbortSignal,
  timeoutMs: number,
): Promise<number | undefined> {
  // Names are customer data: one line each, nothing invisible (formText).
  const labels = choice.options.map((o) => `${formText(o.name, 100)} (ID ${o.id})`);
  try {
    const answer = await server.elicitInput(
      {
        mode: "form",
        message: redact(
          `"${formText(choice.query, 100)}" matches several records for ${choice.field}. Which one?`,
        ),
        requestedSchema: {
          type: "object",
          properties: { choice: { type: "string", title: choice.field, enum: labels } },
          required: ["choice"],
        },
      },
      { signal, timeout: timeoutMs },
    );
    if (answer.action !== "accept") return undefined;
    const i = labels.indexOf(String(answer.content?.choice ?? ""));
    return i >= 0 ? choice.options[i]?.id : undefined;
  } catch {
    // No choice made: the ambiguity error stands and names the candidates.
    return undefined;
  }
}

/**
 * Runs a tool's handler. When it fails on an ambiguous name given as an
 * argument ("Acme": 2 clients) and the person can pick, they choose in a form
 * and the handler runs again with the chosen ID: only before any write of the
 * call, at most three times (one per ambiguous argument).
 */
export async function runHandler(
  def: ToolDefinition,
  args: Record<string, unknown>,
  ctx: ToolContext,
  o: { server: Server; policy: ConfirmPolicy; timeoutMs: number; gate: CallGate },
): Promise<ToolResult> {
  let input = args;
  for (let picks = 0; ; picks++) {
    try {
      return await def.handler(input as never, ctx);
    } catch (err) {
      const c = err instanceof HaloError ? err.choices : undefined;
      if (!c || picks >= 3 || o.gate.writes > 0 || o.policy === "never" || !canElicit(o.server)) throw err;
      const given = input[c.field];
      if (typeof given !== "string" || normName(given) !== normName(c.query) || c.options.length < 2)
        throw err;
      const id = await chooseRecord(o.server, c, ctx.signal, o.timeoutMs);
      if (id === undefined) throw err;
      const again = z.object(def.input).safeParse({ ...input, [c.field]: id });
      if (!again.success) throw err;
      input = again.data as Record<string, unknown>;
      // The run starts again with other records: an accept given to the first run's preview
      // (if it got that far) is not an accept of the new one.
      o.gate.confirmed = false;
      o.gate.ignored.length = 0;
    }
  }
}

/**
 * The Halo a tool call sees: the shared services, but every request that
 * changes Halo (anything but GET) is refused until the call passed
 * ctx.confirm. Lookups and the record resolver only read, so they stay shared
 * (with their caches).
 */
export function guardedHalo(halo: Halo, gate: CallGate, tool: string): Halo {
  const http = Object.create(halo.http) as Halo["http"];
  http.request = (req) => {
    if (req.method !== "GET" && !loadOnlyReport(req)) {
      if (!gate.confirmed) {
        // A bug in a tool, never a state a person or model can reach: fail loudly, send nothing.
        return Promise.reject(
          new Error(`${tool} tried ${req.method} ${req.path} without ctx.confirm(); nothing was sent.`),
        );
      }
      gate.writes++;
    }
    return halo.http.request(req);
  };
  return { ...halo, http, resources: new HaloResources(http) };
}

/**
 * POST /Report with `_loadreportonly: true` runs a report and stores nothing
 * (run_sql, whose own guard admits one SELECT): the one POST that reads.
 */
function loadOnlyReport(req: { method: string; path: string; body?: unknown }): boolean {
  return (
    req.method === "POST" &&
    /^\/?Report$/i.test(req.path) &&
    Array.isArray(req.body) &&
    req.body.length > 0 &&
    req.body.every((item) => !!item && typeof item === "object" && (item as Row)._loadreportonly === true)
  );
}

/** The answer when a write was not approved: no Halo error, just what happened and what to do. */
export function notConfirmedResult(err: NotConfirmed) {
  const why: Record<NotConfirmedOutcome, string> = {
    declined:
      "The person declined it in the confirmation form. Do not retry unless they ask; ask what to change.",
    cancelled: "The confirmation form was dismissed. Do not retry unless the person asks.",
    timeout: `Nobody answered the confirmation form (${err.detail}). Call again when the person is ready.`,
    failed: `The client could not show the confirmation form (${err.detail}). Ask the person to retry; a client that cannot show forms works with HALOPSA_CONFIRM=never (dry_run previews instead).`,
  };
  const data = {
    sent: false,
    outcome: err.outcome,
    action: err.action,
    message: `Nothing was sent to Halo. ${why[err.outcome]}`,
  };
  return {
    content: [{ type: "text" as const, text: redact(JSON.stringify(data)) }],
    structuredContent: data,
    isError: err.outcome === "timeout" || err.outcome === "failed",
  };
}

const MESSAGE_MAX = 4000;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * Characters that can change what a person sees without being seen: line
 * breaks, C0/C1 controls (terminal escapes: ESC[1A ESC[2K erase the line
 * above), bidi overrides and isolates, zero-width and other format marks.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/**
 * Text from outside the server (record names from Halo, the model's values)
 * as it may appear in the form: one line, nothing invisible, clipped. A
 * ticket summary must not add lines of its own ("Nothing is deleted"), move
 * the cursor, or push what really happens off the form.
 */
export function formText(text: string, max: number, keepEnd = 0): string {
  const cut = text.length > max * 4 ? `${text.slice(0, max * 2)} ${text.slice(-max * 2)}` : text;
  const one = cut.replace(INVISIBLE, " ").replace(/\s+/g, " ").trim();
  if (one.length <= max || keepEnd === 0) return clip(one, max);
  // The action's end says what happens ("… #1001 permanently"): a long name in the middle is cut, not the end.
  return `${one.slice(0, max - keepEnd - 1).trimEnd()}…${one.slice(-keepEnd).trimStart()}`;
}

/** A value of the body sent: strings quoted (JSON escapes line breaks and controls), invisible marks escaped. */
function show(v: unknown, max = 200): string {
  const visible = (json: string) =>
    json.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (typeof v === "string") return visible(JSON.stringify(clip(v, max)));
  if (v === null || typeof v !== "object") return formText(String(v), max);
  return visible(clip(JSON.stringify(v), max));
}

const SHOWN = new Set(["dry_run", "would_send", "resolved", "changes"]);

/** The form's text: the action, what changes (old → new), the records named, and the exact body sent. */
export function confirmMessage(req: ConfirmRequest): string {
  const p = req.preview;
  // Every line is the server's: what tools put in (names, values) is folded to one line and clipped.
  const lines = [`${formText(req.action, 240, 60)}?`];
  if (req.email) lines.push("This emails the customer.");
  const section = (title: string, obj: unknown, raw = false) => {
    if (!obj || typeof obj !== "object") return;
    const rows = Object.entries(obj as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (rows.length === 0) return;
    lines.push("", title);
    for (const [k, v] of rows)
      lines.push(`  ${formText(k, 60)}: ${raw ? show(v) : formText(String(v), 300)}`);
  };
  section("Changes:", p.changes);
  section("Records:", p.resolved);
  const bodies = Array.isArray(p.would_send) ? p.would_send : p.would_send ? [p.would_send] : [];
  bodies.forEach((b, i) => {
    section(bodies.length > 1 ? `Sent to Halo (${i + 1} of ${bodies.length}):` : "Sent to Halo:", b, true);
  });
  const rest = Object.fromEntries(Object.entries(p).filter(([k]) => !SHOWN.has(k)));
  section("Notes:", rest, true);
  return redact(clip(lines.join("\n"), MESSAGE_MAX));
}
