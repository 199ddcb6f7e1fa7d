/**
 * search_clients: clients by name text (inactive ones only when asked), paged
 * with Halo's own paging parameters.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { ok, fails, rejectedLocally } = toolChecks(() => e2e);

describe("search_clients", () => {
  it("finds clients by name text, inactive ones only when asked", async () => {
    const data = await ok("search_clients", { query: "acme" });
    expect(data.total).toBe(2);
    expect(data.clients).toEqual([
      expect.objectContaining({ id: 12, name: "Acme Corporation", phone: expect.any(String) }),
      expect.objectContaining({ id: 13, name: "Acme Logistics Ltd" }),
    ]);
    expect((await ok("search_clients", { query: "tyrell" })).total).toBe(0);
    const all = await ok("search_clients", { query: "tyrell", include_inactive: true });
    expect(all.clients).toEqual([expect.objectContaining({ name: "Tyrell Legal LLP", inactive: true })]);
  });

  it("pages with next_page and sends Halo's paging parameters", async () => {
    const data = await ok("search_clients", { limit: 5, page: 1 });
    expect(data).toMatchObject({ total: 11, page: 1, shown: 5, next_page: 2 });
    const last = e2e.fake.requests.filter((r) => r.path === "/Client").at(-1);
    expect(last?.query).toMatchObject({ pageinate: "true", page_size: "5", page_no: "1" });
  });

  it("filters by top level (name or ID) via toplevel_id", async () => {
    const data = await ok("search_clients", { top_level: "customers", query: "globex" });
    expect(data.clients).toEqual([expect.objectContaining({ id: 14 })]);
    const last = e2e.fake.requests.filter((r) => r.path === "/Client").at(-1);
    expect(last?.query.toplevel_id).toBe("1");
    expect(await fails("search_clients", { top_level: 999 })).toMatch(
      /top_level: there is no top level with ID 999/,
    );
  });

  it("rejects a bad limit before calling Halo", async () => {
    await rejectedLocally("search_clients", { limit: 500 }, "limit");
  });
});
