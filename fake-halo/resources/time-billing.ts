/**
 * The fake's time, billing, knowledge-base and reporting endpoints, shaped
 * by the published spec (schemas TimesheetEvent, Timesheet, InvoiceHeader,
 * InvoiceDetail, PrepayHistory, KBEntry, AnalyzerProfile/ReportContent):
 * rows carry only fields those schemas have, and only documented query
 * parameters filter (anything else is ignored, as Halo ignores it).
 *
 * - GET /TimesheetEvent (agent_id, agents, start_date, end_date): a bare
 *   array of the agent's events — ticket time (one event per action with
 *   time, as Halo's calendar shows it) and events logged outside tickets.
 *   Without agent_id/agents it answers the caller's (the API agent's).
 *   POST creates or updates an event, DELETE /TimesheetEvent/{id} removes one.
 * - GET /Timesheet: every stored day sheet (the spec documents no filter).
 * - GET /RecurringInvoice, /Invoice (client_id, contract_id, includelines),
 *   /ClientPrepay (client_id, contract_id): list envelopes.
 * - GET /KBArticle (search, includeinactive), GET /KBArticle/{id}, POST /KBArticle.
 * - GET /Report (search), GET /Report/{id}?loadreport=true runs a saved report,
 *   POST /Report [{sql, _loadreportonly: true}] runs read-only SQL over a few
 *   of Halo's tables (see sql.ts); rows under `report.rows`, cells as strings.
 */

import type { ReadContext, ReadDef } from "../read.js";
import { badRequest, notFound, type Reply } from "../reply.js";
import { runFakeSql, SAVED_REPORTS } from "../sql.js";
import type { Action, FakeDb, WireObject } from "../types.js";
import type { Prepared, WriteContext, WriteDef } from "../write.js";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Halo sends and takes datetimes without an offset: they are UTC. */
const utc = (v: unknown) => {
  const s = String(v ?? "");
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(s) || !s.includes("T") ? s : `${s}Z`);
};
export const n = (v: unknown) => (typeof v === "number" ? v : Number(v));

export interface TimeBillingStore {
  /** Timesheet events logged outside tickets (ticket time is derived from actions). */
  events: Map<number, WireObject>;
  recurring: Map<number, WireObject>;
  prepay: Map<number, WireObject>;
}

export const emptyTimeBilling = (): TimeBillingStore => ({
  events: new Map(),
  recurring: new Map(),
  prepay: new Map(),
});

/** Event ids of ticket time: far above logged events, stable per (ticket, action). */
const actionEventId = (a: Action) => 10_000_000 + a.ticket_id * 1000 + a.id;

/** A ticket action with time, as Halo's timesheet shows it. */
function actionEvent(db: FakeDb, a: Action): WireObject {
  const t = db.tickets.get(a.ticket_id);
  const client = t ? db.clients.get(t.client_id) : undefined;
  const end = Date.parse(a.datetime);
  const hours = n(a.timetaken) || 0;
  return {
    id: actionEventId(a),
    event_type: 0,
    subject: t ? `#${t.id} ${t.summary}` : `#${a.ticket_id}`,
    start_date: iso(end - hours * HOUR),
    end_date: iso(end),
    timetaken: hours,
    agent_id: a.who_agentid,
    ticket_id: a.ticket_id,
    action_number: a.id,
    action_invoice_number: Number(a.actioninvoicenumber) || 0,
    note: a.note,
    customer: client?.name ?? "",
    client_id: t?.client_id ?? 0,
    site_id: t?.site_id ?? 0,
    tickettype_id: t?.tickettype_id ?? 0,
    charge_rate: n(a.chargerate) || 0,
    break_type: 0,
    holiday_id: 0,
    mileage: 0,
    traveltime: 0,
    lognewticket: false,
  };
}

function wireEvent(e: WireObject): WireObject {
  return {
    event_type: 1,
    subject: "",
    note: "",
    ticket_id: 0,
    action_number: 0,
    action_invoice_number: 0,
    client_id: 0,
    site_id: 0,
    customer: "",
    charge_rate: 0,
    break_type: 0,
    holiday_id: 0,
    mileage: 0,
    traveltime: 0,
    lognewticket: false,
    ...e,
  };
}

