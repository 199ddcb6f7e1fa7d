/**
 * Builds the sandbox tenant from a seed. Cheap enough for 3,000 tickets in
 * a few tens of milliseconds: records hold only meaningful fields, and the
 * bulky parts of Halo's objects are added when a record is rendered.
 */
import { Rng } from "./prng.js";
import {
  AGENT_SEEDS,
  ASSET_FIELD_SEEDS,
  ASSET_MODELS,
  ASSET_TYPE_SEEDS,
  CLIENT_SEEDS,
  type ClientSeed,
  DETAIL_BODIES,
  DETAIL_OPENERS,
  FIELD_SEEDS,
  FIRST_NAMES,
  FIXED_CONTACTS,
  INACTIVE_CLIENT_INDEX,
  JOB_TITLES,
  NOTES,
  OUTCOME_SEEDS,
  PRIORITY_SEEDS,
  SANDBOX_REFERENCE_DATE,
  SLA_SEEDS,
  STATUS_SEEDS,
  SUMMARIES,
  SURNAMES,
  TEAM_SEEDS,
  TICKET_TYPE_SEEDS,
} from "./seed-data.js";
import { emptyTimeBilling, seedTimeBilling } from "./time-billing.js";
import type {
  Action,
  Asset,
  Client,
  Contract,
  CustomFieldValue,
  FakeDb,
  FieldDef,
  LongTailName,
  Site,
  Ticket,
  User,
  WireObject,
} from "./types.js";

const REF = Date.parse(SANDBOX_REFERENCE_DATE);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export interface SeedOptions {
  seed: number;
  tickets: number;
  clients: number;
}

/** A custom field with no value, as Halo lists every field of the record's type. */
export function emptyField(def: FieldDef): CustomFieldValue {
  return { id: def.id, name: def.name, label: def.label, type: def.type, value: "", display: "" };
}

/**
 * Sets a field's value as Halo stores a posted one: as given. A selection
 * field's value is its option ID (several, comma-separated, for a multiple
 * selection) and `display` the option names; a posted option *name* is not
 * translated (Halo does not), so it is kept with an empty display.
 */
export function setField(def: FieldDef, raw: unknown): CustomFieldValue {
  const f = emptyField(def);
  if (raw === undefined || raw === null || raw === "") return f;
  if (def.type === 2 || def.type === 3) {
    const parts = def.type === 3 ? String(raw).split(",") : [String(raw)];
    const hits = parts.map((p) => def.values.find((v) => String(v.id) === p.trim()));
    if (hits.every((h) => h !== undefined)) {
      const value = def.type === 2 && typeof raw === "string" ? Number(raw) : raw;
      return { ...f, value, display: hits.map((h) => h?.name).join(", ") };
    }
    return { ...f, value: raw, display: "" };
  }
  if (def.type === 6) {
    const on = raw === true || raw === 1 || /^(true|1|yes)$/i.test(String(raw));
    return { ...f, value: on, display: on ? "Yes" : "No" };
  }
  if (def.type === 4) {
    const ms = Date.parse(String(raw));
    return { ...f, value: raw, display: Number.isFinite(ms) ? iso(ms).slice(0, 10) : String(raw) };
  }
  return { ...f, value: raw, display: String(raw) };
}

/** Seeding only: a selection given by its option's name, stored as the option's ID. */
function seedField(def: FieldDef, raw: unknown): CustomFieldValue {
  const hit = def.values.find((v) => v.name.toLowerCase() === String(raw ?? "").toLowerCase());
  return setField(def, hit ? hit.id : raw);
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");
}

export function createDb(opts: SeedOptions): FakeDb {
  const rng = new Rng(opts.seed);
  const db = emptyDb();
  seedLookups(db, rng);
  const clientSeeds = seedClients(db, rng, Math.max(1, opts.clients));
  seedAssets(db, rng, clientSeeds);
  seedContracts(db, rng, clientSeeds);
  seedTickets(db, rng, Math.max(0, opts.tickets), clientSeeds);
  seedAttachments(db);
  seedLongTail(db, rng);
  seedTimeBilling(db, REF);
  // Defined after the seeded records (no random draws, so every other record keeps its
  // seed): a multiple selection no ticket has filled yet, so it is not on their records.
  db.fields.set(211, {
    id: 211,
    name: "CFAffectedSystems",
    label: "Affected Systems",
    type: 3,
    usage: 1,
    values: ["Email", "VPN", "Printing", "Phones"].map((name, k) => ({ id: 901 + k, name })),
    guid: "5f1c2a77-0d3e-4b8a-9c11-2a6e0f4b9211",
  });
  return db;
}

