/**
 * Builds the MCP server: the registry filtered by toolsets and read-only
 * mode, tools/list computed once, and one call path that validates input,
 * runs the handler and turns every failure into an isError result.
 *
 * It uses the SDK's low-level Server rather than McpServer so the tool list
 * is exactly ours (no $schema noise per tool: the list is paid for in every
 * conversation's context) and so refused tools answer with a reason.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ConfigResult, Settings } from "../config/config.js";
import { errorText, HaloError, SETUP_CHECK } from "../halo/errors.js";
import { createHalo, type Halo } from "../halo/index.js";
import { closest, levenshtein } from "../halo/match.js";
import {
  annotationsFor,
  type ExtraContent,
  isWrite,
  type ToolContext,
  type ToolDefinition,
} from "../tools/define.js";
import { log, redact, redactDeep, registerSecret, setLogSink } from "../util/log.js";
import { boundData } from "./bound.js";
import {
  CONFIRM_TIMEOUT_MS,
  confirmerFor,
  guardedHalo,
  NotConfirmed,
  newGate,
  notConfirmedResult,
  runHandler,
} from "./confirm.js";
import { instructionsFor } from "./instructions.js";
import { registerPrompts } from "./prompts.js";

export interface ServerOptions {
  config: ConfigResult;
  version: string;
  /** Injected Halo services (tests, sandbox); created from config otherwise. */
  halo?: Halo;
  /** How long a confirmation form waits for the person (tests shorten it). */
  confirmTimeoutMs?: number;
  /**
   * Send this process's warnings to the client as MCP log messages (default
   * true). Off in HTTP mode: the sink is process-wide, and one person's
   * errors must not reach another person's session.
   */
  clientLog?: boolean;
}

export interface HaloMcpServer {
  server: Server;
  /** The tools this process offers (loads the registry). */
  tools(): Promise<ToolDefinition[]>;
  close(): Promise<void>;
}

/** Which tools this process offers, and why the others are absent. */
export function selectTools(
  settings: Settings,
  all: ToolDefinition[],
): { tools: ToolDefinition[]; refused: Map<string, string> } {
  const tools: ToolDefinition[] = [];
  const refused = new Map<string, string>();
  for (const def of all) {
    if (def.toolset !== "always" && !settings.toolsets.includes(def.toolset)) {
      refused.set(
        def.name,
        `its toolset "${def.toolset}" is not enabled (HALOPSA_TOOLSETS=${settings.toolsets.join(",")})`,
      );
    } else if (settings.readOnly && isWrite(def)) {
      refused.set(def.name, "it writes to Halo and the server is in read-only mode (HALOPSA_READ_ONLY=true)");
    } else tools.push(def);
  }
  if (!settings.allowRawApi)
    refused.set(
      "api_request",
      "the raw API escape hatch is off (set HALOPSA_ALLOW_RAW_API=true to enable it)",
    );
  return { tools, refused };
}

/**
 * The registry is imported on the first tools/list or tools/call, not at
 * start-up: `initialize` must not wait for ~35 tool modules and their schemas.
 */
export async function loadTools(settings: Settings) {
  const { allTools } = await import("../tools/registry.js");
  const selection = selectTools(settings, allTools(settings));
  return { ...selection, byName: new Map(selection.tools.map((t) => [t.name, t])) };
}

/**
 * The advertised input schema is a guide for the model, paid for in every
 * conversation's context; validation happens here with the full zod schema
 * and its errors name the field. So the list keeps types, enums, defaults,
 * numeric bounds, required and descriptions, and drops string lengths,
 * patterns, formats, key schemas and zod's safe-integer bounds.
 */
