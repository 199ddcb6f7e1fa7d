/** The read-only SQL guard on its own: what it lets through, what it refuses, and the TOP cap. */
import { describe, expect, it } from "vitest";
import { guardSql } from "../../src/tools/reports/sql-guard.js";

describe("guardSql", () => {
  it.each([
    ["SELECT Faultid FROM FAULTS", "SELECT TOP 51 [Faultid] FROM [FAULTS]"],
    ["select top 5 Faultid from FAULTS;", "SELECT TOP 5 [Faultid] FROM [FAULTS]"],
    ["SELECT TOP 500 Faultid FROM FAULTS", "SELECT TOP 51 [Faultid] FROM [FAULTS]"],
    ["SELECT TOP 10 PERCENT Faultid FROM FAULTS", "SELECT TOP 51 [Faultid] FROM [FAULTS]"],
    ["WITH x AS (SELECT 1 AS a) SELECT a FROM x", "WITH [x] AS (SELECT 1 AS [a]) SELECT TOP 51 [a] FROM [x]"],
    ["SELECT 'DELETE FROM FAULTS' AS t -- DROP", "SELECT TOP 51 'DELETE FROM FAULTS' AS [t]"],
  ])("accepts %s", (sql, sent) => {
    expect(guardSql(sql, 50).sql).toBe(sent);
  });

  it.each([
    ["SELECT 1 AS a; DELETE FROM FAULTS", /2 statements/],
    ["SELECT 1 AS a /* x */; DROP TABLE FAULTS", /2 statements/],
    ["SELECT 1 AS a\nGO\nDELETE FROM FAULTS", /statement|2 statements/],
    ["INSERT INTO FAULTS (Symptom) VALUES ('x')", /only SELECT/],
    ["UPDATE FAULTS SET Symptom = 'x'", /only SELECT/],
    ["TRUNCATE TABLE FAULTS", /only SELECT|not a statement/],
    ["SELECT * INTO NEWT FROM FAULTS", /INTO/],
    ["SELECT * FROM OPENQUERY(srv, 'SELECT 1')", /OPENQUERY|not a statement/],
    ["SELECT * FROM master.dbo.sysdatabases", /system table/],
    ["SELECT * FROM sys.objects", /system table/],
    ["EXEC sp_who", /only SELECT|not a statement/],
    ["DROP TABLE FAULTS", /only SELECT/],
    ["this is not sql", /not a statement|statements/],
  ])("refuses %s", (sql, message) => {
    expect(() => guardSql(sql, 50)).toThrow(message);
  });

  it("names the tables read", () => {
    expect(
      guardSql("SELECT f.Faultid FROM FAULTS f JOIN AREA a ON f.Areaint = a.Aarea", 10).tables.sort(),
    ).toEqual(["AREA", "FAULTS"]);
  });
});
