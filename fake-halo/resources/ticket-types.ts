/**
 * Ticket types (RequestType): seed, wire shapes (list row and the full
 * object with its field layout) and GET /TicketType.
 */

import { FIELD_INFO_FILLER, FIELD_WRAP_FILLER, TICKET_TYPE_FILLER } from "../filler.js";
import type { Rng } from "../prng.js";
import { byId, type ReadDef } from "../read.js";
import type { FakeDb, TicketType, WireObject } from "../types.js";
import { merge } from "../util.js";
import { wireFieldInfo } from "./custom-fields.js";
import { countsBy } from "./lookups.js";

/** [id, name, prefix, default team, default priority]. */
export const TICKET_TYPE_SEEDS: Array<[number, string, string, number, number]> = [
  [1, "Incident", "INC", 1, 3],
  [3, "Service Request", "SR", 1, 4],
  [4, "Problem", "PRB", 2, 2],
  [5, "Change Request", "CHG", 5, 3],
  [28, "Monitoring Alert", "ALR", 2, 2],
];

export function seedTicketTypes(db: FakeDb, rng: Rng): void {
  for (const [id, name, prefix, team, priority] of TICKET_TYPE_SEEDS)
    db.ticketTypes.set(id, {
      id,
      name,
      prefix,
      default_team_id: team,
      default_priority: priority,
      guid: rng.guid(),
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

type TypeRec = FakeDb["ticketTypes"] extends Map<number, infer T> ? T : never;
export const ticketTypes: ReadDef<TypeRec> = {
  label: "Ticket Type",
  find: ({ db }) => [...db.ticketTypes.values()],
  render({ db, q }, t) {
    const row = wireTicketType(db, t);
    return q.bool("showcounts")
      ? { ...row, ticket_count: countsBy(db, "tickettype_id").get(t.id) ?? 0 }
      : row;
  },
  one({ db }, id) {
    const t = byId(db.ticketTypes, id);
    return t && wireTicketTypeFull(db, t);
  },
};
