/** get_site: its tests against the fake Halo, in-process (test/helpers/e2e.ts). */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

/**
 * Clients, sites and contacts end to end against the fake Halo (seed 1). Seed
 * facts used here: Acme Corporation #12 (sites Acme London #30 with main contact
 * Sarah Mitchell #100, Acme Manchester #31; custom fields Support Tier and
 * Account Code), Acme Logistics Ltd #13, Globex Corporation #14 (Globex HQ #33),
 * and the inactive Tyrell Legal LLP.
 */
const e2e = useE2E();

const MISSING = 9999;

const { ok, fails, rejectedLocally } = toolChecks(() => e2e);

describe("get_site", () => {
  it("returns address, phone, client, main contact and optional counts", async () => {
    const data = await ok("get_site", { site: 30, counts: true });
    const db = e2e.fake.db;
    const addr = db.sites.get(30)?.delivery_address;
    const openTickets = [...db.tickets.values()].filter(
      (t) => t.site_id === 30 && !db.statuses.get(t.status_id)?.closed,
    ).length;
    expect(data.site).toMatchObject({
      id: 30,
      name: "Acme London",
      client: "Acme Corporation #12",
      address: [addr?.line1, addr?.line3].filter(Boolean),
      postcode: addr?.postcode,
      phone: expect.any(String),
      main_contact: "Sarah Mitchell #100",
      counts: { contacts: 3, open_tickets: openTickets },
    });
    expect((await ok("get_site", { site: 30 })).site).not.toHaveProperty("counts");
  });

  it("finds a site by name within a client", async () => {
    const data = await ok("get_site", { site: "manchester", client: 12 });
    expect((data.site as { id: number }).id).toBe(31);
  });

  it("says which ID was not found", async () => {
    expect(await fails("get_site", { site: MISSING })).toContain(`no site with ID ${MISSING}`);
  });

  it("rejects a missing site argument before calling Halo", async () => {
    await rejectedLocally("get_site", {}, "site");
  });
});
