/**
 * Records → Halo-shaped JSON. List rows are light, single-record reads are
 * heavy, as in real Halo: a full ticket embeds its ticket type (~50 KB of
 * field layout), the contact with their site and client (~16 KB) and the
 * SLA policy, ~80 KB as compact JSON. Names next to IDs are derived here,
 * so they follow updates.
 */

import { anchorOf } from "./clock.js";
import {
  ACTION_FILLER,
  CLIENT_FILLER,
  FIELD_INFO_FILLER,
  FIELD_WRAP_FILLER,
  SITE_FILLER,
  TICKET_FILLER,
  TICKET_TYPE_FILLER,
  USER_FILLER,
} from "./filler.js";
import { SERVICES, TOP_LEVELS } from "./seed-data.js";
import type {
  Action,
  Agent,
  Asset,
  AssetType,
  Attachment,
  Client,
  Contract,
  CustomFieldValue,
  FakeDb,
  FieldDef,
  Outcome,
  Priority,
  Site,
  Status,
  Team,
  Ticket,
  TicketType,
  User,
  WireObject,
} from "./types.js";

/**
 * A new object from parts, later parts winning. Object.assign rather than
 * `{ ...a, x: 1, y: 2 }`: V8 takes a very slow path for a spread followed by
 * many literal properties when the spread objects vary in shape (~0.5 ms
 * per object, which made a page of 100 tickets take 70 ms).
 */
const merge = (...parts: Array<Readonly<WireObject> | undefined>): WireObject => Object.assign({}, ...parts);

const HOUR = 3_600_000;
const NO_DATE = "1900-01-01T00:00:00";
const iso = (ms: number) => new Date(ms).toISOString();
/** Halo's date-only fields come as midnight without a zone. */
const halodate = (d: string) => (d.length === 10 ? `${d}T00:00:00` : d);

export const ASSET_STATUSES: Record<number, string> = { 1: "Active", 2: "In Repair", 3: "Retired" };
export const BILLING_PERIODS: Record<number, string> = {
  1: "Weekly",
  2: "Monthly",
  3: "Quarterly",
  4: "Six-Monthly",
  5: "Yearly",
};

/** Takes the first `n` keys of a filler, for records Halo sends lighter than the full object. */
function part(filler: Readonly<WireObject>, n: number): WireObject {
  return Object.fromEntries(Object.entries(filler).slice(0, n));
}
const CLIENT_PART = part(CLIENT_FILLER, 36);

// ---------- lookups ----------

export function wireStatus(s: Status, counts?: Map<number, number>): WireObject {
  return {
    id: s.id,
    guid: s.guid,
    name: s.name,
    shortname: s.shortname,
    type: 0,
    sequence: s.sequence,
    colour: s.colour,
    slaaction: s.slaaction,
    showonquickchange: true,
    useworkinghours: 0,
    ...(counts ? { ticket_count: counts.get(s.id) ?? 0 } : {}),
  };
}

export function wirePriority(_db: FakeDb, p: Priority): WireObject {
  return {
    id: p.id,
    slaid: p.slaid,
    priorityid: p.priorityid,
    name: p.name,
    fixtime: p.fixtime,
    fixunits: p.fixunits,
    enterslaexcuse: false,
    responsetime: p.responsetime,
    responseunits: p.responseunits,
    ishidden: false,
    fixendofday: false,
    responseendofday: false,
    colour: p.colour,
    workdaysoverride: 0,
    responsestartofday: false,
    startofday: false,
    setfixtostartdate: false,
    setfixtotargetdate: false,
    enterslaresponseexcuse: false,
  };
}

/** The SLA policy embedded in a full ticket, with its working days and holidays. */
function priorityObject(db: FakeDb, p: Priority | undefined): WireObject {
  if (!p) return {};
  const holidays = [
    ["2026-12-25", "Christmas Day"],
    ["2026-12-28", "Boxing Day (substitute)"],
    ["2027-01-01", "New Year's Day"],
    ["2027-03-26", "Good Friday"],
  ].map(([date, name], k) => ({
    id: `00000000-0000-4000-9000-00000000000${k}`,
    holid: 100 + k,
    workday_id: 1,
    date: `${date}T00:00:00`,
    end_date: `${date}T00:00:00`,
    allday: true,
    name,
    duration: 0,
    holiday_type: 1,
    agent_id: 0,
    agent_name: "",
    entity: 0,
    isrecurring: false,
    thirdpartyid: "",
  }));
  return merge(wirePriority(db, p), {
    workdays: {
      id: 1,
      name: p.slaid === 2 ? "24x7" : "Office Hours",
      timezone: "GMT Standard Time",
      start: "1901-01-01T08:30:00",
      end: "1901-01-01T17:30:00",
      incmonday: true,
      inctuesday: true,
      incwednesday: true,
      incthursday: true,
      incfriday: true,
      incsaturday: p.slaid === 2,
      incsunday: p.slaid === 2,
      alldayssame: true,
      holidays,
    },
  });
}

