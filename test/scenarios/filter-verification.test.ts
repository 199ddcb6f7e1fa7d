/**
 * Filters that verify themselves (tools/support/verify-rows.ts), end to end: the
 * server against the fake Halo in both modes — honouring a parameter,
 * and ignoring it as a Halo that does not know it would. Either way the
 * answer must be right, paging honest, and a fallback said once in the
 * result and once per kind on stderr.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E, type ToolCall } from "../helpers/e2e.js";
import { type Row, toolChecks } from "../helpers/tool-checks.js";

const { db } = toolChecks(() => e2e);

let e2e: E2E;
beforeAll(async () => {
  // 300 tickets: several pages of 100, so early stops and full reads differ.
  e2e = await startE2E({ fake: { tickets: 300 } });
});
afterAll(async () => {
  await e2e.close();
});

const tickets = () => [...db().tickets.values()];
const isOpen = (t: { status_id: number }) => db().statuses.get(t.status_id)?.closed !== true;
const rows = (r: ToolCall, key = "tickets") => (r.data?.[key] ?? []) as Row[];
const ids = (r: ToolCall, key = "tickets") => rows(r, key).map((x) => x.id as number);

async function during<T>(fn: () => Promise<T>) {
  const before = e2e.fake.requests.length;
  const result = await fn();
  return { result, requests: e2e.fake.requests.slice(before).filter((q) => q.path !== "/auth/token") };
}

/** Runs `fn` with the fake ignoring `params`, then honours everything again. */
async function ignoring<T>(params: string[], fn: () => Promise<T>): Promise<T> {
  e2e.fake.setIgnoredParams(params);
  try {
    return await fn();
  } finally {
    e2e.fake.setIgnoredParams([]);
  }
}

/** The busiest agent on open tickets, so a filter on them has several pages to get wrong. */
function busyAgent(): { id: number; name: string; open: number[] } {
  const count = new Map<number, number[]>();
  for (const t of tickets())
    if (isOpen(t) && t.agent_id > 0) count.set(t.agent_id, [...(count.get(t.agent_id) ?? []), t.id]);
  const [id, open] = [...count.entries()].sort((a, b) => b[1].length - a[1].length)[0] as [number, number[]];
  return { id, name: db().agents.get(id)?.name as string, open };
}

const lastAction = (t: { lastactiondate?: unknown }) =>
  Date.parse(`${String(t.lastactiondate).replace(/Z?$/, "Z")}`);

