/**
 * list_lookups: every lookup kind as "Name #id", so the model can pass names or
 * IDs to the other tools.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";

const e2e = useE2E();

describe("list_lookups", () => {
  it("lists every kind as Name #id", async () => {
    const r = await e2e.call("list_lookups", {});
    expect(r.isError).toBe(false);
    expect(r.data).toMatchObject({
      statuses: expect.arrayContaining(["New #1", "Waiting on Customer #21", "Closed #9"]),
      outcomes: expect.arrayContaining(["Private Note #1", "Email User #3"]),
      // Where an SLA names a priority number its own way, both names show.
      priorities: expect.arrayContaining(["Critical #1 (SLA 2: P1 - Critical)"]),
    });
    for (const k of ["ticket_types", "agents", "teams", "asset_types"])
      expect(r.data?.[k]).toBeInstanceOf(Array);
    // System outcomes (Status Change) are not offered as action types.
    expect(r.data?.outcomes).not.toContainEqual(expect.stringContaining("Status Change"));
  });

  it("lists one kind", async () => {
    const r = await e2e.call("list_lookups", { kind: "teams" });
    expect(Object.keys(r.data ?? {})).toEqual(["teams"]);
    expect(r.data?.teams).toContain("Service Desk #1");
  });

  it("rejects an unknown kind", async () => {
    const r = await e2e.call("list_lookups", { kind: "colours" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/kind/);
  });
});
