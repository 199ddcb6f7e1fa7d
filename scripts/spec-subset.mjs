// Cuts the published HaloPSA spec (../shared/halo/openapi.json, 3.6 MB) down
// to what this project touches, so the tests and the fake do not need the
// whole file:
//   - test/conformance/spec-subset.json: every path and method of the spec
//     (so "does this path exist" is always answerable), and for the resources
//     below their query parameters, request body schemas and every schema
//     those reach, in a compact form;
//   - fake-halo/spec-params.ts: the documented query parameters of each GET
//     the fake serves, so the fake can ignore the others as Halo does.
// `node scripts/spec-subset.mjs` writes both; `--check` fails when either is
// stale (test/conformance/spec-subset.test.ts runs the same check when
// ../shared exists).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SPEC_PATH = resolve(root, "../shared/halo/openapi.json");
export const SUBSET_PATH = resolve(root, "test/conformance/spec-subset.json");
export const PARAMS_PATH = resolve(root, "fake-halo/spec-params.ts");

/**
 * First path segments (case-insensitive) whose operations are kept in full.
 * A resource the server or the fake starts using goes here; the conformance
 * check names it when it is missing.
 */
export const RESOURCES = [
  "Actions",
  "Agent",
  "Appointment",
  "Asset",
  "AssetType",
  "Attachment",
  "AuthInfo",
  "Client",
  "ClientContract",
  "ClientPrepay",
  "Field",
  "FieldInfo",
  "Invoice",
  "Item",
  "KBArticle",
  "Opportunities",
  "Outcome",
  "Priority",
  "Projects",
  "Quotation",
  "RecurringInvoice",
  "Report",
  "SLA",
  "Site",
  "SoftwareLicence",
  "Status",
  "Supplier",
  "Team",
  "TicketType",
  "Tickets",
  "Timesheet",
  "TimesheetEvent",
  "TopLevel",
  "Users",
];

const METHODS = ["get", "post", "put", "patch", "delete"];

/** A schema property as one short code: i integer, n number, s string, b boolean, o object, @Name a schema, [x an array of x. */
function code(prop) {
  if (!prop || typeof prop !== "object") return "o";
  if (prop.$ref) return `@${prop.$ref.split("/").pop()}`;
  if (prop.allOf?.length === 1) return code(prop.allOf[0]);
  switch (prop.type) {
    case "integer":
      return "i";
    case "number":
      return "n";
    case "string":
      return "s";
    case "boolean":
      return "b";
    case "array":
      return `[${code(prop.items)}`;
    default:
      return "o";
  }
}

const keep = (path) => {
  const first = path.split("/")[1]?.toLowerCase() ?? "";
  return RESOURCES.some((r) => r.toLowerCase() === first);
};

/** The real answers in ../shared/halo/samples/, by the operation that produced them. */
export const SAMPLES = {
  "GET /Tickets/{id}": "ticket.get-response.json",
  "POST /Tickets": "ticket.create-response.json",
  "GET /Users/{id}": "user.get-response.json",
  "POST /Attachment": "attachment.create-response.json",
};
export const SAMPLES_DIR = resolve(root, "../shared/halo/samples");

/** A JSON value's type as one code (as `code`, "-" for null); objects and arrays of objects as "{" and "[{". */
function valueCode(v) {
  if (v === null) return "-";
  if (Array.isArray(v)) {
    const items = v.filter((x) => x !== null);
    return `[${items.length ? valueCode(items[0]) : "-"}`;
  }
  if (typeof v === "object") return "{";
  if (typeof v === "number") return Number.isInteger(v) ? "i" : "n";
  if (typeof v === "boolean") return "b";
  return "s";
}

/** Every object's keys in a real answer, by dotted path (array items share their array's path). */
export function sampleShape(value) {
  const shape = {};
  const walk = (v, path) => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item, path);
      return;
    }
    if (v === null || typeof v !== "object") return;
    shape[path] ??= {};
    const keys = shape[path];
    for (const [k, x] of Object.entries(v)) {
      const c = valueCode(x);
      // A null in one row says nothing; another row's type is kept.
      if (keys[k] === undefined || keys[k] === "-" || keys[k] === "[-") keys[k] = c;
      walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(value, "");
  return shape;
}

