/**
 * The long tail of Halo, read-only: one table describing every resource
 * list_records and get_record reach — its path, list envelope key, label,
 * default columns (a compact projection), the filters Halo supports on it,
 * and any extra detail get_record shows. Adding a resource is one entry here.
 *
 * Envelope keys are Halo's (`invoices`, `quotes`, `articles`, `licences`, ...);
 * Opportunities and Projects are tickets underneath and answer `tickets`.
 * Agent, Team and Timesheet take no paging parameters (bare arrays, or every
 * row at once), so those are paged here.
 *
 * Only query parameters the published spec lists for the path are sent.
 * Filters Halo has no parameter for are applied here (`local`), and the ones
 * sent are checked on the rows (`rowField`, tools/support/verify-rows.ts). A from/to
 * range is never a query parameter: /Invoice's invoicedatestart/end are
 * booleans ("include the field"), /Timesheet documents none, and
 * /Appointment's start_date/end_date are both "greater than this value". It
 * is read by ordering on the date field (the spec's `order` takes any field
 * name) until past the bound, and checked on the rows.
 */
import type { Query } from "../../halo/http.js";
import type { ResourceSpec } from "../../halo/resources.js";
import { clip, compact, type Row, ref, stripHtml, when } from "../../util/format.js";

type Column = (r: Row) => unknown;

/** Filters list_records offers; each resource maps the ones Halo supports to its query parameter. */
export type Filter = "query" | "client" | "agent" | "from" | "to";

export interface RecordResource {
  spec: ResourceSpec;
  /** Halo pages this list (pageinate); otherwise it answers every match and we page here. */
  paged: boolean;
  /** Halo's query parameter for each filter it supports on this list (documented in the spec). */
  filters: Partial<Record<Filter, string>>;
  /** Filters Halo has no parameter for here, applied to the rows (non-paged lists only). */
  local?: Filter[];
  /** The row field a sent client or agent filter is checked against. */
  rowField?: Partial<Record<"client" | "agent", string>>;
  /** Fields a text query is matched against here, when Halo has no search parameter. */
  searchOn?: string[];
  /** The raw date from/to is about; also the field the read is ordered by to reach the range. */
  dateField?: string;
  /** Where a row also has an end date: it counts when it overlaps the range. */
  dateEndField?: string;
  /** Fixed query parameters for list and get calls. */
  list?: Query;
  get?: Query;
  columns: Record<string, Column>;
  /** Extra columns for get_record. */
  detail?: Record<string, Column>;
}

// Column builders: each reads one or two raw fields and returns a compact value or undefined
// (textCol: trimmed non-empty text; numCol: any number but 0, negatives kept).
const textCol =
  (key: string): Column =>
  (r) =>
    typeof r[key] === "string" && (r[key] as string).trim() ? (r[key] as string).trim() : undefined;
const numCol =
  (key: string): Column =>
  (r) =>
    typeof r[key] === "number" && r[key] !== 0 ? r[key] : undefined;
const id: Column = (r) => r.id;
const flag =
  (key: string): Column =>
  (r) =>
    r[key] === true ? true : undefined;
const refOf =
  (nameKey: string, idKey: string): Column =>
  (r) =>
    ref(r[nameKey], r[idKey]);
const at =
  (key: string): Column =>
  (r) =>
    when(r[key]);
const day =
  (key: string): Column =>
  (r) =>
    when(r[key])?.slice(0, 10);
const text =
  (max: number, ...keys: string[]): Column =>
  (r) => {
    for (const k of keys) {
      const plain = stripHtml(r[k]);
      if (plain) return clip(plain, max);
    }
    return undefined;
  };
const first =
  (...cols: Column[]): Column =>
  (r) => {
    for (const c of cols) {
      const v = c(r);
      if (v !== undefined) return v;
    }
    return undefined;
  };
const lines =
  (key: string, max: number, row: Record<string, Column>): Column =>
  (r) => {
    const items = Array.isArray(r[key]) ? (r[key] as Row[]) : [];
    if (items.length === 0) return undefined;
    const shown = items.slice(0, max).map((l) => project(l, row));
    return items.length > max ? [...shown, `… ${items.length - max} more`] : shown;
  };

export function project(r: Row, columns: Record<string, Column>): Row {
  return compact(Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, c(r)])));
}

const ticketLike = (extra: Record<string, Column>): Record<string, Column> => ({
  id,
  summary: textCol("summary"),
  client: refOf("client_name", "client_id"),
  status: textCol("status_name"),
  agent: refOf("agent_name", "agent_id"),
  ...extra,
});

