/**
 * Checks one exchange with the fake Halo against the published spec (the
 * committed subset, test/conformance/spec-subset.json) and the real samples:
 *
 * - a request the server sent (User-Agent halopsa-mcp): the path and method
 *   exist; every query parameter is documented for the operation, with a
 *   value of its type (and, where the spec lists values, one of them); every
 *   JSON body field exists in the operation's request schema with a
 *   compatible type (POST bodies are arrays of objects);
 * - every 2xx JSON answer of the fake: each field exists in the response's
 *   schema (the operation's tag schema, plus its _List schema for lists) or
 *   in the real sample of that operation, with a compatible type.
 *
 * A finding is a Violation; exceptions.ts explains the accepted ones.
 */
import { readFileSync } from "node:fs";
import type { FakeExchange } from "../../fake-halo/index.js";

export type ViolationKind =
  | "path" // no such path in the spec
  | "method" // the path exists, not with this method
  | "subset" // in the spec but not in the committed subset: add the resource to scripts/spec-subset.mjs
  | "query" // a query parameter the operation does not document
  | "query-type" // a documented parameter with a value of the wrong type
  | "query-value" // a value the spec's description does not list
  | "body" // a body field the request schema does not have
  | "body-type" // a body field of the wrong type
  | "response" // an answer field neither the schema nor the sample has
  | "response-type"; // an answer field of another type than the schema's or the sample's

export interface Violation {
  kind: ViolationKind;
  /** "GET /Tickets" (the spec's path template). */
  op: string;
  /** The parameter ("datesearch", "datesearch=lastactiondate") or the field's dotted path ("customfields.label"); "" for path/method. */
  name: string;
  detail: string;
}

interface Operation {
  query: Record<string, string>;
  body?: string;
  tag?: string;
}

interface Subset {
  paths: Record<string, string[]>;
  operations: Record<string, Operation>;
  schemas: Record<string, Record<string, string>>;
  samples: Record<string, { file: string; shape: Record<string, Record<string, string>> }>;
}

export const subset: Subset = JSON.parse(
  readFileSync(new URL("./spec-subset.json", import.meta.url), "utf8"),
) as Subset;

/**
 * Values the spec's parameter descriptions list; anything else is
 * undocumented (Halo may ignore it). Only parameters whose description
 * enumerates values are here.
 */
export const DOCUMENTED_VALUES: Record<string, Record<string, string[]>> = {
  // "(string) The date field to search against. Examples: Date Opened - 'dateoccured', Date Closed - 'datecleared'."
  "GET /Tickets": { datesearch: ["dateoccured", "datecleared"] },
};

const templates = Object.keys(subset.paths).map((t) => ({
  template: t,
  segments: t.split("/").filter(Boolean),
  literal: !t.includes("{"),
}));

/** The spec's path template for a concrete path; literal templates win over {id} ones. */
export function templateOf(path: string): string | undefined {
  const segs = path.split("?")[0]!.split("/").filter(Boolean);
  const hits = templates.filter(
    (t) =>
      t.segments.length === segs.length &&
      t.segments.every((s, i) => (s.startsWith("{") ? true : s.toLowerCase() === segs[i]!.toLowerCase())),
  );
  const score = (t: (typeof templates)[number]) => t.segments.filter((s) => !s.startsWith("{")).length;
  return hits.sort((a, b) => score(b) - score(a))[0]?.template;
}

const QUERY_TYPES: Record<string, RegExp> = {
  int: /^-?\d+$/,
  integer: /^-?\d+$/,
  bool: /^(true|false)$/i,
  boolean: /^(true|false)$/i,
  double: /^-?\d+(\.\d+)?$/,
  number: /^-?\d+(\.\d+)?$/,
};

function checkQuery(op: string, operation: Operation, query: Record<string, string>, out: Violation[]): void {
  const documented = new Map(Object.entries(operation.query).map(([k, t]) => [k.toLowerCase(), t]));
  for (const [name, value] of Object.entries(query)) {
    const type = documented.get(name.toLowerCase());
    if (type === undefined) {
      out.push({ kind: "query", op, name, detail: `${name} is not a documented parameter of ${op}` });
      continue;
    }
    const re = QUERY_TYPES[type];
    if (re && !re.test(value))
      out.push({ kind: "query-type", op, name, detail: `${name}=${value} is not a ${type}` });
    const listed = DOCUMENTED_VALUES[op]?.[name.toLowerCase()];
    if (listed && !listed.includes(value.toLowerCase()))
      out.push({
        kind: "query-value",
        op,
        name: `${name}=${value}`,
        detail: `the spec lists ${listed.join(", ")}`,
      });
  }
}

const describeValue = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);

