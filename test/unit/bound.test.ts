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

describe("boundData: how much is kept, and the default limit", () => {
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
