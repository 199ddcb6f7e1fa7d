/**
 * Reports end to end (opt-in toolset reports): saved reports by name or ID,
 * and read-only SQL (HALOPSA_ALLOW_SQL=true) through Halo's reporting API,
 * guarded by a SQL parser before anything is sent. Expected rows are
 * computed from the fake's records.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "../helpers/e2e.js";

let e2e: E2E;
let plain: E2E;
beforeAll(async () => {
  [e2e, plain] = await Promise.all([
    startE2E({ env: { HALOPSA_TOOLSETS: "default,reports", HALOPSA_ALLOW_SQL: "true" } }),
    startE2E({ env: { HALOPSA_TOOLSETS: "default,reports" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([e2e?.close(), plain?.close()]);
});

type Row = Record<string, unknown>;
const db = () => e2e.fake.db;
const reportPosts = () => e2e.fake.count({ method: "POST", path: "/Report" });

describe("run_report", () => {
  it('"run the SLA report": found by name, rows as a compact table', async () => {
    const r = await e2e.call("run_report", { report: "SLA" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.report).toBe("SLA compliance by client #41");
    expect(r.data?.columns).toEqual(["Client", "Closed", "Breached"]);
    const closedByClient = new Map<string, number>();
    for (const t of db().tickets.values()) {
      if (!t.dateclosed) continue;
      const name = db().clients.get(t.client_id)?.name as string;
      closedByClient.set(name, (closedByClient.get(name) ?? 0) + 1);
    }
    const rows = r.data?.rows as Array<[string, number, number]>;
    expect(rows.length).toBe(closedByClient.size);
    for (const [client, closed] of rows) expect(closed).toBe(closedByClient.get(client));
    expect(e2e.fake.requests.some((q) => q.path === "/Report/41" && q.query.loadreport === "true")).toBe(
      true,
    );
  });

  it("runs by ID and caps rows", async () => {
    const r = await e2e.call("run_report", { report: 42, limit: 2 });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.shown).toBe(2);
    expect(Number(r.data?.total)).toBeGreaterThan(2);
    expect(r.data?.note).toMatch(/more rows/);
  });

  it("an unknown name is named", async () => {
    const r = await e2e.call("run_report", { report: "Quarterly profit forecast" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/no saved report/);
  });
});

describe("run_sql, sql_tables", () => {
  it("is not offered without HALOPSA_ALLOW_SQL", async () => {
    const names = (await plain.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("run_report");
    expect(names).not.toContain("run_sql");
    expect(names).not.toContain("sql_tables");
  });

  it("runs one SELECT with TOP capped and answers rows", async () => {
    const r = await e2e.call("run_sql", {
      sql: "SELECT a.Aareadesc AS Client, COUNT(*) AS Open FROM FAULTS f JOIN AREA a ON f.Areaint = a.Aarea WHERE f.datecleared IS NULL GROUP BY a.Aareadesc ORDER BY Open DESC",
      limit: 5,
    });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.sql).toMatch(/^SELECT TOP 6 /);
    const sent = e2e.fake.requests.filter((q) => q.method === "POST" && q.path === "/Report").at(-1);
    expect((sent!.body as Row[])[0]).toMatchObject({ _loadreportonly: true, sql: r.data?.sql });
    const open = [...db().tickets.values()].filter((t) => !t.dateclosed);
    const top = (r.data!.rows as Array<[string, number]>)[0] as [string, number];
    const byClient = new Map<string, number>();
    for (const t of open) {
      const n = db().clients.get(t.client_id)?.name as string;
      byClient.set(n, (byClient.get(n) ?? 0) + 1);
    }
    expect(top[1]).toBe(Math.max(...byClient.values()));
  });

  it.each([
    ["two statements", "SELECT 1 AS x; DROP TABLE FAULTS", /2 statements/],
    ["a write", "DELETE FROM FAULTS WHERE Faultid = 1", /only SELECT/],
    ["SELECT INTO", "SELECT * INTO COPY FROM FAULTS", /INTO/],
    ["an update hidden in text", "UPDATE FAULTS SET Symptom = 'x'", /only SELECT/],
    ["OPENROWSET", "SELECT * FROM OPENROWSET('SQLNCLI', 'Server=x', 'SELECT 1')", /OPENROWSET/],
    ["a system table", "SELECT name FROM sys.tables", /system table/],
    ["procedures", "EXEC xp_cmdshell 'dir'", /not a statement/],
  ])("refuses %s before sending anything", async (_what, sql, message) => {
    const n = reportPosts();
    const r = await e2e.call("run_sql", { sql });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(message);
    expect(reportPosts()).toBe(n);
  });

  it("a string that looks like a write is just a string", async () => {
    const r = await e2e.call("run_sql", { sql: "SELECT 'DROP TABLE FAULTS' AS t" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.rows).toEqual([["DROP TABLE FAULTS"]]);
  });

  it("Halo's SQL error comes back as an error with what to do", async () => {
    const r = await e2e.call("run_sql", { sql: "SELECT Nope FROM FAULTS" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Invalid column name 'Nope'/);
    expect(r.text).toMatch(/sql_tables/);
  });

  it("teaches the main tables, and a table's columns from the tenant", async () => {
    const guide = await e2e.call("sql_tables", {});
    expect(guide.isError, guide.text).toBe(false);
    expect(Object.keys(guide.data?.tables as Row)).toContain("FAULTS");
    const cols = await e2e.call("sql_tables", { table: "area" });
    expect(cols.isError, cols.text).toBe(false);
    expect(cols.data).toEqual({ table: "AREA", columns: ["Aarea", "Aareadesc", "Ainactive"] });
    const bad = await e2e.call("sql_tables", { table: "AREA; DROP TABLE X" });
    expect(bad.isError).toBe(true);
  });
});
