import type { ToolDefinition } from "../define.js";
import { runReport } from "./run_report.js";
import { runSql, sqlTables } from "./run_sql.js";

export const reportTools: ToolDefinition[] = [runReport] as ToolDefinition[];
/** Offered only with HALOPSA_ALLOW_SQL=true (and the reports toolset). */
export const sqlTools: ToolDefinition[] = [runSql, sqlTables] as ToolDefinition[];
