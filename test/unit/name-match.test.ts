import { describe, expect, it } from "vitest";
import { errorText } from "../../src/halo/errors.js";
import { closest, levenshtein, pickByName } from "../../src/halo/match.js";
import { thrown } from "../helpers/thrown.js";

const statuses = [
  { id: 1, name: "New" },
  { id: 2, name: "In Progress" },
  { id: 3, name: "Waiting on Customer" },
  { id: 4, name: "Waiting on Supplier" },
  { id: 9, name: "Closed" },
];

describe("pickByName", () => {
  it("matches exact names case- and space-insensitively", () => {
    expect(pickByName("closed", statuses, "status", "status").id).toBe(9);
    expect(pickByName("  IN   progress ", statuses, "status", "status").id).toBe(2);
  });

  it("prefers an exact match over partial ones", () => {
    const items = [
      { id: 1, name: "Acme" },
      { id: 2, name: "Acme Corporation" },
    ];
    expect(pickByName("acme", items, "client", "client").id).toBe(1);
  });

  it("accepts a unique partial match", () => {
    expect(pickByName("supplier", statuses, "status", "status").id).toBe(4);
  });

  it("lists candidates with IDs when ambiguous, naming the argument", () => {
    const err = thrown(() => pickByName("waiting", statuses, "status", "new_status"));
    expect(err.kind).toBe("input");
    expect(err.message).toBe(
      'new_status: "waiting" matches 2 statuses: "Waiting on Customer" (ID 3); "Waiting on Supplier" (ID 4).',
    );
    expect(err.hint).toContain("Pass the ID or the full name");
  });

  it("lists duplicates of an exact name as ambiguous", () => {
    const items = [
      { id: 5, name: "Main" },
      { id: 6, name: "main" },
    ];
    const err = thrown(() => pickByName("Main", items, "site", "site"));
    expect(err.message).toContain('"Main" (ID 5); "main" (ID 6)');
  });

  it("counts one record listed under several names once", () => {
    const items = [
      { id: 1, name: "Critical" },
      { id: 1, name: "P1 - Critical" },
      { id: 2, name: "High" },
    ];
    expect(pickByName("critical", items, "priority", "priority").id).toBe(1);
    expect(pickByName("crit", items, "priority", "priority").id).toBe(1);
  });

  it("caps the candidate list at five", () => {
    const items = Array.from({ length: 9 }, (_, i) => ({ id: i + 1, name: `Team ${i + 1}` }));
    const err = thrown(() => pickByName("team", items, "team", "team"));
    expect(err.message).toContain("matches 9 teams");
    expect(err.message.match(/\(ID \d+\)/g)).toHaveLength(5);
  });

  it("suggests the closest names when nothing matches", () => {
    const err = thrown(() => pickByName("Clsoed", statuses, "status", "status"));
    expect(err.message).toBe('status: no status named "Clsoed".');
    expect(err.hint).toMatch(/^Closest matches: "Closed" \(ID 9\)/);
    expect(errorText(err)).toContain("Next step: Closest matches");
  });

  it("says to check the name when there is nothing to suggest", () => {
    expect(thrown(() => pickByName("x", [], "agent", "agent")).hint).toBe("Check the agent name.");
  });
});

describe("closest", () => {
  it("puts substring hits first, then orders by edit distance", () => {
    const items = [
      { id: 1, name: "Zebra Ltd" },
      { id: 2, name: "Acme Corp" },
      { id: 3, name: "Acne Clinic" },
      { id: 4, name: "Big Acme Holdings" },
    ];
    const out = closest("acme", items, 3).map((i) => i.id);
    expect(out.slice(0, 2).sort()).toEqual([2, 4]);
    expect(out[2]).toBe(3);
  });

  it("returns at most n", () => {
    expect(closest("a", statuses, 2)).toHaveLength(2);
    expect(closest("a", [], 2)).toEqual([]);
  });

  it("levenshtein", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("same", "same")).toBe(0);
  });
});
