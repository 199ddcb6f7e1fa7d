/**
 * Did Halo honour a GET /Tickets filter? A server that ignores a parameter
 * answers as if it had not been sent, so a row it returns either carries
 * the value asked for or proves the filter was dropped. Shared by the
 * counting code (one row per count is its proof) and any tool that wants
 * the same check; only parameters whose field comes back on list rows are
 * checked, the others pass unverified. open_only/closed_only are not: a
 * reopened ticket may keep the date it was first closed, so the row's
 * closed date cannot prove them (counts check them by adding up instead).
 *
 * The row test itself is verify-rows' idCheck, the one every list tool uses;
 * this module only maps GET /Tickets parameters to the row fields and names
 * the value a contradicting row carries, which a count's note reports.
 */
import type { Query } from "../../halo/http.js";
import { num, type Row, str } from "../../util/format.js";
import { idCheck } from "./verify-rows.js";

export interface Mismatch {
  /** The query parameter Halo did not honour, e.g. "status_id". */
  param: string;
  asked: string;
  /** What the row carries instead. */
  got: string;
}

const ids = (v: unknown): number[] =>
  String(v)
    .split(",")
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isInteger(x));

/** Single-ID parameters and the row field that carries the value. */
const SINGLE: Record<string, string> = {
  status_id: "status_id",
  agent_id: "agent_id",
  client_id: "client_id",
  site_id: "site_id",
  user_id: "user_id",
  requesttype_id: "tickettype_id",
};

/** List parameters ("array of int" in the spec, sent as "1,2"). */
const LIST: Record<string, string> = {
  status: "status_id",
  agent: "agent_id",
  priority: "priority_id",
  requesttype: "tickettype_id",
  sla: "sla_id",
  client_ids: "client_id",
};

/**
 * The first filter of `query` that `row` contradicts, or undefined. A team
 * is checked by ID when the row has one, else by name (`teams` maps IDs to
 * names); rows without the field prove nothing either way.
 */
export function ticketRowMismatch(
  row: Row,
  query: Query,
  names: { teams?: Map<number, string> } = {},
): Mismatch | undefined {
  for (const [param, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    const single = SINGLE[param];
    const list = LIST[param];
    if (single || list) {
      const field = (single ?? list) as string;
      const want = single ? [Number(value)] : ids(value);
      if (idCheck(param, field, want).test(row) === false)
        return { param, asked: String(value), got: `${field} ${num(row[field])}` };
    } else if (param === "team") {
      const want = ids(value);
      const teamId = num(row.team_id);
      if (teamId !== undefined && teamId > 0) {
        if (!want.includes(teamId)) return { param, asked: String(value), got: `team_id ${teamId}` };
        continue;
      }
      const name = str(row.team);
      if (name === undefined || !names.teams) continue;
      const wanted = want.map((id) => names.teams?.get(id)?.toLowerCase());
      if (!wanted.includes(name.toLowerCase())) return { param, asked: String(value), got: `team "${name}"` };
    }
  }
  return undefined;
}
