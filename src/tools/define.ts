/**
 * The one way to define a tool. A tool file is the spec of its tool: name,
 * title, description written for a model, zod input (every field described),
 * output shape, effect and toolset. MCP annotations are derived from the
 * effect here, so they cannot disagree with what the tool does; read-only
 * mode and toolset filtering read the same two fields. Descriptions are
 * short on purpose: see description-budget.md beside this file.
 */
import type { z } from "zod";
import type { ConfigResult } from "../config/config.js";
import type { Toolset } from "../config/toolsets.js";
import type { Halo } from "../halo/index.js";

export type Effect = "read" | "create" | "update" | "delete";

export interface ToolContext {
  halo: Halo;
  /** The configuration this server received, even when it is incomplete (check_setup reports on it). */
  config: ConfigResult;
  signal: AbortSignal;
  /** Reports progress when the client asked for it (progressToken); a no-op otherwise. */
  progress(done: number, total?: number, message?: string): Promise<void>;
  /**
   * The person's approval of a write (src/server/confirm.ts). Every write tool
   * calls it once, after its preview is built and before its first request that
   * changes Halo; Halo refuses such a request in a call that has not passed it.
   * Resolves when the write may go ahead; when the person declined, cancelled or
   * did not answer it throws, and the server answers "nothing was sent".
   */
  confirm(request: ConfirmRequest): Promise<Confirmation>;
}

export interface ConfirmRequest {
  /** One line for the person, e.g. 'Close ticket "Printer jam" #1001'. */
  action: string;
  /** The preview dry_run returns (would_send, resolved, changes, warnings): shown as is. */
  preview: Record<string, unknown>;
  /** The write emails a customer (asked even under HALOPSA_CONFIRM=destructive). */
  email?: boolean;
  /**
   * The write removes something, whatever the tool's effect, or cannot be taken back (a local
   * file sent off the machine): asked under HALOPSA_CONFIRM=destructive.
   */
  destructive?: boolean;
}

export interface Confirmation {
  /**
   * True when the person accepted in the client's form. False when no form was
   * shown (the client cannot show one, or HALOPSA_CONFIRM exempts this write):
   * then today's model-set flags (e.g. delete_ticket's confirm) still apply.
   */
  byPerson: boolean;
}

/** Extra MCP content blocks beyond the JSON text (e.g. an image attachment). */
export type ExtraContent =
  | { type: "image"; data: string; mimeType: string }
  | { type: "text"; text: string }
  | { type: "resource"; resource: { uri: string; mimeType?: string; text?: string; blob?: string } };

export interface ToolResult<D = Record<string, unknown>> {
  /** The compact projection: sent as structuredContent and, serialised, as the text content. */
  data: D;
  extra?: ExtraContent[];
}

export interface ToolDefinition<
  S extends z.ZodRawShape = z.ZodRawShape,
  O extends z.ZodRawShape = z.ZodRawShape,
> {
  name: string;
  title: string;
  description: string;
  /** "always": offered whatever HALOPSA_TOOLSETS says (the setup check must be reachable when the rest is off). */
  toolset: Toolset | "always";
  effect: Effect;
  input: S;
  /**
   * Shape of `data`: the handler's return type is derived from it, so a
   * handler cannot return what the shape does not declare (compile time), and
   * every test call checks the data against it strictly (test/helpers/output.ts).
   */
  output: O;
  handler(args: z.output<z.ZodObject<S>>, ctx: ToolContext): Promise<ToolResult<OutputOf<O>>>;
}

/**
 * What a handler may return for output shape O: only the declared keys, each
 * of its declared type. Every key may be left out at compile time, since the
 * projections drop empty values (compact()); that a required key is there is
 * checked at run time, strictly, on every tool call the tests make.
 */
export type OutputOf<O extends z.ZodRawShape> = Loose<z.input<z.ZodObject<O>>>;
// A literal `true` (z.literal(true): a flag shown only when set) is typed boolean here, since
// object literals widen it; the run-time check still refuses a false.
type Loose<T> = T extends true
  ? boolean
  : T extends readonly (infer U)[]
    ? Loose<U>[]
    : T extends Record<string, unknown>
      ? { [K in keyof T]?: Loose<T[K]> }
      : T;

export function defineTool<S extends z.ZodRawShape, O extends z.ZodRawShape>(
  def: ToolDefinition<S, O>,
): ToolDefinition<S, O> {
  return def;
}

/**
 * MCP annotations, derived from the effect. idempotentHint false and
 * openWorldHint true (the spec's defaults) are left out, and
 * destructive/idempotent are meaningless for read-only tools: every hint in
 * the list costs context in every conversation. readOnlyHint and
 * destructiveHint are always explicit for writes because clients key
 * permission prompts on them. MCP defines destructiveHint false as "only adds":
 * an update overwrites values the record had, so it is destructive.
 */
export interface Annotations {
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
}

export function annotationsFor(effect: Effect): Annotations {
  switch (effect) {
    case "read":
      return { readOnlyHint: true };
    case "create":
      return { readOnlyHint: false, destructiveHint: false };
    case "update":
      return { readOnlyHint: false, destructiveHint: true, idempotentHint: true };
    case "delete":
      return { readOnlyHint: false, destructiveHint: true, idempotentHint: true };
  }
}

export const isWrite = (def: Pick<ToolDefinition, "effect">) => def.effect !== "read";