export function jsonSchemaOf(shape: z.ZodRawShape): Record<string, unknown> {
  const schema = z.toJSONSchema(z.object(shape), {
    target: "draft-7",
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  delete schema.$schema;
  delete schema.additionalProperties;
  return trimSchema(schema) as Record<string, unknown>;
}

const DROPPED = new Set([
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "propertyNames",
  "additionalProperties",
  "maxItems",
]);

function trimSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(trimSchema);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (DROPPED.has(k)) continue;
    if (
      (k === "maximum" && v === Number.MAX_SAFE_INTEGER) ||
      (k === "minimum" && v === Number.MIN_SAFE_INTEGER)
    )
      continue;
    if (k === "exclusiveMinimum" && v === 0) continue;
    // An absent boolean is false anyway; a page ceiling of 1000 tells a model nothing.
    if ((k === "default" && v === false) || (k === "maximum" && typeof v === "number" && v >= 1000)) continue;
    out[k] = trimSchema(v);
  }
  // anyOf of bare primitive types ("ID or name") reads the same as a type list, in a third of the bytes.
  const any = out.anyOf;
  if (Array.isArray(any) && any.every((b) => isBareType(b))) {
    const types = [...new Set(any.map((b) => (b as { type: string }).type))];
    delete out.anyOf;
    // "ID or name" is advertised as a string: a numeric string is taken as the ID (a
    // number is still accepted), and 63 type lists cost ~170 tokens in every conversation.
    const idOrName = types.length === 2 && types.includes("integer") && types.includes("string");
    out.type = idOrName ? "string" : types.length === 1 ? types[0] : types;
  }
  return out;
}

function isBareType(b: unknown): boolean {
  return (
    !!b &&
    typeof b === "object" &&
    typeof (b as { type?: unknown }).type === "string" &&
    Object.keys(b).length === 1
  );
}

/** One tools/list entry: exactly what the model sees for a tool. */
export function listEntry(t: ToolDefinition) {
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: jsonSchemaOf(t.input),
    annotations: annotationsFor(t.effect),
  };
}

/** "clientname: unknown argument (did you mean client?)", or undefined when every key is known. */
export function unknownArguments(args: Record<string, unknown>, shape: z.ZodRawShape): string | undefined {
  const known = Object.keys(shape);
  const extra = Object.keys(args).filter((k) => !Object.hasOwn(shape, k));
  if (extra.length === 0) return undefined;
  const candidates = known.map((k, id) => ({ id, name: k }));
  const near = (key: string) => {
    // "client_id" → client, "clientname" → client, "limt" → limit; nothing for an unrelated word.
    const stripped = key.toLowerCase().replace(/_?(id|ids|name)$/, "");
    // "id" or "name" alone strip to nothing, which would match every argument.
    const q = stripped.length >= 3 ? stripped : key.toLowerCase();
    const hit = closest(q, candidates, 1)[0];
    // "ticket_id" on a tool whose record ID is plain `id`.
    const plainId = /_id$/i.test(key) && Object.hasOwn(shape, "id") ? "id" : undefined;
    if (!hit) return plainId;
    const close =
      (q.length >= 3 && (hit.name.includes(q) || q.includes(hit.name))) ||
      (q.length >= 4 && levenshtein(q, hit.name) <= (q.length >= 5 ? 2 : 1));
    return close ? hit.name : plainId;
  };
  return extra
    .slice(0, 8)
    .map((k) => {
      const guess = near(k);
      // The key is the model's: echoed clipped, so a megabyte-long key does not come back whole.
      return `${k.length > 80 ? `${k.slice(0, 80)}…` : k}: unknown argument${guess ? ` (did you mean ${guess}?)` : ` (valid: ${known.join(", ")})`}`;
    })
    .join("; ");
}

/** "limit: Too big: expected number to be <=100; client: Required" */
export function describeZodError(err: z.ZodError): string {
  // One line per distinct problem: two checks of one field can say the same thing.
  const lines = err.issues.map((i) => `${i.path.length ? i.path.join(".") : "arguments"}: ${i.message}`);
  return [...new Set(lines)].slice(0, 8).join("; ");
}