function allEvents(db: FakeDb): WireObject[] {
  const fromActions: WireObject[] = [];
  for (const list of db.actions.values())
    for (const a of list) if (!a.system && n(a.timetaken) > 0) fromActions.push(actionEvent(db, a));
  return [...fromActions, ...[...db.timeBilling.events.values()].map(wireEvent)];
}

function dayBound(v: string | undefined, endOfDay: boolean): number | undefined | Reply {
  if (v === undefined) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(ms)) return badRequest(`Invalid date: ${v}.`);
  return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(v) ? ms + DAY - 1 : ms;
}

const timesheetEvents: ReadDef<WireObject> = {
  label: "TimesheetEvent",
  find({ db, q, tenant }) {
    const from = dayBound(q.str("start_date"), false);
    const to = dayBound(q.str("end_date"), tenant.dateOnlyEnd === "end-of-day");
    if (typeof from === "object") return from;
    if (typeof to === "object") return to;
    const agentIds =
      q.ids("agents") ?? (q.int("agent_id") !== undefined ? [q.int("agent_id") as number] : [db.apiAgentId]);
    return allEvents(db)
      .filter((e) => {
        if (!agentIds.includes(n(e.agent_id))) return false;
        const start = utc(e.start_date);
        const end = utc(e.end_date);
        return (from === undefined || end >= from) && (to === undefined || start <= to);
      })
      .sort((a, b) => String(a.start_date).localeCompare(String(b.start_date)));
  },
  render: (_ctx, r) => r,
  one({ db }, id) {
    const k = Number(id);
    const stored = db.timeBilling.events.get(k);
    if (stored) return wireEvent(stored);
    return allEvents(db).find((e) => e.id === k);
  },
};

const EVENT_FIELDS = [
  "event_type",
  "subject",
  "start_date",
  "end_date",
  "timetaken",
  "agent_id",
  "note",
  "client_id",
  "site_id",
  "charge_rate",
  "contract_id",
  "break_type",
];

const timesheetEventWrite: WriteDef = {
  prepare(ctx: WriteContext, item: WireObject): Prepared {
    const { db } = ctx;
    const id = item.id === undefined || item.id === 0 ? 0 : Number(item.id);
    if (!Number.isInteger(id) || id < 0) return badRequest(`Invalid id: ${String(item.id)}.`);
    const existing = id ? db.timeBilling.events.get(id) : undefined;
    if (id && !existing) {
      if (id >= 10_000_000)
        return badRequest("This event is a ticket action: change it with POST /Actions (ticket_id, id).");
      return notFound("TimesheetEvent", id);
    }
    const merged = { ...existing, ...item };
    const start = utc(merged.start_date);
    const end = utc(merged.end_date);
    if (!Number.isFinite(start)) return badRequest("Please enter a Start Date (start_date).");
    if (!Number.isFinite(end) || end < start)
      return badRequest("Please enter an End Date after the Start Date.");
    const agent = merged.agent_id === undefined ? db.apiAgentId : n(merged.agent_id);
    if (!db.agents.has(agent)) return badRequest(`Invalid agent_id: there is no Agent with ID ${agent}.`);
    if (n(merged.client_id) > 0 && !db.clients.has(n(merged.client_id)))
      return badRequest(`Invalid client_id: there is no Client with ID ${String(merged.client_id)}.`);
    return () => {
      const row: WireObject = existing ?? { id: nextEventId(db) };
      for (const k of EVENT_FIELDS) if (item[k] !== undefined) row[k] = item[k];
      row.agent_id = agent;
      row.start_date = iso(start);
      row.end_date = iso(end);
      // Halo derives the hours from the span when none are given.
      if (item.timetaken === undefined && (!existing || item.start_date || item.end_date))
        row.timetaken = Math.round(((end - start) / HOUR) * 10_000) / 10_000;
      const client = db.clients.get(n(row.client_id));
      row.customer = client?.name ?? "";
      db.timeBilling.events.set(row.id as number, row);
      return wireEvent(row);
    };
  },
  remove({ db }, id) {
    if (id >= 10_000_000) return badRequest("This event is a ticket action: it cannot be deleted here.");
    return db.timeBilling.events.delete(id);
  },
};

function nextEventId(db: FakeDb): number {
  const id = Math.max(db.nextId.TimesheetEvent ?? 5000, 5000);
  db.nextId.TimesheetEvent = id + 1;
  return id;
}

