/**
 * Servers that page differently from Halo-hosted: a page cap below what was
 * asked (every row must stay reachable by following next_page), and paging
 * ignored without record_count (listAll must not fetch the same rows again).
 * Also: a DELETE's 404 on retry only counts as success when an earlier
 * attempt could have reached Halo.
 */
import { describe, expect, it } from "vitest";
import { type Page, R } from "../../src/halo/resources.js";
import { paging } from "../../src/util/format.js";
import { useE2E } from "../helpers/e2e.js";
import { caught, haloFor, startFake, useCoreHarness } from "../helpers/halo-client.js";

useCoreHarness();

type Row = { id: number };

describe("a server capping pages at 50 when 100 are asked", () => {
  it("reports the page size it used, and next_page reaches every row", async () => {
    const fake = await startFake({ tickets: 230, maxPageSize: 50 });
    const halo = haloFor(fake);
    const seen: number[] = [];
    let page: number | undefined = 1;
    let calls = 0;
    while (page !== undefined && calls < 20) {
      const res: Page<Row> = await halo.resources.list<Row>(R.tickets, {}, { page, pageSize: 100 });
      calls++;
      seen.push(...res.items.map((t) => t.id));
      if (page === 1) expect(res.pageSize).toBe(50);
      page = paging(res.total, page, res.pageSize, res.items.length, res.counted).next_page;
    }
    expect(new Set(seen).size).toBe(fake.db.tickets.size);
    expect(seen).toHaveLength(fake.db.tickets.size);
    expect(calls).toBe(5);
  });

  it("a normal last page keeps the asked size (no next page invented)", async () => {
    const fake = await startFake({ tickets: 57 });
    const halo = haloFor(fake);
    const last = await halo.resources.list<Row>(R.tickets, {}, { page: 3, pageSize: 25 });
    expect(last.items).toHaveLength(7);
    expect(last.pageSize).toBe(25);
    expect(paging(last.total, 3, last.pageSize, 7, last.counted).next_page).toBeUndefined();
  });
});

describe("search_tickets against a server capping pages at 50 (the whole server)", () => {
  const e2e = useE2E(() => ({ fake: { tickets: 230, maxPageSize: 50 } }));

  it("following next_page with limit 100 shows every ticket once", async () => {
    const ids: number[] = [];
    let page: number | undefined = 1;
    for (let i = 0; page !== undefined && i < 20; i++) {
      const r = await e2e.call("search_tickets", { status: "any", sort: "id", limit: 100, page });
      expect(r.isError, r.text).toBe(false);
      ids.push(...((r.data?.tickets ?? []) as Row[]).map((t) => t.id));
      page = r.data?.next_page as number | undefined;
    }
    expect(new Set(ids).size).toBe(230);
    expect(ids).toHaveLength(230);
  });
});

describe("a server capping pages at 30 and sending no record_count", () => {
  it("takes the size from the envelope's page_size: next_page is offered and listAll reads every row", async () => {
    const fake = await startFake({ tickets: 120, maxPageSize: 30, recordCount: false });
    const halo = haloFor(fake);
    const first = await halo.resources.list<Row>(R.tickets, {}, { page: 1, pageSize: 50 });
    expect([first.items.length, first.pageSize, first.counted]).toEqual([30, 30, false]);
    expect(paging(first.total, 1, first.pageSize, first.items.length, first.counted).next_page).toBe(2);
    const all = await halo.resources.listAll<Row>(R.tickets, {});
    expect(new Set(all.items.map((t) => t.id)).size).toBe(120);
    expect(all).toMatchObject({ total: 120, truncated: false });
  });
});

describe("a server ignoring pageinate, without record_count", () => {
  it("listAll stops when page 2 repeats page 1, keeping each row once", async () => {
    const fake = await startFake({ tickets: 100, paging: false, recordCount: false });
    const halo = haloFor(fake);
    const all = await halo.resources.listAll<Row>(R.tickets, {});
    expect(all.requests).toBe(2);
    expect(all.items).toHaveLength(100);
    expect(new Set(all.items.map((t) => t.id)).size).toBe(100);
    expect(all.total).toBe(100);
    expect(all.truncated).toBe(false);
  });
});

describe("a DELETE's 404 on a retry", () => {
  it.each([
    ["a 429", { method: "DELETE", path: "/Tickets", kind: "429" as const }],
    ["a token endpoint 503", { method: "POST", path: "/auth/token", kind: "503" as const }],
  ])("after %s (never reached Halo) is still 'not found'", async (_label, fault) => {
    const fake = await startFake({ tickets: 5 });
    fake.addFault(fault);
    const halo = haloFor(fake);
    const err = await caught(halo.resources.delete(R.tickets, 999_999));
    expect(err.kind).toBe("not_found");
    expect(fake.count({ method: "DELETE", path: "/Tickets" })).toBeGreaterThanOrEqual(1);
  });

  it("after a 502 for a DELETE that was processed is success (it took effect)", async () => {
    const fake = await startFake({ tickets: 5 });
    const id = [...fake.db.tickets.keys()][0] as number;
    fake.addFault({ method: "DELETE", path: "/Tickets", kind: "502", afterProcessing: true });
    const halo = haloFor(fake);
    await halo.resources.delete(R.tickets, id);
    expect(fake.db.tickets.has(id)).toBe(false);
    expect(fake.count({ method: "DELETE", path: "/Tickets" })).toBe(2);
  });
});
