/**
 * Paging (pageinate=true, 100 per page, record_count) and the client-side
 * rolling-window limiter, against the fake Halo over real HTTP.
 */
import { describe, expect, it } from "vitest";
import { MAX_PAGE_SIZE, R } from "../../src/halo/resources.js";
import { caught, expectTokensSeen, haloFor, startFake, useCoreHarness } from "../helpers/halo-client.js";

useCoreHarness();

describe("paging", () => {
  it("listAll of 250 matches takes 3 requests, each pageinate=true and page_size=100", async () => {
    const fake = await startFake({ tickets: 250 });
    const halo = haloFor(fake);
    const pages: Array<[number, number]> = [];
    const all = await halo.resources.listAll<{ id: number }>(
      R.tickets,
      {},
      { onPage: (done, total) => void pages.push([done, total]) },
    );
    expect(all.total).toBe(250);
    expect(all.items).toHaveLength(250);
    expect(new Set(all.items.map((t) => t.id)).size).toBe(250);
    expect(all.truncated).toBe(false);
    expect(all.requests).toBe(3);
    expect(pages).toEqual([
      [100, 250],
      [200, 250],
      [250, 250],
    ]);

    const lists = fake.requests.filter((r) => r.method === "GET" && r.path === "/Tickets");
    expect(lists).toHaveLength(3);
    expect(lists.map((r) => r.query)).toEqual([
      { pageinate: "true", page_size: "100", page_no: "1" },
      { pageinate: "true", page_size: "100", page_no: "2" },
      { pageinate: "true", page_size: "100", page_no: "3" },
    ]);
    expectTokensSeen();
  });

  it("listAll keeps the caller's filters and stops at the total", async () => {
    const fake = await startFake({ tickets: 250 });
    const halo = haloFor(fake);
    const clientId = [...fake.db.tickets.values()][0]?.client_id as number;
    const expected = [...fake.db.tickets.values()].filter((t) => t.client_id === clientId).length;
    const all = await halo.resources.listAll(R.tickets, { client_id: clientId });
    expect(all.total).toBe(expected);
    expect(all.items).toHaveLength(expected);
    expect(all.requests).toBe(Math.max(1, Math.ceil(expected / 100)));
    expect(
      fake.requests.filter((r) => r.path === "/Tickets").every((r) => r.query.client_id === String(clientId)),
    ).toBe(true);
  });

  it("listAll stops at maxPages and says it was truncated", async () => {
    const fake = await startFake({ tickets: 250 });
    const halo = haloFor(fake);
    const all = await halo.resources.listAll(R.tickets, {}, { maxPages: 2 });
    expect(all).toMatchObject({ total: 250, truncated: true, requests: 2 });
    expect(all.items).toHaveLength(200);
  });

  it("listAll reads on to record_count when Halo caps pages below 100", async () => {
    const fake = await startFake({ tickets: 250, maxPageSize: 60 });
    const halo = haloFor(fake);
    const all = await halo.resources.listAll<{ id: number }>(R.tickets, {});
    expect(all).toMatchObject({ total: 250, truncated: false, requests: 5 });
    expect(new Set(all.items.map((t) => t.id)).size).toBe(250);
  });

  it("listAll takes one answer as everything when Halo ignores paging, and list cuts the page", async () => {
    const fake = await startFake({ tickets: 250, paging: false });
    const halo = haloFor(fake);
    const all = await halo.resources.listAll<{ id: number }>(R.tickets, {});
    expect(all).toMatchObject({ total: 250, truncated: false, requests: 1 });
    expect(new Set(all.items.map((t) => t.id)).size).toBe(250);

    const page = await halo.resources.list<{ id: number }>(R.tickets, {}, { page: 2, pageSize: 25 });
    expect(page.items.map((t) => t.id)).toEqual(all.items.slice(25, 50).map((t) => t.id));
    expect(page.total).toBe(250);
  });

  it("list pages 1-based, caps page_size at 100 and reports record_count", async () => {
    const fake = await startFake({ tickets: 250 });
    const halo = haloFor(fake);
    const page = await halo.resources.list(R.tickets, { order: "id" }, { page: 3, pageSize: 500 });
    expect(page.pageSize).toBe(MAX_PAGE_SIZE);
    expect(page.page).toBe(3);
    expect(page.total).toBe(250);
    expect(page.items).toHaveLength(50);
    const last = fake.requests.at(-1);
    expect(last?.query).toEqual({ order: "id", pageinate: "true", page_size: "100", page_no: "3" });

    const small = await halo.resources.list(R.tickets, {}, { pageSize: 0, page: -4 });
    expect([small.page, small.pageSize, small.items.length]).toEqual([1, 1, 1]);
  });

  it("get relabels a 404 as 'no <label> with ID N'", async () => {
    const fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    const err = await caught(halo.resources.get(R.tickets, 999_999));
    expect(err.kind).toBe("not_found");
    expect(err.message).toBe("no ticket with ID 999999.");
    expect(fake.count({ path: "/Tickets/999999" })).toBe(1);
  });
});