export function wireTicketType(db: FakeDb, t: TicketType): WireObject {
  return {
    id: t.id,
    guid: t.guid,
    name: t.name,
    use: "tickets",
    sequence: t.id,
    default_sla: t.default_sla ?? 1,
    default_sendack: t.default_sendack === false ? 0 : 1,
    group_id: 0,
    group_name: "",
    cancreate: true,
    agentscanselect: true,
    itilrequesttype: t.id === 1 ? 1 : t.id === 3 ? 3 : t.id === 4 ? 2 : t.id === 5 ? 4 : 1,
    allowattachments: true,
    enduserscanselect: t.id !== 28,
    default_agent: 0,
    default_agent_name: "",
    default_team: db.teams.get(t.default_team_id)?.name ?? "",
    default_priority: t.default_priority,
    email_start_tag: `[${t.prefix}-`,
    email_end_tag: "]",
  };
}

export function wireAgent(db: FakeDb, a: Agent): WireObject {
  const teams = a.team_ids.map((id) => db.teams.get(id)).filter((t): t is Team => Boolean(t));
  return {
    id: a.id,
    name: a.name,
    firstname: a.firstname,
    surname: a.surname,
    initials: `${a.firstname[0] ?? ""}${a.surname[0] ?? ""}`,
    email: a.email,
    team: teams[0]?.name ?? "",
    teams: teams.map((t) => ({ team_id: t.id, team_name: t.name })),
    isdisabled: a.isdisabled,
    is_agent: true,
    isapiagent: false,
    jobtitle: a.jobtitle,
    sms: "",
    role_list: a.role_list,
    linemanager: a.id === 1 ? 0 : 1,
    linemanager_name: a.id === 1 ? "" : (db.agents.get(1)?.name ?? ""),
    colour: "#2bd3c6",
    use: "agent",
  };
}

export function wireTeam(db: FakeDb, t: Team, withAgents: boolean, counts?: Map<number, number>): WireObject {
  const row: WireObject = {
    id: t.id,
    guid: t.guid,
    name: t.name,
    sequence: t.id,
    forrequests: true,
    foropps: false,
    forprojects: t.id === 5,
    department_id: t.department_id,
    department_name: t.department_name,
    inactive: t.inactive,
    emailaddress: t.emailaddress,
    use: "team",
    ...(counts ? { ticket_count: counts.get(t.id) ?? 0 } : {}),
  };
  if (withAgents)
    row.agents = [...db.agents.values()]
      .filter((a) => a.team_ids.includes(t.id))
      .map((a) => ({ agent_id: a.id, name: a.name, section_id: t.id, isdisabled: a.isdisabled }));
  return row;
}

export function wireOutcome(o: Outcome): WireObject {
  return {
    id: o.id,
    guid: o.guid,
    outcome: o.outcome,
    buttonname: o.buttonname,
    labellong: o.outcome,
    colour: o.colour,
    sequence: o.id,
    hidden: false,
    systemid: o.systemid,
    hidefromuser: o.hidefromuser,
    sendemail: o.sendemail,
    defaultmanhrs: 0,
    newstatus: 0,
  };
}

export function wireAssetType(t: AssetType): WireObject {
  return {
    id: t.id,
    guid: t.guid,
    name: t.name,
    assetgroup_id: t.assetgroup_id,
    assetgroup_name: t.assetgroup_name,
    keyfield_id: 1,
    keyfield_name: "Serial Number",
    tagprefix: t.tagprefix,
    icon: "",
    show_to_users: true,
  };
}

export function wireAssetTypeDetail(db: FakeDb, t: AssetType): WireObject {
  return merge(wireAssetType(t), {
    field_list: t.field_ids.map((id) => wireAssetField(db, id, t.id)),
    fields: t.field_ids.map((id, k) => ({
      typeinfo_id: t.id,
      id: t.id * 100 + k,
      field_id: id,
      field_name: db.assetFields.get(id)?.name ?? "",
      sequence: k + 1,
    })),
  });
}

export function wireAssetField(db: FakeDb, id: number, typeId = 0): WireObject {
  return {
    id,
    kind: "asset",
    typeinfo_id: typeId,
    name: db.assetFields.get(id)?.name ?? "",
    sequence: id,
    mandatory: id === 1,
    lookup: 0,
    values: [],
  };
}

