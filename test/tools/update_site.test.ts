/**
 * update_site: new address lines replace the old ones, the untouched postcode
 * stays; the phone is checked before anything is sent.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E();

const MISSING = 9999;

const { ok, fails, rejectedLocally, dryRun } = toolChecks(() => e2e);

describe("update_site", () => {
  it("replaces the address lines and keeps the untouched postcode", async () => {
    const postcode = e2e.fake.db.sites.get(33)?.delivery_address.postcode;
    const data = await ok("update_site", {
      id: 33,
      address: ["2 Wellington Place", "Leeds"],
      phone: "0113 496 0000",
    });
    expect(data.site).toMatchObject({
      id: 33,
      address: ["2 Wellington Place", "Leeds"],
      postcode,
      phone: "0113 496 0000",
    });
    expect(e2e.fake.db.sites.get(33)?.delivery_address).toMatchObject({
      line1: "2 Wellington Place",
      line2: "Leeds",
      postcode,
    });
  });

  it("dry_run sends nothing", async () => {
    const data = await dryRun("update_site", { id: 31, name: "Acme Salford" });
    expect(data.would_send).toEqual({ id: 31, name: "Acme Salford" });
    expect(e2e.fake.db.sites.get(31)?.name).toBe("Acme Manchester");
  });

  it("says which ID was not found", async () => {
    expect(await fails("update_site", { id: MISSING, name: "x" })).toContain(`no site with ID ${MISSING}`);
  });

  it("validates the phone before anything is sent", async () => {
    await rejectedLocally("update_site", { id: 31, phone: "phone" }, "phone");
  });

  it("passes Halo's validation message through", async () => {
    const text = await fails("update_site", { id: 45, name: "S".repeat(300) });
    expect(text).toContain("HaloPSA rejected the request");
    expect(text).toMatch(/\(name\)/);
  });
});
