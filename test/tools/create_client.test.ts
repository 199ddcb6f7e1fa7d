/**
 * create_client: a likely duplicate (same name in any case or spacing, however
 * deep in Halo's pages) is refused and shown with its ID unless
 * allow_duplicate, and bad contact details are caught before anything is sent.
 */
import { describe, expect, it } from "vitest";
import type { Client } from "../../fake-halo/index.js";
import { startE2E, useE2E } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

describe("create_client: basics", () => {
  const e2e = useE2E();

  const { posts, lastPosted, ok, fails, rejectedLocally, dryRun } = toolChecks(() => e2e);

  const dbClient = (id: number) => e2e.fake.db.clients.get(id);

  const customValue = (
    rec: { customfields?: Array<{ label: string; value: unknown; display: string }> },
    label: string,
  ) => rec.customfields?.find((f) => f.label === label)?.display;

  describe("create_client", () => {
    it("creates a client with phone, email, website and custom fields by label", async () => {
      const data = await ok("create_client", {
        name: "Nakatomi Trading",
        phone: "+44 20 7946 0999",
        email: "accounts@nakatomi.example",
        website: "https://nakatomi.example",
        custom_fields: { "Support Tier": "Gold", 252: "NAKA1" },
      });
      const client = data.client as { id: number; name: string; custom_fields?: Record<string, unknown> };
      expect(client).toMatchObject({ name: "Nakatomi Trading", website: "https://nakatomi.example" });
      const saved = dbClient(client.id);
      expect(saved).toMatchObject({
        name: "Nakatomi Trading",
        accountsemailaddress: "accounts@nakatomi.example",
      });
      // Halo takes a new client's phone as its first site's phone (newclient_phonenumber).
      expect(lastPosted("/Client")?.newclient_phonenumber).toBe("+44 20 7946 0999");
      expect(client).toMatchObject({ phone: "+44 20 7946 0999", main_site: expect.stringMatching(/ #\d+$/) });
      expect(customValue(saved as never, "Support Tier")).toBe("Gold");
      expect(customValue(saved as never, "Account Code")).toBe("NAKA1");
      expect(client.custom_fields).toEqual({ "Support Tier": "Gold", "Account Code": "NAKA1" });
    });

    it("refuses a likely duplicate (same name, any case) and lists it with its ID", async () => {
      const before = posts();
      const text = await fails("create_client", { name: "ACME corporation" });
      expect(text).toContain("Acme Corporation #12");
      expect(text).toContain("allow_duplicate");
      expect(posts()).toBe(before);
      const searched = e2e.fake.requests.filter((r) => r.path === "/Client" && r.method === "GET").at(-1);
      expect(searched?.query).toMatchObject({ search: "ACME corporation", includeinactive: "true" });
    });

    it("creates the duplicate when allow_duplicate is true", async () => {
      const data = await ok("create_client", { name: "Hooli", allow_duplicate: true });
      const id = (data.client as { id: number }).id;
      expect(id).not.toBe(19);
      expect([...e2e.fake.db.clients.values()].filter((c) => c.name === "Hooli")).toHaveLength(2);
    });

    it("dry_run shows the payload and the possible duplicates, and sends nothing", async () => {
      const data = await dryRun("create_client", {
        name: "Initech",
        top_level: "Customers",
        website: "https://x.example",
      });
      expect(data.would_send).toEqual({ name: "Initech", toplevel_id: 1, website: "https://x.example" });
      expect(data.resolved).toEqual({ top_level: "Customers #1" });
      expect(data.possible_duplicates).toEqual(["Initech #15"]);
      expect(data.warning).toContain("allow_duplicate");
    });

    it("validates email, phone and name before anything is sent", async () => {
      await rejectedLocally("create_client", { name: "Bad Mail Ltd", email: "not-an-email" }, "email");
      await rejectedLocally("create_client", { name: "Bad Phone Ltd", phone: "call me" }, "phone");
      await rejectedLocally("create_client", { name: "" }, "name");
    });

    it("passes Halo's validation message through", async () => {
      const text = await fails("create_client", { name: "N".repeat(300), allow_duplicate: true });
      expect(text).toContain("HaloPSA rejected the request");
      expect(text).toMatch(/\(name\)/);
    });

    it("names an unknown custom field and the known ones", async () => {
      const text = await fails("create_client", { name: "Cf Test Ltd", custom_fields: { Colour: "red" } });
      expect(text).toContain('custom_fields: no custom field "Colour"');
      expect(text).toContain("Support Tier");
    });
  });
});

describe("create_client: guards and edge cases", () => {
  const e2e = useE2E();

  const { db, ok, refused } = toolChecks(() => e2e);

  describe("duplicate guard: spacing and deep result pages", () => {
    it("create_client refuses a name that differs only in spacing, and saves names tidied", async () => {
      expect(await refused("create_client", { name: "Acme  Corporation" })).toContain("Acme Corporation #12");
      const made = await ok("create_client", { name: "  Brand   New  Co " });
      const id = (made.client as Row).id as number;
      expect(db().clients.get(id)?.name).toBe("Brand New Co");
    });

    it("finds the exact name after more than a page of longer names containing it", async () => {
      // 120 clients whose names contain "Widgets" and sort before it: Halo's search answers those first.
      const base = db().clients.get(13) as Client;
      const copy = (id: number, name: string): Client => ({
        ...base,
        id,
        name,
        customfields: base.customfields.map((f) => ({ ...f })),
      });
      for (let i = 0; i < 120; i++)
        db().clients.set(5000 + i, copy(5000 + i, `A Widgets ${String(i).padStart(3, "0")}`));
      db().clients.set(5200, copy(5200, "Widgets"));
      expect(await refused("create_client", { name: "widgets" })).toContain("Widgets #5200");
    });
  });

  describe("client custom fields: selection options", () => {
    const tier = () => db().fields.get(251);

    const optionId = (name: string) => tier()?.values.find((v) => v.name === name)?.id;

    it("create_client maps option names by label and by field ID", async () => {
      const preview = await ok("create_client", {
        name: "Option Test Ltd",
        custom_fields: { "Support Tier": "Silver", "252": "OPT1" },
        dry_run: true,
      });
      expect((preview.would_send as Row).customfields).toEqual([
        { id: 252, value: "OPT1" },
        { id: 251, value: optionId("Silver") },
      ]);
      const byId = await ok("create_client", {
        name: "Option Test Ltd",
        custom_fields: { "251": "Bronze" },
        dry_run: true,
      });
      expect((byId.would_send as Row).customfields).toEqual([{ id: 251, value: optionId("Bronze") }]);
    });
  });

  describe("custom field options when /FieldInfo cannot be read", () => {
    it("sends the value as given instead of blocking the write", async () => {
      const other = await startE2E({ env: { HALOPSA_RETRY_BASE_MS: "20", HALOPSA_RETRY_BUDGET_MS: "500" } });
      try {
        other.fake.addFault({
          method: "GET",
          path: "/FieldInfo",
          kind: "500",
          times: Number.POSITIVE_INFINITY,
        });
        const r = await other.call("create_client", {
          name: "Fieldless Ltd",
          custom_fields: { "252": "AC-1" },
          dry_run: true,
        });
        expect(r.isError, r.text).toBe(false);
        const sent = (r.data as Row).would_send as Row;
        expect(sent.customfields).toEqual([{ id: 252, value: "AC-1" }]);
        expect(other.fake.count({ method: "GET", path: "/FieldInfo" })).toBeGreaterThan(0);
      } finally {
        await other.close();
      }
    });
  });
});
