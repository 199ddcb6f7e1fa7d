/**
 * The fake Halo's in-memory tenant. Records keep the fields that carry
 * meaning (ids, names, dates, values); derived names (client_name,
 * site_name, ...) and Halo's many neutral fields are added when a record is
 * rendered, so an update to one record shows everywhere at once. Fields a
 * client posts that the sandbox does not model are kept on the record as-is.
 */
import type { TimeBillingStore } from "./resources/time-billing.js";

export type WireObject = Record<string, unknown>;

/** A custom field's value on a record: Halo's {id, name, label, type, value, display}. */
export interface CustomFieldValue {
  id: number;
  name: string;
  label: string;
  type: number;
  value: unknown;
  display: string;
}

/** A custom field definition (GET /Field, /FieldInfo). `type`: 0 text, 1 memo, 2 single select, 3 multi select, 4 date, 6 checkbox. */
export interface FieldDef {
  id: number;
  name: string;
  label: string;
  type: number;
  /** 1 = tickets, 2 = clients. */
  usage: number;
  values: Array<{ id: number; name: string }>;
  guid: string;
}

/** An asset field definition (Serial Number, Model, ...). */
export interface AssetFieldDef {
  id: number;
  name: string;
}

export interface Status {
  id: number;
  name: string;
  shortname: string;
  sequence: number;
  colour: string;
  /** Fake-side truth for open_only / closed_only / excludeclosed; not sent (the spec's TStatus has no such field). */
  closed: boolean;
  /** "Hold" pauses the SLA clock (On Hold, Waiting on Customer). */
  slaaction: string;
  guid: string;
}

/** One entry of GET /Priority: an SLA's policy for one priority number. */
/** Where Halo installations differ: how this fake tenant answers. */
export interface TenantBehaviour {
  /** GET /Tickets/{id} answers Halo's full ~80 KB object (else a lean one). */
  fullSizeTickets: boolean;
  /** GET /Attachment/{id}: the file's bytes ("file", as Halo does) or the record with base64 `data`. */
  attachmentDownload: "file" | "json";
  /** Rows per page at most (Halo-hosted: 100). */
  maxPageSize: number;
  /** false: every match in one answer whatever pageinate says, as some endpoints do. */
  paging: boolean;
  /** false: list envelopes leave out record_count. */
  recordCount: boolean;
  /** GET /Actions order, which `count` cuts: "newest" first (default) or "oldest" first. */
  actionsOrder: "newest" | "oldest";
  /**
   * A date-only `end_date` (GET /TimesheetEvent; the spec says nothing of its
   * meaning): "end-of-day" (default) takes the whole day, "midnight" reads it
   * as 00:00 of that day, so the day itself is left out.
   */
  dateOnlyEnd: "end-of-day" | "midnight";
}

export interface Priority {
  id: string;
  slaid: number;
  priorityid: number;
  name: string;
  colour: string;
  responsetime: number;
  responseunits: string;
  fixtime: number;
  fixunits: string;
}

export interface Sla {
  id: number;
  name: string;
}

export interface TicketType {
  id: number;
  name: string;
  guid: string;
  default_team_id: number;
  default_priority: number;
  prefix: string;
  /** The SLA new tickets of this type get; 1 unless set. */
  default_sla?: number;
  /** New tickets email the contact an acknowledgement unless `sendack: false` is posted (default true). */
  default_sendack?: boolean;
}

export interface Agent {
  [key: string]: unknown;
  id: number;
  name: string;
  firstname: string;
  surname: string;
  email: string;
  team_ids: number[];
  jobtitle: string;
  isdisabled: boolean;
  phonenumber: string;
  role_list: string;
}

export interface Team {
  id: number;
  name: string;
  department_id: number;
  department_name: string;
  emailaddress: string;
  inactive: boolean;
  guid: string;
}

export interface Outcome {
  id: number;
  outcome: string;
  buttonname: string;
  hidefromuser: boolean;
  /** 1 when the action emails the end user by default. */
  sendemail: number;
  /** > 0 for system actions (rules, status changes), hidden from normal outcome lists. */
  systemid: number;
  colour: string;
  guid: string;
}

export interface AssetType {
  id: number;
  name: string;
  assetgroup_id: number;
  assetgroup_name: string;
  tagprefix: string;
  field_ids: number[];
  guid: string;
}

export interface Client {
  [key: string]: unknown;
  id: number;
  name: string;
  toplevel_id: number;
  inactive: boolean;
  website: string;
  main_phonenumber: string;
  accountmanagertech: number;
  sla_id: number;
  notes: string;
  datecreated: string;
  customfields: CustomFieldValue[];
}

