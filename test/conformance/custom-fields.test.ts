/**
 * Custom fields the way real Halo defines and stores them: definitions from
 * GET /FieldInfo?includevalues=true (not /Field, which holds asset-type
 * fields), cached with the other lookups; selection values posted as option
 * IDs (Halo does not translate a posted name, and neither does the fake);
 * an unknown option refused naming the valid ones; multiple-selection and
 * date values round-trip unchanged when another field changes.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";

type Row = Record<string, unknown>;
const e2e = useE2E();

const lastPost = (path: string) =>
  e2e.fake.requests.filter((r) => r.method === "POST" && r.path === path).at(-1)?.body as Row[];
const optionId = (fieldId: number, name: string) =>
  e2e.fake.db.fields.get(fieldId)?.values.find((v) => v.name === name)?.id;

describe("custom fields through /FieldInfo", () => {
  it("create_ticket posts a selection's option ID, read from /FieldInfo with its values, never /Field", async () => {
    const r = await e2e.call("create_ticket", {
      summary: "VPN drops every hour",
      client: 12,
      custom_fields: { Service: "Networking", "Affected Systems": "Email, VPN" },
    });
    expect(r.isError, r.text).toBe(false);
    const sent = (lastPost("/Tickets")[0]?.customfields ?? []) as Row[];
    expect(sent).toContainEqual({ id: 201, value: optionId(201, "Networking") });
    expect(sent).toContainEqual({ id: 211, value: `${optionId(211, "Email")},${optionId(211, "VPN")}` });
    const info = e2e.fake.requests.filter((q) => q.path === "/FieldInfo");
    expect(info.length).toBeGreaterThan(0);
    expect(info.every((q) => q.query.includevalues === "true")).toBe(true);
    expect(e2e.fake.count({ path: "/Field" })).toBe(0);
    const saved = e2e.fake.db.tickets.get(((r.data as Row).created as Row).id as number);
    expect(saved?.customfields.find((f) => f.id === 211)?.display).toBe("Email, VPN");
  });

  it("reads the definitions once: they are cached with the lookups", async () => {
    const before = e2e.fake.count({ path: "/FieldInfo" });
    const r = await e2e.call("create_ticket", {
      summary: "Second VPN ticket",
      client: 12,
      custom_fields: { Service: "Networking" },
    });
    expect(r.isError, r.text).toBe(false);
    expect(e2e.fake.count({ path: "/FieldInfo" })).toBe(before);
  });

  it("refuses an option that does not exist, naming the valid ones, and sends nothing", async () => {
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    const r = await e2e.call("create_ticket", {
      summary: "Fax broken",
      client: 12,
      custom_fields: { "Affected Systems": "Email, Fax" },
    });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('custom_fields.Affected Systems: "Fax" is not one of its options.');
    expect(r.text).toContain("Printing");
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
  });

  it("keeps a multiple selection and a date unchanged when another field changes", async () => {
    const made = await e2e.call("create_ticket", {
      summary: "Round trip",
      client: 12,
      custom_fields: { "Affected Systems": "Printing, Phones", "Follow-up Date": "2026-03-04" },
    });
    expect(made.isError, made.text).toBe(false);
    const id = ((made.data as Row).created as Row).id as number;
    const before = new Map(e2e.fake.db.tickets.get(id)?.customfields.map((f) => [f.id, f.value]));
    const r = await e2e.call("update_ticket", { id, custom_fields: { "Customer Reference": "PO-9" } });
    expect(r.isError, r.text).toBe(false);
    const sent = lastPost("/Tickets")[0]?.customfields as Row[];
    expect(sent.find((f) => f.id === 211)?.value).toBe(before.get(211));
    expect(sent.find((f) => f.id === 208)?.value).toBe(before.get(208));
    expect(before.get(211)).toBe(`${optionId(211, "Printing")},${optionId(211, "Phones")}`);
    expect(before.get(208)).toBe("2026-03-04");
  });

  it("create_client posts a client field's option ID, matched among non-ticket definitions", async () => {
    const r = await e2e.call("create_client", {
      name: "Option Test Ltd",
      custom_fields: { "Support Tier": "Gold" },
    });
    expect(r.isError, r.text).toBe(false);
    const sent = lastPost("/Client")[0]?.customfields as Row[];
    expect(sent).toEqual([{ id: 251, value: optionId(251, "Gold") }]);
  });
});
