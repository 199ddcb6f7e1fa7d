/**
 * search_contracts: active contracts by default; expired ones on request,
 * filtered here and saying so; by ref or client.
 */
import { describe, expect, it } from "vitest";
import type { Contract } from "../../fake-halo/index.js";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";
import { list, type Row } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { clientId, contractsOf } = seed(() => e2e.fake);

describe("search_contracts", () => {
  it("shows active contracts by default", async () => {
    const active = contractsOf("Acme Corporation").filter((c) => c.active);
    const r = await e2e.call("search_contracts", { client: "Acme Corporation" });
    expect(r.isError, r.text).toBe(false);
    const rows = r.data?.contracts as Row[];
    expect(rows.map((c) => c.ref).sort()).toEqual(active.map((c) => c.ref).sort());
    expect(rows.every((c) => c.state === "active")).toBe(true);
    expect(rows[0]).toMatchObject({ client: `Acme Corporation #${clientId("Acme Corporation")}` });
    expect(r.data?.filtered).toBeUndefined();
  });

  it("finds expired contracts, saying the filter ran here", async () => {
    const expired = contractsOf("Acme Corporation").filter((c) => !c.active);
    const r = await e2e.call("search_contracts", { client: "Acme Corporation", status: "expired" });
    expect(r.isError, r.text).toBe(false);
    const rows = r.data?.contracts as Row[];
    expect(rows.map((c) => c.ref)).toEqual(expired.map((c) => c.ref));
    expect(rows.every((c) => c.state === "expired")).toBe(true);
    // What was left out is named, with its state and end date.
    const current = contractsOf("Acme Corporation").find((c) => c.active);
    expect(r.data?.filtered).toMatch(/contracts on this page are not expired and were left out: /);
    expect(current).toBeDefined();
    expect(r.data?.filtered).toContain(String(current?.ref));
    expect(r.data?.filtered).toContain('status "any" shows every contract');
    const sent = e2e.fake.requests.filter((q) => q.path === "/ClientContract").at(-1);
    expect(sent?.query.includeinactive).toBe("true");
  });

  it("status any includes both", async () => {
    const r = await e2e.call("search_contracts", { client: "Acme Corporation", status: "any" });
    expect(list(r, "contracts").length).toBe(contractsOf("Acme Corporation").length);
  });

  it("searches by ref", async () => {
    const ref = (contractsOf("Globex Corporation")[0] as Contract).ref;
    const r = await e2e.call("search_contracts", { query: ref, status: "any" });
    expect(list(r, "contracts").map((c) => c.ref)).toContain(ref);
  });

  it("reports a client that does not exist", async () => {
    const r = await e2e.call("search_contracts", { client: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/client: no client with ID 99999/);
  });

  it("rejects an unknown status, naming the argument", async () => {
    const r = await e2e.call("search_contracts", { status: "lapsed" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/status/);
  });
});