/** A custom field definition as GET /FieldInfo answers it; `values` only when asked for. */
export function wireFieldInfo(def: FieldDef, withValues: boolean): WireObject {
  return merge(
    {
      id: def.id,
    },
    FIELD_INFO_FILLER,
    {
      guid: def.guid,
      name: def.name,
      label: def.label,
      labellong: `${def.label} (${def.name})`,
      lookup: def.values.length ? def.id : 0,
      type: def.type,
      custom: 1,
      usage: def.usage,
      tab_name: "Additional Fields",
      variable_name: `$CF${String(def.id).padStart(5, "0")}`,
      searchable: def.type === 0,
      mandatory: false,
      ...(withValues
        ? { values: def.values.map((v, k) => ({ id: v.id, name: v.name, sequence: k + 1, inactive: false })) }
        : {}),
    },
  );
}

// ---------- custom fields ----------

/** Custom fields as a record carries them in full: Halo's field metadata around id/name/label/type/value/display. */
export function wireCustomFieldsFull(db: FakeDb, values: CustomFieldValue[]): WireObject[] {
  return values.map((v) => {
    const def = db.fields.get(v.id);
    return {
      id: v.id,
      name: v.name,
      label: v.label,
      summary: "",
      type: v.type,
      value: v.value,
      display: v.display,
      characterlimit: 0,
      characterlimittype: 0,
      inputtype: v.type === 4 ? 1 : 0,
      copytochild: false,
      searchable: false,
      ordervalues: true,
      ordervaluesby: 1,
      database_lookup_auto: false,
      extratype: def?.values.length ? 1 : 0,
      copytochildonupdate: false,
      usage: def?.usage ?? 1,
      showondetailsscreen: false,
      custom_extra_table_id: 0,
      copytorelated: false,
      calculation: "",
      rounding: -1,
      regex: "",
      onlyshowforagents: false,
      is_horizontal: false,
      isencrypted: false,
      guid: def?.guid ?? "",
      selection_field_id: 0,
      new_storage_method: false,
      load_type: 0,
    };
  });
}

// ---------- clients, sites, contacts ----------

function mainSite(db: FakeDb, clientId: number): Site | undefined {
  let best: Site | undefined;
  for (const s of db.sites.values()) if (s.client_id === clientId && (!best || s.id < best.id)) best = s;
  return best;
}

export function wireClient(db: FakeDb, c: Client): WireObject {
  return {
    id: c.id,
    name: c.name,
    toplevel_id: c.toplevel_id,
    toplevel_name: TOP_LEVELS.find((t) => t.id === c.toplevel_id)?.name ?? "",
    inactive: c.inactive,
    colour: "#2bd3c6",
    website: c.website,
    // Halo shows the main site's number here: one number, kept on the site.
    main_phonenumber: mainSite(db, c.id)?.phonenumber || c.main_phonenumber,
    accountmanagertech: c.accountmanagertech,
    accountmanagertech_name: db.agents.get(c.accountmanagertech)?.name ?? "",
    use: "client",
  };
}

function openTicketCount(db: FakeDb, pick: (t: Ticket) => boolean): number {
  let n = 0;
  for (const t of db.tickets.values()) if (pick(t) && !db.statuses.get(t.status_id)?.closed) n++;
  return n;
}

/** GET /Client/{id}: ~60 keys. `full` adds every neutral field, as Halo embeds clients inside sites. */
export function wireClientDetail(db: FakeDb, c: Client, full = false): WireObject {
  const site = mainSite(db, c.id);
  const plain = Object.fromEntries(Object.entries(c).filter(([k]) => k !== "customfields" && k !== "sla_id"));
  return merge(
    {
      id: c.id,
    },
    full ? CLIENT_FILLER : CLIENT_PART,
    plain,
    wireClient(db, c),
    {
      main_site_id: site?.id ?? 0,
      main_site_name: site?.name ?? "",
      main_contact_name: site?.maincontact_id
        ? (db.users.get(site.maincontact_id as number)?.name ?? "")
        : "",
      pritech: 0,
      sectech: 0,
      notes: c.notes,
      datecreated: c.datecreated,
      open_ticket_count: openTicketCount(db, (t) => t.client_id === c.id),
      customfields: wireCustomFieldsFull(db, c.customfields),
      main_delivery_address: site ? address(site, -2) : {},
      is_vip: false,
    },
    full ? embeddedClientLists(db, c) : {},
  );
}

/** What Halo adds to a client embedded in a site: its service catalogue access and KB articles. */
function embeddedClientLists(db: FakeDb, c: Client): WireObject {
  return {
    service_access: SERVICES.map((name, k) => ({
      id: k + 1,
      service_category_id: 1 + (k % 3),
      service_id: 40 + k,
      service_name: name,
      type: "X",
      area_id: c.id,
      area_name: c.name,
      tree_id: 0,
      tree_name: "",
      site_id: 0,
      site_name: "",
      user_id: 0,
      user_name: "",
    })),
    kbentries: [...db.longTail.KBArticle.values()].map((a) => ({
      id: a.id,
      name: a.name,
      area_id: c.id,
      type: 0,
      view_count: a.view_count,
      date_edited: a.date_edited,
      tag_string: a.tag_string,
    })),
  };
}

