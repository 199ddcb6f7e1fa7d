import { z } from "zod";
import { normName } from "../../halo/match.js";
import { R } from "../../halo/resources.js";
import { type Row, when } from "../../util/format.js";
import { customFields, dryRun, idOrName } from "../common.js";
import { defineTool, type ToolContext } from "../define.js";
import { customFieldsForCreate } from "../support/custom-fields.js";
import { dryRunResult, duplicateError } from "../support/writes.js";
import { loadTicketNames, ticketDetail, ticketWriteShape } from "./projection.js";
import { detailsInput, resolveTicketRefs, summaryInput, ticketWriteInput } from "./ticket-write.js";

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
    allow_duplicate: z.boolean().default(false).describe("Allow a duplicate"),
    dry_run: dryRun,
  },
  output: ticketWriteShape("created"),
  async handler(args, ctx) {
    const { fields, refs } = await resolveTicketRefs(ctx, args);
    // The same summary open for the same client is a retried or repeated create, not new work
    // (not looked for when the user already said it is new, unless previewing).
    const [duplicates, customfields] = await Promise.all([
      args.allow_duplicate && !args.dry_run
        ? Promise.resolve([])
        : openTicketsNamed(ctx, Number(fields.client_id), args.summary),
      customFieldsForCreate(ctx, args.custom_fields, "ticket"),
    ]);
    const payload: Row = {
      summary: args.summary,
      ...(args.details === undefined ? {} : { details: args.details }),
      ...fields,
      ...(customfields ? { customfields } : {}),
      // Always explicit: ticket types can default to emailing the customer an acknowledgement.
      sendack: args.send_acknowledgement,
    };
    const preview = dryRunResult([payload], refs, {
      duplicates: { matches: duplicates, allowed: args.allow_duplicate },
    });
    if (args.dry_run) return preview;
    if (duplicates.length > 0 && !args.allow_duplicate) {
      throw duplicateError("ticket", duplicates, {
        found: `open with the same summary for ${refs.client ?? "this client"}`,
        instead: "Add a note to the existing ticket (add_ticket_action)",
        again: "log another",
      });
    }
    await ctx.confirm({
      action: `Create ticket "${args.summary}"${refs.client ? ` for ${refs.client}` : ""}`,
      preview: preview.data,
      email: args.send_acknowledgement,
    });
    // One POST, never repeated: a create that may have landed is not retried (the core refuses too).
    const saved = await ctx.halo.resources.save<Row>(R.tickets, payload, { signal: ctx.signal });
    const names = await loadTicketNames(ctx);
    return { data: { created: ticketDetail(saved, names) } };
  },
});

const norm = normName;

/** Open tickets of the client whose summary is the same (case and spacing aside), as "Summary #id (opened …)". */
async function openTicketsNamed(ctx: ToolContext, clientId: number, summary: string): Promise<string[]> {
  if (!Number.isFinite(clientId) || clientId <= 0) return [];
  const page = await ctx.halo.resources.list<Row>(
    R.tickets,
    { client_id: clientId, open_only: true, search: summary.replace(/\s+/g, " ").trim() },
    { pageSize: 50, signal: ctx.signal },
  );
  return page.items
    .filter((t) => norm(t.summary) === norm(summary))
    .map(
      (t) =>
        `"${String(t.summary)}" #${String(t.id)}${when(t.dateoccurred) ? ` (opened ${when(t.dateoccurred)})` : ""}`,
    );
}
