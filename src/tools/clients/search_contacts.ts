import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { R } from "../../halo/resources.js";
import { paging } from "../../util/format.js";
import { idOrName, limit, page, pagingShape } from "../common.js";
import { defineTool } from "../define.js";
import { idChecks, verifiedPage } from "../support/verify-rows.js";
import { contactRow, contactRowShape, fitRows, liftShared } from "./projection.js";
import { text } from "./shared.js";

export const searchContacts = defineTool({
  name: "search_contacts",
  title: "Search contacts",
  description: "Find contacts (client users).",
  toolset: "clients",
  effect: "read",
  input: {
    client: idOrName().optional(),
    site: idOrName().optional(),
    query: text("Text in name").optional(),
    email: text("Email or part").optional(),
    phone: text("Phone or part").optional(),
    include_inactive: z.boolean().default(false).describe("Include inactive"),
    limit: limit(),
    page,
  },
  output: {
    ...pagingShape,
    client: z.string().optional(),
    site: z.string().optional(),
    contacts: z.array(contactRowShape.partial({ client: true, site: true })),
    fallback: z.string().optional(),
  },
  async handler(args, ctx) {
    // Halo has one search box: name, email or (with search_phonenumbers) phone.
    const texts = [args.query, args.email, args.phone].filter((t) => t !== undefined);
    if (texts.length > 1)
      throw inputError("query, email, phone: pass only one of them; narrow with client or site instead.");
    const client = await ctx.halo.names.optional("client", args.client, "client", {}, ctx.signal);
    const site = await ctx.halo.names.optional(
      "site",
      args.site,
      "site",
      { clientId: client?.id },
      ctx.signal,
    );
    // Client and site are checked on the rows (tools/support/verify-rows.ts).
    const result = await verifiedPage(
      ctx.halo.resources,
      R.users,
      {
        client_id: client?.id,
        site_id: site?.id,
        search: texts[0],
        search_phonenumbers: args.phone !== undefined || undefined,
        includeinactive: args.include_inactive || undefined,
      },
      { page: args.page, pageSize: args.limit },
      {
        what: "contacts",
        checks: idChecks([
          ["client", "client_id", client?.id],
          ["site", "site_id", site?.id],
        ]),
        signal: ctx.signal,
      },
    );
    const { shared, rows: all } = liftShared(result.items.map(contactRow), ["client", "site"]);
    // 25 rows of long names and addresses must stay within ~6 KB with the envelope.
    const rows = fitRows(all, 5600, ["job_title", "mobile", "site"]);
    return {
      data: {
        ...paging(result.total, args.page, result.pageSize, rows.length, result.counted, result.served),
        ...shared,
        contacts: rows,
        ...(result.fallback ? { fallback: result.fallback } : {}),
      },
    };
  },
});
