import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { recordId } from "../common.js";
import { defineTool } from "../define.js";

export const deleteTicket = defineTool({
  name: "delete_ticket",
  title: "Delete ticket",
  description:
    "Delete a ticket permanently, only once the user confirmed its ID (confirm: true). To close: close_ticket.",
  toolset: "tickets",
  effect: "delete",
  input: {
    id: recordId("Ticket"),
    reason: z.string().trim().min(1).max(500).describe("Why (audited)"),
    confirm: z.boolean().optional().describe("true once the user confirmed"),
  },
  output: { deleted: z.number(), summary: z.string().optional() },
  async handler(args, ctx) {
    // Read first: a wrong ID fails as not found, and the answer says what was deleted.
    const ticket = await ctx.halo.resources.get<Row>(R.tickets, args.id, {}, { signal: ctx.signal });
    const summary = typeof ticket.summary === "string" ? ticket.summary.trim() : "";
    const action = `Delete ticket ${ref(summary, args.id)} permanently`;
    const preview = { would_delete: ref(summary, args.id), reason: args.reason };
    // The person's accept in the client's form decides; without a form, the user's confirm as today.
    const how = await ctx.confirm({ action, preview });
    if (!how.byPerson && args.confirm !== true) {
      throw inputError(
        `confirm: deleting ticket ${ref(summary, args.id)} is permanent and needs confirm: true.`,
        "Ask the user to confirm deleting this ticket (closing it may be what they want), then call again with confirm: true.",
      );
    }
    await ctx.halo.resources.delete(R.tickets, args.id, { reason: args.reason }, { signal: ctx.signal });
    return { data: summary ? { deleted: args.id, summary } : { deleted: args.id } };
  },
});
