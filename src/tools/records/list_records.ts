import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import type { Query } from "../../halo/http.js";
import { paging, type Row } from "../../util/format.js";
import { fields, idOrName, isoDate, limit, page, pagingShape } from "../common.js";
import { defineTool } from "../define.js";
import { missingFields, pickRaw } from "../support/raw-fields.js";
import { dayRangeBound, idCheck, type RowCheck, verifiedPage } from "../support/verify-rows.js";
import {
  CATALOG,
  type Filter,
  project,
  RESOURCE_NAMES,
  type RecordResource,
  supporting,
  supports,
} from "./catalog.js";

const rowShape = z.object({ id: z.unknown().optional() }).catchall(z.unknown());

export const listRecords = defineTool({
  name: "list_records",
  title: "List other Halo records",
  description:
    "Other Halo records (invoices, quotes, projects, KB, agents, timesheets, ...) as compact rows.",
  toolset: "records",
  effect: "read",
  input: {
    resource: z.enum(RESOURCE_NAMES).describe("Kind of record"),
    query: z.string().trim().min(1).max(200).optional().describe("Text to search"),
    client: idOrName().optional(),
    agent: idOrName().optional(),
    from: isoDate.optional().describe("From date, YYYY-MM-DD"),
    to: isoDate.optional().describe("To date, YYYY-MM-DD"),
    fields,
    limit: limit(100, 25),
    page,
  },
  output: {
    ...pagingShape,
    records: z.array(rowShape),
    missing_fields: z.array(z.string()).optional(),
    fallback: z.string().optional(),
  },
  async handler(args, ctx) {
    const { halo, signal } = ctx;
    const r: RecordResource = CATALOG[args.resource];
    for (const f of ["query", "client", "agent", "from", "to"] as const satisfies readonly Filter[]) {
      if (args[f] !== undefined && !supports(r, f)) {
        throw inputError(
          `${f}: Halo cannot filter ${args.resource} by ${f}.`,
          `${f} works for: ${supporting(f).join(", ")}.`,
        );
      }
    }
    const query: Query = { ...r.list };
    // Every filter is also a check on the rows: Halo's answer is verified, and
    // filters it has no parameter for here are applied here (tools/support/verify-rows.ts).
    const checks: RowCheck[] = [];
    const byId = (filter: "client" | "agent", id: number) => {
      const param = r.filters[filter];
      if (param) query[param] = id;
      const field = r.rowField?.[filter];
      if (field) checks.push(idCheck(filter, field, [id]));
    };
    if (args.client !== undefined) {
      byId("client", (await halo.names.resolve("client", args.client, "client", {}, signal)).id);
    }
    if (args.agent !== undefined) {
      byId("agent", (await halo.lookups.resolve("agents", args.agent, "agent", signal)).id);
    }
    if (args.query !== undefined && r.filters.query) query[r.filters.query] = args.query;
    const ranged = r.dateField !== undefined && (args.from !== undefined || args.to !== undefined);
    if (ranged) {
      checks.push({
        name: "from/to",
        local: true,
        test: (row) =>
          r.dateField && row[r.dateField] === undefined
            ? undefined
            : inDateRange(row, r.dateField, args.from, args.to, r.dateEndField),
      });
    }

    let data: { items: Row[]; total: number; pageSize: number; counted: boolean; served?: number };
    let fallback: string | undefined;
    if (r.paged) {
      const bound = ranged ? dayRangeBound(r.dateField, r.dateEndField, args.from, args.to) : undefined;
      const res = await verifiedPage(
        halo.resources,
        r.spec,
        { ...query, ...bound?.query },
        { page: args.page, pageSize: args.limit },
        // Rows read to reach a range come back in its order, sorted here if Halo ignored it.
        { what: `${r.spec.label}s`, checks, bound: bound?.bound, sort: bound?.bound.order, signal },
      );
      data = res;
      fallback = res.fallback;
    } else {
      let all = await halo.resources.lookup<Row>(r.spec.path, query, { signal });
      if (args.query !== undefined && !r.filters.query && r.searchOn) {
        const q = args.query.toLowerCase();
        const keys = r.searchOn;
        all = all.filter((row) =>
          keys.some((k) =>
            String(row[k] ?? "")
              .toLowerCase()
              .includes(q),
          ),
        );
      }
      // Every row came at once: the checks are the filter here (timesheets' agent and dates, ...).
      all = all.filter((row) => checks.every((c) => c.test(row) !== false));
      data = {
        items: all.slice((args.page - 1) * args.limit, args.page * args.limit),
        total: all.length,
        pageSize: args.limit,
        counted: true,
      };
    }
    const { items } = data;
    const records = items.map((row) => ({ ...project(row, r.columns), ...pickRaw(row, args.fields, 300) }));
    const missing = items.length > 0 ? missingFields(items, args.fields) : undefined;
    return {
      data: {
        ...paging(data.total, args.page, data.pageSize, records.length, data.counted, data.served),
        records,
        ...(missing ? { missing_fields: missing } : {}),
        ...(fallback ? { fallback } : {}),
      },
    };
  },
});

/** Whether the row's date (YYYY-MM-DD of `field`) is within from..to (both days included); true when unknown. */
export function inDateRange(
  row: Row,
  field: string | undefined,
  from?: string,
  to?: string,
  endField?: string,
): boolean {
  if (!field || (from === undefined && to === undefined)) return true;
  const day = (v: unknown) =>
    typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined;
  const start = day(row[field]);
  if (start === undefined) return true;
  // Something with an end (an appointment) is in the range when it overlaps it.
  const end = (endField && day(row[endField])) || start;
  return (from === undefined || end >= from.slice(0, 10)) && (to === undefined || start <= to.slice(0, 10));
}
