/**
 * The read-only SQL guard: a statement reaches Halo's reporting API only when
 * a T-SQL parser (node-sql-parser, Halo runs SQL Server) reads it as exactly
 * one SELECT — no INTO, no other statement type anywhere in it, no
 * OPENROWSET/OPENQUERY/OPENDATASOURCE, no xp_/sp_ procedures, no system
 * databases — and it is sent as the parser prints it back, with TOP capped.
 * Keyword matching cannot do this: `SELECT 'DROP TABLE x'` is harmless and
 * `SELECT 1; DROP TABLE x` is not.
 */
import sqlParser from "node-sql-parser/build/transactsql.js";
import { inputError } from "../../halo/errors.js";

const { Parser } = sqlParser;
const OPTIONS = { database: "transactsql" };

type Node = Record<string, unknown>;

/** Statement types that are never a read. */
const DENIED = new Set([
  "insert",
  "replace",
  "update",
  "delete",
  "drop",
  "create",
  "alter",
  "truncate",
  "rename",
  "exec",
  "execute",
  "call",
  "grant",
  "revoke",
  "use",
  "set",
  "lock",
  "unlock",
  "declare",
  "transaction",
  "merge",
  "load_data",
]);
const DENIED_FUNCTIONS = /^(openrowset|openquery|opendatasource|openxml)$|^(xp|sp)_/i;
const SYSTEM_DBS = new Set(["master", "msdb", "tempdb", "model", "sys"]);

export interface GuardedSql {
  /** The statement as sent (the parser's own printing, TOP capped). */
  sql: string;
  tables: string[];
}

function functionName(n: Node): string {
  const name = n.name as unknown;
  if (typeof name === "string") return name;
  const parts = (name as { name?: Array<{ value?: string }> } | undefined)?.name;
  return Array.isArray(parts) ? parts.map((p) => p.value ?? "").join(".") : "";
}

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) for (const x of node) walk(x, visit);
  else if (node && typeof node === "object") {
    visit(node as Node);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

export function guardSql(sql: string, maxRows: number): GuardedSql {
  const text = sql.trim().replace(/;\s*$/, "");
  let ast: unknown;
  try {
    ast = new Parser().astify(text, OPTIONS);
  } catch (err) {
    throw inputError(
      `sql: not a statement the guard can read (${(err as Error).message.split("\n")[0]?.slice(0, 160)}).`,
      "Write one plain T-SQL SELECT (SQL Server syntax).",
    );
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1)
    throw inputError(`sql: ${statements.length} statements; only one SELECT is allowed.`, "Send one SELECT.");
  const top = statements[0] as Node;
  if (top.type !== "select")
    throw inputError(
      `sql: a ${String(top.type).toUpperCase()} statement; only SELECT is allowed (read-only).`,
    );
  const tables = new Set<string>();
  walk(top, (n) => {
    if (typeof n.type === "string" && DENIED.has(n.type.toLowerCase()))
      throw inputError(`sql: contains ${n.type.toUpperCase()}; only reads are allowed.`);
    if (n.into && typeof n.into === "object" && (n.into as Node).type)
      throw inputError("sql: SELECT … INTO creates a table; only reads are allowed.", "Leave out INTO.");
    if (n.type === "function" || n.type === "aggr_func") {
      const name = functionName(n);
      if (DENIED_FUNCTIONS.test(name.split(".").at(-1) ?? name))
        throw inputError(`sql: ${name} is not allowed (it reaches outside the reporting database).`);
    }
    if (typeof n.table === "string" && n.type !== "column_ref") {
      const db = typeof n.db === "string" ? n.db.toLowerCase() : "";
      const schema = typeof n.schema === "string" ? n.schema.toLowerCase() : "";
      if (SYSTEM_DBS.has(db) || SYSTEM_DBS.has(schema))
        throw inputError(
          `sql: ${[n.db, n.schema, n.table].filter(Boolean).join(".")} is a system table; read Halo's own tables.`,
        );
      if (DENIED_FUNCTIONS.test(n.table)) throw inputError(`sql: ${n.table} is not allowed.`);
      tables.add([n.db, n.table].filter(Boolean).join("."));
    }
  });
  // TOP keeps Halo from building more rows than are shown (one more tells there were more).
  const cap = maxRows + 1;
  const current = top.top as { value?: unknown; percent?: unknown } | null | undefined;
  const value = Number(current?.value);
  if (!current || current.percent || !Number.isFinite(value) || value > cap) top.top = { value: cap };
  const printed = new Parser().sqlify(top as never, OPTIONS);
  return { sql: printed, tables: [...tables] };
}
