/**
 * Read-only mode and toolsets, end to end against the fake Halo: what is
 * listed, and what a call to a tool that is not offered answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "../helpers/e2e.js";
import { C0, T0 } from "../helpers/safety-env.js";

interface Listed {
  name: string;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean };
}

async function listed(e2e: E2E): Promise<Listed[]> {
  return (await e2e.client.listTools()).tools as Listed[];
}

const WRITE_TOOLS = [
  "create_ticket",
  "update_ticket",
  "delete_ticket",
  "add_ticket_action",
  "update_client",
  "create_contact",
];

describe("read-only mode (HALOPSA_READ_ONLY=true)", () => {
  let full: E2E;
  let ro: E2E;
  let fullList: Listed[];
  let roList: Listed[];

  beforeAll(async () => {
    [full, ro] = await Promise.all([
      startE2E({ env: { HALOPSA_ALLOW_RAW_API: "true" } }),
      startE2E({ env: { HALOPSA_READ_ONLY: "true", HALOPSA_ALLOW_RAW_API: "true" } }),
    ]);
    [fullList, roList] = await Promise.all([listed(full), listed(ro)]);
  });
  afterAll(async () => {
    await Promise.all([full?.close(), ro?.close()]);
  });

  it("lists only tools annotated readOnlyHint: true", () => {
    expect(roList.length).toBeGreaterThan(5);
    const offenders = roList.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name);
    expect(offenders).toEqual([]);
    expect(roList.filter((t) => t.annotations?.destructiveHint === true)).toEqual([]);
  });

  it("lists exactly the read tools of the full list (api_request turns into a GET-only read tool)", () => {
    const reads = fullList.filter((t) => t.annotations?.readOnlyHint === true).map((t) => t.name);
    const names = roList.map((t) => t.name);
    expect(names.filter((n) => n !== "api_request").sort()).toEqual(
      reads.filter((n) => n !== "api_request").sort(),
    );
    expect(names).toContain("api_request");
    // The full list really has writes, so the filter above is not vacuous.
    const writes = fullList.filter((t) => t.annotations?.readOnlyHint === false).map((t) => t.name);
    for (const w of WRITE_TOOLS.filter((n) => fullList.some((t) => t.name === n)))
      expect(writes).toContain(w);
    expect(writes.length).toBeGreaterThan(5);
    for (const w of writes.filter((n) => n !== "api_request")) expect(names).not.toContain(w);
  });

  it("refuses every write tool called by name, saying read-only mode, and sends nothing to Halo", async () => {
    const writes = fullList.filter((t) => t.annotations?.readOnlyHint === false && t.name !== "api_request");
    expect(writes.length).toBeGreaterThan(5);
    ro.fake.resetCounters();
    for (const t of writes) {
      const r = await ro.call(t.name, {
        id: T0,
        ticket_id: T0,
        client: C0,
        summary: "x",
        confirm: true,
        reason: "test",
      });
      expect(r.isError, t.name).toBe(true);
      expect(r.text, t.name).toMatch(/read-only/i);
      expect(r.text, t.name).toMatch(/HALOPSA_READ_ONLY/);
    }
    expect(ro.fake.requests.filter((q) => q.method !== "GET")).toEqual([]);
  });

  it("update and delete tools declare destructiveHint true, create tools false (MCP: false means additive only)", () => {
    const hint = (n: string) => fullList.find((t) => t.name === n)?.annotations?.destructiveHint;
    const updates = fullList.filter((t) => /^update_/.test(t.name)).map((t) => t.name);
    expect(updates.length).toBeGreaterThanOrEqual(5);
    for (const n of [...updates, "delete_ticket"]) expect(hint(n), n).toBe(true);
    for (const n of ["create_ticket", "create_contact", "add_ticket_action"]) expect(hint(n), n).toBe(false);
  });

  it("calls the named write tools of the brief and gets a read-only refusal", async () => {
    for (const name of ["create_ticket", "delete_ticket", "update_client"]) {
      const r = await ro.call(name, {});
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/not available: .*read-only mode/);
    }
  });

  it("api_request is GET-only in read-only mode", async () => {
    ro.fake.resetCounters();
    const post = await ro.call("api_request", { method: "POST", path: "Tickets", body: [{ summary: "x" }] });
    expect(post.isError).toBe(true);
    expect(post.text).toMatch(/read-only/i);
    const del = await ro.call("api_request", { method: "DELETE", path: `Tickets/${T0}` });
    expect(del.isError).toBe(true);
    expect(ro.fake.requests.filter((q) => q.method !== "GET")).toEqual([]);
    const get = await ro.call("api_request", { method: "GET", path: `Tickets/${T0}` });
    expect(get.isError).toBe(false);
  });

  it("read tools still work", async () => {
    const r = await ro.call("get_ticket", { id: T0 });
    expect(r.isError, r.text).toBe(false);
  });
});

describe("toolsets (HALOPSA_TOOLSETS=tickets)", () => {
  let full: E2E;
  let tickets: E2E;
  let fullList: Listed[];
  let ticketList: Listed[];

  beforeAll(async () => {
    [full, tickets] = await Promise.all([startE2E(), startE2E({ env: { HALOPSA_TOOLSETS: "tickets" } })]);
    [fullList, ticketList] = await Promise.all([listed(full), listed(tickets)]);
  });
  afterAll(async () => {
    await Promise.all([full?.close(), tickets?.close()]);
  });

  it("lists only ticket tools", () => {
    const names = ticketList.map((t) => t.name);
    expect(names).toContain("get_ticket");
    expect(names).toContain("search_tickets");
    expect(names.length).toBeLessThan(fullList.length);
    for (const other of [
      "get_client",
      "search_clients",
      "get_contact",
      "get_asset",
      "search_assets",
      "get_contract",
      "list_records",
    ]) {
      expect(names).not.toContain(other);
    }
    // Every listed tool exists in the full list, so the tickets list is a strict subset.
    const all = new Set(fullList.map((t) => t.name));
    for (const n of names) expect(all.has(n)).toBe(true);
  });

  it("refuses get_client, naming its toolset and the variable", async () => {
    tickets.fake.resetCounters();
    const r = await tickets.call("get_client", { client: C0 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/toolset "clients" is not enabled/);
    expect(r.text).toMatch(/HALOPSA_TOOLSETS=tickets/);
    expect(tickets.fake.requests).toEqual([]);
  });

  it("an unknown tool name is answered with the available tools", async () => {
    const r = await tickets.call("no_such_tool", {});
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Unknown tool no_such_tool\. Available: .*get_ticket/);
  });
});
