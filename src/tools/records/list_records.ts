import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import type { Query } from "../../halo/http.js";
import { paging } from "../../util/format.js";
import { fields, idOrName, isoDate, limit, page, pagingShape } from "../common.js";
import { defineTool } from "../define.js";
import {
  CATALOG,
  type Filter,
  project,
  RESOURCE_NAMES,
  type RecordResource,
  supporting,
  supports,
} from "./catalog.js";
import { missingFields, pickRaw } from "./raw-fields.js";

type Row = Record<string, unknown>;

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
    filtered: z.string().optional(),
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
    if (args.client !== undefined && r.filters.client) {
      query[r.filters.client] = (await halo.records.resolve("client", args.client, "client", {}, signal)).id;
    }
    if (args.agent !== undefined && r.filters.agent) {
      query[r.filters.agent] = (await halo.lookups.resolve("agents", args.agent, "agent", signal)).id;
    }
    if (args.from !== undefined && r.filters.from) query[r.filters.from] = args.from;
    if (args.to !== undefined && r.filters.to) query[r.filters.to] = args.to;
    if (args.query !== undefined && r.filters.query) query[r.filters.query] = args.query;

    // Halo's date parameters differ per resource and are not all honoured: check the dates here too.
    const within = (row: Row) => inDateRange(row, r.dateField, args.from, args.to, r.dateEndField);
    let outside = 0;
    // Rows Halo sent for the page (before the date check), which tell whether a full page came.
    let served: number | undefined;
    let items: Row[];
    let total: number;
    let counted = true;
    let pageSize = args.limit;
    if (r.paged) {
      const res = await halo.resources.list<Row>(r.spec, query, {
        page: args.page,
        pageSize: args.limit,
        signal,
      });
      items = res.items;
      total = res.total;
      counted = res.counted;
      pageSize = res.pageSize;
      served = items.length;
      const inRange = items.filter(within);
      outside = items.length - inRange.length;
      items = inRange;
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
      const inRange = all.filter(within);
      outside = all.length - inRange.length;
      all = inRange;
      total = all.length;
      items = all.slice((args.page - 1) * args.limit, args.page * args.limit);
    }
    const records = items.map((row) => ({ ...project(row, r.columns), ...pickRaw(row, args.fields, 300) }));
    const missing = items.length > 0 ? missingFields(items, args.fields) : undefined;
    return {
      data: {
        ...paging(total, args.page, pageSize, records.length, counted, served ?? records.length),
        records,
        ...(missing ? { missing_fields: missing } : {}),
        ...(outside > 0
          ? {
              filtered: `${outside} row(s) Halo sent dated outside from/to were left out here${r.paged ? "; total counts them" : ""}.`,
            }
          : {}),
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