// ---------- billing ----------

/**
 * The spec's `order` (any field name) and `orderdesc`, ties by ID; without
 * `order`, newest (highest ID) first.
 */
export function orderBy(field: string | undefined, desc: boolean): (a: WireObject, b: WireObject) => number {
  if (!field) return (a, b) => n(b.id) - n(a.id);
  const key = field.toLowerCase();
  const sign = desc ? -1 : 1;
  return (a, b) => {
    const x = a[key];
    const y = b[key];
    const c =
      typeof x === "number" && typeof y === "number" ? x - y : String(x ?? "").localeCompare(String(y ?? ""));
    return sign * (c || n(a.id) - n(b.id));
  };
}

function invoiceLike(key: string, label: string, rows: (db: FakeDb) => WireObject[]): ReadDef<WireObject> {
  return {
    key,
    label,
    find({ db, q }) {
      const client = q.int("client_id");
      const clients = q.ids("client_ids");
      const contract = q.int("contract_id");
      const search = q.str("search")?.toLowerCase();
      return rows(db)
        .filter(
          (r) =>
            (client === undefined || r.client_id === client) &&
            (!clients || clients.includes(n(r.client_id))) &&
            (contract === undefined || r.contract_id === contract) &&
            (!search ||
              [r.invoicenumber, r.reference, r.client_name].some((v) =>
                String(v ?? "")
                  .toLowerCase()
                  .includes(search),
              )),
        )
        .sort(orderBy(q.str("order"), q.bool("orderdesc")));
    },
    render({ q }: ReadContext, r) {
      if (q.bool("includelines")) return { ...r, lines: (r.lines as WireObject[] | undefined) ?? [] };
      const { lines: _l, ...row } = r;
      return row;
    },
    one({ db }, id) {
      const r = rows(db).find((x) => String(x.id) === id);
      return r && { ...r, lines: (r.lines as WireObject[] | undefined) ?? [] };
    },
  };
}

const prepay: ReadDef<WireObject> = {
  key: "prepays",
  label: "Prepay",
  find({ db, q }) {
    const client = q.int("client_id");
    const contract = q.int("contract_id");
    return [...db.timeBilling.prepay.values()]
      .filter(
        (r) =>
          (client === undefined || r.client_id === client) &&
          (contract === undefined || (r as WireObject & { _contract_id?: number })._contract_id === contract),
      )
      .sort((a, b) => String(b.date).localeCompare(String(a.date)));
  },
  render: (_ctx, r) => {
    const { _contract_id: _c, ...row } = r;
    return row;
  },
  one({ db }, id) {
    const r = db.timeBilling.prepay.get(Number(id));
    if (!r) return undefined;
    const { _contract_id: _c, ...row } = r;
    return row;
  },
};

// ---------- knowledge base ----------

/** Halo's KB search: every word of `search` in the title, tags or text. */
function kbMatches(r: WireObject, search: string): boolean {
  const hay = [r.name, r.tag_string, r.description, r.resolution]
    .map((v) => String(v ?? "").toLowerCase())
    .join(" ");
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

const kbArticles: ReadDef<WireObject> = {
  key: "articles",
  label: "KBArticle",
  find({ db, q }) {
    const search = q.str("search");
    const inactive = q.bool("includeinactive");
    return [...db.longTail.KBArticle.values()]
      .filter((r) => (inactive || r.inactive !== true) && (!search || kbMatches(r, search)))
      .sort((a, b) => n(b.view_count) - n(a.view_count) || n(a.id) - n(b.id));
  },
  render: (_ctx, r) => {
    // Lists carry KBEntry_List fields: the article text is detail.
    const { resolution: _r, ...row } = r;
    return { ...row, description: String(r.description ?? "").slice(0, 200) };
  },
  one({ db }, id) {
    const r = db.longTail.KBArticle.get(Number(id));
    return r && { ...r };
  },
};

const KB_FIELDS = [
  "name",
  "description",
  "resolution",
  "tag_string",
  "inactive",
  "type",
  "ticket_id",
  "next_review_date",
  "internalmemoagent",
];

const kbWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = item.id === undefined || item.id === 0 ? 0 : Number(item.id);
    const existing = id ? db.longTail.KBArticle.get(id) : undefined;
    if (id && !existing) return notFound("KBArticle", id);
    if (!existing && !String(item.name ?? "").trim()) return badRequest("Please enter a Title (name).");
    if (n(item.ticket_id) > 0 && !db.tickets.has(n(item.ticket_id)))
      return badRequest(`Invalid ticket_id: there is no Ticket with ID ${String(item.ticket_id)}.`);
    return () => {
      const now = iso(ctx.now());
      const agent = db.agents.get(db.apiAgentId);
      const row: WireObject = existing ?? {
        id: Math.max(299, ...db.longTail.KBArticle.keys()) + 1,
        view_count: 0,
        date_created: now,
        inactive: false,
        type: 0,
        creator_id: agent?.id ?? 0,
        creator_name: agent?.name ?? "",
        tag_string: "",
      };
      for (const k of KB_FIELDS) if (item[k] !== undefined) row[k] = item[k];
      row.date_edited = now;
      db.longTail.KBArticle.set(row.id as number, row);
      return { ...row };
    };
  },
  remove: ({ db }, id) => db.longTail.KBArticle.delete(id),
};