function address(site: Site, type: number): WireObject {
  const a = site.delivery_address;
  return {
    id: site.id,
    type,
    line1: a.line1,
    line2: a.line2,
    line3: a.line3,
    line4: "",
    postcode: a.postcode,
    primary: true,
    inactive: false,
    site_id: site.id,
  };
}

export function wireSite(db: FakeDb, s: Site): WireObject {
  const client = db.clients.get(s.client_id);
  return {
    id: s.id,
    name: s.name,
    client_id: s.client_id,
    client_name: client?.name ?? "",
    clientsite_name: `${client?.name ?? ""}/${s.name}`,
    inactive: s.inactive,
    sla_id: s.sla_id,
    phonenumber: s.phonenumber,
    colour: "#2bd3c6",
    timezone: s.timezone,
    invoice_address_isdelivery: true,
    isstocklocation: false,
    delivery_address_line1: s.delivery_address.line1,
    delivery_address_line2: s.delivery_address.line2,
    delivery_address_line3: s.delivery_address.line3,
    maincontact_id: s.maincontact_id ?? -1,
    use: "site",
  };
}

export function wireSiteDetail(db: FakeDb, s: Site): WireObject {
  const client = db.clients.get(s.client_id);
  const plain = Object.fromEntries(Object.entries(s).filter(([k]) => k !== "delivery_address"));
  return merge(
    {
      id: s.id,
    },
    SITE_FILLER,
    plain,
    wireSite(db, s),
    {
      maincontact_name: s.maincontact_id ? (db.users.get(s.maincontact_id as number)?.name ?? "") : "",
      notes: s.notes,
      datecreated: s.datecreated,
      delivery_address: address(s, -2),
      invoice_address: { ...address(s, -1), description: "Site Invoice Address" },
      open_ticket_count: openTicketCount(db, (t) => t.site_id === s.id),
      fields: SITE_FIELDS.map(([id, name], k) => ({
        id,
        name,
        validate: "X",
        value: k === 0 ? `AC-${s.id}` : "",
        display: k === 0 ? `AC-${s.id}` : "",
        mandatory: false,
        showonactivity: false,
        lookup: 0,
        systemuse: 0,
        parenttype_id: 0,
        typeinfo_id: -2,
        tab_id: 0,
        tab_name: "",
        groupname: "",
      })),
      client: client ? wireClientDetail(db, client, true) : {},
    },
  );
}

const SITE_FIELDS: Array<[number, string]> = [
  [137, "Account Number"],
  [138, "Opening Hours"],
  [139, "Alarm Code Holder"],
  [140, "Parking"],
  [141, "Comms Room Location"],
  [142, "ISP"],
  [143, "Broadband Reference"],
];

export function wireUser(db: FakeDb, u: User): WireObject {
  const site = db.sites.get(u.site_id);
  const client = site ? db.clients.get(site.client_id) : undefined;
  return {
    id: u.id,
    name: u.name,
    site_id: u.site_id,
    site_id_int: u.site_id,
    site_name: site?.name ?? "",
    client_name: client?.name ?? "",
    client_id: client?.id ?? 0,
    firstname: u.firstname,
    surname: u.surname,
    initials: `${u.firstname[0] ?? ""}${u.surname[0] ?? ""}`,
    title: u.title,
    emailaddress: u.emailaddress,
    phonenumber: u.phonenumber,
    mobilenumber: u.mobilenumber,
    sitephonenumber: site?.phonenumber ?? "",
    inactive: u.inactive,
    isimportantcontact: u.isimportantcontact,
    ismaincontact: site?.maincontact_id === u.id,
    colour: "#2bd3c6",
    use: "user",
  };
}

export function wireUserDetail(db: FakeDb, u: User): WireObject {
  const site = db.sites.get(u.site_id);
  return merge(
    {
      id: u.id,
    },
    USER_FILLER,
    u,
    wireUser(db, u),
    {
      notes: u.notes,
      datecreated: u.datecreated,
      telpref: 0,
      customfields: wireCustomFieldsFull(db, u.customfields),
      departments: DEPARTMENTS.map((name, k) => ({
        id: u.id * 100 + k,
        user_id: u.id,
        user_name: u.name,
        department_id: k + 1,
        department_name: name,
        isheadofdept: false,
        member: k === 0,
      })),
      site: site ? wireSiteDetail(db, site) : {},
    },
  );
}

const DEPARTMENTS = [
  "General",
  "Finance",
  "Operations",
  "Sales",
  "HR",
  "IT",
  "Facilities",
  "Legal",
  "Marketing",
  "Management",
];

