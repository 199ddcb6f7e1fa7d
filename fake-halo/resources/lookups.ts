/**
 * The per-tenant lookups answered as bare arrays: statuses, SLAs and
 * priorities (one per SLA), agents, teams and outcomes: seed, wire shapes and reads.
 */
import type { Rng } from "../prng.js";
import { byId, ordered, type ReadDef } from "../read.js";
import type { Agent, FakeDb, Outcome, Priority, Status, Team, WireObject } from "../types.js";
import { contains, lower, merge } from "../util.js";

/** Per-tenant statuses: not Halo's 1..9 defaults (see the file header). */
export const STATUS_SEEDS: Array<Omit<Status, "guid">> = [
  { id: 1, name: "New", shortname: "New", sequence: 1, colour: "#2196f3", closed: false, slaaction: "" },
  {
    id: 2,
    name: "In Progress",
    shortname: "In Prog",
    sequence: 2,
    colour: "#4caf50",
    closed: false,
    slaaction: "",
  },
  {
    id: 21,
    name: "Waiting on Customer",
    shortname: "Waiting",
    sequence: 3,
    colour: "#ff9800",
    closed: false,
    slaaction: "Hold",
  },
  {
    id: 4,
    name: "On Hold",
    shortname: "Hold",
    sequence: 4,
    colour: "#9e9e9e",
    closed: false,
    slaaction: "Hold",
  },
  {
    id: 22,
    name: "Awaiting Parts",
    shortname: "Parts",
    sequence: 5,
    colour: "#795548",
    closed: false,
    slaaction: "Hold",
  },
  {
    id: 8,
    name: "Resolved",
    shortname: "Resolved",
    sequence: 8,
    colour: "#00bcd4",
    closed: true,
    slaaction: "Release",
  },
  {
    id: 9,
    name: "Closed",
    shortname: "Closed",
    sequence: 9,
    colour: "#000000",
    closed: true,
    slaaction: "Release",
  },
];

export const SLA_SEEDS = [
  { id: 1, name: "Standard SLA" },
  { id: 2, name: "Premium 24x7 SLA" },
];

/**
 * [priorityid, name, colour, response hours, fix hours] for the Standard SLA;
 * Premium halves the times and names them "P1 - Critical" and so on.
 */
export const PRIORITY_SEEDS: Array<[number, string, string, number, number]> = [
  [1, "Critical", "#f44336", 1, 4],
  [2, "High", "#ff9800", 2, 8],
  [3, "Medium", "#2196f3", 4, 24],
  [4, "Low", "#8bc34a", 8, 72],
];

export const TEAM_SEEDS = [
  {
    id: 1,
    name: "Service Desk",
    department_id: 1,
    department_name: "Support",
    emailaddress: "servicedesk@sandbox-msp.example",
  },
  {
    id: 2,
    name: "Second Line",
    department_id: 1,
    department_name: "Support",
    emailaddress: "secondline@sandbox-msp.example",
  },
  {
    id: 5,
    name: "Projects",
    department_id: 2,
    department_name: "Professional Services",
    emailaddress: "projects@sandbox-msp.example",
  },
  {
    id: 6,
    name: "Field Engineers",
    department_id: 2,
    department_name: "Professional Services",
    emailaddress: "field@sandbox-msp.example",
  },
];

/** [id, first, last, team ids, job title, role, disabled]. Agent 1 is the API application's agent. */
export const AGENT_SEEDS: Array<[number, string, string, number[], string, string, boolean]> = [
  [1, "Alice", "Admin", [1, 2], "Service Desk Manager", "Administrator", false],
  [3, "Ben", "Carter", [1], "1st Line Technician", "Technician", false],
  [4, "Chloe", "Davies", [1], "1st Line Technician", "Technician", false],
  [5, "Dev", "Patel", [2], "2nd Line Engineer", "Engineer", false],
  [6, "Emma", "Wilson", [5], "Project Engineer", "Engineer", false],
  [7, "Farid", "Khan", [6], "Field Engineer", "Engineer", false],
  [8, "Gary", "Leaver", [1], "Former Technician", "Technician", true],
];

export const OUTCOME_SEEDS: Array<Omit<Outcome, "guid">> = [
  {
    id: 1,
    outcome: "Private Note",
    buttonname: "Private Note",
    hidefromuser: true,
    sendemail: 0,
    systemid: 0,
    colour: "#607d8b",
  },
  {
    id: 2,
    outcome: "Public Note",
    buttonname: "Public Note",
    hidefromuser: false,
    sendemail: 0,
    systemid: 0,
    colour: "#4caf50",
  },
  {
    id: 3,
    outcome: "Email User",
    buttonname: "Email User",
    hidefromuser: false,
    sendemail: 1,
    systemid: 0,
    colour: "#2196f3",
  },
  {
    id: 4,
    outcome: "Phone Call",
    buttonname: "Phone Call",
    hidefromuser: true,
    sendemail: 0,
    systemid: 0,
    colour: "#9c27b0",
  },
  {
    id: 5,
    outcome: "Remote Session",
    buttonname: "Remote Session",
    hidefromuser: true,
    sendemail: 0,
    systemid: 0,
    colour: "#3f51b5",
  },
  {
    id: 6,
    outcome: "Resolution",
    buttonname: "Resolve",
    hidefromuser: false,
    sendemail: 1,
    systemid: 0,
    colour: "#00bcd4",
  },
  {
    id: 101,
    outcome: "Ticket Logged",
    buttonname: "",
    hidefromuser: false,
    sendemail: 0,
    systemid: 1,
    colour: "#000000",
  },
  {
    id: 102,
    outcome: "Status Change",
    buttonname: "",
    hidefromuser: true,
    sendemail: 0,
    systemid: 2,
    colour: "#000000",
  },
  {
    id: 103,
    outcome: "Rule Applied",
    buttonname: "",
    hidefromuser: true,
    sendemail: 0,
    systemid: 3,
    colour: "#000000",
  },
];

