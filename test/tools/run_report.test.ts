/**
 * run_report (opt-in toolset reports): a saved report by name or ID, rows
 * capped, as a compact table.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,reports", HALOPSA_ALLOW_SQL: "true" } }));

const { db } = toolChecks(() => e2e);

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