// ---------- reports ----------

const reports: ReadDef<WireObject> = {
  key: "reports",
  label: "Report",
  find({ q }) {
    const search = q.str("search")?.toLowerCase();
    return SAVED_REPORTS.filter((r) => !search || r.name.toLowerCase().includes(search)).map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      group_name: r.group,
      type: 0,
    }));
  },
  render: (_ctx, r) => r,
  one({ db, q }, id) {
    const r = SAVED_REPORTS.find((x) => String(x.id) === id);
    if (!r) return undefined;
    const head: WireObject = {
      id: r.id,
      name: r.name,
      description: r.description,
      group_name: r.group,
      type: 0,
    };
    if (!q.bool("loadreport")) return head;
    return { ...head, report: runFakeSql(db, r.sql) };
  },
};

const reportWrite: WriteDef = {
  prepare(ctx, item) {
    if (item._loadreportonly !== true || typeof item.sql !== "string")
      return badRequest("Only ad-hoc queries ({sql, _loadreportonly: true}) are supported by this fake.");
    return () => ({ sql: item.sql, report: runFakeSql(ctx.db, item.sql as string) });
  },
};

export const TIME_BILLING_READS: Record<string, ReadDef<never>> = Object.fromEntries(
  Object.entries({
    TimesheetEvent: timesheetEvents,
    RecurringInvoice: invoiceLike("invoices", "RecurringInvoice", (db) => [
      ...db.timeBilling.recurring.values(),
    ]),
    Invoice: invoiceLike("invoices", "Invoice", (db) => [...db.longTail.Invoice.values()]),
    ClientPrepay: prepay,
    KBArticle: kbArticles,
    Report: reports,
  }).map(([path, def]) => [path.toLowerCase(), def as unknown as ReadDef<never>]),
);

export const TIME_BILLING_WRITES: Record<string, WriteDef & { path: string; label: string }> = {
  timesheetevent: { ...timesheetEventWrite, path: "TimesheetEvent", label: "TimesheetEvent" },
  kbarticle: { ...kbWrite, path: "KBArticle", label: "KBArticle" },
  report: { ...reportWrite, path: "Report", label: "Report" },
};

// ---------- seed ----------

/**
 * Billing flags on seeded ticket time, events outside tickets, day sheets
 * with targets, recurring invoices, prepay history and contract balances.
 * Runs after the tickets and the long tail are seeded; deterministic.
 */
