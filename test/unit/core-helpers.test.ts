import { describe, expect, it } from "vitest";
import { errorText, HaloError } from "../../src/halo/errors.js";
import { closest, levenshtein, pickByName } from "../../src/halo/match.js";
import { rowsOf } from "../../src/halo/resources.js";
import { boundData, MAX_RESULT_CHARS } from "../../src/server/bound.js";
import {
  customFieldsView,
  mergeCustomFields,
  resolveCustomFields,
} from "../../src/tools/support/custom-fields.js";
import { clip, compact, paging, ref, stripHtml, when } from "../../src/util/format.js";

function thrown(fn: () => unknown): HaloError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HaloError) return err;
    throw err;
  }
  throw new Error("expected a HaloError");
}

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

describe("custom fields", () => {
  const existing = [
    { id: 11, name: "CFService", label: "Service", type: 2, value: 3, display: "Managed Backup" },
    { id: 12, name: "CFNotes", label: "Notes", type: 0, value: "keep me" },
    { id: 13, name: "CFEmpty", label: "Empty", type: 0, value: "" },
    { id: 14, name: "CFLong", label: "Long", type: 0, value: "z".repeat(400) },
  ];

  it("customFieldsView shows label -> readable value, non-empty only", () => {
    const view = customFieldsView(existing);
    expect(view).toEqual({ Service: "Managed Backup", Notes: "keep me", Long: `${"z".repeat(300)}…` });
    expect(customFieldsView([{ id: 1, value: null }])).toBeUndefined();
    expect(customFieldsView(undefined)).toBeUndefined();
    expect(customFieldsView([{ id: 7, value: 5 }])).toEqual({ "#7": 5 });
  });

  it("mergeCustomFields posts every field, replacing only the named ones (by label, name or id)", () => {
    expect(mergeCustomFields(existing, { service: 4 })).toEqual([
      { id: 11, value: 4 },
      { id: 12, value: "keep me" },
      { id: 13, value: "" },
      { id: 14, value: "z".repeat(400) },
    ]);
    expect(mergeCustomFields(existing, { CFNotes: "new", "13": "filled" })).toEqual([
      { id: 11, value: 3 },
      { id: 12, value: "new" },
      { id: 13, value: "filled" },
      { id: 14, value: "z".repeat(400) },
    ]);
  });

  it("an unknown field fails naming the argument and the close fields", () => {
    const err = thrown(() => mergeCustomFields(existing, { Servise: 1 }));
    expect(err.kind).toBe("input");
    expect(err.message).toContain('custom_fields: no custom field "Servise"');
    expect(err.hint).toContain("Service (ID 11)");
    expect(thrown(() => resolveCustomFields([], { x: 1 })).hint).toBe("This record has no custom fields.");
  });
});

describe("format helpers", () => {
  it("ref shows a name beside its ID", () => {
    expect(ref("Acme Corporation", 12)).toBe("Acme Corporation #12");
    expect(ref(" Acme ", "12")).toBe("Acme #12");
    expect(ref("Acme", 0)).toBe("Acme");
    expect(ref("", 5)).toBe("#5");
    expect(ref(undefined, undefined)).toBeUndefined();
    expect(ref(null, -1)).toBeUndefined();
  });

  it("when shortens ISO dates and drops Halo's placeholder dates", () => {
    expect(when("2026-11-01T10:22:33.123Z")).toBe("2026-11-01 10:22");
    expect(when("1900-01-01T00:00:00")).toBeUndefined();
    expect(when("0001-01-01T00:00:00")).toBeUndefined();
    expect(when("")).toBeUndefined();
    expect(when(42)).toBeUndefined();
    expect(when("tomorrow")).toBe("tomorrow");
  });

  it("stripHtml gives plain text", () => {
    expect(
      stripHtml(
        "<p>Hello&nbsp;<b>world</b></p><p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;</p><script>x()</script>",
      ),
    ).toBe("Hello world\na & b <c> \"d\" 'e'");
    expect(stripHtml("line1<br/>line2<br>line3")).toBe("line1\nline2\nline3");
    expect(stripHtml(undefined)).toBe("");
  });

  it("clip says how much was cut", () => {
    expect(clip("short", 10)).toBe("short");
    expect(clip("abcdefghij", 4)).toBe("abcd… [+6 chars]");
  });

  it("compact drops empties but keeps zero and false", () => {
    expect(
      compact({ a: undefined, b: null, c: "", d: [], e: {}, f: 0, g: false, h: "x", i: [1], j: { k: 1 } }),
    ).toEqual({
      f: 0,
      g: false,
      h: "x",
      i: [1],
      j: { k: 1 },
    });
  });

  it("paging names the next page only when there is one", () => {
    expect(paging(250, 1, 100, 100)).toEqual({ total: 250, page: 1, shown: 100, next_page: 2 });
    expect(paging(250, 3, 100, 50)).toEqual({ total: 250, page: 3, shown: 50 });
    expect(paging(0, 1, 25, 0)).toEqual({ total: 0, page: 1, shown: 0 });
  });
});

