/**
 * search_contacts: contacts by site, email or phone in compact rows (25 within
 * 6 KB); a deactivated contact is found again when asked, flagged inactive.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

describe("search_contacts: basics", () => {
  const e2e = useE2E();

  const MISSING = 9999;

  const { ok, fails, rejectedLocally } = toolChecks(() => e2e);

  const size = (data: unknown) => Buffer.byteLength(JSON.stringify(data), "utf8");

  // ── contacts ────────────────────────────────────────────────────────────
  describe("search_contacts", () => {
    it("lists a site's contacts, client and site shown once", async () => {
      const data = await ok("search_contacts", { client: 12, site: "Acme London" });
      expect(data).toMatchObject({ client: "Acme Corporation #12", site: "Acme London #30" });
      expect((data.contacts as Array<{ name: string }>).map((c) => c.name)).toEqual(
        expect.arrayContaining(["Sarah Mitchell", "Tom Baker"]),
      );
    });

    it("finds by email, and by phone with search_phonenumbers", async () => {
      const byEmail = await ok("search_contacts", { email: "priya.shah@acme-corp.example" });
      expect(byEmail.contacts).toEqual([
        expect.objectContaining({
          id: 103,
          name: "Priya Shah",
          job_title: "Operations Lead",
          site: "Acme Manchester #31",
        }),
      ]);
      const phone = e2e.fake.db.users.get(101)?.mobilenumber as string;
      const byPhone = await ok("search_contacts", { phone });
      expect(byPhone.contacts).toEqual(expect.arrayContaining([expect.objectContaining({ id: 101 })]));
      const last = e2e.fake.requests.filter((r) => r.path === "/Users").at(-1);
      expect(last?.query).toMatchObject({ search: phone, search_phonenumbers: "true" });
    });

    it("keeps 25 rows within 6 KB", async () => {
      const data = await ok("search_contacts", { limit: 25 });
      expect(data.shown).toBe(25);
      expect(size(data)).toBeLessThanOrEqual(6 * 1024);
    });

    it("says which client ID was not found", async () => {
      expect(await fails("search_contacts", { client: MISSING })).toContain(
        `client: no client with ID ${MISSING}`,
      );
    });

    it("takes one search text at a time, checked before calling Halo", async () => {
      await rejectedLocally(
        "search_contacts",
        { query: "sarah", email: "x@y.example" },
        "query, email, phone",
      );
    });
  });
});

describe("search_contacts: guards and edge cases", () => {
  const e2e = useE2E();

  const { ok } = toolChecks(() => e2e);

  describe("include_inactive on search_contacts and search_sites", () => {
    it("finds a deactivated contact again, flagged inactive", async () => {
      await ok("update_contact", { id: 106, inactive: true });
      expect((await ok("search_contacts", { query: "Aisha Walker" })).total).toBe(0);
      const found = await ok("search_contacts", { query: "Aisha Walker", include_inactive: true });
      expect(found.contacts).toEqual([expect.objectContaining({ id: 106, inactive: true })]);
      await ok("update_contact", { id: 106, inactive: false });
    });
  });
});
