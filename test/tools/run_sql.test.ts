/**
 * run_sql (opt-in toolset reports, HALOPSA_ALLOW_SQL=true): one SELECT through
 * Halo's reporting API, checked by a SQL parser before anything is sent, so
 * nothing but a read reaches Halo.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,reports", HALOPSA_ALLOW_SQL: "true" } }));

/** The reports toolset without HALOPSA_ALLOW_SQL. */
const plain = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,reports" } }));

const { db } = toolChecks(() => e2e);

const reportPosts = () => e2e.fake.count({ method: "POST", path: "/Report" });

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
});
