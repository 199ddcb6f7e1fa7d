/**
 * The JSON Schema subset our tools/list emits (zod v4 → draft-7): a small,
 * conservative validator and fast-check arbitraries derived from it.
 *
 * The validator only says "invalid" when zod certainly rejects the value too
 * (zod may trim strings before checking, and may run refinements JSON Schema
 * cannot express), so a field it names must be named by the server's answer.
 */
import fc from "fast-check";

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
  description?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function typeMatches(t: string, v: unknown): boolean {
  switch (t) {
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "object":
      return jsonType(v) === "object";
    default:
      return jsonType(v) === t;
  }
}

/** Whether `v` certainly fails `schema` (false when in doubt). */
export function fails(schema: JsonSchema, v: unknown): boolean {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.every((b) => fails(b, v));
  if (schema.const !== undefined && v !== schema.const) return true;
  if (schema.enum && !schema.enum.some((e) => e === v)) return true;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(t, v))) return true;
  }
  if (typeof v === "number") {
    if (schema.minimum !== undefined && v < schema.minimum) return true;
    if (schema.maximum !== undefined && v > schema.maximum) return true;
    if (schema.exclusiveMinimum !== undefined && v <= schema.exclusiveMinimum) return true;
    if (schema.exclusiveMaximum !== undefined && v >= schema.exclusiveMaximum) return true;
  }
  if (typeof v === "string") {
    const trimmed = v.trim();
    if (schema.minLength !== undefined && v.length < schema.minLength) return true;
    if (schema.maxLength !== undefined && trimmed.length > schema.maxLength) return true;
    if (schema.pattern !== undefined) {
      const re = new RegExp(schema.pattern);
      if (!re.test(v) && !re.test(trimmed)) return true;
    }
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) return true;
    if (schema.maxItems !== undefined && v.length > schema.maxItems) return true;
    if (schema.items && v.some((item) => fails(schema.items as JsonSchema, item))) return true;
  }
  if (jsonType(v) === "object") return failingFields(schema, v as Record<string, unknown>).length > 0;
  return false;
}

/** Top-level properties of `obj` that certainly fail `schema` (missing required ones included). */
export function failingFields(schema: JsonSchema, obj: Record<string, unknown>): string[] {
  const bad: string[] = [];
  const props = schema.properties ?? {};
  for (const key of schema.required ?? []) if (!(key in obj) || obj[key] === undefined) bad.push(key);
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const prop = props[key];
    if (prop) {
      if (fails(prop, value)) bad.push(key);
    } else if (schema.additionalProperties === false) bad.push(key);
    else if (typeof schema.additionalProperties === "object") {
      if (fails(schema.additionalProperties, value)) bad.push(key);
      if (schema.propertyNames && fails(schema.propertyNames, key)) bad.push(key);
    }
  }
  return [...new Set(bad)];
}

const names = [
  "Acme",
  "acme corporation",
  "London",
  "Printer",
  "Alice",
  "Open",
  "High",
  "Incident",
  "zz-nobody",
];
const unicode = [
  "Zoë Ñúñez",
  "日本語のテキスト",
  "🖨️ printer 🔥",
  "Ελληνικά",
  "עברית",
  "e\u0301",
  "\u200b",
  "a\u0000b",
];

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 100_000;
  const fit = (v: string) => {
    let out = v.trim().length >= min ? v : `${v}${"a".repeat(min)}`;
    if (out.length > max) out = out.slice(0, max);
    return out;
  };
  if (s.enum) return fc.constantFrom(...(s.enum as string[]));
  if (s.pattern) {
    return fc
      .stringMatching(new RegExp(s.pattern))
      .map((v) => v.slice(0, max))
      .filter((v) => v.length >= min);
  }
  const shortMax = Math.min(max, 40);
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ minLength: 0, maxLength: shortMax }) },
      { weight: 3, arbitrary: fc.constantFrom(...names) },
      { weight: 2, arbitrary: fc.constantFrom(...unicode) },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: shortMax }) },
      // Huge strings, up to the field's own limit (or 60,000 characters).
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 1, max: Math.min(max, 60_000) })
          .map((n) => "é🙂x".repeat(n).slice(0, n)),
      },
    )
    .map(fit);
}

/** Record IDs that exist in the fake, so generated IDs often hit real records. */
export interface ArbOptions {
  ids?: number[];
}

function numberArb(s: JsonSchema, integer: boolean, opts: ArbOptions): fc.Arbitrary<number> {
  const lo =
    s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : (s.minimum ?? -1e6);
  const hi =
    s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : (s.maximum ?? 1e6);
  const cappedHi = Math.min(hi, 1e9);
  if (integer) {
    // Mostly IDs that exist (or small numbers), sometimes any allowed value.
    const ids = (opts.ids ?? []).filter((n) => n >= lo && n <= hi);
    const small = fc.integer({
      min: Math.max(lo, -5),
      max: Math.max(Math.max(lo, -5), Math.min(cappedHi, 40)),
    });
    const any = fc.integer({ min: Math.max(lo, -1e9), max: cappedHi });
    if (ids.length === 0) return fc.oneof({ weight: 3, arbitrary: small }, { weight: 1, arbitrary: any });
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...ids) },
      { weight: 2, arbitrary: small },
      { weight: 1, arbitrary: any },
    );
  }
  return fc.double({ min: Math.max(lo, -1e9), max: cappedHi, noNaN: true, noDefaultInfinity: true });
}