function emptyDb(): FakeDb {
  const longTail = {} as Record<LongTailName, Map<number, WireObject>>;
  for (const n of [
    "Invoice",
    "Quotation",
    "Opportunities",
    "Projects",
    "Appointment",
    "Item",
    "KBArticle",
    "Supplier",
    "Timesheet",
    "SoftwareLicence",
  ] as LongTailName[])
    longTail[n] = new Map();
  return {
    tickets: new Map(),
    actions: new Map(),
    attachments: new Map(),
    clients: new Map(),
    sites: new Map(),
    users: new Map(),
    assets: new Map(),
    contracts: new Map(),
    agents: new Map(),
    teams: new Map(),
    statuses: new Map(),
    priorities: [],
    slas: new Map(),
    ticketTypes: new Map(),
    outcomes: new Map(),
    assetTypes: new Map(),
    assetFields: new Map(),
    fields: new Map(),
    longTail,
    timeBilling: emptyTimeBilling(),
    deletions: [],
    apiAgentId: 1,
    nextId: {},
  };
}

function seedLookups(db: FakeDb, rng: Rng): void {
  for (const s of STATUS_SEEDS) db.statuses.set(s.id, { ...s, guid: rng.guid() });
  for (const s of SLA_SEEDS) db.slas.set(s.id, { ...s });
  for (const sla of SLA_SEEDS) {
    const factor = sla.id === 2 ? 0.5 : 1;
    for (const [priorityid, name, colour, response, fix] of PRIORITY_SEEDS) {
      db.priorities.push({
        id: rng.guid(),
        slaid: sla.id,
        priorityid,
        // Each SLA may name the same priority number its own way, as real tenants do.
        name: sla.id === 2 ? `P${priorityid} - ${name}` : name,
        colour,
        responsetime: response * factor,
        responseunits: "H",
        fixtime: fix * factor,
        fixunits: "H",
      });
    }
  }
  for (const t of TEAM_SEEDS) db.teams.set(t.id, { ...t, inactive: false, guid: rng.guid() });
  for (const [id, first, last, teamIds, jobtitle, role, disabled] of AGENT_SEEDS) {
    db.agents.set(id, {
      id,
      name: `${first} ${last}`,
      firstname: first,
      surname: last,
      email: `${first}.${last}@sandbox-msp.example`.toLowerCase(),
      team_ids: teamIds,
      jobtitle,
      isdisabled: disabled,
      phonenumber: `+44 20 7946 0${String(100 + id).padStart(3, "0")}`,
      role_list: role,
    });
  }
  for (const [id, name, prefix, team, priority] of TICKET_TYPE_SEEDS)
    db.ticketTypes.set(id, {
      id,
      name,
      prefix,
      default_team_id: team,
      default_priority: priority,
      guid: rng.guid(),
    });
  for (const o of OUTCOME_SEEDS) db.outcomes.set(o.id, { ...o, guid: rng.guid() });
  for (const [id, name] of ASSET_FIELD_SEEDS) db.assetFields.set(id, { id, name });
  for (const [id, name, groupId, groupName, prefix, fieldIds] of ASSET_TYPE_SEEDS)
    db.assetTypes.set(id, {
      id,
      name,
      assetgroup_id: groupId,
      assetgroup_name: groupName,
      tagprefix: prefix,
      field_ids: fieldIds,
      guid: rng.guid(),
    });
  let lookupId = 31;
  for (const [id, name, label, type, usage, values] of FIELD_SEEDS)
    db.fields.set(id, {
      id,
      name,
      label,
      type,
      usage,
      values: values.map((v) => ({ id: lookupId++, name: v })),
      guid: rng.guid(),
    });
}

function fieldDefs(db: FakeDb, usage: number): FieldDef[] {
  return [...db.fields.values()].filter((f) => f.usage === usage);
}

