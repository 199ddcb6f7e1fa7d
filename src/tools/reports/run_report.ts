import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { pickByName } from "../../halo/match.js";
import { isId } from "../../halo/resolve.js";
import { type Row, ref, str } from "../../util/format.js";
import { idOrName } from "../common.js";
import { defineTool, type ToolContext } from "../define.js";
import { MAX_ROWS, REPORTS, table } from "./shared.js";

/** A saved report by ID, or by name through Halo's report search. */
async function findReport(ctx: ToolContext, value: string | number): Promise<{ id: number; name: string }> {
  if (isId(value)) return { id: Number(value), name: "" };
  const text = String(value).trim();
  const page = await ctx.halo.resources.list<Row>(
    REPORTS,
    { search: text },
    { pageSize: 50, signal: ctx.signal },
  );
  const named = page.items
    .map((r) => ({ id: Number(r.id), name: str(r.name) ?? "" }))
    .filter((r) => r.id > 0 && r.name);
  if (named.length === 0) {
    throw inputError(
      `report: no saved report named like "${text}".`,
      "List reports with run_report and a shorter name, or pass the report ID.",
    );
  }
  return pickByName(text, named, "report", "report");
}

export const runReport = defineTool({
  name: "run_report",
  title: "Run saved report",
  description: "Run a saved Halo report (ID or name) and return its rows as a compact table.",
  toolset: "reports",
  effect: "read",
  input: {
    report: idOrName(),
    limit: z.number().int().min(1).max(MAX_ROWS).default(50),
  },
  output: {
    report: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
    total: z.number(),
    shown: z.number(),
    note: z.string().optional(),
  },
  async handler(args, ctx) {
    const found = await findReport(ctx, args.report);
    const res = await ctx.halo.resources.get<Row>(
      REPORTS,
      found.id,
      { loadreport: true },
      { signal: ctx.signal },
    );
    const name = str(res.name) ?? found.name;
    const t = table(res.report, args.limit, `report ${ref(name, found.id)}`);
    return { data: { report: ref(name, found.id) ?? `#${found.id}`, ...t } };
  },
});