export function buildSubset(spec, samples = {}) {
  const schemas = spec.components?.schemas ?? {};
  const paths = {};
  const operations = {};
  const wanted = new Set();
  for (const [path, item] of Object.entries(spec.paths)) {
    const methods = METHODS.filter((m) => item[m]);
    paths[path] = methods.map((m) => m.toUpperCase());
    if (!keep(path)) continue;
    for (const m of methods) {
      const op = item[m];
      const query = {};
      for (const p of op.parameters ?? []) {
        if (p.in !== "query") continue;
        // Halo's spec types parameters "int", "bool" and "string" (not OpenAPI's names).
        query[p.name] = p.schema?.type ?? "string";
      }
      const content = op.requestBody?.content ?? {};
      const bodySchema = (content["application/json"] ?? Object.values(content)[0])?.schema;
      const entry = { query };
      if (bodySchema) {
        entry.body = code(bodySchema);
        for (const ref of entry.body.matchAll(/@(\w+)/g)) wanted.add(ref[1]);
      }
      const tag = op.tags?.[0];
      if (tag && schemas[tag]) {
        entry.tag = tag;
        wanted.add(tag);
        if (schemas[`${tag}_List`]) wanted.add(`${tag}_List`);
      }
      operations[`${m.toUpperCase()} ${path}`] = entry;
    }
  }
  const out = {};
  const queue = [...wanted];
  while (queue.length) {
    const name = queue.shift();
    if (out[name] || !schemas[name]) continue;
    const s = schemas[name];
    const props = {};
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      props[k] = code(v);
      for (const ref of props[k].matchAll(/@(\w+)/g)) if (!out[ref[1]]) queue.push(ref[1]);
    }
    out[name] = s.additionalProperties === false ? props : { ...props, "*": "open" };
  }
  const sortedSchemas = Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  const subset = {
    source: "../shared/halo/openapi.json (generated by scripts/spec-subset.mjs; do not edit)",
    info: `${spec.info?.title ?? ""} ${spec.info?.version ?? ""}`.trim(),
    paths,
    operations,
    schemas: sortedSchemas,
    samples: Object.fromEntries(
      Object.entries(SAMPLES).map(([op, file]) => [op, { file, shape: sampleShape(samples[file] ?? {}) }]),
    ),
  };
  return `${JSON.stringify(subset, null, 0).replace(/,"(?=[^"]+":\{)/g, ',\n"')}\n`;
}

/** The fake's table: documented query parameters of each operation (lower-case names). */
export function buildParams(subsetText) {
  const subset = JSON.parse(subsetText);
  const rows = Object.entries(subset.operations).map(([key, op]) => {
    const names = [...new Set(Object.keys(op.query).map((n) => n.toLowerCase()))].sort();
    return `  ${JSON.stringify(key)}: ${JSON.stringify(names.join(" "))},`;
  });
  return `// Generated by scripts/spec-subset.mjs from ../shared/halo/openapi.json: do not edit.
/**
 * The query parameters the published spec documents for each operation
 * ("GET /Tickets/{id}"), space-separated and lower-case. The fake ignores any other
 * parameter, as Halo ignores unknown ones, unless told to honour it.
 */
export const DOCUMENTED_QUERY: Record<string, string> = {
${rows.join("\n")}
};
`;
}

/** The sample files, parsed, by file name. */
export function readSamples() {
  return Object.fromEntries(
    Object.values(SAMPLES).map((f) => [f, JSON.parse(readFileSync(resolve(SAMPLES_DIR, f), "utf8"))]),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const subset = buildSubset(JSON.parse(readFileSync(SPEC_PATH, "utf8")), readSamples());
  const params = buildParams(subset);
  if (process.argv.includes("--check")) {
    const stale = [
      [SUBSET_PATH, subset],
      [PARAMS_PATH, params],
    ].filter(([p, text]) => {
      try {
        return readFileSync(p, "utf8") !== text;
      } catch {
        return true;
      }
    });
    if (stale.length) {
      console.error(`stale: ${stale.map(([p]) => p).join(", ")}; run node scripts/spec-subset.mjs`);
      process.exit(1);
    }
    console.error("spec subset is up to date.");
  } else {
    writeFileSync(SUBSET_PATH, subset);
    writeFileSync(PARAMS_PATH, params);
    console.error(
      `wrote ${SUBSET_PATH} (${subset.length} bytes) and ${PARAMS_PATH} (${params.length} bytes).`,
    );
  }
}
