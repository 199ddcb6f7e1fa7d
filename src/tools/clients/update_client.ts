import { z } from "zod";
import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { clearable, customFields, dryRun, idOrName, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { mergeRecordCustomFields } from "../support/custom-fields.js";
import { defined, dryRunResult, requireChanges, tidy } from "../support/writes.js";
import { clientShape, clientView, WITH_CUSTOM_FIELDS, writeShape } from "./projection.js";
import { inactive, resolveTopLevel, text } from "./shared.js";

export const updateClient = defineTool({
  name: "update_client",
  title: "Update client",
  description: 'Change a client; only fields given change, "" clears one. Phone: update_site (main site).',
  toolset: "clients",
  effect: "update",
  input: {
    id: recordId("Client"),
    name: text("Name").optional(),
    top_level: idOrName().optional(),
    email: clearable.email.optional().describe("Accounts email"),
    website: z.string().trim().optional().describe("Website"),
    notes: z.string().optional().describe("Replaces the notes"),
    inactive,
    custom_fields: customFields,
    dry_run: dryRun,
  },
  output: writeShape("client", clientShape),
  async handler(args, ctx) {
    const current = await ctx.halo.resources.get<Row>(R.clients, args.id, WITH_CUSTOM_FIELDS, {
      signal: ctx.signal,
    });
    const topLevel =
      args.top_level === undefined ? undefined : await resolveTopLevel(ctx, args.top_level, "top_level");
    const payload: Row = defined({
      id: args.id,
      name: args.name && tidy(args.name),
      toplevel_id: topLevel?.id,
      accountsemailaddress: args.email,
      website: args.website,
      notes: args.notes,
      inactive: args.inactive,
      customfields: args.custom_fields
        ? await mergeRecordCustomFields(ctx, current.customfields, args.custom_fields)
        : undefined,
    });
    requireChanges(payload, "name, top_level, email, website, notes, inactive, custom_fields");
    const preview = dryRunResult(payload, {
      client: ref(current.name, args.id),
      top_level: topLevel && ref(topLevel.name, topLevel.id),
    });
    if (args.dry_run) return preview;
    await ctx.confirm({ action: `Update client ${ref(current.name, args.id)}`, preview: preview.data });
    const saved = await ctx.halo.resources.save<Row>(R.clients, payload, { signal: ctx.signal });
    return { data: { client: clientView({ ...current, ...saved }) } };
  },
});