function seedClients(db: FakeDb, rng: Rng, count: number): Map<number, ClientSeed> {
  const seeds = new Map<number, ClientSeed>();
  const clientFields = fieldDefs(db, 2);
  let siteId = 30;
  let userId = 100;
  const accountManagers = [1, 3, 5];
  for (let i = 0; i < count; i++) {
    const seed: ClientSeed = CLIENT_SEEDS[i] ?? {
      name: `Sandbox Client ${i + 1}`,
      domain: `client${i + 1}.example`,
      code: `C${String(i + 1).padStart(3, "0")}`,
      sites: [`Client ${i + 1} Office`],
      city: "London",
    };
    const id = 12 + i;
    seeds.set(id, seed);
    const inactive = count >= 3 && i === Math.min(count, INACTIVE_CLIENT_INDEX + 1) - 1;
    const sla = i % 3 === 0 ? 2 : 1;
    const client: Client = {
      id,
      name: seed.name,
      toplevel_id: 1,
      inactive,
      website: `https://www.${seed.domain}`,
      main_phonenumber: `+44 20 7946 0${String(200 + i).padStart(3, "0")}`,
      accountmanagertech: accountManagers[i % accountManagers.length] as number,
      sla_id: sla,
      notes: i === 0 ? "Key account. Head office in London; Manchester is the northern hub." : "",
      datecreated: iso(REF - (400 + i * 23) * DAY),
      customfields: clientFields.map((def) =>
        def.name === "CFSupportTier"
          ? seedField(def, rng.pick(["Bronze", "Silver", "Gold"]))
          : seedField(def, `${seed.code}${String(100 + i)}`),
      ),
    };
    db.clients.set(id, client);
    for (const siteName of seed.sites) {
      const site: Site = {
        id: siteId++,
        name: siteName,
        client_id: id,
        inactive: false,
        phonenumber: `+44 20 7946 0${String(300 + siteId).padStart(3, "0")}`,
        sla_id: sla,
        timezone: "GMT Standard Time",
        delivery_address: {
          line1: `${rng.int(1, 240)} ${rng.pick(["High Street", "Station Road", "Mill Lane", "Church Street", "Park Road"])}`,
          line2: "",
          line3: siteName.includes("Manchester")
            ? "Manchester"
            : siteName.includes("London")
              ? "London"
              : seed.city,
          postcode: `${rng.pick(["EC1A", "M1", "LS1", "BS1", "OX1", "CB2", "B1"])} ${rng.int(1, 9)}${rng.pick(["AB", "XY", "QT", "RD"])}`,
        },
        notes: "",
        datecreated: client.datecreated,
      };
      db.sites.set(site.id, site);
      const fixed = FIXED_CONTACTS[siteName] ?? [];
      const people: Array<[string, string, string]> = [...fixed];
      const extra = rng.int(siteName === "Acme London" ? 3 : 2, 4) - fixed.length;
      for (let k = 0; k < extra; k++)
        people.push([rng.pick(FIRST_NAMES), rng.pick(SURNAMES), rng.pick(JOB_TITLES)]);
      people.forEach(([first, last, title], k) => {
        const user: User = {
          id: userId++,
          name: `${first} ${last}`,
          firstname: first,
          surname: last,
          title,
          emailaddress: `${first}.${last}@${seed.domain}`.toLowerCase(),
          phonenumber: `+44 20 7946 0${String(rng.int(400, 999))}`,
          mobilenumber: `+44 7700 900${String(rng.int(100, 999))}`,
          site_id: site.id,
          inactive: false,
          isimportantcontact: k === 0,
          notes: "",
          datecreated: iso(Date.parse(client.datecreated) + rng.int(1, 300) * DAY),
          customfields: [],
        };
        db.users.set(user.id, user);
        if (k === 0 && !site.maincontact_id) site.maincontact_id = user.id;
      });
    }
  }
  db.nextId.client = 12 + count;
  db.nextId.site = siteId;
  db.nextId.user = userId;
  return seeds;
}

function sitesOf(db: FakeDb, clientId: number): Site[] {
  return [...db.sites.values()].filter((s) => s.client_id === clientId);
}

function usersOf(db: FakeDb, siteId: number): User[] {
  return [...db.users.values()].filter((u) => u.site_id === siteId);
}

function serial(rng: Rng): string {
  const chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  return Array.from({ length: 10 }, () => rng.pick([...chars])).join("");
}

