/**
 * Names that find nothing, whichever tool resolves them: an only match that
 * is inactive is named with its ID and how to reactivate it; a one-word typo
 * gets near names. Seed facts: Acme Corporation #12 (contact Aisha Walker
 * #106).
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { ok } = toolChecks(() => e2e);

describe("names that find nothing", () => {
  it("says when the only match is inactive, with its ID and how to reactivate", async () => {
    const made = await ok("create_contact", {
      name: "Quentin Dormant",
      client: 12,
      email: "q.dormant@acme-corp.example",
    });
    const id = (made.contact as Row).id as number;
    await ok("update_contact", { id, inactive: true });
    const r = await e2e.call("get_contact", { contact: "Quentin Dormant" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`matches only inactive contacts: "Quentin Dormant" (ID ${id})`);
    expect(r.text).toContain("inactive: false");
  });

  it("suggests near names for a one-word typo", async () => {
    const r = await e2e.call("search_tickets", { client: "Globx" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('no client named "Globx"');
    expect(r.text).toMatch(/Closest matches: "Globex Corporation" \(ID 14\)/);
  });
});