/** Statuses, SLAs with their priorities, teams and agents. */
export function seedLookups(db: FakeDb, rng: Rng): void {
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
}

/** Action types, seeded after the ticket types (the order of draws is the seed). */
export function seedOutcomes(db: FakeDb, rng: Rng): void {
  for (const o of OUTCOME_SEEDS) db.outcomes.set(o.id, { ...o, guid: rng.guid() });
}

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
export function priorityObject(db: FakeDb, p: Priority | undefined): WireObject {
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

// ---------- lookups (bare arrays) ----------

export function countsBy(db: FakeDb, key: "status_id" | "team_id" | "tickettype_id"): Map<number, number> {
  const counts = new Map<number, number>();
  for (const t of db.tickets.values()) counts.set(t[key], (counts.get(t[key]) ?? 0) + 1);
  return counts;
}

type StatusRec = FakeDb["statuses"] extends Map<number, infer S> ? S : never;
export const statuses: ReadDef<StatusRec> = {
  label: "Status",
  find({ db, q }) {
    return [...db.statuses.values()]
      .filter((s) => !(q.bool("excludeclosed") && s.closed))
      .sort((a, b) => a.sequence - b.sequence);
  },
  render: ({ db, q }, s) => wireStatus(s, q.bool("showcounts") ? countsBy(db, "status_id") : undefined),
  one({ db }, id) {
    const s = byId(db.statuses, id);
    return s && wireStatus(s);
  },
};

export const priorities: ReadDef<FakeDb["priorities"][number]> = {
  label: "Priority",
  find({ db, q }) {
    const sla = q.int("slaid");
    return db.priorities.filter((p) => sla === undefined || p.slaid === sla);
  },
  render: ({ db }, p) => wirePriority(db, p),
  one({ db }, id) {
    const p = db.priorities.find(
      (x) => x.id.toLowerCase() === id.toLowerCase() || String(x.priorityid) === id,
    );
    return p && wirePriority(db, p);
  },
};

type AgentRec = FakeDb["agents"] extends Map<number, infer A> ? A : never;
export const agents: ReadDef<AgentRec> = {
  label: "Agent",
  find({ db, q }) {
    const search = q.str("search")?.toLowerCase();
    const teamId = q.int("team_id");
    const teamName = q.str("team")?.toLowerCase();
    const disabled = q.bool("includedisabled");
    const rows = [...db.agents.values()].filter(
      (a) =>
        (disabled || !a.isdisabled) &&
        (teamId === undefined || a.team_ids.includes(teamId)) &&
        (!teamName || a.team_ids.some((id) => lower(db.teams.get(id)?.name) === teamName)) &&
        (!search || contains(a.name, search) || contains(a.email, search)),
    );
    return ordered(rows, q, "name", false);
  },
  render: ({ db }, a) => wireAgent(db, a),
  one({ db }, id) {
    const a = id.toLowerCase() === "me" ? db.agents.get(db.apiAgentId) : byId(db.agents, id);
    return a && { ...wireAgent(db, a), isapiagent: a.id === db.apiAgentId };
  },
};

type TeamRec = FakeDb["teams"] extends Map<number, infer T> ? T : never;
export const teams: ReadDef<TeamRec> = {
  label: "Team",
  // Disabled teams only when asked (the spec's includedisabled).
  find: ({ db, q }) =>
    ordered(
      [...db.teams.values()].filter((t) => !t.inactive || q.bool("includedisabled")),
      q,
      "id",
      false,
    ),
  render: ({ db, q }, t) =>
    wireTeam(
      db,
      t,
      q.bool("includeagentsforteams"),
      q.bool("showcounts") ? countsBy(db, "team_id") : undefined,
    ),
  one({ db, q }, id) {
    const t = byId(db.teams, id);
    return t && wireTeam(db, t, q.bool("includeagents") || q.bool("includedetails"));
  },
};

type OutcomeRec = FakeDb["outcomes"] extends Map<number, infer O> ? O : never;
export const outcomes: ReadDef<OutcomeRec> = {
  label: "Outcome",
  find({ db, q }) {
    const system = q.bool("showsystemactions") && !q.bool("excludesystemactions");
    return [...db.outcomes.values()].filter((o) => system || o.systemid === 0);
  },
  render: (_ctx, o) => wireOutcome(o),
  one({ db }, id) {
    const o = byId(db.outcomes, id);
    return o && wireOutcome(o);
  },
};
