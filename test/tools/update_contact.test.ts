/**
 * update_contact: only the fields given change (first name and surname in
 * step), and a move stays within the contact's client.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E();

const MISSING = 9999;

const { ok, fails, rejectedLocally, dryRun } = toolChecks(() => e2e);

describe("update_contact", () => {
  it("changes only the fields given and keeps first name and surname in step", async () => {
    const data = await ok("update_contact", {
      id: 104,
      name: "Ravi Kumar Patel",
      job_title: "Senior Engineer",
    });
    expect(data.contact).toMatchObject({ id: 104, name: "Ravi Kumar Patel", job_title: "Senior Engineer" });
    expect(e2e.fake.db.users.get(104)).toMatchObject({
      firstname: "Ravi Kumar",
      surname: "Patel",
      emailaddress: "ravi.patel@acme-corp.example",
    });
  });

  it('clears a field given as "", and still checks anything else', async () => {
    const before = e2e.fake.db.users.get(104);
    expect(before?.mobilenumber).not.toBe("");
    await ok("update_contact", { id: 104, mobile: "" });
    expect(e2e.fake.db.users.get(104)).toMatchObject({
      mobilenumber: "",
      emailaddress: before?.emailaddress,
    });
    expect(await fails("update_contact", { id: 104, mobile: "call me" })).toContain(
      "mobile: not a valid phone number",
    );
  });

  it("moves a contact to another site of the same client, refusing other clients' sites", async () => {
    const data = await ok("update_contact", { id: 105, site: "Acme London" });
    expect(data.contact).toMatchObject({ site: "Acme London #30" });
    expect(await fails("update_contact", { id: 105, site: "Globex HQ" })).toMatch(
      /site: no site named "Globex HQ"/,
    );
  });

  it("dry_run sends nothing", async () => {
    const data = await dryRun("update_contact", {
      id: 102,
      email: "george@acme-corp.example",
      inactive: true,
    });
    expect(data.would_send).toEqual({ id: 102, emailaddress: "george@acme-corp.example", inactive: true });
    expect(e2e.fake.db.users.get(102)?.inactive).toBe(false);
  });

  it("says which ID was not found", async () => {
    expect(await fails("update_contact", { id: MISSING, job_title: "x" })).toContain(
      `no contact with ID ${MISSING}`,
    );
  });

  it("validates email and phone before anything is sent", async () => {
    await rejectedLocally("update_contact", { id: 102, email: "george at acme" }, "email");
    await rejectedLocally("update_contact", { id: 102, mobile: "n/a" }, "mobile");
  });

  it("passes Halo's validation message through", async () => {
    const text = await fails("update_contact", { id: 148, name: "C".repeat(300) });
    expect(text).toContain("HaloPSA rejected the request");
    expect(text).toMatch(/\(name\)/);
  });
});