/** The contact on a ticket with no contact: Halo's general user. */
function generalUser(db: FakeDb, t: Ticket): WireObject {
  const site = db.sites.get(t.site_id);
  return merge(USER_FILLER, {
    id: 0,
    name: "General User",
    site_id: t.site_id,
    site_name: site?.name ?? "",
    client_name: db.clients.get(t.client_id)?.name ?? "",
    emailaddress: "",
    site: site ? wireSiteDetail(db, site) : {},
  });
}

// ---------- assets, contracts ----------

function assetFields(db: FakeDb, a: Asset): WireObject[] {
  return a.fields.map((f) => ({
    id: f.id,
    name: db.assetFields.get(f.id)?.name ?? "",
    value: f.value,
    display: f.value === undefined || f.value === null ? "" : String(f.value),
    mandatory: f.id === 1,
    showonactivity: false,
    lookup: 0,
    typeinfo_id: a.assettype_id,
    tab_id: 0,
    tab_name: "",
  }));
}

export function wireAsset(db: FakeDb, a: Asset, withFields: boolean): WireObject {
  const client = db.clients.get(a.client_id);
  const site = db.sites.get(a.site_id);
  const type = db.assetTypes.get(a.assettype_id);
  const contract = [...db.contracts.values()].find((c) => c.client_id === a.client_id && c.active);
  return {
    id: a.id,
    inventory_number: a.inventory_number,
    key_field: a.key_field,
    key_field2: "",
    key_field3: "",
    client_id: a.client_id,
    client_name: client?.name ?? "",
    site_id: a.site_id,
    site_name: site?.name ?? "",
    username: a.user_id ? (db.users.get(a.user_id)?.name ?? "") : "",
    assettype_id: a.assettype_id,
    assettype_name: type?.name ?? "",
    colour: "#2bd3c6",
    icon: "",
    warranty_end: halodate(a.warranty_end),
    inactive: a.inactive,
    status_id: a.status_id,
    status_name: ASSET_STATUSES[a.status_id] ?? "",
    contract_id: contract?.id ?? 0,
    contract_ref: contract?.ref ?? "",
    supplier_id: 0,
    supplier_name: "",
    use: "asset",
    ...(withFields ? { fields: assetFields(db, a) } : {}),
  };
}

export function wireAssetDetail(db: FakeDb, a: Asset): WireObject {
  // The contact is answered as `username` (schema Device has no user_id).
  const { user_id: _user, ...stored } = a;
  return merge(stored, wireAsset(db, a, true), {
    notes: a.notes,
    business_owner_id: 0,
    business_owner_name: "",
    technical_owner_id: 0,
    technical_owner_name: "",
    sla_id: db.clients.get(a.client_id)?.sla_id ?? 1,
    priority_id: 3,
    is_primary_asset: false,
    parent_id: 0,
    customfields: wireCustomFieldsFull(db, a.customfields),
  });
}

function isExpired(c: Contract, now: number): boolean {
  return Date.parse(c.end_date.slice(0, 10)) < now;
}

export function wireContract(db: FakeDb, c: Contract): WireObject {
  const expired = isExpired(c, anchorOf(db));
  return {
    id: c.id,
    client_id: c.client_id,
    client_name: db.clients.get(c.client_id)?.name ?? "",
    ref: c.ref,
    refextra: "",
    start_date: halodate(c.start_date),
    end_date: halodate(c.end_date),
    started: Date.parse(c.start_date.slice(0, 10)) <= anchorOf(db),
    expired,
    numberofunitsfree: c.numberofunitsfree,
    billingperiod: c.billingperiod,
    billingdescription: 0,
    subtype: 0,
    status: c.active ? 0 : 1,
    site_id: c.site_id,
    site_name: db.sites.get(c.site_id)?.name ?? "",
    user_id: 0,
    user_name: "",
    sla_id: c.sla_id,
    periodchargeamount: c.periodchargeamount,
    note: c.note,
    contract_status: !c.active ? "Inactive" : expired ? "Expired" : "Active",
    contracttype: 0,
    contracttype_name: c.contracttype_name,
    active: c.active,
    use: "contract",
  };
}

export function wireContractDetail(db: FakeDb, c: Contract): WireObject {
  return merge(c, wireContract(db, c), {
    sla_name: db.slas.get(c.sla_id)?.name ?? "",
    billing_period_string: BILLING_PERIODS[c.billingperiod] ?? "",
    billing_description_string: "",
    chargehoursperperiod: 0,
    costperperiod: 0,
    customfields: [],
  });
}

// ---------- tickets ----------

function policyFor(db: FakeDb, t: Ticket): Priority | undefined {
  return (
    db.priorities.find((p) => p.slaid === t.sla_id && p.priorityid === t.priority_id) ??
    db.priorities.find((p) => p.priorityid === t.priority_id)
  );
}

