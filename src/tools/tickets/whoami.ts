import { z } from "zod";
import { ref } from "../../util/format.js";
import { defineTool } from "../define.js";

export const whoami = defineTool({
  name: "whoami",
  title: "Who am I",
  description: "Current agent, Halo URL, mode, toolsets; tests the connection.",
  toolset: "tickets",
  effect: "read",
  input: {},
  output: {
    agent: z.string(),
    email: z.string().optional(),
    halo_url: z.string(),
    read_only: z.boolean(),
    toolsets: z.array(z.string()),
  },
  async handler(_args, ctx) {
    const { config } = ctx.halo;
    const me = await ctx.halo.lookups.me(ctx.signal);
    return {
      data: {
        agent: ref(me.name, me.id) ?? "unknown",
        ...(me.email ? { email: me.email } : {}),
        halo_url: config.baseUrl,
        read_only: config.readOnly,
        // "raw" has no tools unless HALOPSA_ALLOW_RAW_API=true.
        toolsets: config.toolsets.filter((t) => t !== "raw" || config.allowRawApi),
      },
    };
  },
});