export const CATALOG = {
  agents: {
    spec: { path: "Agent", key: "agents", label: "agent" },
    paged: false,
    filters: { query: "search" },
    columns: {
      id,
      name: textCol("name"),
      email: textCol("email"),
      team: textCol("team"),
      job: textCol("jobtitle"),
      disabled: flag("isdisabled"),
    },
    detail: {
      roles: textCol("role_list"),
      phone: first(textCol("phonenumber"), textCol("sms")),
      line_manager: textCol("linemanager_name"),
    },
  },
  teams: {
    spec: { path: "Team", key: "teams", label: "team" },
    paged: false,
    filters: {},
    searchOn: ["name"],
    columns: {
      id,
      name: textCol("name"),
      department: textCol("department_name"),
      email: textCol("emailaddress"),
      open_tickets: numCol("ticket_count"),
      inactive: flag("inactive"),
    },
    get: { includeagents: true },
    detail: {
      agents: (r) =>
        Array.isArray(r.agents)
          ? (r.agents as Row[]).map((a) => ref(a.name ?? a.agent_name, a.agent_id ?? a.id)).slice(0, 50)
          : undefined,
    },
  },
  invoices: {
    spec: { path: "Invoice", key: "invoices", label: "invoice" },
    paged: true,
    filters: { query: "search", client: "client_id" },
    rowField: { client: "client_id" },
    dateField: "invoice_date",
    columns: {
      id,
      number: first(textCol("invoicenumber"), textCol("thirdpartyinvoicenumber")),
      client: refOf("client_name", "client_id"),
      date: day("invoice_date"),
      due: day("duedate"),
      total: numCol("total"),
      amount_due: numCol("amountdue"),
      paid: day("datepaid"),
    },
    get: { includedetails: true },
    detail: {
      contract: refOf("contract_ref", "contract_id"),
      ticket: numCol("ticket_id"),
      reference: textCol("reference"),
      notes: text(500, "notes_1"),
      lines: lines("lines", 20, {
        item: first(textCol("item_shortdescription"), textCol("item_code")),
        qty: numCol("qty_order"),
        unit_price: numCol("unit_price"),
        net: numCol("net_amount"),
      }),
    },
  },
  quotations: {
    spec: { path: "Quotation", key: "quotes", label: "quotation" },
    paged: true,
    filters: { query: "search", client: "client_id" },
    rowField: { client: "client_id" },
    columns: {
      id,
      title: textCol("title"),
      client: refOf("client_name", "client_id"),
      date: day("date"),
      expiry: day("expiry_date"),
      total: numCol("total"),
      agent: refOf("assigned_agent_name", "assigned_agent"),
      ticket: numCol("ticket_id"),
    },
    get: { includedetails: true },
    detail: {
      contact: refOf("user_name", "user_id"),
      note: text(500, "note"),
      lines: lines("lines", 20, {
        item: first(textCol("name"), textCol("description")),
        qty: first(numCol("quantity"), numCol("current_quantity")),
        price: first(numCol("total_price"), numCol("baseprice")),
        optional: flag("optional"),
      }),
    },
  },
  opportunities: {
    spec: { path: "Opportunities", key: "tickets", label: "opportunity" },
    paged: true,
    filters: { query: "search", client: "client_id", agent: "agent_id" },
    rowField: { client: "client_id", agent: "agent_id" },
    columns: ticketLike({
      company: textCol("oppcompanyname"),
      value: numCol("oppvalue"),
      stage: textCol("pipeline_stage_name"),
      opened: day("dateoccurred"),
    }),
    detail: {
      contact: textCol("oppcontactname"),
      email: textCol("oppemailaddress"),
      probability: numCol("oppconversionprobability"),
      target: day("targetdate"),
      details: text(1000, "details", "details_html"),
    },
  },
  projects: {
    spec: { path: "Projects", key: "tickets", label: "project" },
    paged: true,
    filters: { query: "search", client: "client_id", agent: "agent_id" },
    rowField: { client: "client_id", agent: "agent_id" },
    columns: ticketLike({
      start: day("startdate"),
      target: first(day("targetdate"), day("deadlinedate")),
      progress_pct: numCol("projecttimepercentage"),
    }),
    detail: {
      hours_budget: numCol("projecttimebudget"),
      hours_actual: numCol("projecttimeactual"),
      money_budget: numCol("projectmoneybudget"),
      money_actual: numCol("projectmoneyactual"),
      details: text(1000, "details", "details_html"),
    },
  },
  appointments: {
    spec: { path: "Appointment", key: "appointments", label: "appointment" },
    paged: true,
    filters: { query: "search", client: "client_id", agent: "agents" },
    rowField: { client: "client_id", agent: "agent_id" },
    dateField: "start_date",
    dateEndField: "end_date",
    columns: {
      id,
      subject: textCol("subject"),
      start: at("start_date"),
      end: at("end_date"),
      agent: refOf("agent_name", "agent_id"),
      client: refOf("client_name", "client_id"),
      ticket: numCol("ticket_id"),
      type: textCol("appointment_type_name"),
    },
    get: { includedetails: true },
    detail: {
      location: textCol("appointment_location_name"),
      note: text(800, "note", "note_html"),
      task: flag("is_task"),
    },
  },
  items: {
    spec: { path: "Item", key: "items", label: "item" },
    paged: true,
    filters: { query: "search" },
    columns: {
      id,
      name: textCol("name"),
      description: text(120, "description"),
      price: numCol("baseprice"),
      cost: numCol("costprice"),
      in_stock: numCol("quantity_in_stock"),
      supplier: refOf("supplier_name", "supplier_id"),
      group: textCol("assetgroup_name"),
    },
    get: { includedetails: true },
    detail: {
      part_code: textCol("supplier_part_code"),
      recurring_price: numCol("recurringprice"),
      tax: textCol("taxcode_name"),
      note: text(500, "note"),
    },
  },
  kb_articles: {
    spec: { path: "KBArticle", key: "articles", label: "KB article" },
    paged: true,
    filters: { query: "search", client: "client_id" },
    columns: {
      id,
      name: textCol("name"),
      tags: first(textCol("tag_string"), textCol("kb_tags")),
      views: numCol("view_count"),
      edited: day("date_edited"),
      inactive: flag("inactive"),
    },
    get: { includedetails: true },
    detail: {
      description: text(2000, "description", "description_html"),
      resolution: text(1500, "resolution", "resolution_html"),
      author: textCol("creator_name"),
    },
  },
  suppliers: {
    spec: { path: "Supplier", key: "suppliers", label: "supplier" },
    paged: true,
    filters: { query: "search" },
    columns: {
      id,
      name: textCol("name"),
      contact: textCol("contact_name"),
      email: textCol("email_address"),
      phone: textCol("phone_number"),
      website: textCol("website"),
      inactive: flag("inactive"),
    },
    get: { includedetails: true },
    detail: { address: text(300, "address"), notes: text(500, "notes"), accounts_id: textCol("accounts_id") },
  },
  timesheets: {
    spec: { path: "Timesheet", key: "timesheets", label: "timesheet" },
    paged: false,
    // GET /Timesheet documents no query parameters: agent and dates are applied to the rows.
    filters: {},
    local: ["agent"],
    rowField: { agent: "agent_id" },
    dateField: "date",
    columns: {
      id,
      agent: refOf("agent_name", "agent_id"),
      date: day("date"),
      start: at("start_time"),
      end: at("end_time"),
      target_hours: numCol("target_hours"),
      actual_hours: numCol("actual_hours"),
      chargeable_hours: numCol("chargeable_hours"),
    },
    detail: {
      events: lines("events", 30, {
        subject: textCol("subject"),
        start: at("start_date"),
        end: at("end_date"),
        hours: numCol("timetaken"),
        ticket: numCol("ticket_id"),
        customer: textCol("customer"),
      }),
    },
  },
  software_licences: {
    spec: { path: "SoftwareLicence", key: "licences", label: "software licence" },
    paged: true,
    filters: { query: "search", client: "client_id" },
    rowField: { client: "client_id" },
    columns: {
      id,
      name: textCol("name"),
      client: refOf("client_name", "client_id"),
      count: numCol("count"),
      in_use: numCol("licences_in_use"),
      vendor: first(textCol("vendor"), textCol("manufacturer")),
      end: day("end_date"),
      status: textCol("status"),
    },
    get: { includedetails: true },
    detail: {
      supplier: refOf("supplier_name", "supplier_id"),
      start: day("start_date"),
      billing_cycle: textCol("billing_cycle"),
      term: textCol("term_duration"),
      price: numCol("price"),
      autorenew: flag("autorenew"),
      notes: text(500, "notes"),
    },
  },
} satisfies Record<string, RecordResource>;

export type ResourceName = keyof typeof CATALOG;
export const RESOURCE_NAMES = Object.keys(CATALOG) as [ResourceName, ...ResourceName[]];

export const resourceOf = (name: ResourceName): RecordResource => CATALOG[name];

/** Resources that support a filter, for error hints. */
export const supports = (r: RecordResource, filter: Filter): boolean =>
  r.filters[filter] !== undefined ||
  (r.local?.includes(filter) ?? false) ||
  (filter === "query" && (r.searchOn?.length ?? 0) > 0) ||
  ((filter === "from" || filter === "to") && r.dateField !== undefined);

export const supporting = (filter: Filter): ResourceName[] =>
  RESOURCE_NAMES.filter((n) => supports(CATALOG[n], filter));