function slaTimes(db: FakeDb, t: Ticket) {
  const p = policyFor(db, t);
  const occurred = Date.parse(t.dateoccurred);
  const respond = occurred + (p?.responsetime ?? 4) * HOUR;
  const fix = occurred + (p?.fixtime ?? 24) * HOUR;
  const now = Math.max(anchorOf(db), Date.parse(t.last_update));
  return {
    respondbydate: iso(respond),
    fixbydate: iso(fix),
    slaactiondate: iso(fix),
    slatimeleft: Math.round(((fix - now) / HOUR) * 100) / 100,
    slapercused: Math.max(0, Math.round(((now - occurred) / Math.max(1, fix - occurred)) * 100)),
    currentelapsedhours: Math.round(((now - occurred) / HOUR) * 100) / 100,
  };
}

/** Fields kept on a ticket record that are not sent as-is. */
const TICKET_INTERNAL = new Set(["customfields", "details"]);

/** A list row: ~60 keys, no embedded objects, details only with includedetails. */
export function wireTicket(db: FakeDb, t: Ticket, includeDetails: boolean): WireObject {
  const user = db.users.get(t.user_id);
  const sla = slaTimes(db, t);
  const email = user?.emailaddress ?? "";
  const or = <T>(k: string, fallback: T) => (t[k] ?? fallback) as T;
  let attachments = 0;
  for (const a of db.attachments.values()) if (a.ticket_id === t.id) attachments++;
  // One literal of fixed shape first (V8's fast path), then whatever else was posted.
  const row: WireObject = {
    id: t.id,
    dateoccurred: t.dateoccurred,
    summary: t.summary,
    status_id: t.status_id,
    tickettype_id: t.tickettype_id,
    sla_id: t.sla_id,
    sla_name: db.slas.get(t.sla_id)?.name ?? "",
    priority_id: t.priority_id,
    client_id: t.client_id,
    client_name: db.clients.get(t.client_id)?.name ?? "",
    site_id: t.site_id,
    site_name: db.sites.get(t.site_id)?.name ?? "",
    user_id: t.user_id,
    user_name: user?.name ?? "",
    team: db.teams.get(t.team_id)?.name ?? "",
    team_id: t.team_id,
    agent_id: t.agent_id,
    category_1: or("category_1", ""),
    category_2: or("category_2", ""),
    estimate: or("estimate", 0),
    child_count: 0,
    attachment_count: attachments,
    flagged: or("flagged", false),
    read: true,
    enduserstatus: 0,
    onhold: db.statuses.get(t.status_id)?.slaaction === "Hold",
    respondbydate: sla.respondbydate,
    fixbydate: sla.fixbydate,
    slaactiondate: sla.slaactiondate,
    slatimeleft: sla.slatimeleft,
    slapercused: sla.slapercused,
    currentelapsedhours: sla.currentelapsedhours,
    excludefromsla: or("excludefromsla", false),
    slaholdtime: 0,
    site_timezone: "",
    lastactiondate: t.lastactiondate,
    last_update: t.last_update,
    organisation_id: 1,
    department_id: 1,
    reportedby: or("reportedby", email),
    user_email: email,
    emailtolist: or("emailtolist", email),
    matched_kb_id: 0,
    product_id: 0,
    workflow_id: 0,
    workflow_step: 1,
    pipeline_stage_id: 0,
    is_vip: false,
    isimportantcontact: user?.isimportantcontact ?? false,
    inactive: false,
    impact: or("impact", 0),
    urgency: or("urgency", 0),
    starttime: "00:00:00",
    targetdate: or("targetdate", NO_DATE),
    deadlinedate: or("deadlinedate", NO_DATE),
    source: or("source", 3),
    hasbeenclosed: Boolean(t.dateclosed),
    dateclosed: t.dateclosed ?? NO_DATE,
    use: "ticket",
  };
  if (includeDetails) {
    row.details = t.details;
    row.details_html = toHtml(t.details);
  }
  for (const k in t) if (!(k in row) && !TICKET_INTERNAL.has(k)) row[k] = t[k];
  return row;
}

const typeCache = new WeakMap<FakeDb, Map<number, WireObject>>();

/** Ticket types never change in the sandbox: build each ~50 KB layout once per tenant. */
function cachedTicketType(db: FakeDb, type: TicketType): WireObject {
  let types = typeCache.get(db);
  if (!types) {
    types = new Map();
    typeCache.set(db, types);
  }
  let obj = types.get(type.id);
  if (!obj) {
    obj = wireTicketTypeFull(db, type);
    types.set(type.id, obj);
  }
  return obj;
}

