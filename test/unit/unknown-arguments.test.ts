import { describe, expect, it } from "vitest";
import { z } from "zod";
import { closest } from "../../src/halo/match.js";
import { unknownArguments } from "../../src/server/server.js";

const shape = { query: z.string(), client: z.string(), limit: z.number(), page: z.number() };

describe("unknownArguments", () => {
  it("says nothing when every argument is known", () => {
    expect(unknownArguments({ client: "Acme", limit: 5 }, shape)).toBeUndefined();
  });

  it("names the nearest real argument for a near miss", () => {
    expect(unknownArguments({ client_id: 12 }, shape)).toBe(
      "client_id: unknown argument (did you mean client?)",
    );
    expect(unknownArguments({ clientname: "x" }, shape)).toContain("did you mean client?");
    expect(unknownArguments({ limt: 5 }, shape)).toContain("did you mean limit?");
  });

  it('points a "<record>_id" at a tool\'s plain id', () => {
    expect(unknownArguments({ ticket_id: 5 }, { id: z.number(), status: z.string() })).toBe(
      "ticket_id: unknown argument (did you mean id?)",
    );
  });

  it("lists the valid arguments instead of guessing for a bare id or name", () => {
    for (const key of ["id", "name", "foo"]) {
      const text = unknownArguments({ [key]: 1 }, shape);
      expect(text).toBe(`${key}: unknown argument (valid: query, client, limit, page)`);
    }
  });
});

describe("hostile sizes (probe-trust)", () => {
  // Each 2 MB key was compared letter by letter with every argument name (8 keys: ~8 s with the
  // server frozen) and echoed whole. It must finish within the test timeout and come back clipped.
  it("huge unknown keys are compared and echoed by their start only", () => {
    const args: Record<string, unknown> = {};
    for (let i = 0; i < 8; i++) args[`${i}${"x".repeat(2_000_000)}`] = 1;
    const text = unknownArguments(args, shape) ?? "";
    expect(text.length).toBeLessThan(2_000);
    expect(text).toContain("unknown argument");
  });

  it("closest compares the start of very long names, and a long name is not close by its length", () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, name: `${"N".repeat(100_000)}${i}` }));
    items.push({ id: 999, name: "Acme Corporation" });
    expect(closest("Acme Corporatoin", items, 1)[0]?.id).toBe(999);
  });
});
