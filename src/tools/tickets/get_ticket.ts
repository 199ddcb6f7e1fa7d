import { z } from "zod";
import { R } from "../../halo/resources.js";
import { fields, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { pickRaw } from "../records/raw-fields.js";
import { actionRow, actionRowShape, newestFirst } from "./action-projection.js";
import { loadTicketNames, type Row, ticketDetail, ticketDetailShape } from "./projection.js";

export const LATEST_ACTIONS = 5;
const ACTION_EXCERPT = 200;

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
    const actions = ctx.halo.resources.lookup<Row>(
      R.actions.path,
      { ticket_id: args.id, count: LATEST_ACTIONS, excludesys: true },
      { signal },
    );
    actions.catch(() => undefined);
    const [raw, names] = await Promise.all([
      ctx.halo.resources.get<Row>(R.tickets, args.id, {}, { signal }),
      loadTicketNames(ctx),
    ]);
    const latest = [...(await actions)]
      .sort(newestFirst)
      .slice(0, LATEST_ACTIONS)
      .map((a) => actionRow(a, { agents: names.agents, statuses: names.statuses }, ACTION_EXCERPT));
    const extra = pickRaw(raw, args.fields, 1000);
    return {
      data: {
        ticket: {
          ...ticketDetail(raw, names),
          ...(latest.length ? { latest_actions: latest } : {}),
          ...(Object.keys(extra).length ? { fields: extra } : {}),
        },
      },
    };
  },
});