function seedAssets(db: FakeDb, rng: Rng, seeds: Map<number, ClientSeed>): void {
  let id = 500;
  const perCode = new Map<string, number>();
  for (const client of db.clients.values()) {
    const code = seeds.get(client.id)?.code ?? "CLNT";
    for (const site of sitesOf(db, client.id)) {
      const plan: number[] = [11, 11, 12];
      if (site.name === "Acme London") plan.push(11, 12, 13, 14);
      else if (rng.chance(0.5)) plan.push(rng.pick([13, 14]));
      const users = usersOf(db, site.id);
      for (const typeId of plan) {
        const type = db.assetTypes.get(typeId)!;
        const n = (perCode.get(`${code}-${type.tagprefix}`) ?? 0) + 1;
        perCode.set(`${code}-${type.tagprefix}`, n);
        const [maker, model, os] = rng.pick(ASSET_MODELS[typeId] ?? [["Generic", "Device", ""]]);
        const purchased = REF - rng.int(100, 1400) * DAY;
        const values: Record<number, unknown> = {
          1: serial(rng),
          2: model,
          3: maker,
          4: os,
          5: typeId === 13 ? rng.pick([64, 128, 256]) : rng.pick([8, 16, 32]),
          6: `10.${rng.int(0, 40)}.${rng.int(0, 20)}.${rng.int(2, 250)}`,
          7: `v7.${rng.int(0, 4)}.${rng.int(0, 12)}`,
          8: maker === "HP" ? "HP 59A" : maker === "Brother" ? "TN-426BK" : "TK-3200",
          9: iso(purchased).slice(0, 10),
        };
        const retired = rng.chance(0.06);
        const asset: Asset = {
          id: id++,
          inventory_number: `${code}-${type.tagprefix}-${String(n).padStart(3, "0")}`,
          key_field: `${code}-${type.tagprefix}${String(n).padStart(2, "0")}`,
          client_id: client.id,
          site_id: site.id,
          assettype_id: typeId,
          user_id: typeId === 11 && users.length ? rng.pick(users).id : 0,
          inactive: retired,
          status_id: retired ? 3 : 1,
          warranty_end: iso(purchased + 3 * 365 * DAY).slice(0, 10),
          notes: "",
          fields: type.field_ids.map((fid) => ({ id: fid, value: values[fid] ?? "" })),
          customfields: [],
        };
        db.assets.set(asset.id, asset);
      }
    }
  }
  db.nextId.asset = id;
}

type ContractTerms = Pick<
  Contract,
  | "ref"
  | "contracttype_name"
  | "start_date"
  | "end_date"
  | "billingperiod"
  | "periodchargeamount"
  | "numberofunitsfree"
  | "sla_id"
  | "note"
  | "active"
>;

function seedContracts(db: FakeDb, rng: Rng, seeds: Map<number, ClientSeed>): void {
  let id = 70;
  for (const client of db.clients.values()) {
    const code = seeds.get(client.id)?.code ?? "CLNT";
    const site = sitesOf(db, client.id)[0];
    // Globex's contract ran out last month and was never renewed: active, but expired.
    const start = client.name.startsWith("Globex") ? REF - 377 * DAY : REF - rng.int(30, 300) * DAY;
    const add = (c: ContractTerms) => {
      const contract: Contract = { id: id++, client_id: client.id, site_id: site?.id ?? 0, ...c };
      db.contracts.set(contract.id, contract);
    };
    add({
      ref: `${code}-MSP-${new Date(start).getUTCFullYear()}`,
      contracttype_name: "Managed Services",
      start_date: iso(start).slice(0, 10),
      end_date: iso(start + 365 * DAY).slice(0, 10),
      billingperiod: 2,
      periodchargeamount: rng.pick([450, 900, 1250, 2400, 3600]),
      numberofunitsfree: 0,
      sla_id: client.sla_id,
      note: "Monthly managed service: unlimited remote support, patching and monitoring.",
      active: true,
    });
    if (rng.chance(0.5) || client.name === "Acme Corporation") {
      // An expired predecessor: shown only with includeinactive=true.
      const oldStart = start - 365 * DAY;
      add({
        ref: `${code}-BLK-${new Date(oldStart).getUTCFullYear()}`,
        contracttype_name: "Block Hours",
        start_date: iso(oldStart).slice(0, 10),
        end_date: iso(start - DAY).slice(0, 10),
        billingperiod: 5,
        periodchargeamount: rng.pick([1500, 3000]),
        numberofunitsfree: rng.pick([20, 40]),
        sla_id: 1,
        note: "Prepaid block of support hours.",
        active: false,
      });
    }
    if (rng.chance(0.3)) {
      add({
        ref: `${code}-BKP-${new Date(start).getUTCFullYear()}`,
        contracttype_name: "Cloud Backup Add-on",
        start_date: iso(start + 30 * DAY).slice(0, 10),
        end_date: iso(start + 395 * DAY).slice(0, 10),
        billingperiod: 2,
        periodchargeamount: rng.pick([75, 150]),
        numberofunitsfree: 0,
        sla_id: client.sla_id,
        note: "Offsite backup of servers and Microsoft 365.",
        active: true,
      });
    }
  }
  db.nextId.contract = id;
}

