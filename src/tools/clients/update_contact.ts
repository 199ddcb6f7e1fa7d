import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { clearable, dryRun, idOrName, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { resolveSiteOf } from "../support/sites.js";
import { defined, dryRunResult, requireChanges, tidy } from "../support/writes.js";
import { contactShape, contactView, WITH_CUSTOM_FIELDS, writeShape } from "./projection.js";
import { inactive, nameParts, text } from "./shared.js";

export const updateContact = defineTool({
  name: "update_contact",
  title: "Update contact",
  description: 'Change a contact; only fields given change, "" clears one.',
  toolset: "clients",
  effect: "update",
  input: {
    id: recordId("Contact"),
    name: text("Full name").optional(),
    site: idOrName("Same client").optional(),
    email: clearable.email.optional().describe("Email"),
    phone: clearable.phone.optional(),
    mobile: clearable.phone.optional().describe("Mobile"),
    job_title: clearable.text("Job title").optional(),
    inactive,
    dry_run: dryRun,
  },
  output: writeShape("contact", contactShape),
  async handler(args, ctx) {
    const current = await ctx.halo.resources.get<Row>(R.users, args.id, WITH_CUSTOM_FIELDS, {
      signal: ctx.signal,
    });
    const client = { id: Number(current.client_id), name: String(current.client_name ?? "") };
    const site = args.site === undefined ? undefined : await resolveSiteOf(ctx, args.site, client);
    const payload: Row = defined({
      id: args.id,
      name: args.name && tidy(args.name),
      ...(args.name ? nameParts(tidy(args.name)) : {}),
      site_id: site?.id,
      emailaddress: args.email,
      phonenumber: args.phone,
      mobilenumber: args.mobile,
      title: args.job_title,
      inactive: args.inactive,
    });
    requireChanges(payload, "name, site, email, phone, mobile, job_title, inactive");
    const preview = dryRunResult(payload, {
      contact: ref(current.name, args.id),
      site: site && ref(site.name, site.id),
    });
    if (args.dry_run) return preview;
    await ctx.confirm({ action: `Update contact ${ref(current.name, args.id)}`, preview: preview.data });
    const saved = await ctx.halo.resources.save<Row>(R.users, payload, { signal: ctx.signal });
    const siteName = site ? { site_name: site.name } : {};
    return { data: { contact: contactView({ ...current, ...siteName, ...saved }) } };
  },
});
