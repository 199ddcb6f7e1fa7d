/**
 * get_client: a compact profile with counts from one-row list calls; contracts
 * past their end date are not counted as active, matching search_contracts.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

describe("get_client: basics", () => {
  const e2e = useE2E();

  const MISSING = 9999;

  const { ok, fails, rejectedLocally } = toolChecks(() => e2e);

  const size = (data: unknown) => Buffer.byteLength(JSON.stringify(data), "utf8");

  describe("get_client", () => {
    it("returns a compact profile with counts: three one-row list calls, contracts by end date", async () => {
      const before = e2e.fake.requests.length;
      const data = await ok("get_client", { client: 12 });
      const client = data.client as Record<string, unknown>;
      const db = e2e.fake.db;
      const openTickets = [...db.tickets.values()].filter(
        (t) => t.client_id === 12 && !db.statuses.get(t.status_id)?.closed,
      ).length;
      const today = new Date().toISOString().slice(0, 10);
      const activeContracts = [...db.contracts.values()].filter(
        (c) => c.client_id === 12 && c.active && !(c.end_date && c.end_date.slice(0, 10) < today),
      ).length;
      expect(client).toMatchObject({
        id: 12,
        name: "Acme Corporation",
        top_level: "Customers #1",
        main_site: "Acme London #30",
        website: "https://www.acme-corp.example",
        notes: expect.stringContaining("Key account"),
        custom_fields: { "Account Code": "ACME100", "Support Tier": expect.any(String) },
        counts: { sites: 2, contacts: 7, open_tickets: openTickets, active_contracts: activeContracts },
      });
      expect(client.account_manager).toMatch(/ #\d+$/);
      expect(size(data)).toBeLessThanOrEqual(3 * 1024);
      const counted = e2e.fake.requests
        .slice(before)
        .filter((r) => r.method === "GET" && r.query.page_size === "1");
      expect(counted.map((r) => r.path).sort()).toEqual(["/Site", "/Tickets", "/Users"]);
      // Halo cannot filter out expired contracts, so their rows are read and checked.
      expect(e2e.fake.requests.slice(before).filter((r) => r.path === "/ClientContract")).toHaveLength(1);
    });

    it("accepts a name, and lists candidates when the name is ambiguous", async () => {
      const data = await ok("get_client", { client: "acme corporation" });
      expect((data.client as { id: number }).id).toBe(12);
      const text = await fails("get_client", { client: "Acme" });
      expect(text).toContain('"Acme Corporation" (ID 12)');
      expect(text).toContain('"Acme Logistics Ltd" (ID 13)');
    });

    it("says which ID was not found", async () => {
      expect(await fails("get_client", { client: MISSING })).toContain(`no client with ID ${MISSING}`);
    });

    it("rejects an empty client before calling Halo", async () => {
      await rejectedLocally("get_client", { client: "  " }, "client");
    });
  });
});

describe("get_client: guards and edge cases", () => {
  const e2e = useE2E();

  const { db, ok } = toolChecks(() => e2e);

  describe("get_client active_contracts", () => {
    it("leaves out contracts past their end date, as search_contracts does", async () => {
      const flagged = [...db().contracts.values()].filter((c) => c.client_id === 14 && c.active);
      expect(flagged.length).toBeGreaterThan(0);
      const listed = await ok("search_contracts", { client: 14 });
      const client = (await ok("get_client", { client: 14 })).client as Row;
      expect((client.counts as Row).active_contracts).toBe(listed.shown);
      expect(listed.shown).toBe(0);
    });
  });
});
