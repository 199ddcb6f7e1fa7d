/**
 * sql_tables (opt-in toolset reports): the main tables, and a table's columns
 * read from the tenant, so run_sql queries name real columns.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import type { Row } from "../helpers/tool-checks.js";

const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,reports", HALOPSA_ALLOW_SQL: "true" } }));

describe("run_sql, sql_tables", () => {
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