/** The full ticket: every Halo field, with the ticket type, contact and SLA policy embedded. */
export function wireTicketFull(
  db: FakeDb,
  t: Ticket,
  includeDetails: boolean,
  fullSize: boolean,
): WireObject {
  const row = wireTicket(db, t, includeDetails);
  const type = db.ticketTypes.get(t.tickettype_id);
  const user = db.users.get(t.user_id);
  if (!fullSize)
    return merge(row, { details: t.details, customfields: t.customfields.map((f) => ({ ...f })) });
  const base = merge(row, { details: t.details, customfields: wireCustomFieldsFull(db, t.customfields) });
  const site = db.sites.get(t.site_id);
  const addr = site ? address(site, -2) : {};
  const typeObj = type ? cachedTicketType(db, type) : undefined;
  const actions = db.actions.get(t.id) ?? [];
  return merge(
    {
      id: t.id,
    },
    TICKET_FILLER,
    base,
    {
      priority: priorityObject(db, policyFor(db, t)),
      guid: `${String(t.id).padStart(8, "0")}-c358-ef11-b9f1-024ea19c805a`,
      key: `${String(t.id).padStart(8, "0")}-5772-4596-94bd-ffda24bc0747`,
      takenby: "Alice Admin",
      who: "Alice Admin",
      datecreated: t.dateoccurred,
      hdid: t.id,
      customer_relationships: "[]",
      messsent: "YNYYYNYYYYYYYYY",
      delivery_address: addr,
      billing_address: addr,
      contact_address: addr,
      template_id: 0,
      mailboxid: 1,
      workflow_stepstarted: t.dateoccurred,
      matched_rule_id: 0,
      addressfrom: "S",
      user: user ? wireUserDetail(db, user) : generalUser(db, t),
      tickettype: typeObj ?? {},
      newaction_emailfrom: 1,
      newaction_emailfrom_address_override: "support@sandbox-msp.example",
      users_name: user?.name ?? "",
      extra_actions: actions.slice(0, 1).map((a) => wireAction(db, a)),
      reference: `${type?.prefix ?? "T"}-${String(t.id).padStart(7, "0")}`,
      email_start_tag_override: `[${type?.prefix ?? "T"}-`,
      email_end_tag_override: "]",
      showforusers: t.showforusers ?? true,
      isbillable: t.isbillable ?? true,
      deleted: false,
    },
  );
}

