import { z } from "zod";
import { R } from "../../halo/resources.js";
import { customFields, dryRun, idOrName } from "../common.js";
import { defineTool } from "../define.js";
import { customFieldsForCreate } from "./field-defs.js";
import { loadTicketNames, type Row, ticketDetail, ticketWriteShape } from "./projection.js";
import {
  detailsInput,
  dryRunResult,
  resolveTicketRefs,
  summaryInput,
  ticketWriteInput,
} from "./ticket-write.js";

export const createTicket = defineTool({
  name: "create_ticket",
  title: "Create ticket",
  description: "Log a ticket; unset fields take Halo's defaults.",
  toolset: "tickets",
  effect: "create",
  input: {
    summary: summaryInput,
    details: detailsInput.optional(),
    client: idOrName(),
    ...ticketWriteInput,
    custom_fields: customFields,
    send_acknowledgement: z.boolean().default(false).describe("Email the contact Halo's receipt (if asked)"),
    dry_run: dryRun,
  },
  output: ticketWriteShape("created"),
  async handler(args, ctx) {
    const { fields, refs } = await resolveTicketRefs(ctx, args);
    const customfields = await customFieldsForCreate(ctx, args.custom_fields);
    const payload: Row = {
      summary: args.summary,
      ...(args.details === undefined ? {} : { details: args.details }),
      ...fields,
      ...(customfields ? { customfields } : {}),
      // Always explicit: ticket types can default to emailing the customer an acknowledgement.
      sendack: args.send_acknowledgement,
    };
    if (args.dry_run) return dryRunResult([payload], refs);
    // One POST, never repeated: a create that may have landed is not retried (the core refuses too).
    const saved = await ctx.halo.resources.save<Row>(R.tickets, payload, { signal: ctx.signal });
    const names = await loadTicketNames(ctx);
    return { data: { created: ticketDetail(saved, names) } };
  },
});
