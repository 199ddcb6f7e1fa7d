/**
 * api_request: the raw escape hatch, absent unless HALOPSA_ALLOW_RAW_API=true
 * and listed as destructive, so a model only gets it when the person chose to;
 * answers are still cut at a record boundary.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E, useE2E } from "../helpers/e2e.js";
import type { Row } from "../helpers/tool-checks.js";

const e2e = useE2E();

const anySite = (server: E2E) =>
  [...server.fake.db.sites.values()].at(-1) as { id: number; client_id: number };

describe("api_request", () => {
  it("is absent unless HALOPSA_ALLOW_RAW_API=true", async () => {
    const { tools } = await e2e.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain("api_request");
    const r = await e2e.call("api_request", { path: "Client" });
    expect(r.isError).toBe(true);
  });

  describe("when allowed", () => {
    let raw: E2E;
    beforeAll(async () => {
      raw = await startE2E({ env: { HALOPSA_ALLOW_RAW_API: "true" } });
    });
    afterAll(async () => {
      await raw?.close();
    });

    it("is listed as a destructive tool", async () => {
      const { tools } = await raw.client.listTools();
      const tool = tools.find((t) => t.name === "api_request");
      expect(tool?.annotations?.readOnlyHint).toBe(false);
      // destructiveHint defaults to true in MCP, so it may be left out.
      expect(tool?.annotations?.destructiveHint ?? true).toBe(true);
    });

    it("GETs any /api path and strips a leading /api", async () => {
      const id = [...raw.fake.db.clients.values()].find((c) => c.name === "Acme Logistics Ltd")?.id;
      const r = await raw.call("api_request", { path: `/api/Client/${id}` });
      expect(r.isError, r.text).toBe(false);
      expect(r.data).toMatchObject({ status: 200, body: { id, name: "Acme Logistics Ltd" } });
      expect(raw.fake.requests.at(-1)?.path).toBe(`/Client/${id}`);
    });

    it("passes query parameters", async () => {
      const r = await raw.call("api_request", {
        path: "Asset",
        query: { client_id: String(anySite(raw).client_id), pageinate: "true", page_size: "2", page_no: "1" },
      });
      const body = r.data?.body as Row;
      const client = anySite(raw).client_id;
      expect(body.record_count).toBe(
        [...raw.fake.db.assets.values()].filter((a) => a.client_id === client && !a.inactive).length,
      );
      expect((body.assets as unknown[]).length).toBe(2);
    });

    it("cuts a large answer at a record boundary and says how to narrow", async () => {
      const r = await raw.call("api_request", { path: "Tickets" });
      expect(r.isError, r.text).toBe(false);
      expect(r.text.length).toBeLessThan(22_000);
      expect(r.data?.truncated).toMatch(new RegExp(`Cut: showing \\d+ of ${raw.fake.db.tickets.size} rows`));
      expect(r.data?.truncated).toMatch(/pageinate=true/);
    });

    it("POSTs a write through and returns Halo's answer", async () => {
      const before = raw.fake.count({ method: "POST", path: "/Site" });
      const { id } = anySite(raw);
      const r = await raw.call("api_request", {
        method: "POST",
        path: "Site",
        body: [{ id, notes: "Gate code 4711" }],
      });
      expect(r.isError, r.text).toBe(false);
      expect(r.data).toMatchObject({ status: 201, body: { id } });
      expect(raw.fake.db.sites.get(id)?.notes).toBe("Gate code 4711");
      expect(raw.fake.count({ method: "POST", path: "/Site" })).toBe(before + 1);
    });

    it("passes Halo's validation message through", async () => {
      const r = await raw.call("api_request", { path: "Actions" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/Please specify a ticket_id/);
    });

    it("reports a missing record", async () => {
      const r = await raw.call("api_request", { path: "Client/99999" });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/not found/i);
    });

    it.each([
      ["https://evil.example/api/Tickets", /absolute URLs and other hosts are refused/],
      ["//evil.example/api/Tickets", /absolute URLs and other hosts are refused/],
      ["../auth/token", /may not climb out of \/api/],
      ["/api/Tickets/%2e%2e/%2e%2e/auth/token", /may not climb out of \/api/],
      ["evil.example/api/Tickets", /no host names/],
    ])("refuses %s without sending anything", async (path, why) => {
      const before = raw.fake.requests.length;
      const r = await raw.call("api_request", { path });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/path: /);
      expect(r.text).toMatch(why);
      expect(raw.fake.requests.length).toBe(before);
    });

    it("refuses a body on a GET", async () => {
      const r = await raw.call("api_request", { path: "Client", body: [{}] });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/body: only a POST carries a body/);
    });
  });

  describe("in read-only mode", () => {
    let ro: E2E;
    beforeAll(async () => {
      ro = await startE2E({ env: { HALOPSA_ALLOW_RAW_API: "true", HALOPSA_READ_ONLY: "true" } });
    });
    afterAll(async () => {
      await ro?.close();
    });

    it("is listed as read-only", async () => {
      const { tools } = await ro.client.listTools();
      const tool = tools.find((t) => t.name === "api_request");
      expect(tool?.annotations?.readOnlyHint).toBe(true);
      expect(tool?.annotations?.destructiveHint).not.toBe(true);
      expect(tool?.description).toMatch(/GET only/);
    });

    it.each(["POST", "DELETE"])("refuses %s and sends nothing", async (method) => {
      const { id } = anySite(ro);
      const r = await ro.call("api_request", {
        method,
        path: `Site/${id}`,
        ...(method === "POST" ? { path: "Site", body: [{ id, notes: "x" }] } : {}),
      });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(new RegExp(`method: ${method} is refused: .*read-only mode`));
      expect(ro.fake.count({ method })).toBe(0);
    });

    it("still GETs", async () => {
      const { id } = anySite(ro);
      const r = await ro.call("api_request", { path: `Site/${id}` });
      expect(r.data).toMatchObject({ status: 200, body: { id } });
    });
  });
});