/** Whether `value` fits the schema code (see scripts/spec-subset.mjs); null always fits (Halo's fields are nullable). */
function fits(code: string, value: unknown): boolean {
  if (value === null || value === undefined || code === "o" || code === "-") return true;
  switch (code[0]) {
    case "i":
      return typeof value === "number" && Number.isInteger(value);
    case "n":
      return typeof value === "number";
    case "s":
      return typeof value === "string";
    case "b":
      return typeof value === "boolean";
    case "@":
    case "{":
      return typeof value === "object" && !Array.isArray(value);
    case "[":
      return Array.isArray(value);
    default:
      return true;
  }
}

interface Shape {
  /** Allowed keys with their codes; "*" = any key. */
  keys: Record<string, string>;
  /** The schema codes of each key, to descend. */
  open: boolean;
}

/**
 * Walks an object against a schema and (optionally) a sample shape; pushes
 * unknown keys and type mismatches. `path` is the dotted field path.
 */
function walk(
  value: unknown,
  schema: string | undefined,
  sample: Record<string, Record<string, string>> | undefined,
  path: string,
  report: (kind: "unknown" | "type", name: string, detail: string) => void,
  depth = 0,
): void {
  if (depth > 6 || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, schema, sample, path, report, depth);
    return;
  }
  // An embedded record the schema does not describe (a ticket's `user`, a user's
  // `site`) is checked against that record's own schema.
  const own = schema ?? (path ? EMBEDDED[path.split(".").pop() ?? ""] : undefined);
  const props = own ? subset.schemas[own] : undefined;
  const sampleKeys = path ? nestedSampleKeys(path) : sample?.[path];
  if (!props && !sampleKeys) return;
  const shape: Shape = { keys: { ...sampleKeys, ...props }, open: props?.["*"] === "open" };
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const name = path ? `${path}.${key}` : key;
    const code = props?.[key];
    const sampleCode = sampleKeys?.[key];
    if (code === undefined && sampleCode === undefined) {
      if (!shape.open)
        report("unknown", name, `${name} is in neither ${schema ?? "the schema"} nor the sample`);
      continue;
    }
    const okSchema = code !== undefined && fits(code, v);
    // A nested object's sample keys may come from another path: presence counts, not the type.
    const okSample = sampleCode !== undefined && (path !== "" || fits(sampleCode, v));
    if (!okSchema && !okSample) {
      report(
        "type",
        name,
        `${name} is ${describeValue(v)}; ${[code && `${own} says ${code}`, sampleCode && `the sample has ${sampleCode}`].filter(Boolean).join(", ")}`,
      );
      continue;
    }
    const ref = /^\[?@(\w+)$/.exec(code ?? "")?.[1];
    if (typeof v === "object" && v !== null) walk(v, ref, sample, name, report, depth + 1);
  }
}

/** Embedded records by field name, with the schema of the operation that reads that record. */
const EMBEDDED: Record<string, string | undefined> = {
  user: subset.operations["GET /Users/{id}"]?.tag,
  site: subset.operations["GET /Site/{id}"]?.tag,
  client: subset.operations["GET /Client/{id}"]?.tag,
  tickettype: subset.operations["GET /TicketType/{id}"]?.tag,
  priority: subset.operations["GET /Priority"]?.tag,
  extra_actions: subset.operations["GET /Actions"]?.tag,
};

const ENVELOPE = new Set(["page_no", "page_size", "record_count"]);

/**
 * Keys a real sample shows for a nested object at `path`: any sample object
 * whose path ends the same way ("site.client" in a user, "user.site.client"
 * in a ticket) is the same kind of object.
 */
const nestedShapes = Object.values(subset.samples).flatMap(({ shape }) =>
  Object.entries(shape).filter(([p]) => p !== ""),
);
const nestedCache = new Map<string, Record<string, string> | undefined>();
function nestedSampleKeys(path: string): Record<string, string> | undefined {
  if (nestedCache.has(path)) return nestedCache.get(path);
  let keys: Record<string, string> | undefined;
  for (const [p, k] of nestedShapes) {
    if (p === path || p.endsWith(`.${path}`) || path.endsWith(`.${p}`)) keys = { ...k, ...keys };
  }
  nestedCache.set(path, keys);
  return keys;
}

/** The real samples' shapes merged by the tag (record type) of the operation that produced them. */
const samplesByTag = new Map<string, Record<string, Record<string, string>>>();
for (const [op, { shape }] of Object.entries(subset.samples)) {
  const tag = subset.operations[op]?.tag;
  if (!tag) continue;
  const merged = samplesByTag.get(tag) ?? {};
  for (const [path, keys] of Object.entries(shape)) merged[path] = { ...keys, ...merged[path] };
  samplesByTag.set(tag, merged);
}

