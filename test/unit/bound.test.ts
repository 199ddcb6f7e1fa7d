import { describe, expect, it } from "vitest";
import { boundData, MAX_RESULT_CHARS } from "../../src/server/bound.js";

const row = (i: number, size = 200) => ({ id: i, summary: `Ticket ${i} ${"x".repeat(size)}` });

describe("boundData", () => {
  it("leaves a result under the cap untouched (same object)", () => {
    const data = { total: 3, tickets: [row(1), row(2), row(3)] };
    expect(boundData(data)).toBe(data);
  });

  it("cuts the largest list at a record boundary, keeps the other keys and says how to narrow", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i + 1));
    const data = { total: 1000, page: 1, tickets: rows, notes: ["a", "b"] };
    const out = boundData(data);
    const text = JSON.stringify(out);
    expect(text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    const kept = out.tickets as typeof rows;
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(rows.length);
    // Whole records from the start, none altered.
    expect(kept).toEqual(rows.slice(0, kept.length));
    expect(out.total).toBe(1000);
    expect(out.notes).toEqual(["a", "b"]);
    expect(out.truncated).toMatch(new RegExp(`Showing ${kept.length} of 1000 tickets`));
    expect(out.truncated).toMatch(/Narrow the query/);
    // Nearly as many rows as fit: the cut does not throw away most of the budget.
    expect(text.length).toBeGreaterThan(MAX_RESULT_CHARS * 0.95);
  });

  it("handles rows of very different sizes", () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i, i % 10 === 0 ? 5000 : 10));
    const out = boundData({ tickets: rows }, 20_000);
    expect(JSON.stringify(out).length).toBeLessThanOrEqual(20_000);
    expect((out.tickets as unknown[]).length).toBeGreaterThan(0);
  });

  it("a result with no list that is over the cap is replaced by a note, never cut mid-JSON", () => {
    const out = boundData({ ticket: { details: "y".repeat(200_000) } });
    expect(Object.keys(out)).toEqual(["truncated"]);
    expect(out.truncated).toMatch(/over the 100000 limit/);
  });

  it("a single row bigger than the cap leaves an empty list with the note", () => {
    const out = boundData({ tickets: [{ id: 1, body: "z".repeat(150_000) }] });
    expect(out.tickets).toEqual([]);
    expect(out.truncated).toMatch(/Showing 0 of 1 tickets/);
    expect(JSON.stringify(out).length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
  });

  it("picks the largest of several lists", () => {
    const small = Array.from({ length: 5 }, (_, i) => row(i, 10));
    const big = Array.from({ length: 2000 }, (_, i) => row(i));
    const out = boundData({ clients: small, tickets: big });
    expect(out.clients).toEqual(small);
    expect((out.tickets as unknown[]).length).toBeLessThan(2000);
  });
});
