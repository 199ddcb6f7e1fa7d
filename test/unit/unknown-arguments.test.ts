import { describe, expect, it } from "vitest";
import { z } from "zod";
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