function seedTickets(db: FakeDb, rng: Rng, count: number, seeds: Map<number, ClientSeed>): void {
  const clients = [...db.clients.values()];
  const clientWeights = clients.map(
    (c) => [c, c.name === "Acme Corporation" ? 4 : c.inactive ? 0.3 : 1] as const,
  );
  const sitesByClient = new Map(clients.map((c) => [c.id, sitesOf(db, c.id)]));
  const usersBySite = new Map([...db.sites.values()].map((s) => [s.id, usersOf(db, s.id)]));
  const typeWeights = [
    [1, 5],
    [3, 4],
    [4, 1],
    [5, 1],
    [28, 2],
  ] as const;
  const statusWeights = [
    [1, 2],
    [2, 3],
    [21, 2],
    [4, 1],
    [22, 1],
    [8, 1.5],
    [9, 4],
  ] as const;
  const priorityWeights = [
    [1, 1],
    [2, 2],
    [3, 5],
    [4, 3],
  ] as const;
  const activeAgents = [...db.agents.values()].filter((a) => !a.isdisabled);
  const ticketFields = fieldDefs(db, 1);
  const defs = new Map(ticketFields.map((f) => [f.name, f]));

  for (let i = 0; i < count; i++) {
    const id = 1001 + i;
    const client = rng.weighted(clientWeights);
    const code = seeds.get(client.id)?.code ?? "CLNT";
    const site = rng.pick(sitesByClient.get(client.id) ?? []);
    const users = usersBySite.get(site.id) ?? [];
    const user = users.length ? rng.pick(users) : undefined;
    const typeId = rng.weighted(typeWeights);
    const type = db.ticketTypes.get(typeId)!;
    const statusId = rng.weighted(statusWeights);
    const closed = db.statuses.get(statusId)?.closed === true;
    const priorityId = rng.weighted(priorityWeights);
    const occurred = REF - rng.int(10, 90 * 24 * 60) * MINUTE;
    const updated = Math.min(REF - MINUTE, occurred + rng.int(5, 14 * 24 * 60) * MINUTE);
    const unassigned = statusId === 1 && rng.chance(0.5);
    const teamAgents = activeAgents.filter((a) => a.team_ids.includes(type.default_team_id));
    const agent = unassigned ? undefined : rng.pick(teamAgents.length ? teamAgents : activeAgents);
    const vars = {
      site: site.name,
      first: user?.firstname ?? "the user",
      last: user?.surname ?? "",
      client: client.name,
      host: `${code}-${rng.pick(["FS01", "DC01", "SQL01", "FW01", "APP02", "RDS01"])}`,
    };
    const summary = fill(rng.pick(SUMMARIES[typeId] ?? ["Support request"]), vars).trim();
    const details = `${fill(rng.pick(DETAIL_OPENERS), vars)} ${rng.pick(DETAIL_BODIES)}`;
    const values: Record<string, unknown> = {
      CFService: rng.pick(defs.get("CFService")?.values ?? []).id,
      CFImpactedUsers: rng.chance(0.7) ? rng.pick(defs.get("CFImpactedUsers")?.values ?? []).id : "",
      CFAssetTag: rng.chance(0.3) ? `${code}-LT-${String(rng.int(1, 3)).padStart(3, "0")}` : "",
      CFCustomerRef: rng.chance(0.25) ? `PO-${rng.int(10000, 99999)}` : "",
      CFRootCause: closed && rng.chance(0.6) ? "Configuration drift after a vendor update." : "",
      CFResolutionCode: closed ? rng.pick(defs.get("CFResolutionCode")?.values ?? []).id : "",
      CFBillable: rng.chance(0.3),
      CFFollowUpDate: !closed && rng.chance(0.2) ? iso(REF + rng.int(1, 14) * DAY).slice(0, 10) : "",
      CFLocation: rng.chance(0.3)
        ? rng.pick(["Reception", "Meeting Room 2", "Finance office", "Warehouse"])
        : "",
      CFEscalationReason: rng.chance(0.08) ? "Customer asked for a senior engineer." : "",
    };
    const ticket: Ticket = {
      id,
      summary,
      details,
      client_id: client.id,
      site_id: site.id,
      user_id: user?.id ?? 0,
      agent_id: agent?.id ?? 0,
      team_id: type.default_team_id,
      status_id: statusId,
      priority_id: priorityId,
      tickettype_id: typeId,
      sla_id: client.sla_id,
      dateoccurred: iso(occurred),
      last_update: iso(updated),
      lastactiondate: iso(updated),
      ...(closed ? { dateclosed: iso(updated) } : {}),
      customfields: ticketFields.map((def) => seedField(def, values[def.name])),
    };
    db.tickets.set(id, ticket);
    db.actions.set(id, seedActions(db, rng, ticket, user, vars, occurred, updated));
  }
  db.nextId.ticket = 1001 + count;
}

