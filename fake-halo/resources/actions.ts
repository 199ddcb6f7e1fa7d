/**
 * Actions (notes, emails, time on a ticket): seeded history, wire shape,
 * GET /Actions (ticket_id required, `count` cuts in the tenant's order) and POST /Actions.
 */
import { ACTION_FILLER } from "../filler.js";
import type { Rng } from "../prng.js";
import { dateRange, numericId, ordered, type ReadDef } from "../read.js";
import { badRequest, isReply, notFound } from "../reply.js";
import type { Action, FakeDb, Ticket, User, WireObject } from "../types.js";
import { fill, has, iso, MINUTE, merge, num, str, truthy } from "../util.js";
import { assign, checkRef, itemId, type WriteDef } from "../write.js";
import { setStatus, toHtml } from "./tickets.js";

export const NOTES: Record<string, string[]> = {
  "Private Note": [
    "Checked event logs, nothing obvious. Will remote in later.",
    "Spoke to vendor support, case raised with them.",
    "Looks like a driver issue after the last update.",
    "Escalating to second line for a closer look.",
  ],
  "Public Note": [
    "We are looking into this and will update you shortly.",
    "A fix has been applied; please let us know if it happens again.",
  ],
  "Email User": [
    "Hi {first}, could you send a screenshot of the error please?",
    "Hi {first}, can you confirm a good time for us to connect remotely?",
    "Hi {first}, the replacement part has been ordered and should arrive in two days.",
  ],
  "Phone Call": [
    "Called {first}, talked through the steps, issue persists.",
    "Left a voicemail for {first}.",
  ],
  "Remote Session": [
    "Connected remotely, cleared the cache and rebooted.",
    "Remote session: reinstalled the client.",
  ],
  Resolution: [
    "Resolved: root cause fixed and confirmed with {first}.",
    "Closing as confirmed working by {first}.",
  ],
};