describe("lookups and name resolution", () => {
  it("caches a lookup per process, does not cache a failure, and resolves names or IDs", async () => {
    const fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake, { HALOPSA_RETRY_BUDGET_MS: "300" });
    fake.addFault({ method: "GET", path: "/Status", kind: "503", times: Number.POSITIVE_INFINITY });
    const err = await caught(halo.lookups.all("statuses"));
    expect(err.kind).toBe("server");
    fake.clearFaults();
    const statuses = await halo.lookups.all("statuses");
    expect(statuses.length).toBeGreaterThan(2);
    await halo.lookups.all("statuses");
    await halo.lookups.names("statuses");
    const okCalls = fake.requests.filter((r) => r.path === "/Status" && r.status === 200);
    expect(okCalls).toHaveLength(1);

    const some = statuses[1] as { id: number; name: string };
    expect((await halo.lookups.resolve("statuses", some.name.toUpperCase(), "status")).id).toBe(some.id);
    expect((await halo.lookups.resolve("statuses", String(some.id), "status")).name).toBe(some.name);
    const bad = await caught(halo.lookups.resolve("statuses", 424242, "new_status"));
    expect(bad.kind).toBe("input");
    expect(bad.message).toBe("new_status: there is no status with ID 424242 in this Halo tenant.");
    expect(bad.hint).toContain(`${some.name} (${some.id})`);
  });

  it("resolves a client by ID (fetched) or by name (searched), with a clear miss", async () => {
    const fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    const client = [...fake.db.clients.values()][0] as { id: number; name: string };
    expect(await halo.names.resolve("client", client.id, "client")).toMatchObject({
      id: client.id,
      name: client.name,
    });
    expect((await halo.names.resolve("client", client.name.toLowerCase(), "client")).id).toBe(client.id);
    const miss = await caught(halo.names.resolve("client", 987_654, "client"));
    expect(miss.kind).toBe("not_found");
    expect(miss.message).toBe("client: no client with ID 987654.");
    const none = await caught(halo.names.resolve("client", "Zzyzx Nonexistent Holdings", "client"));
    expect(none.kind).toBe("input");
    expect(none.message).toContain('client: no client named "Zzyzx Nonexistent Holdings"');
  });
});

describe("rate limit", () => {
  it("40 requests queued under a 30-per-1.5 s window meet zero 429s", async () => {
    const limit = { max: 30, windowMs: 1500 };
    const fake = await startFake({ tickets: 5, rateLimit: limit, latencyMs: 5 });
    const halo = haloFor(fake, { HALOPSA_RATE_LIMIT: `${limit.max}/${limit.windowMs}ms` });
    expect(halo.config.rateLimit).toEqual(limit);
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 40 }, () => halo.resources.lookup("Status")));
    const elapsed = Date.now() - started;
    expect(results.every((r) => r.length > 0)).toBe(true);
    expect(fake.rateLimited).toBe(0);
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(fake.count({ method: "GET", path: "/Status" })).toBe(40);
    expect(halo.http.stats.retries).toBe(0);
    // The last ten waited for the window to roll.
    expect(elapsed).toBeGreaterThanOrEqual(limit.windowMs);
    expect(elapsed).toBeLessThan(limit.windowMs * 5);
  });

  it("a 429 from Halo anyway (another integration sharing the quota) is retried", async () => {
    const fake = await startFake({ tickets: 5 });
    const halo = haloFor(fake);
    fake.addFault({ method: "GET", path: "/Status", kind: "429", times: 3 });
    await halo.resources.lookup("Status");
    expect(fake.rateLimited).toBe(3);
    expect(fake.count({ method: "GET", path: "/Status" })).toBe(4);
  });
});