function seedActions(
  db: FakeDb,
  rng: Rng,
  t: Ticket,
  user: User | undefined,
  vars: Record<string, string>,
  occurred: number,
  updated: number,
): Action[] {
  const actions: Action[] = [];
  const outcomes = [...db.outcomes.values()];
  const byName = (n: string) => outcomes.find((o) => o.outcome === n)!;
  const agent = db.agents.get(t.agent_id);
  const add = (outcome: string, at: number, note: string, extra: Partial<Action> = {}) => {
    const o = byName(outcome);
    actions.push({
      ticket_id: t.id,
      id: actions.length + 1,
      outcome: o.outcome,
      outcome_id: o.id,
      who: o.systemid ? "System" : (agent?.name ?? "Alice Admin"),
      who_agentid: o.systemid ? 0 : (agent?.id ?? 1),
      datetime: iso(at),
      note,
      hiddenfromuser: o.hidefromuser,
      timetaken: 0,
      sendemail: false,
      system: o.systemid > 0,
      important: false,
      ...extra,
    });
  };
  add("Ticket Logged", occurred, `Ticket logged by ${user?.name ?? "the service desk"}.`, {
    who: user?.name ?? "System",
  });
  add(
    "Rule Applied",
    occurred + MINUTE,
    `Matched rule: assign to team ${db.teams.get(t.team_id)?.name ?? ""}.`,
  );
  const span = Math.max(MINUTE, updated - occurred);
  const human = t.status_id === 1 ? rng.int(0, 1) : rng.int(1, 3);
  for (let k = 0; k < human; k++) {
    const outcome = rng.pick(["Private Note", "Email User", "Phone Call", "Remote Session", "Public Note"]);
    const at = occurred + Math.floor((span * (k + 1)) / (human + 2));
    add(outcome, at, fill(rng.pick(NOTES[outcome] ?? ["Update."]), vars), {
      timetaken: rng.pick([0.1667, 0.25, 0.5, 0.75, 1]),
      sendemail: outcome === "Email User",
      ...(outcome === "Email User" && user ? { emailto: user.emailaddress } : {}),
    });
  }
  if (t.status_id !== 1) {
    const closed = db.statuses.get(t.status_id)?.closed === true;
    add(
      closed ? "Resolution" : "Status Change",
      updated,
      fill(
        closed
          ? rng.pick(NOTES.Resolution ?? [])
          : `Status changed to ${db.statuses.get(t.status_id)?.name}.`,
        vars,
      ),
      {
        new_status: t.status_id,
        timetaken: closed ? 0.25 : 0,
      },
    );
  }
  return actions;
}

/** A 1x1 PNG, for an image attachment a client can decode. */
const PNG_1X1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

function seedAttachments(db: FakeDb): void {
  const acme = [...db.tickets.values()].filter((t) => t.client_id === 12).slice(0, 2);
  const files: Array<[string, string, Buffer]> = [
    ["error-screenshot.png", "image/png", Buffer.from(PNG_1X1, "base64")],
    [
      "event-log.txt",
      "text/plain",
      Buffer.from("2026-10-20 09:14:02 ERROR Spooler: printer ACME-PR-001 not responding\n", "utf8"),
    ],
    [
      "network-diagram.pdf",
      "application/pdf",
      Buffer.from("%PDF-1.4\n% sandbox placeholder\n%%EOF\n", "latin1"),
    ],
  ];
  let id = 3001;
  files.forEach(([filename, type, bytes], k) => {
    const ticket = acme[k % Math.max(1, acme.length)];
    if (!ticket) return;
    db.attachments.set(id, {
      id,
      ticket_id: ticket.id,
      action_id: 0,
      filename,
      content_type: type,
      datecreated: ticket.dateoccurred,
      note: "",
      bytes,
      guid: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    });
    id++;
  });
  db.nextId.attachment = id;
}

