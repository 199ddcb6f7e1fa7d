/**
 * Findings of an independent check against a Halo that follows the published
 * spec strictly, where the spec is silent or the fake had been generous:
 * each test reproduces one on the fake configured the strict way, and checks
 * the answer against the fake's own records.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E, useE2E } from "../helpers/e2e.js";
import type { Row } from "../helpers/tool-checks.js";

const DAY = 86_400_000;
const round = (h: number) => Math.round(h * 100) / 100;

describe("GET /TimesheetEvent read with a date-only end_date meaning 00:00 of that day", () => {
  // The spec types start_date/end_date as strings and says nothing more: a Halo that
  // reads "2026-10-27" as midnight must not lose the period's last day.
  const e2e = useE2E(() => ({ fake: { dateOnlyEnd: "midnight" } }));

  /** The API agent's hours starting within [from, to] (days, both included), from the fake's records. */
  function hoursOf(from: string, to: string): number {
    const lo = Date.parse(`${from}T00:00:00Z`);
    const hi = Date.parse(`${to}T00:00:00Z`) + DAY;
    let sum = 0;
    for (const list of e2e.fake.db.actions.values())
      for (const a of list) {
        if (a.system || !(a.timetaken > 0) || a.who_agentid !== 1) continue;
        const at = Date.parse(a.datetime) - a.timetaken * 3_600_000;
        if (at >= lo && at < hi) sum += a.timetaken;
      }
    for (const e of e2e.fake.db.timeBilling.events.values()) {
      const at = Date.parse(`${String(e.start_date).replace(/Z?$/, "Z")}`);
      if (e.agent_id === 1 && at >= lo && at < hi) sum += Number(e.timetaken);
    }
    return round(sum);
  }

  it("time_entries for one day counts that day's time", async () => {
    // A weekday of the seeded weeks with time on it.
    const day = ["2026-10-27", "2026-10-28", "2026-10-29", "2026-10-26"].find((d) => hoursOf(d, d) > 0);
    expect(day, "seeded time on a weekday").toBeDefined();
    const r = await e2e.call("time_entries", { from: day, to: day });
    expect(r.isError, r.text).toBe(false);
    expect((r.data?.totals as Row | undefined)?.hours).toBe(hoursOf(day as string, day as string));
  });

  it('"my week" keeps its last day', async () => {
    const r = await e2e.call("time_entries", { by: "day", from: "2026-10-24", to: "2026-10-30" });
    expect(r.isError, r.text).toBe(false);
    const groups = r.data?.groups as Row[];
    const last = groups.find((g) => g.day === "2026-10-30");
    expect(last?.hours).toBe(hoursOf("2026-10-30", "2026-10-30"));
    expect((r.data?.totals as Row | undefined)?.hours).toBe(hoursOf("2026-10-24", "2026-10-30"));
  });
});

describe("search_invoices over a period older than the newest 200 invoices", () => {
  // The spec has no invoice date filter: a period is reached by reading newest first.
  const REF = Date.parse("2026-11-01T00:00:00Z");
  let e2e: E2E;
  let clientId: number;
  /** 450 more invoices of one client, one a day back from the reference date; IDs shuffled against dates. */
  function addInvoices(fake: E2E["fake"]) {
    const store = fake.db.longTail.Invoice as Map<number, Row>;
    const model = [...store.values()][0] as Row;
    clientId = model.client_id as number;
    for (let k = 0; k < 450; k++) {
      const id = 5000 + ((k * 7919) % 450);
      const date = new Date(REF - (k + 1) * DAY).toISOString().slice(0, 19);
      store.set(id, { ...model, id, invoicenumber: `INV-X${id}`, invoice_date: date, contract_id: 0 });
    }
  }
  const expected = (from: string, to: string) =>
    [...(e2e.fake.db.longTail.Invoice as Map<number, Row>).values()].filter((x) => {
      const d = String(x.invoice_date).slice(0, 10);
      return x.client_id === clientId && d >= from && d <= to;
    });

  describe.each([
    ["Halo orders by invoice_date", [] as string[]],
    ["Halo ignores order", ["Invoice:order"]],
  ])("%s", (_label, ignoreParams) => {
    beforeAll(async () => {
      e2e = await startE2E({ fake: { ignoreParams }, env: { HALOPSA_TOOLSETS: "default,billing" } });
      addInvoices(e2e.fake);
    });
    afterAll(async () => {
      await e2e?.close();
    });

    it("finds every invoice of the period", async () => {
      const want = expected("2025-12-20", "2026-01-05");
      expect(want.length).toBe(17);
      const r = await e2e.call("search_invoices", { client: clientId, from: "2025-12-20", to: "2026-01-05" });
      expect(r.isError, r.text).toBe(false);
      expect(r.data?.total).toBe(want.length);
      expect(((r.data?.invoices ?? []) as Row[]).map((x) => x.id).sort()).toEqual(
        want.map((x) => x.id).sort(),
      );
      expect(r.data?.note).toBeUndefined();
    });
  });
});

