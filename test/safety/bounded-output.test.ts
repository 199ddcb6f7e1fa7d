/**
 * Bounded output, end to end: the biggest lists the tools can produce
 * against the fake's full-size records stay under the 100,000-character cap,
 * and an answer over a cap is cut at a record boundary with a note. No typed
 * tool can reach 100,000 characters against the fake (its projections are
 * small), so the end-to-end cut is shown on api_request's 20,000 cap; the
 * server-wide cut (boundData) is unit-tested in test/unit/bound.test.ts.
 */
import { describe, expect, it } from "vitest";
import { MAX_RESULT_CHARS } from "../../src/server/bound.js";
import { allRecordedOutput, SECRET, type ToolCall, useE2E } from "../helpers/e2e.js";
import { FAST } from "../helpers/safety-env.js";

const e2e = useE2E(() => ({
  fake: { rateLimit: false, seed: 9, tickets: 400 },
  env: { ...FAST, HALOPSA_ALLOW_RAW_API: "true", HALOPSA_LOG_LEVEL: "warn" },
}));

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
      expect(r.isError, `${resource}: ${r.text}`).toBe(false);
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

  it("api_request answers are cut too (at its own 20,000-character cap)", async () => {
    const r = await e2e.call("api_request", {
      method: "GET",
      path: "Tickets",
      query: { page_size: "100", pageinate: "true" },
    });
    expect(r.isError, r.text).toBe(false);
    expect(r.text.length).toBeLessThanOrEqual(25_000);
    expect(r.data?.truncated).toMatch(/Cut: showing \d+ of 100 rows/);
    // Cut at a record boundary: the envelope is intact and every kept row is a whole ticket.
    const body = r.data?.body as {
      record_count?: number;
      tickets?: Array<{ id?: unknown; summary?: unknown }>;
    };
    expect(body.record_count).toBe(400);
    expect(body.tickets?.length).toBeGreaterThan(0);
    expect(body.tickets?.length).toBeLessThan(100);
    for (const t of body.tickets ?? []) {
      expect(t.id).toBeTypeOf("number");
      expect(t.summary).toBeTypeOf("string");
    }
  });
});

it("no stderr line or tool result of this file contained the client secret", () => {
  expect(allRecordedOutput().length).toBeGreaterThan(0);
  expect(allRecordedOutput()).not.toContain(SECRET);
});
