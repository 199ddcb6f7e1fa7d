import { describe, expect, it } from "vitest";
import { apiPath, boundAnswer } from "../../src/tools/raw/api_request.js";

describe("apiPath", () => {
  it("accepts relative paths and strips a leading /api", () => {
    expect(apiPath("Tickets/12")).toBe("/Tickets/12");
    expect(apiPath("/api/Client")).toBe("/Client");
    expect(apiPath("api/Asset/NextTag")).toBe("/Asset/NextTag");
    expect(apiPath("/Invoice/")).toBe("/Invoice");
  });

  it.each([
    ["https://evil.example/api/Tickets", "absolute URLs"],
    ["http://127.0.0.1/api/Tickets", "absolute URLs"],
    ["//evil.example/api", "absolute URLs"],
    ["../auth/token", '".."'],
    ["/api/../auth/token", '".."'],
    ["Tickets/%2e%2e/%2e%2e/auth", '".."'],
    ["evil.example/api/Tickets", "no host names"],
    ["Tickets?id=1", "query"],
    ["C:\\windows", "absolute URLs"],
    ["/api", "names no resource"],
    ["Tickets/ 12", "letters, digits"],
  ])("refuses %s", (path, why) => {
    expect(() => apiPath(path)).toThrow(why);
  });
});

describe("boundAnswer", () => {
  it("passes small answers through", () => {
    expect(boundAnswer({ a: 1 })).toEqual({ body: { a: 1 } });
  });

  it("drops rows of the largest list and says so", () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: i, summary: "x".repeat(100) }));
    const out = boundAnswer({ record_count: 500, tickets: rows }, 20_000);
    const body = out.body as { record_count: number; tickets: unknown[] };
    expect(JSON.stringify(body).length).toBeLessThanOrEqual(20_000);
    expect(body.record_count).toBe(500);
    expect(body.tickets.length).toBeGreaterThan(100);
    expect(out.truncated).toMatch(new RegExp(`showing ${body.tickets.length} of 500 rows`));
    expect(out.truncated).toMatch(/page_size/);
  });

  it("clips a single huge object to text", () => {
    const out = boundAnswer({ html: "y".repeat(50_000) }, 20_000);
    expect(typeof out.body).toBe("string");
    expect((out.body as string).length).toBe(20_000);
    expect(out.truncated).toMatch(/first 20000 characters/);
  });
});