function checkAnswer(
  op: string,
  operation: Operation,
  listOp: boolean,
  json: unknown,
  out: Violation[],
): void {
  const tag = operation.tag;
  // A real answer of any operation on the same record type shows fields that record has.
  const sample = tag ? samplesByTag.get(tag) : subset.samples[op]?.shape;
  if (!tag && !sample) return;
  const push = (kind: "unknown" | "type", name: string, detail: string) =>
    out.push({ kind: kind === "unknown" ? "response" : "response-type", op, name, detail });
  if (!listOp) {
    walk(json, tag, sample, "", push);
    return;
  }
  // A list: a bare array, or the envelope {page_no, page_size, record_count, <key>: [...]}.
  let rows: unknown = json;
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const entries = Object.entries(json as Record<string, unknown>);
    const arrays = entries.filter(([k, v]) => !ENVELOPE.has(k) && Array.isArray(v));
    for (const [k, v] of entries) {
      if (ENVELOPE.has(k)) {
        if (typeof v !== "number") push("type", k, `${k} is ${describeValue(v)}, not a number`);
      } else if (arrays.length !== 1 || !Array.isArray(v)) {
        push(
          "unknown",
          k,
          `${k} is not part of a list envelope (page_no, page_size, record_count, one list)`,
        );
      }
    }
    rows = arrays.length === 1 ? arrays[0]![1] : [];
  }
  // List rows: the _List schema's fields or the full record's.
  const listSchema = tag && subset.schemas[`${tag}_List`] ? `${tag}_List` : undefined;
  for (const row of Array.isArray(rows) ? rows : []) {
    const found: Violation[] = [];
    walk(row, tag, sample, "", (kind, name, detail) =>
      found.push({ kind: kind === "unknown" ? "response" : "response-type", op, name, detail }),
    );
    if (found.length && listSchema) {
      const second: Violation[] = [];
      walk(row, listSchema, sample, "", (kind, name, detail) =>
        second.push({ kind: kind === "unknown" ? "response" : "response-type", op, name, detail }),
      );
      const again = new Set(second.map((v) => `${v.kind}|${v.name}`));
      out.push(...found.filter((v) => again.has(`${v.kind}|${v.name}`)));
    } else out.push(...found);
  }
}

/** The violations of one exchange (empty when it conforms or is not checked). */
export function checkExchange(ex: FakeExchange, checkAnswers = true): Violation[] {
  const out: Violation[] = [];
  if (!ex.api) return out;
  const { request } = ex;
  const method = request.method.toUpperCase();
  const template = templateOf(request.path);
  // The server's own requests; api_request's are the model's (User-Agent "halopsa-mcp (api_request)").
  const fromServer = request.userAgent === "halopsa-mcp";
  const shown = `${method} ${request.path}`;
  if (!template) {
    // authinfo is outside the spec's /api paths but documented by Halo's auth flow (README).
    if (fromServer && !/^\/authinfo\/?$/i.test(request.path))
      out.push({ kind: "path", op: shown, name: "", detail: `${request.path} is not a path of the spec` });
    return out;
  }
  const op = `${method} ${template}`;
  if (!subset.paths[template]?.includes(method)) {
    if (fromServer) out.push({ kind: "method", op, name: "", detail: `${template} has no ${method}` });
    return out;
  }
  const operation = subset.operations[op];
  if (!operation) {
    out.push({
      kind: "subset",
      op,
      name: "",
      detail: `add "${template.split("/")[1]}" to RESOURCES in scripts/spec-subset.mjs and run it`,
    });
    return out;
  }
  if (fromServer) {
    checkQuery(op, operation, request.query, out);
    if (request.body !== undefined && operation.body) {
      walk(request.body, /^\[?@(\w+)$/.exec(operation.body)?.[1], undefined, "", (kind, name, detail) =>
        out.push({ kind: kind === "unknown" ? "body" : "body-type", op, name, detail }),
      );
      if (operation.body.startsWith("[") && !Array.isArray(request.body))
        out.push({ kind: "body-type", op, name: "", detail: "the body must be a JSON array" });
    } else if (request.body !== undefined && method !== "GET" && !operation.body) {
      out.push({ kind: "body", op, name: "", detail: `${op} takes no body` });
    }
  }
  const reply = ex.reply;
  if (checkAnswers && reply && reply.status >= 200 && reply.status < 300 && reply.json !== undefined) {
    const listOp = method === "GET" && !template.includes("{") && !subset.samples[op];
    // GET /X lists; GET /X/sub (e.g. /Agent/me) answers one record.
    const isList = listOp && template.split("/").filter(Boolean).length === 1;
    checkAnswer(op, operation, isList, reply.json, out);
  }
  return out;
}

export const violationKey = (v: Pick<Violation, "kind" | "op" | "name">) => `${v.kind} ${v.op} ${v.name}`;
