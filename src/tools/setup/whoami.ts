import { z } from "zod";
import { describeSource, SETTING_NAMES } from "../../config/config.js";
import { ref } from "../../util/format.js";
import { defineTool } from "../define.js";

export const whoami = defineTool({
  name: "whoami",
  title: "Who am I",
  description:
    "Current agent and how signed in, Halo URL, mode, toolsets, where each setting came from, token host; tests the connection.",
  toolset: "tickets",
  effect: "read",
  input: {},
  output: {
    agent: z.string(),
    email: z.string().optional(),
    halo_url: z.string(),
    read_only: z.boolean(),
    toolsets: z.array(z.string()),
    token_host: z.string(),
    auth: z.string(),
    settings_from: z.record(z.string(), z.string()),
  },
  async handler(_args, ctx) {
    const { config } = ctx.halo;
    const me = await ctx.halo.lookups.me(ctx.signal);
    // Resolved (and checked) when the token was fetched for the call above.
    const tokenUrl = await ctx.halo.http.tokens.resolveTokenUrl(ctx.signal);
    const sources = config.sources;
    // Settings left at their default are not listed.
    const settingsFrom = Object.fromEntries(
      SETTING_NAMES.filter((n) => sources && sources[n].kind !== "default").map((n) => [
        n,
        sources ? describeSource(sources[n]) : "default",
      ]),
    );
    return {
      data: {
        agent: ref(me.name, me.id) ?? "unknown",
        ...(me.email ? { email: me.email } : {}),
        halo_url: config.baseUrl,
        read_only: config.readOnly,
        // "raw" has no tools unless HALOPSA_ALLOW_RAW_API=true.
        toolsets: config.toolsets.filter((t) => t !== "raw" || config.allowRawApi),
        token_host: new URL(tokenUrl).host,
        auth:
          config.grant === "authorization_code"
            ? `signed in as ${config.signIn?.agent ?? "a person"} (authorization code with PKCE; refreshed with the stored refresh token)`
            : "API application's client credentials (acts as the application's agent)",
        settings_from: settingsFrom,
      },
    };
  },
});
