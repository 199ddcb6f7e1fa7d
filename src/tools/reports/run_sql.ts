import { z } from "zod";
import { defineTool } from "../define.js";
import { MAX_ROWS, runGuarded } from "./shared.js";

const tableShape = {
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
  total: z.number(),
  shown: z.number(),
  note: z.string().optional(),
};

export const runSql = defineTool({
  name: "run_sql",
  title: "Run read-only SQL",
  description:
    "One read-only T-SQL SELECT on Halo's reporting database (tickets are FAULTS; sql_tables lists the main tables). Rows capped.",
  toolset: "reports",
  effect: "read",
  input: {
    sql: z.string().trim().min(8).max(20_000),
    limit: z.number().int().min(1).max(MAX_ROWS).default(50),
  },
  output: { sql: z.string(), ...tableShape },
  async handler(args, ctx) {
    const { guarded, t } = await runGuarded(ctx, args.sql, args.limit);
    return { data: { sql: guarded.sql, ...t } };
  },
});
