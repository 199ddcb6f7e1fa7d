import { z } from "zod";
import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { customFields, dryRun, email, idOrName, phone } from "../common.js";
import { defineTool } from "../define.js";
import { customFieldsForCreate } from "../support/custom-fields.js";
import { defined, dryRunResult, duplicateError, tidy } from "../support/writes.js";
import { clientShape, clientView, writeShape } from "./projection.js";
import { clientDuplicates, resolveTopLevel, text } from "./shared.js";

export const createClient = defineTool({
  name: "create_client",
  title: "Create client",
  description: "Create a client (customer); refuses an existing name unless allow_duplicate.",
  toolset: "clients",
  effect: "create",
  input: {
    name: text("Name"),
    top_level: idOrName().optional(),
    phone: phone.optional().describe("Main site phone"),
    email: email.optional().describe("Accounts email"),
    website: text("Website").optional(),
    notes: z.string().optional().describe("Notes"),
    custom_fields: customFields,
    allow_duplicate: z.boolean().default(false).describe("Allow an existing name"),
    dry_run: dryRun,
  },
  output: writeShape("client", clientShape),
  async handler(args, ctx) {
    const topLevel =
      args.top_level === undefined ? undefined : await resolveTopLevel(ctx, args.top_level, "top_level");
    const name = tidy(args.name);
    const duplicates = await clientDuplicates(ctx, name);
    const payload: Row = defined({
      name,
      toplevel_id: topLevel?.id,
      // A new client gets a main site; Halo takes its phone through newclient_phonenumber.
      newclient_phonenumber: args.phone,
      accountsemailaddress: args.email,
      website: args.website,
      notes: args.notes,
      customfields: await customFieldsForCreate(ctx, args.custom_fields, "other"),
    });
    const preview = dryRunResult(
      payload,
      { top_level: topLevel && ref(topLevel.name, topLevel.id) },
      { duplicates: { matches: duplicates, allowed: args.allow_duplicate } },
    );
    if (args.dry_run) return preview;
    if (duplicates.length > 0 && !args.allow_duplicate) throw duplicateError("client", duplicates);
    await ctx.confirm({ action: `Create client "${String(payload.name)}"`, preview: preview.data });
    const saved = await ctx.halo.resources.save<Row>(R.clients, payload, { signal: ctx.signal });
    return { data: { client: clientView(saved) } };
  },
});
