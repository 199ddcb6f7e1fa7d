/** get_contact: its tests against the fake Halo, in-process (test/helpers/e2e.ts). */
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

describe("get_contact", () => {
  it("returns the contact by ID, name or email", async () => {
    const data = await ok("get_contact", { contact: 100 });
    expect(data.contact).toMatchObject({
      id: 100,
      name: "Sarah Mitchell",
      client: "Acme Corporation #12",
      site: "Acme London #30",
      email: "sarah.mitchell@acme-corp.example",
      job_title: "Office Manager",
      main_contact: true,
    });
    expect(
      ((await ok("get_contact", { contact: "Tom Baker", client: 12 })).contact as { id: number }).id,
    ).toBe(101);
    const byEmail = await ok("get_contact", { contact: "priya.shah@acme-corp.example" });
    expect((byEmail.contact as { id: number }).id).toBe(103);
  });

  it("says which ID was not found", async () => {
    expect(await fails("get_contact", { contact: MISSING })).toContain(`no contact with ID ${MISSING}`);
  });

  it("rejects a missing contact argument before calling Halo", async () => {
    await rejectedLocally("get_contact", { client: 12 }, "contact");
  });
});