export function createServer(opts: ServerOptions): HaloMcpServer {
  const { config } = opts;
  const settings = config.settings;
  // Registered before any call, so results and uploads are checked for it from the first one.
  if (config.ok) registerSecret(config.config.clientSecret);
  let selection: ReturnType<typeof loadTools> | undefined;
  const selected = () => {
    selection ??= loadTools(settings);
    return selection;
  };
  let halo: Halo | undefined = opts.halo;
  const getHalo = (): Halo => {
    if (halo) return halo;
    if (!config.ok) {
      throw new HaloError("configuration", config.problems.join(" "), {
        hint: `Set the variables (environment, the plugin's settings, or your settings file; a .env in the project folder is not read) and restart Claude Code; ${SETUP_CHECK}.`,
      });
    }
    halo = createHalo(config.config);
    return halo;
  };

  const server = new Server(
    { name: "halopsa", title: "HaloPSA", version: opts.version },
    {
      capabilities: { tools: {}, prompts: {}, logging: {} },
      instructions: instructionsFor(settings, config.ok),
    },
  );

  registerPrompts(server);

  let listed: unknown[] | undefined;
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    listed ??= (await selected()).tools.map(listEntry);
    return { tools: listed as never };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args } = request.params;
    const { byName, refused } = await selected();
    const def = byName.get(name);
    if (!def) {
      const why = refused.get(name);
      return failure(
        why
          ? `Tool ${name} is not available: ${why}.`
          : `Unknown tool ${name}. Available: ${[...byName.keys()].join(", ")}.`,
      );
    }
    // A misnamed argument must not be dropped silently: `clientname` ignored would list every client's tickets.
    const unknown = unknownArguments(args ?? {}, def.input);
    if (unknown) return failure(`Invalid input for ${name}: ${unknown}. Fix those fields and call again.`);
    const parsed = z.object(def.input).safeParse(args ?? {});
    if (!parsed.success) {
      return failure(
        `Invalid input for ${name}: ${describeZodError(parsed.error)}. Fix those fields and call again.`,
      );
    }
    const progressToken = request.params._meta?.progressToken;
    // Writes in this call wait for ctx.confirm (see confirm.ts).
    const gate = newGate();
    let callHalo: Halo | undefined;
    const ctx: ToolContext = {
      get halo() {
        callHalo ??= guardedHalo(getHalo(), gate, name);
        return callHalo;
      },
      confirm: confirmerFor({
        server,
        policy: settings.confirm ?? "always",
        effect: def.effect,
        signal: extra.signal,
        timeoutMs: opts.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS,
        gate,
      }),
      config,
      signal: extra.signal,
      progress: async (done, total, message) => {
        if (progressToken === undefined) return;
        await extra
          .sendNotification({
            method: "notifications/progress",
            params: { progressToken, progress: done, total, message },
          })
          .catch(() => undefined);
      },
    };
    try {
      const result = await runHandler(def, parsed.data, ctx, {
        server,
        policy: settings.confirm ?? "always",
        timeoutMs: opts.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS,
        gate,
      });
      // A client that answered the form with values: they were not applied (the write is the preview).
      const ignored = gate.ignored.length ? { form_values_ignored: [...new Set(gate.ignored)] } : {};
      // Every result is redacted, not only errors: a secret pasted into a ticket must not reach the model.
      const data = redactDeep(boundData({ ...result.data, ...ignored }));
      return {
        content: [
          { type: "text" as const, text: JSON.stringify(data) },
          ...(result.extra ?? []).map(redactExtra),
        ],
        structuredContent: data,
      };
    } catch (err) {
      if (err instanceof NotConfirmed) return notConfirmedResult(err);
      if (!(err instanceof HaloError))
        log.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return failure(errorText(err));
    }
  });

  // Transport and protocol problems (an oversized or unreadable message) go to stderr, not into silence.
  server.onerror = (err) => log.error(`transport: ${err.message}`);

  server.oninitialized = () => {
    if (opts.clientLog === false) return;
    setLogSink((level, message) => {
      if (level === "warn" || level === "error") {
        server
          .sendLoggingMessage({
            level: level === "warn" ? "warning" : "error",
            logger: "halopsa",
            data: message,
          })
          .catch(() => undefined);
      }
    });
  };

  return {
    server,
    tools: async () => (await selected()).tools,
    async close() {
      setLogSink(undefined);
      await halo?.close().catch(() => undefined);
      await server.close().catch(() => undefined);
    },
  };
}

/** Text blocks (an attachment's text) are redacted like the JSON; images are bytes, left alone. */
function redactExtra(block: ExtraContent): ExtraContent {
  if (block.type === "text") return { ...block, text: redact(block.text) };
  if (block.type === "resource" && block.resource.text !== undefined)
    return { ...block, resource: { ...block.resource, text: redact(block.resource.text) } };
  return block;
}

function failure(text: string) {
  return { content: [{ type: "text" as const, text: redact(text) }], isError: true };
}