export function seedActions(
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

// ---------- actions, attachments ----------

export const actions: ReadDef<Action> = {
  key: "actions",
  label: "Action",
  find({ db, q, tenant }) {
    const ticketId = q.int("ticket_id");
    if (ticketId === undefined) return badRequest("Please specify a ticket_id.");
    const range = dateRange(q);
    if (isReply(range)) return range;
    const excludeSys = q.bool("excludesys");
    const agentOnly = q.bool("agentonly");
    const conversation = q.bool("conversationonly");
    const important = q.bool("importantonly");
    const rows = (db.actions.get(ticketId) ?? []).filter((a) => {
      if (excludeSys && a.system) return false;
      if (agentOnly && (a.system || !a.who_agentid)) return false;
      if (conversation && (a.system || a.hiddenfromuser)) return false;
      if (important && !a.important) return false;
      const at = Date.parse(a.datetime);
      if (range.from !== undefined && at < range.from) return false;
      if (range.to !== undefined && at > range.to) return false;
      return true;
    });
    // Newest first unless the tenant says otherwise; `count` keeps the first rows.
    return ordered(rows, q, "id", tenant.actionsOrder !== "oldest");
  },
  render: ({ db }, a) => wireAction(db, a),
  one({ db, q }, id) {
    const ticketId = q.int("ticket_id");
    if (ticketId === undefined) return badRequest("Please specify a ticket_id.");
    const n = numericId(id);
    const a = (db.actions.get(ticketId) ?? []).find((x) => x.id === n);
    return a && wireAction(db, a);
  },
};

/** A system action, as Halo records logging and status changes. */
export function logAction(
  db: FakeDb,
  t: Ticket,
  outcomeName: string,
  note: string,
  now: number,
  emailed = false,
): void {
  const list = db.actions.get(t.id) ?? [];
  const outcome = [...db.outcomes.values()].find((o) => o.outcome === outcomeName);
  list.push({
    ticket_id: t.id,
    id: list.length ? Math.max(...list.map((a) => a.id)) + 1 : 1,
    outcome: outcomeName,
    outcome_id: outcome?.id ?? 0,
    who: "System",
    who_agentid: 0,
    datetime: iso(now),
    note,
    hiddenfromuser: !emailed,
    timetaken: 0,
    sendemail: emailed,
    system: true,
    important: false,
    ...(outcomeName === "Status Change" ? { new_status: t.status_id } : {}),
  });
  db.actions.set(t.id, list);
  t.lastactiondate = iso(now);
}

// ---------- actions, attachments ----------

export const actionsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    if (!has(item, "ticket_id")) return badRequest("Please select a Ticket (ticket_id).");
    const ticket = db.tickets.get(num(item.ticket_id));
    if (!ticket) return badRequest(`Invalid ticket_id: there is no Ticket with ID ${str(item.ticket_id)}.`);
    const list = db.actions.get(ticket.id) ?? [];
    const existing = id ? list.find((a) => a.id === id) : undefined;
    if (id && !existing) return notFound("Action", id);
    const outcomes = [...db.outcomes.values()];
    let outcome = has(item, "outcome_id") ? db.outcomes.get(num(item.outcome_id)) : undefined;
    if (has(item, "outcome_id") && !outcome)
      return badRequest(`Invalid outcome_id: there is no Outcome with ID ${str(item.outcome_id)}.`);
    if (!outcome && str(item.outcome)) {
      outcome = outcomes.find((o) => o.outcome.toLowerCase() === str(item.outcome).toLowerCase());
      if (!outcome) return badRequest(`Invalid outcome: there is no Outcome named "${str(item.outcome)}".`);
    }
    if (!existing && !outcome && !str(item.note))
      return badRequest("Please enter a Note (note) or choose an Outcome (outcome).");
    const error = checkRef(item, "new_status", "Status", (n) => db.statuses.has(n), true);
    if (error) return error;
    return () => {
      const now = ctx.now();
      const agent = db.agents.get(db.apiAgentId);
      const chosen = outcome ?? outcomes.find((o) => o.outcome === "Private Note")!;
      const a: Action = existing ?? {
        ticket_id: ticket.id,
        id: list.length ? Math.max(...list.map((x) => x.id)) + 1 : 1,
        outcome: chosen.outcome,
        outcome_id: chosen.id,
        who: agent?.name ?? "API",
        who_agentid: agent?.id ?? 0,
        datetime: iso(now),
        note: "",
        hiddenfromuser: chosen.hidefromuser,
        timetaken: 0,
        sendemail: false,
        system: false,
        important: false,
      };
      assign(a, item, ["ticket_id", "system", "outcome", "outcome_id", "new_status"]);
      if (outcome) {
        a.outcome = outcome.outcome;
        a.outcome_id = outcome.id;
      }
      a.note = str(a.note);
      a.hiddenfromuser = truthy(a.hiddenfromuser);
      a.sendemail = truthy(a.sendemail);
      a.timetaken = Number.isFinite(num(a.timetaken)) ? num(a.timetaken) : 0;
      // A posted completion date is when the work was done (time logged after the fact).
      const posted = str(item.actioncompletiondate);
      const done = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(posted) ? posted : `${posted}Z`);
      if (Number.isFinite(done)) a.datetime = iso(done);
      const newStatus = num(item.new_status);
      if (newStatus > 0) {
        a.new_status = newStatus;
        setStatus(db, ticket, newStatus, now);
      }
      if (!existing) {
        list.push(a);
        db.actions.set(ticket.id, list);
      }
      ticket.last_update = iso(now);
      ticket.lastactiondate = iso(now);
      return wireAction(db, a);
    };
  },
  remove({ db, q }, id) {
    const ticketId = q.int("ticket_id");
    if (ticketId === undefined) return badRequest("Please specify a ticket_id.");
    const list = db.actions.get(ticketId) ?? [];
    const i = list.findIndex((a) => a.id === id);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  },
};
