/**
 * The fake's reporting engine: read-only SELECTs over a few of Halo's SQL
 * tables (FAULTS, AREA, SITE, UNAME, TSTATUS, ACTIONS, and
 * INFORMATION_SCHEMA.COLUMNS), answered the way Halo's report API answers:
 * `{loaded, rows, load_error}`, every cell a string. Enough SQL for the
 * tests and the demo — TOP, column aliases, joins on equality, WHERE with
 * =, <>, <, >, IN, LIKE, AND/OR/NOT, GROUP BY with COUNT/SUM/MIN/MAX/AVG,
 * ORDER BY — parsed with the same parser the server's guard uses. Anything
 * that is not a SELECT fails as SQL Server would refuse a read-only login.
 */
import sqlParser from "node-sql-parser/build/transactsql.js";
import type { FakeDb, WireObject } from "./types.js";

const { Parser } = sqlParser;
type Node = Record<string, unknown> & { type?: string };

/** Each table: its columns (Halo's names) and how its rows come from the fake's records. */
const TABLES: Record<string, { columns: string[]; rows: (db: FakeDb) => WireObject[] }> = {
  FAULTS: {
    columns: [
      "Faultid",
      "Symptom",
      "Status",
      "Areaint",
      "Sitenumber",
      "Userid",
      "Assignedtoint",
      "Sectio_",
      "Seriousness",
      "Requesttypenew",
      "dateoccured",
      "datecleared",
      "fixbydate",
    ],
    rows: (db) =>
      [...db.tickets.values()].map((t) => ({
        Faultid: t.id,
        Symptom: t.summary,
        Status: t.status_id,
        Areaint: t.client_id,
        Sitenumber: t.site_id,
        Userid: t.user_id,
        Assignedtoint: t.agent_id,
        Sectio_: db.teams.get(t.team_id)?.name ?? "",
        Seriousness: t.priority_id,
        Requesttypenew: t.tickettype_id,
        dateoccured: t.dateoccurred,
        datecleared: t.dateclosed ?? null,
        fixbydate: fixBy(db, t),
      })),
  },
  AREA: {
    columns: ["Aarea", "Aareadesc", "Ainactive"],
    rows: (db) =>
      [...db.clients.values()].map((c) => ({
        Aarea: c.id,
        Aareadesc: c.name,
        Ainactive: c.inactive ? 1 : 0,
      })),
  },
  SITE: {
    columns: ["Ssitenum", "Sdesc", "Sarea"],
    rows: (db) => [...db.sites.values()].map((s) => ({ Ssitenum: s.id, Sdesc: s.name, Sarea: s.client_id })),
  },
  UNAME: {
    columns: ["Unum", "Uname", "Uemail", "Uisdisabled"],
    rows: (db) =>
      [...db.agents.values()].map((a) => ({
        Unum: a.id,
        Uname: a.name,
        Uemail: a.email,
        Uisdisabled: a.isdisabled ? 1 : 0,
      })),
  },
  TSTATUS: {
    columns: ["Tstatus", "Tstatusdesc"],
    rows: (db) => [...db.statuses.values()].map((s) => ({ Tstatus: s.id, Tstatusdesc: s.name })),
  },
  ACTIONS: {
    columns: [
      "Faultid",
      "Actionnumber",
      "Whe_",
      "Who",
      "Whoagentid",
      "Timetaken",
      "Actisbillable",
      "Actioninvoicenumber",
      "Actoutcome",
    ],
    rows: (db) =>
      [...db.actions.values()].flat().map((a) => ({
        Faultid: a.ticket_id,
        Actionnumber: a.id,
        Whe_: a.datetime,
        Who: a.who,
        Whoagentid: a.who_agentid,
        Timetaken: a.timetaken,
        Actisbillable: a.actisbillable === false ? 0 : 1,
        Actioninvoicenumber: a.actioninvoicenumber ?? "",
        Actoutcome: a.outcome,
      })),
  },
};

