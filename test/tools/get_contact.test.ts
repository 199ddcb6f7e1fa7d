/**
 * get_contact: one contact by ID, name or email; a missing argument is refused
 * before Halo is asked.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

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
