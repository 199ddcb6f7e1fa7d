/**
 * get_site: address, phone, client and main contact of one site, found by ID or
 * by name within a client.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

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
