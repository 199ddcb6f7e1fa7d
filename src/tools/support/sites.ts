/**
 * Site resolution for records filed under a client's site (contacts, assets,
 * contracts, tickets): a named site must belong to the client, and without
 * one the client's main or only site is used, or the person is asked which.
 */
import { inputError } from "../../halo/errors.js";
import { describeCandidates, type Named } from "../../halo/match.js";
import type { ResolvedRecord } from "../../halo/resolve.js";
import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import type { ToolContext } from "../define.js";

/**
 * Where an asset lives when no site is named: the client's only site, or
 * undefined when it has none; several sites is an input error.
 */
export async function onlySiteOf(
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

/** A site of the given client, by ID or name; an ID from another client is refused. */
export async function resolveSiteOf(
  ctx: ToolContext,
  value: string | number,
  client: { id: number; name: string },
  field = "site",
  hint = "Pick a site of that client (search_sites with client).",
): Promise<ResolvedRecord> {
  const site = await ctx.halo.names.resolve("site", value, field, { clientId: client.id }, ctx.signal);
  if (site.clientId !== undefined && site.clientId !== client.id) {
    throw inputError(
      `${field}: site ${ref(site.name, site.id)} belongs to client ${ref(site.clientName, site.clientId)}, not ${ref(client.name, client.id)}.`,
      hint,
    );
  }
  return site;
}

/**
 * Halo files a contact under a site. Without one given, use the client's main
 * site, or its only site; otherwise ask which.
 */
export async function defaultSiteOf(ctx: ToolContext, client: { id: number; name: string }): Promise<Named> {
  const record = await ctx.halo.resources.get<Row>(R.clients, client.id, {}, { signal: ctx.signal });
  const mainId = Number(record.main_site_id);
  if (Number.isFinite(mainId) && mainId > 0) {
    return { id: mainId, name: String(record.main_site_name ?? "").trim() };
  }
  const sites = await ctx.halo.resources.list<Row>(
    R.sites,
    { client_id: client.id },
    { pageSize: 5, signal: ctx.signal },
  );
  if (sites.items.length === 1) {
    const s = sites.items[0] as Row;
    return { id: Number(s.id), name: String(s.name ?? "") };
  }
  throw inputError(
    `site: ${ref(client.name, client.id)} has ${sites.total} sites and no main site; say which.`,
    sites.items.length
      ? `Sites: ${sites.items.map((s) => ref(s.name, s.id)).join("; ")}.`
      : "Create a site first (create_site).",
  );
}