describe("contract_billing's latest invoices when Halo's default order is not by date", () => {
  const REF = Date.parse("2026-11-01T00:00:00Z");
  const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,billing" } }));

  it("shows the five newest of a contract's invoices", async () => {
    const contract = [...e2e.fake.db.contracts.values()][0] as unknown as Row;
    const store = e2e.fake.db.longTail.Invoice as Map<number, Row>;
    const model = [...store.values()][0] as Row;
    // IDs grow with age here, so the fake's default order (highest ID first) is oldest first.
    for (let k = 0; k < 15; k++) {
      const id = 6000 + k;
      const date = new Date(REF - (k * 30 + 1) * DAY).toISOString().slice(0, 19);
      store.set(id, {
        ...model,
        id,
        invoicenumber: `INV-C${id}`,
        invoice_date: date,
        contract_id: contract.id,
        client_id: contract.client_id,
      });
    }
    const newest = [...store.values()]
      .filter((x) => x.contract_id === contract.id)
      .sort((a, b) => String(b.invoice_date).localeCompare(String(a.invoice_date)))
      .slice(0, 5)
      .map((x) => x.id);
    const r = await e2e.call("contract_billing", { contract: contract.id });
    expect(r.isError, r.text).toBe(false);
    expect(((r.data?.invoices ?? []) as Row[]).map((x) => x.id)).toEqual(newest);
  });
});

describe("ticket_stats when Halo ignores open_only or closed_only", () => {
  // A row does not say whether its status is a closed one, so these filters are checked by adding up.
  it.each([
    ["closed_only", "closed", "1k", "agent"],
    ["closed_only", "closed", undefined, "status"],
    ["open_only", "open", "1k", "team"],
  ] as const)(
    "%s ignored: no count of %s tickets (tenant %s, by %s) rather than a wrong one",
    async (param, status, size, group) => {
      const e2e = await startE2E({ fake: { rateLimit: false, tenantSize: size, ignoreParams: [param] } });
      try {
        const r = await e2e.call("ticket_stats", { status, group_by: group }, { timeout: 120_000 });
        expect(r.isError, r.text).toBe(true);
        expect(r.text).toContain(`Halo ignored the ${param} filter`);
      } finally {
        await e2e.close();
      }
    },
    150_000,
  );

  it("honoured: the closed count stays exact", async () => {
    const e2e = await startE2E({ fake: { rateLimit: false, tenantSize: "1k" } });
    try {
      const db = e2e.fake.db;
      const closed = [...db.tickets.values()].filter((t) => db.statuses.get(t.status_id)?.closed).length;
      const r = await e2e.call(
        "ticket_stats",
        { status: "closed", group_by: "status" },
        { timeout: 120_000 },
      );
      expect(r.isError, r.text).toBe(false);
      expect(r.data?.total).toBe(closed);
    } finally {
      await e2e.close();
    }
  }, 150_000);
});

describe("previews name the ticket by its summary (ticketidonly answers ID fields only)", () => {
  const e2e = useE2E();
  const openTicket = () => {
    const db = e2e.fake.db;
    return [...db.tickets.values()].find((t) => !db.statuses.get(t.status_id)?.closed) as {
      id: number;
      summary: string;
    };
  };

  it.each([
    ["close_ticket", (id: number) => ({ id, note: "Fixed", dry_run: true })],
    ["log_time", (id: number) => ({ ticket_id: id, minutes: 30, note: "Work", dry_run: true })],
  ] as const)("%s", async (tool, args) => {
    const t = openTicket();
    const r = await e2e.call(tool, args(t.id));
    expect(r.isError, r.text).toBe(false);
    expect((r.data?.resolved as Row | undefined)?.ticket).toBe(`${t.summary} #${t.id}`);
  });
});

describe("close_ticket when Halo does not apply GET /Status excludeclosed", () => {
  // excludeclosed is documented without a description: a Halo listing every status under it
  // must not leave close_ticket with no closed status at all.
  const e2e = useE2E(() => ({ fake: { ignoreParams: ["Status:excludeclosed"] } }));

  it("closes with the status named Closed", async () => {
    const db = e2e.fake.db;
    const t = [...db.tickets.values()].find((x) => !db.statuses.get(x.status_id)?.closed) as { id: number };
    const closed = [...db.statuses.values()].find((s) => s.name === "Closed") as { id: number };
    const r = await e2e.call("close_ticket", { id: t.id, note: "Fixed" });
    expect(r.isError, r.text).toBe(false);
    expect(db.tickets.get(t.id)?.status_id).toBe(closed.id);
  });
});

describe("GET /TimesheetEvent's agents (a bare string in the spec) not understood", () => {
  // A Halo that answers the caller's events only, whatever `agents` says.
  it("time_entries by agent still counts every agent's time", async () => {
    const args = { by: "agent", from: "2026-10-01", to: "2026-10-31" };
    const strict = await startE2E();
    const lax = await startE2E({ fake: { ignoreParams: ["TimesheetEvent:agents"] } });
    try {
      const want = await strict.call("time_entries", args);
      const got = await lax.call("time_entries", args);
      expect(got.isError, got.text).toBe(false);
      expect((want.data?.groups as Row[] | undefined)?.length).toBeGreaterThan(1);
      expect(got.data?.groups).toEqual(want.data?.groups);
      expect(got.data?.totals).toEqual(want.data?.totals);
    } finally {
      await strict.close();
      await lax.close();
    }
  });
});