export function seedTimeBilling(db: FakeDb, ref: number): void {
  // Ticket time: most billable, some not, the older billable part invoiced.
  let k = 0;
  for (const list of db.actions.values()) {
    for (const a of list) {
      if (a.system || !(n(a.timetaken) > 0)) continue;
      k++;
      const at = Date.parse(a.datetime);
      if (k % 5 === 0) {
        a.actisbillable = false;
        a.nonbilltime = a.timetaken;
      } else {
        a.actisbillable = true;
        a.nonbilltime = 0;
        a.chargerate = 1 + (k % 2);
        if (at < ref - 20 * DAY) a.actioninvoicenumber = String(2400 + (k % 8));
      }
    }
  }
  const agents = [...db.agents.values()].filter((a) => !a.isdisabled);

  // Work outside tickets: internal meetings and training, two a week per agent.
  let id = 5000;
  agents.forEach((agent, i) => {
    for (let w = 0; w < 4; w++) {
      const monday = startOfWeek(ref) - w * 7 * DAY;
      const start = monday + ((i + w) % 5) * DAY + 14 * HOUR;
      db.timeBilling.events.set(id, {
        id,
        event_type: 1,
        subject: w % 2 ? "Team meeting" : "Training",
        start_date: iso(start),
        end_date: iso(start + HOUR),
        timetaken: 1,
        agent_id: agent.id,
        note: "",
        client_id: 0,
      });
      id++;
    }
  });
  db.nextId.TimesheetEvent = id;
  // Day sheets: a 7.5-hour target on weekdays, four weeks back from the reference date.
  let sheet = 7100;
  for (const agent of agents) {
    for (let d = -27; d <= 6; d++) {
      const day = startOfDay(ref) + d * DAY;
      const wd = new Date(day).getUTCDay();
      const target = wd === 0 || wd === 6 ? 0 : 7.5;
      db.longTail.Timesheet.set(sheet, {
        id: sheet,
        agent_id: agent.id,
        agent_name: agent.name,
        date: iso(day),
        start_time: iso(day + 9 * HOUR),
        end_time: iso(day + 17 * HOUR),
        target_hours: target,
        actual_hours: 0,
        chargeable_hours: 0,
        break_hours: target ? 0.5 : 0,
        work_hours: target ? 8 : 0,
      });
      sheet++;
    }
  }
  // Contracts: recurring invoices with lines; prepay contracts carry a balance.
  let rid = 1200;
  let pid = 1500;
  for (const c of db.contracts.values()) {
    const client = db.clients.get(c.client_id);
    if (!client) continue;
    const price = n(c.periodchargeamount) || 500;
    db.timeBilling.recurring.set(rid, {
      id: rid,
      client_id: client.id,
      client_name: client.name,
      contract_id: c.id,
      contract_ref: c.ref,
      invoicenumber: "",
      reference: `${c.ref} monthly`,
      is_recurring_invoice: true,
      invoice_date: iso(ref - 30 * DAY),
      nextcreationdate: iso(ref + ((c.id % 28) + 1) * DAY),
      lastcreated: iso(ref - 30 * DAY),
      period: 1,
      periodname: "Monthly",
      total: price * 1.2,
      tax_total: price * 0.2,
      currency: "GBP",
      lines: [
        {
          id: 1,
          ihid: rid,
          item_code: "MS-USER",
          item_shortdescription: "Managed service per user",
          qty_order: 10,
          unit_price: price / 20,
          net_amount: price / 2,
          tax_amount: price / 10,
          recurring_invoice_id: rid,
        },
        {
          id: 2,
          ihid: rid,
          item_code: "BACKUP",
          item_shortdescription: "Cloud backup",
          qty_order: 1,
          unit_price: price / 2,
          net_amount: price / 2,
          tax_amount: price / 10,
          recurring_invoice_id: rid,
        },
      ],
    });
    rid++;
    if (c.id % 2 === 0) {
      const bought = 20 + (c.id % 3) * 10;
      const used = Math.min(bought, 6 + (c.id % 7) * 2);
      c.allowprepay = true;
      c.contract_prepayasamount = false;
      c.contract_prepaytotal = bought;
      c.contract_prepayused = used;
      c.contract_prepaybalance = bought - used;
      db.timeBilling.prepay.set(pid, {
        id: pid,
        client_id: client.id,
        client_name: client.name,
        date: iso(ref - 60 * DAY),
        hours: bought,
        amount: bought * 95,
        description: `${bought} hours prepaid (${c.ref})`,
        expirydate: iso(ref + 300 * DAY),
        invoice_number: `INV-${String(2300 + (c.id % 50)).padStart(6, "0")}`,
        _contract_id: c.id,
      });
      pid++;
    }
  }
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** Monday 00:00 UTC of the week holding `ms`. */
function startOfWeek(ms: number): number {
  const day = startOfDay(ms);
  const wd = (new Date(day).getUTCDay() + 6) % 7;
  return day - wd * DAY;
}