function toHtml(text: string): string {
  const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<p>${esc.split(/\n+/).join("</p><p>")}</p>`;
}

/** Standard ticket fields a type lays out: [field id, name, label, type]. */
const STANDARD_FIELDS: Array<[number, string, string, number]> = [
  [2, "symptom", "Summary", 0],
  [3, "symptom2", "Details", 1],
  [13, "sectio_", "Team", -1],
  [14, "assignedtoint", "Agent", -1],
  [15, "status", "Status", -1],
  [16, "seriousness", "Priority", -1],
  [17, "category2", "Category", -1],
  [18, "impact", "Impact", -1],
  [19, "urgency", "Urgency", -1],
  [20, "userid", "User", -1],
  [21, "siteid", "Site", -1],
  [22, "areaint", "Client", -1],
  [23, "startdate", "Start Date", 4],
  [24, "targetdate", "Target Date", 4],
  [25, "assets", "Assets", -1],
  [-52, "N/A", "Followers", 1],
  [26, "category3", "Category 2", -1],
  [27, "category4", "Category 3", -1],
  [28, "category5", "Category 4", -1],
  [29, "source", "Source", -1],
  [30, "estimate", "Estimate", 5],
  [31, "contract", "Contract", -1],
];

function slot(typeId: number, seq: number, groupId: number, fieldinfo: WireObject): WireObject {
  return merge(FIELD_WRAP_FILLER, {
    id: typeId * 1000 + seq,
    rtid: typeId,
    fieldid: fieldinfo.id,
    seq,
    groupid: groupId,
    technew: 1,
    techdetail: 1,
    techaction: 2,
    fieldinfo,
  });
}

function standardFieldInfo(db: FakeDb, id: number, name: string, label: string, type: number): WireObject {
  const values =
    label === "Status"
      ? [...db.statuses.values()].map((s) => ({ id: s.id, name: s.name }))
      : label === "Team"
        ? [...db.teams.values()].map((t) => ({ id: t.id, name: t.name }))
        : label === "Agent"
          ? [...db.agents.values()].map((a) => ({ id: a.id, name: a.name }))
          : label === "Priority"
            ? db.priorities.map((p) => ({ id: p.priorityid, name: p.name, slaid: p.slaid }))
            : [];
  return merge(FIELD_INFO_FILLER, {
    id,
    guid: `00000000-0000-4000-a000-${String(Math.abs(id)).padStart(12, "0")}`,
    name,
    label,
    labellong: label,
    hint:
      label === "Details" ? "Please describe the problem and include screenshots where possible.\r\n" : "",
    type,
    custom: 0,
    usage: 0,
    tab_id: 1,
    tab_name: "",
    searchable: true,
    mandatory: label === "Summary",
    values,
  });
}

/** A ticket type as a full ticket embeds it: settings plus the whole field layout. */
export function wireTicketTypeFull(db: FakeDb, t: TicketType): WireObject {
  const custom = [...db.fields.values()].filter((f) => f.usage === 1);
  const group = {
    id: t.id * 10,
    header: "Additional Information",
    fields: custom.map((def, k) => slot(-t.id * 10, k + 1, t.id * 10, wireFieldInfo(def, true))),
  };
  const fields: WireObject[] = [
    { ...slot(t.id, 1, group.id, { id: 0 }), fieldinfo: undefined, group },
    ...STANDARD_FIELDS.map(([id, name, label, type], k) =>
      slot(t.id, k + 2, 0, standardFieldInfo(db, id, name, label, type)),
    ),
  ];
  return merge(
    {
      id: t.id,
    },
    TICKET_TYPE_FILLER,
    wireTicketType(db, t),
    {
      intent: "",
      sequence: t.id,
      initial_status: 1,
      default_agent: 0,
      group_id: 0,
      visible: true,
      statusafteruserupdate: 2,
      statusaftersupplierupdate: 2,
      statusaftertechupdate: 2,
      reopenedstatus: 2,
      default_summary: "",
      default_details: "",
      fields,
      allowed_status: [...db.statuses.values()].map((s) => ({
        id: s.id,
        requesttype_id: t.id,
        status_id: s.id,
        name: s.name,
      })),
      allowed_actions: [...db.outcomes.values()].map((o) => ({
        id: o.id,
        requesttype_id: t.id,
        outcome_id: o.id,
        outcome_name: o.outcome,
        restriction_type: 0,
        sequence: o.id,
      })),
      allowed_teams: [...db.teams.values()].map((team) => ({
        id: team.id,
        requesttype_id: t.id,
        section_id: team.id,
        section_name: team.name,
      })),
      access_control: [
        { id: t.id, entity: "requesttype", entity_id: t.id, type: 0, agent_id: 0, team_id: 0 },
      ],
      access_control_level: 3,
      kanbanstatuschoice_list: "[]",
    },
  );
}

// ---------- actions, attachments ----------

function billing(a: Action): WireObject {
  const hours = Number(a.timetaken) || 0;
  const billable = a.actisbillable !== false;
  const nonbill = billable ? Math.min(hours, Number(a.nonbilltime) || 0) : hours;
  return {
    actisbillable: billable,
    nonbilltime: nonbill,
    actionchargehours: hours - nonbill,
    actionnonchargehours: nonbill,
    chargerate: Number(a.chargerate) || 0,
    actioninvoicenumber: typeof a.actioninvoicenumber === "string" ? a.actioninvoicenumber : "",
  };
}

export function wireAction(db: FakeDb, a: Action): WireObject {
  const { system, ...stored } = a;
  const outcome = db.outcomes.get(a.outcome_id);
  const attachments = [...db.attachments.values()].filter(
    (x) => x.ticket_id === a.ticket_id && x.action_id === a.id,
  );
  return merge(
    {
      ticket_id: a.ticket_id,
      id: a.id,
    },
    ACTION_FILLER,
    stored,
    {
      who_type: system ? 0 : a.who_agentid ? 1 : 2,
      note_html: toHtml(a.note),
      actiondatecreated: a.datetime,
      actionarrivaldate: typeof a.actionarrivaldate === "string" ? a.actionarrivaldate : a.datetime,
      actioncompletiondate: a.datetime,
      action_systemid: outcome?.systemid ?? 0,
      actionby_agent_id: a.who_agentid,
      project_id: a.ticket_id,
      old_status: 0,
      new_status: a.new_status ?? 0,
      attachment_count: attachments.length,
      timetakendays: 0,
      timetakenadjusted: a.timetaken,
      // Billable hours are the time less its non-billable part; none when the action is not billable.
      ...billing(a),
      customfields: [],
    },
  );
}

export function wireAttachment(a: Attachment, withData: boolean): WireObject {
  const { bytes, ...meta } = a;
  return merge(
    {
      third_party_id: "",
    },
    meta,
    {
      filesize: bytes.length,
      type: 0,
      unique_id: 0,
      desc: a.filename,
      isimage: a.content_type.startsWith("image/"),
    },
    withData ? { data: bytes.toString("base64") } : {},
    {
      user_id: -1,
      agent_id: 1,
      showforusers: false,
      showonchild: false,
      showonrelated: false,
    },
  );
}