/** Fix-by time from the ticket's priority in its SLA (as the fake's ticket rows compute it). */
function fixBy(db: FakeDb, t: FakeDb["tickets"] extends Map<number, infer T> ? T : never): string {
  const p =
    db.priorities.find((x) => x.slaid === t.sla_id && x.priorityid === t.priority_id) ??
    db.priorities.find((x) => x.priorityid === t.priority_id);
  return new Date(Date.parse(t.dateoccurred) + (p?.fixtime ?? 24) * 3_600_000).toISOString();
}

const INFO_COLUMNS = {
  columns: ["TABLE_NAME", "COLUMN_NAME"],
  rows: () =>
    Object.entries(TABLES).flatMap(([t, d]) => d.columns.map((c) => ({ TABLE_NAME: t, COLUMN_NAME: c }))),
};

/** Saved reports the fake offers under /Report; each is SQL the engine runs. */
export const SAVED_REPORTS = [
  {
    id: 41,
    name: "SLA compliance by client",
    description: "Closed tickets per client and how many were fixed after their fix-by time.",
    group: "Service desk",
    sql: "SELECT a.Aareadesc AS Client, COUNT(*) AS Closed, SUM(CASE WHEN f.datecleared > f.fixbydate THEN 1 ELSE 0 END) AS Breached FROM FAULTS f JOIN AREA a ON f.Areaint = a.Aarea WHERE f.datecleared IS NOT NULL GROUP BY a.Aareadesc ORDER BY Closed DESC",
  },
  {
    id: 42,
    name: "Open tickets by agent",
    description: "Tickets not closed, per assigned agent.",
    group: "Service desk",
    sql: "SELECT u.Uname AS Agent, COUNT(*) AS OpenTickets FROM FAULTS f JOIN UNAME u ON f.Assignedtoint = u.Unum WHERE f.Status <> 9 GROUP BY u.Uname ORDER BY OpenTickets DESC",
  },
  {
    id: 43,
    name: "Billable time by client",
    description: "Hours logged on tickets per client, billable and not.",
    group: "Billing",
    sql: "SELECT a.Aareadesc AS Client, SUM(x.Timetaken) AS Hours FROM ACTIONS x JOIN FAULTS f ON x.Faultid = f.Faultid JOIN AREA a ON f.Areaint = a.Aarea WHERE x.Timetaken > 0 GROUP BY a.Aareadesc ORDER BY Hours DESC",
  },
];

interface Result {
  loaded: boolean;
  rows: Array<Record<string, string>>;
  load_error?: string;
}

/** Runs one SELECT; errors come back as `load_error`, as Halo reports them. */
export function runFakeSql(db: FakeDb, sql: string): Result {
  try {
    const ast = new Parser().astify(sql, { database: "transactsql" }) as unknown;
    const stmts = Array.isArray(ast) ? ast : [ast];
    if (stmts.length !== 1 || (stmts[0] as Node).type !== "select")
      return {
        loaded: false,
        rows: [],
        load_error: "The SELECT permission was denied: only one SELECT statement may run.",
      };
    return { loaded: true, rows: select(db, stmts[0] as Node) };
  } catch (err) {
    return {
      loaded: false,
      rows: [],
      load_error: `Incorrect syntax: ${(err as Error).message.slice(0, 200)}`,
    };
  }
}

type Scope = Record<string, WireObject>;

function table(db: FakeDb, from: Node): { alias: string; rows: WireObject[] } {
  const name = String(from.table ?? "").toUpperCase();
  const alias = String(from.as ?? from.table ?? "").toLowerCase();
  if (String(from.db ?? "").toUpperCase() === "INFORMATION_SCHEMA" && name === "COLUMNS")
    return { alias, rows: INFO_COLUMNS.rows() };
  const def = TABLES[name];
  if (!def) throw new Error(`Invalid object name '${String(from.table)}'.`);
  return { alias, rows: def.rows(db) };
}

