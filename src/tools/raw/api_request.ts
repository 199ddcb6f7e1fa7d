/**
 * api_request: the escape hatch for any Halo endpoint the typed tools do not
 * cover. Only offered when HALOPSA_ALLOW_RAW_API=true; confined to relative
 * paths under /api on the configured host; GET-only in read-only mode (and
 * then its effect is "read"). Writes go through the same HaloHttp as every
 * tool, so a POST is never resent once it may have landed.
 */
import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import type { Query } from "../../halo/http.js";
import { clip, compact } from "../../util/format.js";
import { defineTool, type ToolDefinition } from "../define.js";

/** Largest answer handed back, in characters of JSON. */
export const RAW_ANSWER_MAX = 20_000;

const refuse = (input: string, why: string) =>
  inputError(
    `path: "${clip(input, 120)}" ${why}`,
    'Pass a path under /api on your Halo host, e.g. "Tickets/123" or "/api/Client".',
  );

/** "/api/Tickets/12" or "Tickets/12" -> "/Tickets/12"; anything that could leave /api on this host is refused. */
export function apiPath(input: string): string {
  const p = input.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith("//") || p.includes("\\")) {
    throw refuse(p, "is not a relative path: absolute URLs and other hosts are refused.");
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(p);
  } catch {
    throw refuse(p, "has broken %-escapes.");
  }
  if (decoded.includes("..")) throw refuse(p, 'contains "..": paths may not climb out of /api.');
  if (/[?#]/.test(decoded)) throw refuse(p, "contains ? or #: put query parameters in `query`.");
  let rest = decoded.replace(/^\/+/, "");
  if (/^api(\/|$)/i.test(rest)) rest = rest.slice(3).replace(/^\/+/, "");
  rest = rest.replace(/\/+$/, "");
  if (!rest) throw refuse(p, 'names no resource (e.g. "Tickets").');
  if (
    rest.includes("//") ||
    !/^[A-Za-z0-9_.\-/]+$/.test(rest) ||
    /^[a-z0-9.-]+\.[a-z]{2,}(\/|$)/i.test(rest)
  ) {
    throw refuse(p, "is not a Halo API path (letters, digits, _ - . and / only, no host names).");
  }
  return `/${rest}`;
}

/**
 * Bounds an answer at `max` characters of JSON: a list (bare or the largest
 * array in an envelope) loses rows from the end; anything else becomes
 * clipped JSON text. The note says what was cut and how to narrow.
 */
export function boundAnswer(body: unknown, max = RAW_ANSWER_MAX): { body: unknown; truncated?: string } {
  const text = JSON.stringify(body) ?? "null";
  if (text.length <= max) return { body };
  const narrow =
    "Narrow it: query pageinate=true with page_size/page_no, count, search or a filter, or GET one record by ID.";
  const rowsThatFit = (rows: unknown[], wrap: (kept: unknown[]) => unknown) => {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if ((JSON.stringify(wrap(rows.slice(0, mid))) ?? "").length <= max - 400) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  let rows: unknown[] | undefined;
  let wrap: ((kept: unknown[]) => unknown) | undefined;
  if (Array.isArray(body)) {
    rows = body;
    wrap = (kept) => kept;
  } else if (body && typeof body === "object") {
    const o = body as Record<string, unknown>;
    const key = Object.keys(o)
      .filter((k) => Array.isArray(o[k]))
      .sort((a, b) => (JSON.stringify(o[b]) ?? "").length - (JSON.stringify(o[a]) ?? "").length)[0];
    if (key) {
      rows = o[key] as unknown[];
      wrap = (kept) => ({ ...o, [key]: kept });
    }
  }
  if (rows && wrap) {
    const keep = rowsThatFit(rows, wrap);
    if (keep > 0) {
      return {
        body: wrap(rows.slice(0, keep)),
        truncated: `Cut: showing ${keep} of ${rows.length} rows; the answer was ${text.length} characters, over the ${max} cap. ${narrow}`,
      };
    }
  }
  return {
    body: text.slice(0, max),
    truncated: `Cut: the answer was ${text.length} characters of JSON, over the ${max} cap, so body is its first ${max} characters as text. ${narrow}`,
  };
}

export function apiRequestTool(settings: { readOnly: boolean }): ToolDefinition {
  const readOnly = settings.readOnly;
  return defineTool({
    name: "api_request",
    title: "Raw Halo API request",
    description: `Escape hatch: call any Halo /api endpoint the other tools lack, e.g. GET "Invoice/12". Returns status and JSON (cut at ${RAW_ANSWER_MAX / 1000}k chars). ${
      readOnly
        ? "Read-only mode: GET only."
        : "POST bodies are Halo's JSON arrays; POST and DELETE change Halo."
    } Prefer typed tools.`,
    toolset: "raw",
    // In read-only mode it can only read; otherwise it can delete, so it carries the strongest hint.
    effect: readOnly ? "read" : "delete",
    input: {
      method: z.enum(["GET", "POST", "DELETE"]).default("GET").describe("HTTP method"),
      path: z.string().trim().min(1).max(500).describe('Path under /api, e.g. "Tickets/12"'),
      query: z
        .record(z.string().min(1).max(100), z.string().max(2000))
        .optional()
        .describe("Query parameters"),
      body: z.unknown().optional().describe("JSON body (POST only)"),
    },
    output: {
      status: z.number(),
      body: z.unknown(),
      truncated: z.string().optional(),
    },
    async handler(args, ctx) {
      if (readOnly && args.method !== "GET") {
        throw inputError(
          `method: ${args.method} is refused: the server is in read-only mode (HALOPSA_READ_ONLY=true), so api_request only sends GET.`,
          "Use GET, or ask the user to turn off read-only mode.",
        );
      }
      const path = apiPath(args.path);
      if (args.body !== undefined && args.method !== "POST") {
        throw inputError(
          `body: only a POST carries a body; this is a ${args.method}.`,
          "Drop body, or use method POST.",
        );
      }
      if (args.method === "POST" && args.body === undefined) {
        throw inputError(
          "body: a POST needs a JSON body (Halo takes an array of records).",
          'Pass e.g. body: [{"id": 12, "summary": "New"}].',
        );
      }
      if (args.method !== "GET") {
        await ctx.confirm({
          action: `${args.method} /api${path} (raw API request)`,
          preview: { would_send: compact({ method: args.method, path, query: args.query, body: args.body }) },
        });
      }
      const res = await ctx.halo.http.request<unknown>({
        method: args.method,
        path,
        query: args.query as Query | undefined,
        body: args.body,
        signal: ctx.signal,
        modelComposed: true,
      });
      const bounded = boundAnswer(res.data ?? null);
      return { data: { status: res.status, ...bounded } };
    },
  });
}