describe("rowsOf", () => {
  it("reads bare arrays, the envelope key, or the first array", () => {
    expect(rowsOf([1, 2])).toEqual([1, 2]);
    expect(rowsOf({ record_count: 1, tickets: [{ id: 1 }] }, "tickets")).toEqual([{ id: 1 }]);
    expect(rowsOf({ record_count: 1, other: [3] }, "tickets")).toEqual([3]);
    expect(rowsOf(undefined)).toEqual([]);
    expect(rowsOf("x")).toEqual([]);
  });
});

describe("boundData", () => {
  it("passes small results through untouched", () => {
    const data = { total: 1, tickets: [{ id: 1 }] };
    expect(boundData(data)).toBe(data);
  });

  it("cuts the largest list at a record boundary, with a note saying how to narrow", () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({
      id: i + 1,
      summary: `ticket ${i + 1} ${"x".repeat(80)}`,
    }));
    const data = { total: 100, page: 1, tickets: rows, tags: ["a", "b"] };
    const max = 3000;
    const out = boundData(data, max);
    const kept = out.tickets as typeof rows;
    expect(JSON.stringify(out).length).toBeLessThanOrEqual(max);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(100);
    // Whole records, in order, untouched: a prefix of the original rows.
    expect(kept).toEqual(rows.slice(0, kept.length));
    expect(out.total).toBe(100);
    expect(out.tags).toEqual(["a", "b"]);
    expect(out.truncated).toBe(
      `Showing ${kept.length} of 100 tickets: the result was over the size limit. Narrow the query (filters, a smaller limit, fewer fields) to see the rest.`,
    );
    // The result is still valid JSON of the same shape.
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it("keeps nearly as many rows as fit (no needless over-trimming)", () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: i, text: "y".repeat(40 + (i % 7) * 10) }));
    const max = 1500;
    const out = boundData({ rows }, max);
    const kept = (out.rows as unknown[]).length;
    let best = 0;
    while (JSON.stringify({ rows: rows.slice(0, best + 1), truncated: out.truncated }).length <= max) best++;
    expect(JSON.stringify(out).length).toBeLessThanOrEqual(max);
    // The estimate leaves a small safety margin (~300 characters).
    expect(kept).toBeGreaterThanOrEqual(best - 5);
    expect(kept).toBeLessThanOrEqual(best);
  });

  it("explains when there is no list to cut", () => {
    const out = boundData({ ticket: { details: "x".repeat(5000) } }, 1000);
    expect(Object.keys(out)).toEqual(["truncated"]);
    expect(out.truncated).toContain("over the 1000 limit");
  });

  it("uses a ~25k-token default limit", () => {
    expect(MAX_RESULT_CHARS).toBe(100_000);
    const rows = Array.from({ length: 2000 }, (_, i) => ({ id: i, text: "t".repeat(100) }));
    const out = boundData({ rows });
    expect(JSON.stringify(out).length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect((out.rows as unknown[]).length).toBeGreaterThan(500);
  });
});
