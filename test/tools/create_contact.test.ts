/**
 * create_contact: lands on the client's main site unless told, emails nobody
 * unless asked, and refuses a likely duplicate (same email anywhere, same name
 * within the client, inactive ones too).
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

describe("create_contact: basics", () => {
  const e2e = useE2E();

  const { posts, lastPosted, ok, fails, rejectedLocally, dryRun } = toolChecks(() => e2e);

  const MISSING = 9999;

  describe("create_contact", () => {
    it("creates a contact on the client's main site by default", async () => {
      const data = await ok("create_contact", {
        firstname: "Holly",
        surname: "Gennero",
        client: "Acme Corporation",
        email: "holly.gennero@acme-corp.example",
        phone: "+44 20 7946 0111",
        mobile: "07700 900111",
        job_title: "Vice President",
      });
      const contact = data.contact as { id: number };
      expect(data.contact).toMatchObject({
        name: "Holly Gennero",
        client: "Acme Corporation #12",
        site: "Acme London #30",
        email: "holly.gennero@acme-corp.example",
        mobile: "07700 900111",
        job_title: "Vice President",
      });
      expect(e2e.fake.db.users.get(contact.id)).toMatchObject({
        site_id: 30,
        firstname: "Holly",
        surname: "Gennero",
        emailaddress: "holly.gennero@acme-corp.example",
        phonenumber: "+44 20 7946 0111",
        title: "Vice President",
      });
      // No portal welcome email unless asked.
      expect(lastPosted("/Users")).toMatchObject({ sendwelcomeemail: false });
    });

    it("sends the welcome email only when asked", async () => {
      await ok("create_contact", {
        name: "Argyle Welcome",
        client: 12,
        email: "argyle@acme-corp.example",
        send_welcome: true,
      });
      expect(lastPosted("/Users")).toMatchObject({
        sendwelcomeemail: true,
        emailaddress: "argyle@acme-corp.example",
      });
    });

    it("puts the contact on the site given, by name", async () => {
      const data = await ok("create_contact", { name: "Ellis Takagi", client: 12, site: "Acme Manchester" });
      expect(data.contact).toMatchObject({ site: "Acme Manchester #31" });
    });

    it("refuses a site of another client", async () => {
      const before = posts();
      expect(await fails("create_contact", { name: "Argyle Driver", client: 12, site: 33 })).toContain(
        "belongs to client Globex Corporation #14",
      );
      expect(posts()).toBe(before);
    });

    it("refuses a likely duplicate: same email anywhere", async () => {
      const before = posts();
      const text = await fails("create_contact", {
        name: "S. Mitchell",
        client: 14,
        email: "SARAH.MITCHELL@acme-corp.example",
      });
      expect(text).toContain("Sarah Mitchell #100");
      expect(text).toContain("same email");
      expect(posts()).toBe(before);
    });

    it("counts inactive contacts as duplicates too (includeinactive)", async () => {
      const tom = e2e.fake.db.users.get(101);
      if (!tom) throw new Error("seed: no user 101");
      tom.inactive = true;
      try {
        const before = posts();
        const text = await fails("create_contact", { name: "T. Baker", client: 14, email: tom.emailaddress });
        expect(text).toContain("Tom Baker #101");
        expect(posts()).toBe(before);
        const search = e2e.fake.requests.filter((r) => r.path === "/Users").at(-1);
        expect(search?.query).toMatchObject({ includeinactive: "true" });
      } finally {
        tom.inactive = false;
      }
    });

    it("refuses a likely duplicate: same name within the client, unless allow_duplicate", async () => {
      const before = posts();
      const text = await fails("create_contact", { name: "tom baker", client: "Acme Corporation" });
      expect(text).toContain("Tom Baker #101");
      expect(posts()).toBe(before);
      const data = await ok("create_contact", { name: "Tom Baker", client: 12, allow_duplicate: true });
      expect((data.contact as { id: number }).id).not.toBe(101);
      expect([...e2e.fake.db.users.values()].filter((u) => u.name === "Tom Baker")).toHaveLength(2);
    });

    it("allows the same name at another client", async () => {
      const data = await ok("create_contact", { name: "Sarah Mitchell", client: "Initech" });
      expect(data.contact).toMatchObject({ client: "Initech #15" });
    });

    it("dry_run resolves names, reports possible duplicates and sends nothing", async () => {
      const data = await dryRun("create_contact", {
        name: "Priya Shah",
        client: "Acme Corporation",
        email: "p@x.example",
      });
      expect(data.would_send).toEqual({
        name: "Priya Shah",
        firstname: "Priya",
        surname: "Shah",
        client_id: 12,
        site_id: 30,
        emailaddress: "p@x.example",
        sendwelcomeemail: false,
      });
      expect(data.resolved).toEqual({ client: "Acme Corporation #12", site: "Acme London #30" });
      expect(data.possible_duplicates).toEqual(["Priya Shah #103 (same name)"]);
    });

    it("validates email, phone, mobile and the name before anything is sent", async () => {
      await rejectedLocally("create_contact", { name: "A B", client: 12, email: "a@b" }, "email");
      await rejectedLocally("create_contact", { name: "A B", client: 12, phone: "abc" }, "phone");
      await rejectedLocally(
        "create_contact",
        { name: "A B", client: 12, mobile: "+44 (0) mobile" },
        "mobile",
      );
      await rejectedLocally("create_contact", { client: 12 }, "name");
      await rejectedLocally("create_contact", { name: "A B" }, "client");
    });

    it("says which client ID was not found", async () => {
      expect(await fails("create_contact", { name: "A B", client: MISSING })).toContain(
        `client: no client with ID ${MISSING}`,
      );
    });

    it("passes Halo's validation message through", async () => {
      const text = await fails("create_contact", { name: "C".repeat(300), client: 21 });
      expect(text).toContain("HaloPSA rejected the request");
      expect(text).toMatch(/\(name\)/);
    });
  });
});

describe("create_contact: guards and edge cases", () => {
  const e2e = useE2E();

  const { ok, refused } = toolChecks(() => e2e);

  describe("duplicate guard: spacing and deep result pages", () => {
    it("create_contact refuses a name that differs only in spacing within the client", async () => {
      const preview = await ok("create_contact", { name: "Aisha  Walker", client: 12, dry_run: true });
      expect(preview.possible_duplicates).toEqual([expect.stringContaining("Aisha Walker #106")]);
      expect((preview.would_send as Row).name).toBe("Aisha Walker");
      expect(await refused("create_contact", { name: " aisha   WALKER", client: 12 })).toContain(
        "Aisha Walker #106",
      );
    });
  });
});
