/**
 * search_sites: sites by client or name text, the shared client shown once; a
 * deactivated site is found again when asked, flagged inactive.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

describe("search_sites: basics", () => {
  const e2e = useE2E();

  const MISSING = 9999;

  const { ok, fails, rejectedLocally } = toolChecks(() => e2e);

  // ── sites ───────────────────────────────────────────────────────────────
  describe("search_sites", () => {
    it("lists a client's sites, showing the shared client once", async () => {
      const data = await ok("search_sites", { client: "Acme Corporation" });
      expect(data).toMatchObject({ total: 2, client: "Acme Corporation #12" });
      expect(data.sites).toEqual([
        expect.objectContaining({ id: 30, name: "Acme London" }),
        expect.objectContaining({ id: 31, name: "Acme Manchester" }),
      ]);
      expect((data.sites as Array<Record<string, unknown>>)[0]?.client).toBeUndefined();
    });

    it("finds sites by name text across clients", async () => {
      const data = await ok("search_sites", { query: "globex" });
      expect((data.sites as Array<{ name: string }>).map((s) => s.name)).toEqual([
        "Globex HQ",
        "Globex Leeds",
      ]);
    });

    it("says which client ID was not found", async () => {
      expect(await fails("search_sites", { client: MISSING })).toContain(
        `client: no client with ID ${MISSING}`,
      );
    });

    it("rejects a bad page before calling Halo", async () => {
      await rejectedLocally("search_sites", { page: 0 }, "page");
    });
  });
});

describe("search_sites: guards and edge cases", () => {
  const e2e = useE2E();

  const { ok } = toolChecks(() => e2e);

  describe("include_inactive on search_contacts and search_sites", () => {
    it("finds a deactivated site again, flagged inactive", async () => {
      await ok("update_site", { id: 31, inactive: true });
      const active = await ok("search_sites", { client: 12 });
      expect((active.sites as Row[]).map((s) => s.id)).not.toContain(31);
      const all = await ok("search_sites", { client: 12, include_inactive: true });
      expect(all.sites).toContainEqual(expect.objectContaining({ id: 31, inactive: true }));
      await ok("update_site", { id: 31, inactive: false });
    });
  });
});
