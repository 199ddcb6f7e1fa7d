import { z } from "zod";
import { R } from "../../halo/resources.js";
import type { Row } from "../../util/format.js";
import { fields, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { pickRaw } from "../support/raw-fields.js";
import { latestActions } from "../support/ticket-actions.js";
import { actionRow, actionRowShape } from "./action-projection.js";
import {
  DETAILS_MAX,
  loadTicketNames,
  type TicketNames,
  ticketDetail,
  ticketDetailShape,
} from "./projection.js";

export const LATEST_ACTIONS = 5;
const ACTION_EXCERPT = 200;
/** The answer's budget (4 KB) less room for the envelope; `fields` asked for come on top. */
const TICKET_MAX = 3900;
const DETAILS_MIN = 300;

/**
 * The detail and its latest actions within TICKET_MAX: long details give way
 * first, then the oldest of the latest actions.
 */
export function fitTicket(raw: Row, names: TicketNames, latest: ReturnType<typeof actionRow>[]) {
  const build = (detailsMax: number, actions: typeof latest) => ({
    ...ticketDetail(raw, names, detailsMax),
    ...(actions.length ? { latest_actions: actions } : {}),
  });
  let out = build(DETAILS_MAX, latest);
  const over = JSON.stringify(out).length - TICKET_MAX;
  if (over <= 0) return out;
  out = build(Math.max(DETAILS_MIN, DETAILS_MAX - over - 20), latest);
  let actions = latest;
  while (actions.length && JSON.stringify(out).length > TICKET_MAX) {
    actions = actions.slice(0, -1);
    out = build(DETAILS_MIN, actions);
  }
  return out;
}

export const getTicket = defineTool({
  name: "get_ticket",
  title: "Get ticket",
  description: "A ticket with custom fields and latest 5 actions.",
  toolset: "tickets",
  effect: "read",
  input: { id: recordId("Ticket"), fields },
  output: {
    ticket: ticketDetailShape.extend({
      latest_actions: z.array(actionRowShape).optional(),
      fields: z.record(z.string(), z.unknown()).optional(),
    }),
  },
  async handler(args, ctx) {
    const signal = ctx.signal;
    // All three at once; the ticket read is awaited first so a missing ticket
    // reports "no ticket with ID N" rather than an empty action list.
    const actions = latestActions(ctx, args.id, LATEST_ACTIONS, { excludesys: true });
    actions.catch(() => undefined);
    const [raw, names] = await Promise.all([
      ctx.halo.resources.get<Row>(R.tickets, args.id, {}, { signal }),
      loadTicketNames(ctx),
    ]);
    const latest = (await actions).map((a) =>
      actionRow(a, { agents: names.agents, statuses: names.statuses }, ACTION_EXCERPT),
    );
    const extra = pickRaw(raw, args.fields, 1000);
    return {
      data: {
        ticket: {
          ...fitTicket(raw, names, latest),
          ...(Object.keys(extra).length ? { fields: extra } : {}),
        },
      },
    };
  },
});
