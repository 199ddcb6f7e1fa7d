import { isId } from "../../halo/resolve.js";
import { R } from "../../halo/resources.js";
import type { Row } from "../../util/format.js";
import { idOrName } from "../common.js";
import { defineTool } from "../define.js";
import { contactShape, contactView, WITH_CUSTOM_FIELDS } from "./projection.js";

export const getContact = defineTool({
  name: "get_contact",
  title: "Get contact",
  description: "A contact (client user) by ID, name or email.",
  toolset: "clients",
  effect: "read",
  input: {
    contact: idOrName("Or email"),
    client: idOrName("Scopes a name").optional(),
  },
  output: { contact: contactShape },
  async handler(args, ctx) {
    let id: number;
    if (isId(args.contact)) id = Number(args.contact);
    else {
      const client = await ctx.halo.names.optional("client", args.client, "client", {}, ctx.signal);
      id = (
        await ctx.halo.names.resolve("contact", args.contact, "contact", { clientId: client?.id }, ctx.signal)
      ).id;
    }
    const record = await ctx.halo.resources.get<Row>(R.users, id, WITH_CUSTOM_FIELDS, { signal: ctx.signal });
    return { data: { contact: contactView(record) } };
  },
});
