import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { dryRun, email, idOrName, phone } from "../common.js";
import { defineTool } from "../define.js";
import { defaultSiteOf, resolveSiteOf } from "../support/sites.js";
import { defined, dryRunResult, duplicateError, tidy } from "../support/writes.js";
import { contactShape, contactView, writeShape } from "./projection.js";
import { contactDuplicates, nameParts, text } from "./shared.js";

export const createContact = defineTool({
  name: "create_contact",
  title: "Create contact",
  description: "Add a contact (client user); refuses a duplicate email or name unless allow_duplicate.",
  toolset: "clients",
  effect: "create",
  input: {
    name: text("Or firstname+surname").optional(),
    firstname: text("First name").optional(),
    surname: text("Surname").optional(),
    client: idOrName(),
    site: idOrName("Default: main site").optional(),
    email: email.optional().describe("Email"),
    phone: phone.optional(),
    mobile: phone.optional().describe("Mobile"),
    job_title: text("Job title").optional(),
    allow_duplicate: z.boolean().default(false).describe("Allow a duplicate"),
    send_welcome: z.boolean().default(false).describe("Welcome email (if asked)"),
    dry_run: dryRun,
  },
  output: writeShape("contact", contactShape),
  async handler(args, ctx) {
    const firstname = args.firstname && tidy(args.firstname);
    const surname = args.surname && tidy(args.surname);
    const name = tidy(args.name ?? [firstname, surname].filter(Boolean).join(" "));
    if (!name) throw inputError("name: give the contact's name, or firstname and surname.");
    const client = await ctx.halo.names.resolve("client", args.client, "client", {}, ctx.signal);
    const site =
      args.site === undefined
        ? await defaultSiteOf(ctx, client)
        : await resolveSiteOf(ctx, args.site, client);
    const duplicates = await contactDuplicates(ctx, { name, email: args.email, clientId: client.id });
    const payload: Row = defined({
      name,
      ...nameParts(name, firstname, surname),
      client_id: client.id,
      site_id: site.id,
      emailaddress: args.email,
      phonenumber: args.phone,
      mobilenumber: args.mobile,
      title: args.job_title,
      // Always explicit: Halo can email new users a portal welcome by default.
      sendwelcomeemail: args.send_welcome,
    });
    const preview = dryRunResult(
      payload,
      { client: ref(client.name, client.id), site: ref(site.name, site.id) },
      { duplicates: { matches: duplicates, allowed: args.allow_duplicate } },
    );
    if (args.dry_run) return preview;
    if (duplicates.length > 0 && !args.allow_duplicate) throw duplicateError("contact", duplicates);
    await ctx.confirm({
      action: `Create contact "${String(payload.name)}" at ${ref(client.name, client.id)}`,
      preview: preview.data,
      email: args.send_welcome,
    });
    const saved = await ctx.halo.resources.save<Row>(R.users, payload, { signal: ctx.signal });
    return {
      data: {
        contact: contactView({
          client_name: client.name,
          client_id: client.id,
          site_name: site.name,
          ...saved,
        }),
      },
    };
  },
});