describe("search_tickets verifies Halo's answer on the rows", () => {
  it("trusts a filter Halo honoured: one request, Halo's paging, no fallback", async () => {
    const agent = busyAgent();
    const { result: r, requests } = await during(() =>
      e2e.call("search_tickets", { agent: agent.id, limit: 5 }),
    );
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.total).toBe(agent.open.length);
    expect(r.data?.fallback).toBeUndefined();
    expect(requests.filter((q) => q.path === "/Tickets")).toHaveLength(1);
  });

  it("filters and pages here when Halo ignores agent_id, saying so once on stderr", async () => {
    const agent = busyAgent();
    const before = e2e.stderr().length;
    const { page1, page2 } = await ignoring(["Tickets:agent_id"], async () => ({
      page1: await e2e.call("search_tickets", { agent: agent.id, sort: "id", descending: false, limit: 3 }),
      page2: await e2e.call("search_tickets", {
        agent: agent.id,
        sort: "id",
        descending: false,
        limit: 3,
        page: 2,
      }),
    }));
    const expected = [...agent.open].sort((a, b) => a - b);
    expect(ids(page1)).toEqual(expected.slice(0, 3));
    expect(ids(page2)).toEqual(expected.slice(3, 6));
    // Paging honest: the total counts the matches, not the unfiltered list Halo counted.
    expect(page1.data?.total).toBe(expected.length);
    expect(page1.data?.next_page).toBe(2);
    expect(page1.data?.fallback).toMatch(/Halo ignored agent: filtered and paged here/);
    const warnings =
      e2e
        .stderr()
        .slice(before)
        .match(/ignored the agent filter on tickets/g) ?? [];
    expect(warnings).toHaveLength(1);
  });

  it("sorts here when Halo ignores the order", async () => {
    const open = tickets().filter(isOpen);
    const newest = [...open].sort(
      (a, b) => Date.parse(b.dateoccurred) - Date.parse(a.dateoccurred) || b.id - a.id,
    );
    const r = await ignoring(["order", "orderdesc"], () =>
      e2e.call("search_tickets", { sort: "opened", limit: 10 }),
    );
    expect(ids(r)).toEqual(newest.slice(0, 10).map((t) => t.id));
    expect(r.data?.total).toBe(open.length);
    expect(r.data?.fallback).toMatch(/ignored sort/);
  });

  it("reads an updated range by ordering on lastactiondate, stopping past the bound", async () => {
    const all = tickets();
    const sorted = [...all].sort((a, b) => lastAction(b) - lastAction(a));
    const bound = new Date(lastAction(sorted[40] as Row)).toISOString().slice(0, 19);
    const expected = all.filter((t) => lastAction(t) >= Date.parse(`${bound}Z`));
    const { result: r, requests } = await during(() =>
      e2e.call("search_tickets", { status: "any", updated_after: bound, sort: "id", limit: 100 }),
    );
    expect(r.isError, r.text).toBe(false);
    expect(ids(r).sort((a, b) => a - b)).toEqual(expected.map((t) => t.id).sort((a, b) => a - b));
    expect(r.data?.total).toBe(expected.length);
    expect(r.data?.fallback).toBeUndefined();
    const reads = requests.filter((q) => q.path === "/Tickets");
    // No undocumented datesearch value; the documented order instead, and one page was enough.
    for (const q of reads) {
      expect(q.query.datesearch).toBeUndefined();
      expect(q.query).toMatchObject({ order: "lastactiondate", orderdesc: "true" });
    }
    expect(reads).toHaveLength(1);
  });

  it("still answers an updated range right when Halo ignores the order (reading every row)", async () => {
    const all = tickets();
    const sorted = [...all].sort((a, b) => lastAction(b) - lastAction(a));
    const bound = new Date(lastAction(sorted[40] as Row)).toISOString().slice(0, 19);
    const expected = all.filter((t) => lastAction(t) >= Date.parse(`${bound}Z`));
    const { result: r, requests } = await during(() =>
      ignoring(["order", "orderdesc"], () =>
        e2e.call("search_tickets", { status: "any", updated_after: bound, sort: "id", limit: 100 }),
      ),
    );
    expect(ids(r).sort((a, b) => a - b)).toEqual(expected.map((t) => t.id).sort((a, b) => a - b));
    expect(r.data?.total).toBe(expected.length);
    expect(r.data?.fallback).toMatch(/ignored updated/);
    expect(requests.filter((q) => q.path === "/Tickets").length).toBe(Math.ceil(all.length / 100));
  });

  it("catches an ignored date range on the rows", async () => {
    const open = tickets().filter(isOpen);
    const dates = open.map((t) => t.dateoccurred).sort();
    const from = (dates[Math.floor(dates.length / 2)] as string).slice(0, 10);
    const expected = open.filter((t) => t.dateoccurred.slice(0, 10) >= from);
    const r = await ignoring(["startdate", "datesearch"], () =>
      e2e.call("search_tickets", { opened_after: from, limit: 100 }),
    );
    expect(ids(r).sort((a, b) => a - b)).toEqual(expected.map((t) => t.id).sort((a, b) => a - b));
    expect(r.data?.total).toBe(expected.length);
    expect(r.data?.fallback).toMatch(/ignored opened/);
  });

  it("ticket_stats counts an updated range right, whether Halo honours the order or not", async () => {
    const all = tickets();
    const sorted = [...all].sort((a, b) => lastAction(b) - lastAction(a));
    const bound = new Date(lastAction(sorted[60] as Row)).toISOString().slice(0, 19);
    const expected = all.filter((t) => lastAction(t) >= Date.parse(`${bound}Z`));
    const byStatus = new Map<string, number>();
    for (const t of expected) {
      const name = db().statuses.get(t.status_id)?.name as string;
      byStatus.set(name, (byStatus.get(name) ?? 0) + 1);
    }
    for (const ignore of [[], ["order"]]) {
      const r = await ignoring(ignore, () =>
        e2e.call("ticket_stats", { status: "any", updated_after: bound, group_by: "status" }),
      );
      expect(r.isError, r.text).toBe(false);
      expect(r.data?.total).toBe(expected.length);
      const groups = r.data?.groups as Array<{ name: string; count: number }>;
      expect(new Map(groups.map((g) => [g.name.replace(/ #\d+$/, ""), g.count]))).toEqual(byStatus);
      if (ignore.length) expect(r.data?.note).toMatch(/ignored updated/);
      else expect(r.data?.note).toBeUndefined();
    }
    const sent = e2e.fake.requests.filter((q) => q.path === "/Tickets").at(-1);
    expect(sent?.query.datesearch).toBeUndefined();
  });
});

describe("list_records verifies and filters by documented means", () => {
  const invoices = () => [...db().longTail.Invoice.values()];

  it("filters invoices by client here when Halo ignores client_id", async () => {
    const inv = invoices()[0] as Row;
    const expected = invoices().filter((i) => i.client_id === inv.client_id).length;
    const honoured = await e2e.call("list_records", {
      resource: "invoices",
      client: inv.client_id,
      limit: 100,
    });
    const ignored = await ignoring(["Invoice:client_id"], () =>
      e2e.call("list_records", { resource: "invoices", client: inv.client_id, limit: 100 }),
    );
    for (const r of [honoured, ignored]) {
      expect(r.data?.total).toBe(expected);
      expect(rows(r, "records").every((x) => String(x.client).endsWith(`#${inv.client_id}`))).toBe(true);
    }
    expect(honoured.data?.fallback).toBeUndefined();
    expect(ignored.data?.fallback).toMatch(/ignored client/);
  });

  it("dates invoices right whether Halo honours order or not: page 1 full, total honest", async () => {
    // A lower bound: read newest first. Ignoring `order`, this fake answers oldest first.
    const dates = invoices().map((i) => String(i.invoice_date).slice(0, 10));
    const from = [...dates].sort()[Math.floor(dates.length / 2)] as string;
    const expected = dates.filter((d) => d >= from).length;
    for (const ignore of [[], ["order"]]) {
      const r = await ignoring(ignore, () =>
        e2e.call("list_records", { resource: "invoices", from, limit: 3 }),
      );
      expect(r.isError, r.text).toBe(false);
      const shown = rows(r, "records").map((x) => String(x.date));
      expect(shown).toHaveLength(Math.min(3, expected));
      expect(shown.every((d) => d >= from)).toBe(true);
      // Newest first, as read.
      expect(shown).toEqual([...shown].sort().reverse());
      expect(r.data?.total).toBe(expected);
      if (ignore.length) expect(r.data?.fallback).toMatch(/ignored from\/to/);
      else expect(r.data?.fallback).toBeUndefined();
    }
  });

  it("filters timesheets by agent and date here: GET /Timesheet documents no parameters", async () => {
    const sheets = [...db().longTail.Timesheet.values()];
    const sheet = sheets[0] as Row;
    const expected = sheets.filter((s) => s.agent_id === sheet.agent_id).length;
    const { result: r, requests } = await during(() =>
      e2e.call("list_records", { resource: "timesheets", agent: sheet.agent_id as number, limit: 100 }),
    );
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.total).toBe(expected);
    expect(rows(r, "records").every((x) => String(x.agent).endsWith(`#${sheet.agent_id}`))).toBe(true);
    const sent = requests.filter((q) => q.path === "/Timesheet");
    expect(sent.map((q) => q.query)).toEqual([{}]);
    const day = String(sheet.date).slice(0, 10);
    const dated = await e2e.call("list_records", { resource: "timesheets", from: day, to: day });
    expect(rows(dated, "records").length).toBe(
      sheets.filter((s) => String(s.date).slice(0, 10) === day).length,
    );
  });
});

describe("the record searches check their ID filters on the rows too", () => {
  it("search_sites, search_contacts and search_assets answer right when Halo ignores client_id", async () => {
    const acme = [...db().clients.values()].find((c) => c.name === "Acme Corporation") as { id: number };
    const sites = [...db().sites.values()].filter((s) => s.client_id === acme.id && !s.inactive);
    const assets = [...db().assets.values()].filter((a) => a.client_id === acme.id && !a.inactive);
    for (const ignore of [[], ["client_id"]]) {
      const [s, a] = await ignoring(ignore, async () => [
        await e2e.call("search_sites", { client: acme.id, limit: 100 }),
        await e2e.call("search_assets", { client: acme.id, limit: 100 }),
      ]);
      expect(s?.data?.total).toBe(sites.length);
      expect(a?.data?.total).toBe(assets.length);
      if (ignore.length) {
        expect(s?.data?.fallback).toMatch(/ignored client/);
        expect(a?.data?.fallback).toMatch(/ignored client/);
      } else {
        expect(s?.data?.fallback).toBeUndefined();
      }
    }
  });
});

describe("conformance", () => {
  it("sent no query parameter the spec does not document for the operation", () => {
    const undocumented = e2e.fake.requests
      .filter((q) => q.ignored?.length)
      .map((q) => `${q.method} ${q.path}: ${q.ignored?.join(", ")}`);
    expect(undocumented).toEqual([]);
  });
});
