import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { defineTool } from "../define.js";
import { MAX_ROWS, runGuarded } from "./shared.js";

/** The tables most questions need, with the columns that join them (Halo's SQL names). */
const MAIN_TABLES: Record<string, string> = {
  FAULTS:
    "tickets: Faultid (ID), Symptom (summary), Status (→TSTATUS.Tstatus), Areaint (client →AREA.Aarea), Sitenumber (→SITE.Ssitenum), Assignedtoint (agent →UNAME.Unum), Sectio_ (team), Seriousness (priority), Requesttypenew (type), dateoccured (opened), datecleared (closed), fixbydate",
  ACTIONS:
    "ticket actions and time: Faultid (→FAULTS), Actionnumber, Whe_ (when), Who (agent name), Whoagentid (→UNAME.Unum), Timetaken (hours), Actisbillable, Actioninvoicenumber, Actoutcome",
  AREA: "clients: Aarea (ID), Aareadesc (name), Ainactive",
  SITE: "sites: Ssitenum (ID), Sdesc (name), Sarea (client →AREA.Aarea)",
  UNAME: "agents: Unum (ID), Uname (name), Uemail, Uisdisabled",
  TSTATUS: "ticket statuses: Tstatus (ID), Tstatusdesc (name)",
};

export const sqlTables = defineTool({
  name: "sql_tables",
  title: "SQL tables",
  description:
    "Halo's main reporting tables and join columns for run_sql; with table, that table's columns as this tenant has them.",
  toolset: "reports",
  effect: "read",
  input: {
    table: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,127}$/, "a table name: letters, digits, _")
      .optional(),
  },
  output: {
    tables: z.record(z.string(), z.string()).optional(),
    table: z.string().optional(),
    columns: z.array(z.string()).optional(),
    note: z.string().optional(),
  },
  async handler(args, ctx) {
    if (args.table === undefined) {
      return {
        data: {
          tables: MAIN_TABLES,
          note: "Names as Halo's database has them (columns vary by version: pass table to list a table's columns). SQL Server syntax: TOP, not LIMIT.",
        },
      };
    }
    const name = args.table.toUpperCase();
    const { t } = await runGuarded(
      ctx,
      `SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '${name}'`,
      MAX_ROWS,
    );
    const columns = t.rows.map((r) => String(r[0] ?? "")).filter(Boolean);
    if (columns.length === 0)
      throw inputError(
        `table: no table named ${name} in Halo's reporting database.`,
        "Call sql_tables without table for the main ones.",
      );
    return { data: { table: name, columns } };
  },
});
