/**
 * update_client: only the fields given are posted, custom fields merge, and a
 * selection option goes to Halo as its ID.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

describe("update_client: basics", () => {
  const e2e = useE2E();

  const { lastPosted, ok, fails, rejectedLocally, dryRun } = toolChecks(() => e2e);

  const MISSING = 9999;

  const dbClient = (id: number) => e2e.fake.db.clients.get(id);

  const customValue = (
    rec: { customfields?: Array<{ label: string; value: unknown; display: string }> },
    label: string,
  ) => rec.customfields?.find((f) => f.label === label)?.display;

  describe("update_client", () => {
    it("merges custom fields: the field given changes, the others keep their values", async () => {
      const tierBefore = customValue(dbClient(14) as never, "Support Tier");
      expect(tierBefore).toBeTruthy();
      const data = await ok("update_client", { id: 14, custom_fields: { "Account Code": "GLBX-NEW" } });
      const saved = dbClient(14) as never;
      expect(customValue(saved, "Account Code")).toBe("GLBX-NEW");
      expect(customValue(saved, "Support Tier")).toBe(tierBefore);
      expect((data.client as { custom_fields: unknown }).custom_fields).toEqual({
        "Support Tier": tierBefore,
        "Account Code": "GLBX-NEW",
      });
      expect(lastPosted("/Client")?.customfields).toHaveLength(2);
    });

    it("posts only the fields given (partial update) and can deactivate", async () => {
      const before = dbClient(20)?.website;
      await ok("update_client", { id: 20, notes: "Moved to annual billing.", inactive: true });
      expect(lastPosted("/Client")).toEqual({ id: 20, notes: "Moved to annual billing.", inactive: true });
      expect(dbClient(20)).toMatchObject({
        notes: "Moved to annual billing.",
        inactive: true,
        website: before,
      });
      await ok("update_client", { id: 20, inactive: false });
    });

    it("dry_run previews the merged payload, a selection option as its ID, and sends nothing", async () => {
      const goldId = () => e2e.fake.db.fields.get(251)?.values.find((v) => v.name === "Gold")?.id;
      const data = await dryRun("update_client", {
        id: 12,
        name: "Acme Corp",
        custom_fields: { "Support Tier": "Gold" },
      });
      expect(data.would_send).toMatchObject({ id: 12, name: "Acme Corp" });
      expect(data.would_send.customfields).toEqual(
        expect.arrayContaining([{ id: 251, value: goldId() }, expect.objectContaining({ id: 252 })]),
      );
      expect(data.resolved).toEqual({ client: "Acme Corporation #12" });
      expect(dbClient(12)?.name).toBe("Acme Corporation");
    });

    it("says which ID was not found", async () => {
      expect(await fails("update_client", { id: MISSING, notes: "x" })).toContain(
        `no client with ID ${MISSING}`,
      );
    });

    it("validates the email before anything is sent, and asks for a change", async () => {
      await rejectedLocally("update_client", { id: 12, email: "nope@" }, "email");
      expect(await fails("update_client", { id: 12 })).toContain("nothing to change");
    });

    it("passes Halo's validation message through", async () => {
      const text = await fails("update_client", { id: 21, name: "N".repeat(300) });
      expect(text).toContain("HaloPSA rejected the request");
      expect(text).toMatch(/\(name\)/);
    });
  });
});

describe("update_client: guards and edge cases", () => {
  const e2e = useE2E();

  const { db, lastPosted, ok, refused } = toolChecks(() => e2e);

  describe("client custom fields: selection options", () => {
    const tier = () => db().fields.get(251);

    const optionId = (name: string) => tier()?.values.find((v) => v.name === name)?.id;

    it("update_client sends a selection option's ID, not its name", async () => {
      await ok("update_client", { id: 15, custom_fields: { "Support Tier": "gold" } });
      const sent = ((lastPosted("/Client")?.customfields ?? []) as Row[]).find((f) => f.id === 251);
      expect(sent?.value).toBe(optionId("Gold"));
      expect(
        db()
          .clients.get(15)
          ?.customfields.find((f) => f.id === 251)?.display,
      ).toBe("Gold");
    });

    it("refuses an option the field does not have, listing the valid ones", async () => {
      const text = await refused("update_client", { id: 15, custom_fields: { "Support Tier": "Platinum" } });
      expect(text).toContain("Platinum");
      expect(text).toContain("Bronze, Silver, Gold");
    });
  });
});