export interface Site {
  [key: string]: unknown;
  id: number;
  name: string;
  client_id: number;
  inactive: boolean;
  phonenumber: string;
  sla_id: number;
  timezone: string;
  delivery_address: { line1: string; line2: string; line3: string; postcode: string };
  notes: string;
  datecreated: string;
}

/** A contact: Halo calls them Users. */
export interface User {
  [key: string]: unknown;
  id: number;
  name: string;
  firstname: string;
  surname: string;
  title: string;
  emailaddress: string;
  phonenumber: string;
  mobilenumber: string;
  site_id: number;
  inactive: boolean;
  isimportantcontact: boolean;
  notes: string;
  datecreated: string;
  customfields: CustomFieldValue[];
}

export interface Asset {
  [key: string]: unknown;
  id: number;
  inventory_number: string;
  key_field: string;
  client_id: number;
  site_id: number;
  assettype_id: number;
  user_id: number;
  inactive: boolean;
  status_id: number;
  warranty_end: string;
  notes: string;
  /** Asset fields ({id, value}); the label comes from the definition. */
  fields: Array<{ id: number; value: unknown }>;
  customfields: CustomFieldValue[];
}

/** A client contract (ClientContract / ContractHeader). */
export interface Contract {
  [key: string]: unknown;
  id: number;
  client_id: number;
  site_id: number;
  ref: string;
  contracttype_name: string;
  start_date: string;
  end_date: string;
  billingperiod: number;
  periodchargeamount: number;
  numberofunitsfree: number;
  sla_id: number;
  note: string;
  /** false = inactive (hidden unless includeinactive=true). */
  active: boolean;
}

export interface Ticket {
  [key: string]: unknown;
  id: number;
  summary: string;
  details: string;
  client_id: number;
  site_id: number;
  user_id: number;
  agent_id: number;
  team_id: number;
  status_id: number;
  priority_id: number;
  tickettype_id: number;
  sla_id: number;
  dateoccurred: string;
  last_update: string;
  lastactiondate: string;
  /** Set while the status is a closed one. */
  dateclosed?: string;
  customfields: CustomFieldValue[];
}

/** A note, email or phone log on a ticket. `id` counts from 1 per ticket, as in Halo. */
export interface Action {
  [key: string]: unknown;
  ticket_id: number;
  id: number;
  outcome: string;
  outcome_id: number;
  who: string;
  who_agentid: number;
  datetime: string;
  note: string;
  hiddenfromuser: boolean;
  timetaken: number;
  new_status?: number;
  sendemail: boolean;
  /** true for actions Halo writes itself (rules, status changes). */
  system: boolean;
  important: boolean;
}

export interface Attachment {
  [key: string]: unknown;
  id: number;
  ticket_id: number;
  action_id: number;
  filename: string;
  content_type: string;
  datecreated: string;
  note: string;
  bytes: Buffer;
  guid: string;
}

export interface Deletion {
  resource: string;
  id: number;
  reason?: string;
  at: number;
}

/** Read-only long-tail resources, by list path. */
export type LongTailName =
  | "Invoice"
  | "Quotation"
  | "Opportunities"
  | "Projects"
  | "Appointment"
  | "Item"
  | "KBArticle"
  | "Supplier"
  | "Timesheet"
  | "SoftwareLicence";

export interface FakeDb {
  /** Timesheet events, recurring invoices, prepay history (see resources/time-billing.ts). */
  timeBilling: TimeBillingStore;
  tickets: Map<number, Ticket>;
  /** Actions by ticket id (action ids restart at 1 on each ticket, as in Halo). */
  actions: Map<number, Action[]>;
  attachments: Map<number, Attachment>;
  clients: Map<number, Client>;
  sites: Map<number, Site>;
  users: Map<number, User>;
  assets: Map<number, Asset>;
  contracts: Map<number, Contract>;
  agents: Map<number, Agent>;
  teams: Map<number, Team>;
  statuses: Map<number, Status>;
  priorities: Priority[];
  slas: Map<number, Sla>;
  ticketTypes: Map<number, TicketType>;
  outcomes: Map<number, Outcome>;
  assetTypes: Map<number, AssetType>;
  assetFields: Map<number, AssetFieldDef>;
  /** Custom field definitions (tickets and clients). */
  fields: Map<number, FieldDef>;
  longTail: Record<LongTailName, Map<number, WireObject>>;
  /** DELETE calls that removed a record, with the `reason` Tickets takes. */
  deletions: Deletion[];
  /** The agent the API application acts as (GET /Agent/me). */
  apiAgentId: number;
  /** Next id per resource, for creates. */
  nextId: Record<string, number>;
  /** "Now" for the seeded data (clock.ts); unset = SANDBOX_REFERENCE_DATE. */
  anchor?: number;
}
