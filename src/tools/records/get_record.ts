import { z } from "zod";
import { fields, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { missingFields, pickRaw } from "../support/raw-fields.js";
import { CATALOG, project, RESOURCE_NAMES, type RecordResource } from "./catalog.js";

export const getRecord = defineTool({
  name: "get_record",
  title: "Get another Halo record",
  description: "One list_records record by ID, with details (invoice lines, article text, ...).",
  toolset: "records",
  effect: "read",
  input: {
    resource: z.enum(RESOURCE_NAMES).describe("Kind of record"),
    id: recordId("Record"),
    fields,
  },
  output: {
    record: z.object({ id: z.unknown().optional() }).catchall(z.unknown()),
    missing_fields: z.array(z.string()).optional(),
  },
  async handler(args, ctx) {
    const r: RecordResource = CATALOG[args.resource];
    const raw = await ctx.halo.resources.get<Record<string, unknown>>(r.spec, args.id, r.get ?? {}, {
      signal: ctx.signal,
    });
    const record = { ...project(raw, { ...r.columns, ...r.detail }), ...pickRaw(raw, args.fields, 2000) };
    const missing = missingFields([raw], args.fields);
    return { data: { record, ...(missing ? { missing_fields: missing } : {}) } };
  },
});
