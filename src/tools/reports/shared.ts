/** Report rows as compact tables: columns once, rows as arrays, cells clipped. */
import { HaloError } from "../../halo/errors.js";
import { clip, type Row } from "../../util/format.js";
import type { ToolContext } from "../define.js";
import { type GuardedSql, guardSql } from "./sql-guard.js";

export const REPORTS = { path: "Report", key: "reports", label: "report" };

/** Most rows and columns an answer carries; cells longer than CELL_MAX are clipped. */
export const MAX_ROWS = 200;
export const MAX_COLUMNS = 25;
const CELL_MAX = 200;

export interface Table {
  columns: string[];
  rows: Array<Array<string | number | null>>;
  total: number;
  shown: number;
  note?: string;
}

/** A cell as the model reads it: numbers as numbers, blanks as null, long text clipped. */
function cell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  const s = typeof v === "string" ? v.trim() : JSON.stringify(v);
  if (s === "") return null;
  // Halo sends every cell as a string; "12" and "3.5" read better as numbers.
  if (/^-?\d{1,15}(\.\d+)?$/.test(s) && !/^0\d/.test(s)) return Number(s);
  return clip(s, CELL_MAX);
}

/** Rows of Halo's ReportContent (`report.rows`) as a table, capped at `limit` rows. */
export function table(content: unknown, limit: number, what: string): Table {
  const report = (content ?? {}) as Row;
  const error = typeof report.load_error === "string" ? report.load_error.trim() : "";
  if (error) {
    throw new HaloError("validation", `${what}: Halo could not run it: ${clip(error, 400)}`, {
      hint: "Fix the query (SQL Server syntax; sql_tables lists the main tables and columns) and run it again.",
    });
  }
  const raw = Array.isArray(report.rows) ? (report.rows as Row[]) : [];
  const allColumns = [...new Set(raw.flatMap((r) => Object.keys(r ?? {})))];
  const columns = allColumns.slice(0, MAX_COLUMNS);
  const rows = raw.slice(0, limit).map((r) => columns.map((c) => cell(r?.[c])));
  const notes: string[] = [];
  if (raw.length > limit)
    notes.push(`${raw.length - limit} more rows not shown (raise limit up to ${MAX_ROWS}, or filter).`);
  if (allColumns.length > columns.length)
    notes.push(
      `${allColumns.length - columns.length} more columns left out: ${allColumns.slice(MAX_COLUMNS, MAX_COLUMNS + 8).join(", ")}…`,
    );
  return {
    columns,
    rows,
    total: raw.length,
    shown: rows.length,
    ...(notes.length ? { note: notes.join(" ") } : {}),
  };
}

/** Runs guarded SQL through Halo's reporting API: POST /Report with `_loadreportonly`. */
export async function runGuarded(
  ctx: ToolContext,
  sql: string,
  limit: number,
): Promise<{ guarded: GuardedSql; t: Table }> {
  const guarded = guardSql(sql, limit);
  const saved = await ctx.halo.resources.save<Row>(
    REPORTS,
    { sql: guarded.sql, _loadreportonly: true },
    { signal: ctx.signal },
  );
  return { guarded, t: table(saved.report, limit, "sql") };
}