function select(db: FakeDb, ast: Node): Array<Record<string, string>> {
  if ((ast.into as Node | undefined)?.type) throw new Error("SELECT INTO is not allowed.");
  const froms = (ast.from as Node[] | null) ?? [];
  let scopes: Scope[] = [{}];
  for (const f of froms) {
    const { alias, rows } = table(db, f);
    const next: Scope[] = [];
    for (const s of scopes) {
      const hits = rows
        .map((r) => ({ ...s, [alias]: r }))
        .filter((x) => !f.on || truthy(evalExpr(f.on as Node, x)));
      if (hits.length) next.push(...hits);
      else if (String(f.join ?? "").startsWith("LEFT")) next.push({ ...s, [alias]: {} });
    }
    scopes = next;
  }
  if (ast.where) scopes = scopes.filter((s) => truthy(evalExpr(ast.where as Node, s)));
  const columns = ast.columns as Array<{ expr: Node; as?: string | null }>;
  const groupBy = ((ast.groupby as Node | null)?.columns as Node[] | undefined) ?? [];
  const aggregate = groupBy.length > 0 || columns.some((c) => hasAggr(c.expr));
  let out: Array<{ row: Record<string, unknown>; scope: Scope }>;
  if (aggregate) {
    const groups = new Map<string, Scope[]>();
    for (const s of scopes) {
      const key = JSON.stringify(groupBy.map((g) => evalExpr(g, s)));
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    if (groups.size === 0 && groupBy.length === 0) groups.set("[]", []);
    out = [...groups.values()].map((members) => {
      const row: Record<string, unknown> = {};
      for (const c of columns) row[label(c)] = evalExpr(c.expr, members[0] ?? {}, members);
      return { row, scope: members[0] ?? {} };
    });
  } else {
    out = scopes.map((s) => {
      const row: Record<string, unknown> = {};
      for (const c of columns) {
        if (c.expr.type === "column_ref" && c.expr.column === "*") {
          const alias = c.expr.table ? String(c.expr.table).toLowerCase() : undefined;
          for (const [a, rec] of Object.entries(s)) if (!alias || a === alias) Object.assign(row, rec);
        } else row[label(c)] = evalExpr(c.expr, s);
      }
      return { row, scope: s };
    });
  }
  const orderBy = (ast.orderby as Array<{ expr: Node; type: string }> | null) ?? [];
  if (orderBy.length) {
    const key = (x: { row: Record<string, unknown>; scope: Scope }, e: Node) => {
      const byAlias = e.type === "column_ref" && !e.table ? lookup(x.row, String(e.column)) : undefined;
      return byAlias !== undefined ? byAlias : evalExpr(e, x.scope);
    };
    out.sort((a, b) => {
      for (const o of orderBy) {
        const c = compare(key(a, o.expr), key(b, o.expr));
        if (c) return o.type === "DESC" ? -c : c;
      }
      return 0;
    });
  }
  const top = Number((ast.top as Node | null)?.value);
  const rows = Number.isFinite(top) && top >= 0 ? out.slice(0, top) : out;
  return rows.map(({ row }) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? "" : String(v)]),
    ),
  );
}

const label = (c: { expr: Node; as?: string | null }) =>
  c.as ??
  (c.expr.type === "column_ref"
    ? String(c.expr.column)
    : c.expr.type === "aggr_func"
      ? String(c.expr.name)
      : "Column");

function hasAggr(e: Node | undefined): boolean {
  if (!e || typeof e !== "object") return false;
  if (e.type === "aggr_func") return true;
  return Object.values(e).some((v) => v && typeof v === "object" && hasAggr(v as Node));
}

function lookup(rec: Record<string, unknown>, column: string): unknown {
  const k = Object.keys(rec).find((x) => x.toLowerCase() === column.toLowerCase());
  return k === undefined ? undefined : rec[k];
}