function seedLongTail(db: FakeDb, rng: Rng): void {
  const clients = [...db.clients.values()].filter((c) => !c.inactive);
  const agents = [...db.agents.values()].filter((a) => !a.isdisabled);
  const tickets = [...db.tickets.values()];
  const put = (name: LongTailName, row: WireObject): void => {
    db.longTail[name].set(row.id as number, row);
  };
  const clientRef = (c: Client) => ({ client_id: c.id, client_name: c.name });

  const suppliers = ["Ingram Micro", "TD SYNNEX", "Dell Technologies", "Pax8"];
  suppliers.forEach((name, k) => {
    put("Supplier", {
      id: 20 + k,
      name,
      contact_name: `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`,
      email_address: `orders@${name.toLowerCase().replace(/[^a-z]/g, "")}.example`,
      phone_number: `+44 20 7946 0${600 + k}`,
      website: `https://www.${name.toLowerCase().replace(/[^a-z]/g, "")}.example`,
      inactive: false,
      address: `${rng.int(1, 99)} Trade Park, Reading`,
      notes: "",
      accounts_id: `SUP${100 + k}`,
    });
  });
  const items: Array<[string, number, number]> = [
    ["Microsoft 365 Business Premium (monthly)", 18.1, 15.5],
    ["Dell Latitude 5440 laptop", 899, 720],
    ["24in monitor", 149, 110],
    ["Managed backup per server", 45, 20],
    ["On-site engineer day", 650, 0],
    ["FortiGate 60F firewall", 720, 560],
    ["Brother toner TN-426BK", 95, 70],
    ["Remote support hour", 85, 0],
  ];
  items.forEach(([name, price, cost], k) => {
    put("Item", {
      id: 40 + k,
      name,
      description: name,
      baseprice: price,
      costprice: cost,
      quantity_in_stock: cost > 0 && !name.includes("per") ? rng.int(0, 12) : 0,
      supplier_id: 20 + (k % suppliers.length),
      supplier_name: suppliers[k % suppliers.length],
      assetgroup_name: k === 1 || k === 2 || k === 5 ? "Hardware" : "Services",
      supplier_part_code: `P-${1000 + k}`,
      recurringprice: name.includes("monthly") ? price : 0,
      taxcode_name: "Standard 20%",
      note: "",
    });
  });
  for (let k = 0; k < 8; k++) {
    const c = clients[k % clients.length]!;
    const date = REF - (k * 9 + 3) * DAY;
    const total = rng.pick([450, 900, 1250, 2400, 3600]) * 1.2;
    const paid = k > 2;
    put("Invoice", {
      id: 800 + k,
      invoicenumber: `INV-${String(2400 + k).padStart(6, "0")}`,
      thirdpartyinvoicenumber: "",
      ...clientRef(c),
      invoice_date: iso(date),
      duedate: iso(date + 30 * DAY),
      total,
      amountdue: paid ? 0 : total,
      amountpaid: paid ? total : 0,
      datepaid: paid ? iso(date + rng.int(5, 25) * DAY) : "1900-01-01T00:00:00",
      reference: `Managed services ${iso(date).slice(0, 7)}`,
      notes_1: "",
      contract_id: [...db.contracts.values()].find((x) => x.client_id === c.id)?.id ?? 0,
      ticket_id: 0,
      lines: [
        {
          id: 1,
          item_shortdescription: "Managed Services",
          qty_order: 1,
          unit_price: total / 1.2,
          net_amount: total / 1.2,
        },
      ],
    });
  }
  for (let k = 0; k < 5; k++) {
    const c = clients[(k * 2) % clients.length]!;
    const agent = agents[k % agents.length]!;
    put("Quotation", {
      id: 60 + k,
      title: rng.pick([
        "Laptop refresh",
        "Firewall replacement",
        "Microsoft 365 migration",
        "Wi-Fi upgrade",
        "Backup expansion",
      ]),
      ...clientRef(c),
      date: iso(REF - (k * 6 + 2) * DAY),
      expiry_date: iso(REF + (30 - k * 6) * DAY),
      total: rng.pick([1800, 4200, 7600, 12500]),
      assigned_agent: agent.id,
      assigned_agent_name: agent.name,
      ticket_id: tickets[k]?.id ?? 0,
      user_id: 0,
      user_name: "",
      note: "",
      lines: [{ id: 1, name: "Hardware and labour", quantity: 1, total_price: 1800 }],
    });
  }
  const ticketLike = (
    name: LongTailName,
    base: number,
    n: number,
    summaries: string[],
    extra: (k: number) => WireObject,
  ) => {
    for (let k = 0; k < n; k++) {
      const c = clients[(k * 3 + 1) % clients.length]!;
      const agent = agents[(k + 2) % agents.length]!;
      put(name, {
        id: base + k,
        summary: summaries[k % summaries.length],
        details: "",
        ...clientRef(c),
        site_id: sitesOf(db, c.id)[0]?.id ?? 0,
        agent_id: agent.id,
        agent_name: agent.name,
        status_id: k % 3 === 2 ? 9 : 2,
        status_name: k % 3 === 2 ? "Closed" : "In Progress",
        dateoccurred: iso(REF - (k * 11 + 5) * DAY),
        use: name === "Projects" ? "project" : "opportunity",
        ...extra(k),
      });
    }
  };
  ticketLike(
    "Opportunities",
    5001,
    4,
    ["Managed services proposal", "Security awareness training", "VoIP migration", "Extra site onboarding"],
    (k) => ({
      oppcompanyname: clients[(k * 3 + 1) % clients.length]!.name,
      oppvalue: [12000, 3500, 8000, 6000][k],
      oppconversionprobability: [60, 30, 45, 80][k],
      pipeline_stage_name: ["Qualified", "Proposal", "Negotiation", "Verbal Yes"][k],
      oppcontactname: "",
      oppemailaddress: "",
      targetdate: iso(REF + (k + 1) * 14 * DAY),
    }),
  );
  ticketLike(
    "Projects",
    6001,
    3,
    ["Office move", "Microsoft 365 tenant migration", "Network refresh"],
    (k) => ({
      startdate: iso(REF - (k + 2) * 20 * DAY),
      targetdate: iso(REF + (k + 1) * 20 * DAY),
      projecttimepercentage: [35, 70, 10][k],
      projecttimebudget: [40, 80, 120][k],
      projecttimeactual: [14, 56, 12][k],
      projectmoneybudget: [4000, 9000, 15000][k],
      projectmoneyactual: [1200, 6100, 900][k],
    }),
  );
  for (let k = 0; k < 6; k++) {
    const c = clients[k % clients.length]!;
    const agent = agents[k % agents.length]!;
    const start = REF + (k - 2) * DAY + 9 * HOUR;
    put("Appointment", {
      id: 900 + k,
      subject: rng.pick([
        "On-site visit",
        "Quarterly review",
        "Laptop rollout",
        "Firewall install",
        "Training session",
      ]),
      start_date: iso(start),
      end_date: iso(start + 2 * HOUR),
      agent_id: agent.id,
      agent_name: agent.name,
      ...clientRef(c),
      ticket_id: tickets[k + 5]?.id ?? 0,
      appointment_type_name: "Site Visit",
      appointment_location_name: sitesOf(db, c.id)[0]?.name ?? "",
      note: "",
      is_task: false,
      allday: false,
    });
  }
  const kb: Array<[string, string, string]> = [
    [
      "How to reset your password",
      "password, self-service",
      "Use the self-service portal and follow the e-mailed link.",
    ],
    [
      "Connecting to the VPN",
      "vpn, remote",
      "Install the VPN client, sign in with your work account, approve the MFA prompt.",
    ],
    ["Printer troubleshooting", "printer", "Check power and network cable, then restart the print spooler."],
    ["Setting up MFA", "mfa, security", "Install Microsoft Authenticator and scan the QR code."],
    [
      "Requesting new equipment",
      "hardware, request",
      "Raise a Service Request with the item and business reason.",
    ],
  ];
  kb.forEach(([name, tags, resolution], k) => {
    put("KBArticle", {
      id: 300 + k,
      name,
      tag_string: tags,
      view_count: rng.int(5, 400),
      date_created: iso(REF - (200 - k * 20) * DAY),
      date_edited: iso(REF - (40 - k * 5) * DAY),
      inactive: false,
      description: `<p>${name}.</p>`,
      resolution: `<p>${resolution}</p>`,
      creator_name: "Alice Admin",
      type: 0,
    });
  });
  agents.forEach((agent, k) => {
    const day = REF - DAY;
    put("Timesheet", {
      id: 700 + k,
      agent_id: agent.id,
      agent_name: agent.name,
      date: iso(day),
      start_time: iso(day + 9 * HOUR),
      end_time: iso(day + 17 * HOUR),
      target_hours: 7.5,
      actual_hours: 6 + (k % 3) * 0.5,
      chargeable_hours: 4 + (k % 3) * 0.5,
      events: [
        {
          subject: "Ticket work",
          start_date: iso(day + 9 * HOUR),
          end_date: iso(day + 11 * HOUR),
          timetaken: 2,
          ticket_id: tickets[k]?.id ?? 0,
          customer: clients[0]?.name ?? "",
        },
      ],
    });
  });
  const licences: Array<[string, string, number]> = [
    ["Microsoft 365 Business Premium", "Microsoft", 25],
    ["Microsoft 365 Business Basic", "Microsoft", 10],
    ["Adobe Acrobat Pro", "Adobe", 5],
    ["Sophos Intercept X", "Sophos", 30],
    ["Veeam Backup for Microsoft 365", "Veeam", 25],
    ["Windows Server 2022 Standard", "Microsoft", 2],
  ];
  licences.forEach(([name, vendor, count], k) => {
    const c = clients[k % clients.length]!;
    put("SoftwareLicence", {
      id: 400 + k,
      name,
      ...clientRef(c),
      site_id: 0,
      count,
      licences_in_use: Math.max(0, count - rng.int(0, 4)),
      vendor,
      manufacturer: vendor,
      start_date: iso(REF - 200 * DAY),
      end_date: iso(REF + (k === 2 ? -10 : 165) * DAY),
      status: k === 2 ? "Expired" : "Active",
      billing_cycle: "Monthly",
      term_duration: "P1Y",
      price: rng.pick([4.5, 9.9, 18.1]),
      autorenew: k !== 2,
      supplier_id: 23,
      supplier_name: "Pax8",
      notes: "",
      type: 0,
    });
  });
}
