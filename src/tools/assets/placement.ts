/**
 * Where an asset lives when no site is named: the client's only site, and a
 * client with several sites makes us ask. (A named site is checked against
 * the client by resolveSiteOf in clients/shared.)
 */
import { inputError } from "../../halo/errors.js";
import { describeCandidates } from "../../halo/match.js";
import type { ResolvedRecord } from "../../halo/resolve.js";
import { R } from "../../halo/resources.js";
import type { ToolContext } from "../define.js";

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