/** Values that satisfy `s` (mostly: refinements JSON Schema cannot state are not known here). */
export function valueArb(s: JsonSchema, opts: ArbOptions = {}, depth = 0): fc.Arbitrary<unknown> {
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => valueArb(b, opts, depth)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  if (types.length > 1) return fc.oneof(...types.map((t) => valueArb({ ...s, type: t }, opts, depth)));
  switch (types[0]) {
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "integer":
      return numberArb(s, true, opts);
    case "number":
      return numberArb(s, false, opts);
    case "string":
      return stringArb(s);
    case "array":
      return fc.array(s.items ? valueArb(s.items, opts, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 5, 5),
      });
    case "object":
      return objectArb(s, opts, depth + 1);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArb(s: JsonSchema, opts: ArbOptions, depth: number): fc.Arbitrary<Record<string, unknown>> {
  if (s.properties && Object.keys(s.properties).length > 0) {
    const required = new Set(s.required ?? []);
    const entries = Object.entries(s.properties).map(([k, p]) => [k, valueArb(p, opts, depth)] as const);
    return fc.record(Object.fromEntries(entries), {
      requiredKeys: [...required].filter((k) => k in (s.properties ?? {})),
    }) as fc.Arbitrary<Record<string, unknown>>;
  }
  if (typeof s.additionalProperties === "object") {
    const key = s.propertyNames
      ? (valueArb(s.propertyNames, opts, depth) as fc.Arbitrary<string>)
      : fc.string({ maxLength: 20 });
    return fc.dictionary(key, valueArb(s.additionalProperties, opts, depth), { maxKeys: 3 });
  }
  return fc.constant({});
}

/** Values of every JSON type; a mutation picks one the field does not accept. */
const wrongValues: Json[] = [
  true,
  false,
  "a string",
  12_345,
  -7,
  1.5,
  0,
  null,
  [1, "two"],
  { nested: { x: 1 } },
  "",
];

export type Mutation =
  | { kind: "none" }
  | { kind: "missing"; field: string }
  | { kind: "wrong_type"; field: string }
  | { kind: "out_of_range"; field: string }
  | { kind: "too_long"; field: string }
  | { kind: "extra_keys" };

export interface GeneratedArgs {
  args: Record<string, unknown>;
  mutation: Mutation["kind"];
  /** Fields the validator says certainly fail (the server must name one). */
  invalid: string[];
}

/**
 * Argument sets for a tool: valid ones, and valid ones with one mutation
 * (a required field dropped, a wrong type, a number out of range, a string
 * over its limit, extra unknown keys). `tweak` lets the caller pin fields
 * (e.g. dry_run) on the generated set.
 */
export function argsArb(
  schema: JsonSchema,
  opts: ArbOptions = {},
  tweak?: (args: Record<string, unknown>, pick: number) => void,
): fc.Arbitrary<GeneratedArgs> {
  const props = schema.properties ?? {};
  const keys = Object.keys(props);
  const required = schema.required ?? [];
  const numeric = keys.filter((k) => {
    const p = props[k]!;
    return (
      (p.type === "integer" || p.type === "number") &&
      (p.minimum !== undefined || p.maximum !== undefined || p.exclusiveMinimum !== undefined)
    );
  });
  const bounded = keys.filter(
    (k) => props[k]!.type === "string" && props[k]!.maxLength !== undefined && !props[k]!.enum,
  );
  const kinds: Array<Mutation["kind"]> = ["none", "none", "none", "extra_keys", "wrong_type"];
  if (required.length) kinds.push("missing");
  if (numeric.length) kinds.push("out_of_range");
  if (bounded.length) kinds.push("too_long");

  return fc
    .tuple(
      objectArb(schema, opts, 0),
      fc.constantFrom(...kinds),
      fc.nat(),
      fc.nat(),
      fc.jsonValue({ maxDepth: 1 }),
    )
    .map(([base, kind, a, b, extra]) => {
      const args: Record<string, unknown> = { ...base };
      tweak?.(args, a);
      switch (kind) {
        case "missing":
          delete args[required[a % required.length]!];
          break;
        case "wrong_type": {
          if (!keys.length) {
            args.unexpected = extra;
            break;
          }
          const field = keys[a % keys.length]!;
          const candidates = wrongValues.filter((v) => fails(props[field]!, v));
          if (candidates.length) args[field] = candidates[b % candidates.length];
          break;
        }
        case "out_of_range": {
          const field = numeric[a % numeric.length]!;
          const p = props[field]!;
          const options: number[] = [];
          if (p.minimum !== undefined) options.push(p.minimum - 1 - (b % 1000));
          if (p.exclusiveMinimum !== undefined) options.push(p.exclusiveMinimum - (b % 1000));
          if (p.maximum !== undefined && p.maximum < 1e15) options.push(p.maximum + 1 + (b % 1000));
          if (p.type === "integer") options.push(2.5);
          args[field] = options[b % options.length];
          break;
        }
        case "too_long": {
          const field = bounded[a % bounded.length]!;
          args[field] = "x".repeat(props[field]!.maxLength! + 1 + (b % 50));
          break;
        }
        case "extra_keys":
          args.__extra = extra;
          args["ключ 🔑"] = "значение";
          break;
        case "none":
          break;
      }
      return { args, mutation: kind, invalid: failingFields(schema, args) };
    });
}
