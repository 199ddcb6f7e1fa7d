/**
 * Where a record lives: a client and (optionally) one of its sites. A site
 * given by ID must belong to the client; an asset with no site named goes to
 * the client's only site, and a client with several sites makes us ask.
 */
import { inputError } from "../../halo/errors.js";
import { describeCandidates } from "../../halo/match.js";
import type { ResolvedRecord } from "../../halo/resolve.js";
import { R } from "../../halo/resources.js";
import type { ToolContext } from "../define.js";

export async function resolveSite(
  ctx: ToolContext,
  site: string | number,
  client: ResolvedRecord,
  field = "site",
): Promise<ResolvedRecord> {
  const s = await ctx.halo.records.resolve("site", site, field, { clientId: client.id }, ctx.signal);
  if (s.clientId !== undefined && s.clientId !== client.id) {
    throw inputError(
      `${field}: site ${s.name} (ID ${s.id}) belongs to another client (ID ${s.clientId}), not ${client.name} (ID ${client.id}).`,
      "Pass a site of that client, or change the client.",
    );
  }
  return s;
}

/** The client's only site, or undefined when it has none; several sites is an input error. */
export async function defaultSite(
  ctx: ToolContext,
  client: ResolvedRecord,
  field = "site",
): Promise<ResolvedRecord | undefined> {
  const page = await ctx.halo.resources.list<Record<string, unknown>>(
    R.sites,
    { client_id: client.id },
    { pageSize: 6, signal: ctx.signal },
  );
  const sites = page.items.map((r) => ({ id: Number(r.id), name: String(r.name ?? "") }));
  if (sites.length <= 1) return sites[0];
  throw inputError(
    `${field}: client ${client.name} (ID ${client.id}) has ${page.total} sites; say which one.`,
    `Sites: ${describeCandidates(sites.slice(0, 5))}${page.total > 5 ? ", … (search_sites)" : ""}.`,
  );
}