function evalExpr(e: Node, s: Scope, group?: Scope[]): unknown {
  switch (e.type) {
    case "number":
      return e.value;
    case "single_quote_string":
    case "string":
    case "double_quote_string":
      return e.value;
    case "bool":
      return e.value;
    case "null":
      return null;
    case "column_ref": {
      const col = String(e.column);
      if (e.table) {
        const rec = s[String(e.table).toLowerCase()];
        if (!rec)
          throw new Error(`The multi-part identifier "${String(e.table)}.${col}" could not be bound.`);
        const v = lookup(rec, col);
        if (v === undefined && Object.keys(rec).length) throw new Error(`Invalid column name '${col}'.`);
        return v ?? null;
      }
      for (const rec of Object.values(s)) {
        const v = lookup(rec, col);
        if (v !== undefined) return v;
      }
      throw new Error(`Invalid column name '${col}'.`);
    }
    case "expr_list":
      return (e.value as Node[]).map((x) => evalExpr(x, s, group));
    case "aggr_func": {
      const members = group ?? [s];
      const arg = (e.args as Node).expr as Node;
      const name = String(e.name).toUpperCase();
      if (name === "COUNT")
        return arg.type === "star" ? members.length : members.filter((m) => evalExpr(arg, m) != null).length;
      const values = members.map((m) => Number(evalExpr(arg, m))).filter((v) => Number.isFinite(v));
      if (name === "SUM") return Math.round(values.reduce((a, b) => a + b, 0) * 10_000) / 10_000;
      if (name === "MIN") return values.length ? Math.min(...values) : null;
      if (name === "MAX") return values.length ? Math.max(...values) : null;
      if (name === "AVG") return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
      throw new Error(`'${name}' is not a recognized aggregate function.`);
    }
    case "case": {
      for (const arm of e.args as Node[]) {
        if (arm.type === "else" || truthy(evalExpr(arm.cond as Node, s, group)))
          return evalExpr(arm.result as Node, s, group);
      }
      return null;
    }
    case "unary_expr":
      return !truthy(evalExpr(e.expr as Node, s, group));
    case "binary_expr": {
      const op = String(e.operator).toUpperCase();
      if (op === "AND")
        return truthy(evalExpr(e.left as Node, s, group)) && truthy(evalExpr(e.right as Node, s, group));
      if (op === "OR")
        return truthy(evalExpr(e.left as Node, s, group)) || truthy(evalExpr(e.right as Node, s, group));
      const l = evalExpr(e.left as Node, s, group);
      const r = evalExpr(e.right as Node, s, group);
      switch (op) {
        case "=":
          return compare(l, r) === 0;
        case "<>":
        case "!=":
          return compare(l, r) !== 0;
        case "<":
          return compare(l, r) < 0;
        case ">":
          return compare(l, r) > 0;
        case "<=":
          return compare(l, r) <= 0;
        case ">=":
          return compare(l, r) >= 0;
        case "IN":
          return (r as unknown[]).some((x) => compare(l, x) === 0);
        case "NOT IN":
          return !(r as unknown[]).some((x) => compare(l, x) === 0);
        case "LIKE":
        case "NOT LIKE": {
          const re = new RegExp(
            `^${String(r)
              .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
              .replace(/%/g, ".*")
              .replace(/_/g, ".")}$`,
            "i",
          );
          return re.test(String(l ?? "")) === (op === "LIKE");
        }
        case "IS":
          return l === null;
        case "IS NOT":
          return l !== null;
        default:
          throw new Error(`Operator ${op} is not supported here.`);
      }
    }
    default:
      throw new Error(`Unsupported expression (${String(e.type)}).`);
  }
}

const truthy = (v: unknown) => v === true || (typeof v === "number" && v !== 0);

function compare(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  const x = Number(a);
  const y = Number(b);
  if (typeof a !== "string" || typeof b !== "string")
    if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return String(a).localeCompare(String(b), undefined, { sensitivity: "base" });
}
