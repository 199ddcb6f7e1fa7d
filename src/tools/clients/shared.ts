/**
 * Helpers the record tools share: cheap counts, top-level resolution, the
 * duplicate guard (clients, sites, contacts, contracts, assets), custom
 * fields with option names mapped to IDs, and the dry-run result. Kept here
 * so each tool file stays a readable spec.
 */

import { z } from "zod";
import { HaloError, inputError } from "../../halo/errors.js";
import { describeCandidates, type Named, normName, pickByName } from "../../halo/match.js";
import type { ResolvedRecord } from "../../halo/resolve.js";
import { R, type ResourceSpec } from "../../halo/resources.js";
import { compact, ref } from "../../util/format.js";
import { log } from "../../util/log.js";
import {
  type CustomField,
  type CustomFieldInput,
  mergeCustomFields,
  resolveCustomFields,
} from "../custom-fields.js";
import type { ToolContext } from "../define.js";
import { fieldDefs, optionValue, TICKET_USAGE, type TicketFieldDef } from "../tickets/field-defs.js";
import type { Row } from "./projection.js";

type Query = Record<string, string | number | boolean | undefined>;

const norm = normName;

/**
 * How many records match, from record_count of a one-row page; with `where`,
 * how many of the rows (up to 500) pass it, for what Halo cannot filter.
 * Undefined when the count is unavailable (e.g. no permission for that area):
 * a missing count must not fail the record it decorates.
 */
export async function countOf(
  ctx: ToolContext,
  spec: ResourceSpec,
  query: Query,
  where?: (row: Row) => boolean,
): Promise<number | undefined> {
  try {
    if (where) {
      const all = await ctx.halo.resources.listAll<Row>(spec, query, { maxPages: 5, signal: ctx.signal });
      return all.items.filter(where).length;
    }
    const page = await ctx.halo.resources.list(spec, query, { pageSize: 1, signal: ctx.signal });
    return page.total;
  } catch (err) {
    if (err instanceof HaloError && err.kind === "cancelled") throw err;
    return undefined;
  }
}

/** Top levels (Halo's client groups, /TopLevel) by ID or name. */
export async function resolveTopLevel(
  ctx: ToolContext,
  value: string | number,
  field: string,
): Promise<Named> {
  const asId = typeof value === "number" || /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
  const rows = await ctx.halo.resources.lookup<Row>("TopLevel", {}, { signal: ctx.signal });
  const items = rows
    .map((r) => ({ id: Number(r.id), name: String(r.name ?? "").trim() }))
    .filter((r) => Number.isFinite(r.id) && r.name);
  if (asId !== undefined) {
    const hit = items.find((i) => i.id === asId);
    if (hit) return hit;
    throw inputError(
      `${field}: there is no top level with ID ${asId}.`,
      items.length ? `Top levels: ${describeCandidates(items.slice(0, 12))}.` : undefined,
    );
  }
  return pickByName(String(value), items, "top level", field);
}

/** "Name #id (inactive, extra)"; `label` stands in for the name (a contract's ref, an asset's tag). */
export const refOf = (r: Row, extra?: string, label: unknown = r.name) => {
  const base = ref(label, r.id) ?? `#${String(r.id)}`;
  const tags = [r.inactive === true ? "inactive" : "", extra ?? ""].filter(Boolean);
  return tags.length ? `${base} (${tags.join(", ")})` : base;
};

/** Trimmed, inner whitespace collapsed: how a new name is searched, compared and saved. */
export const tidy = (s: string) => s.replace(/\s+/g, " ").trim();

/** A short name can match hundreds of longer ones, pushing the exact match past page 1. */
const DUPLICATE_PAGES = 5;

/**
 * Records whose `key` equals `value` (case- and whitespace-insensitive),
 * inactive ones included: Halo's search finds candidates, the comparison is made here.
 */
export async function sameValue(
  ctx: ToolContext,
  spec: ResourceSpec,
  query: Query,
  value: string,
  key = "name",
): Promise<Row[]> {
  // Page by page, stopping at the first page with a match: usually one request.
  for (let page = 1; page <= DUPLICATE_PAGES; page++) {
    const p = await ctx.halo.resources.list<Row>(
      spec,
      { ...query, search: tidy(value), includeinactive: true },
      { page, pageSize: 100, signal: ctx.signal },
    );
    // Halo may ignore paging and send every match at once: check them all, once.
    if (p.all) return p.all.filter((r) => norm(r[key]) === norm(value));
    const hits = p.items.filter((r) => norm(r[key]) === norm(value));
    const last = p.items.length < p.pageSize || (p.counted && page * p.pageSize >= p.total);
    if (hits.length > 0 || last) return hits;
  }
  return [];
}

/** Clients with the same name, inactive ones included. */
export async function clientDuplicates(ctx: ToolContext, name: string): Promise<string[]> {
  return (await sameValue(ctx, R.clients, {}, name)).map((c) => refOf(c));
}

/** Sites of the client with the same name, inactive ones included. */
export async function siteDuplicates(ctx: ToolContext, name: string, clientId: number): Promise<string[]> {
  return (await sameValue(ctx, R.sites, { client_id: clientId }, name)).map((s) => refOf(s));
}

/** Contacts with the same email anywhere, or the same name within the client. */
export async function contactDuplicates(
  ctx: ToolContext,
  c: { name: string; email?: string; clientId: number },
): Promise<string[]> {
  const found = new Map<number, string>();
  if (c.email) {
    for (const u of await sameValue(ctx, R.users, {}, c.email, "emailaddress"))
      found.set(Number(u.id), refOf(u, `same email, ${String(u.client_name ?? "")}`));
  }
  for (const u of await sameValue(ctx, R.users, { client_id: c.clientId }, c.name)) {
    const id = Number(u.id);
    if (!found.has(id)) found.set(id, refOf(u, "same name"));
  }
  return [...found.values()];
}

export function duplicateError(
  kind: "client" | "contact" | "site" | "contract" | "asset",
  matches: string[],
): HaloError {
  return inputError(
    `allow_duplicate: refused to create a likely duplicate ${kind}; existing: ${matches.slice(0, 10).join("; ")}.`,
    `Use the existing ${kind} (get_${kind} / update_${kind}), or ask the user and pass allow_duplicate: true to create another anyway.`,
  );
}

/**
 * Halo's `usage` for client fields. Unverified (tickets' 1 is in a real
 * sample): fields of this usage are preferred, and any non-ticket field is
 * still matched, so a different numbering only changes the preference.
 */
const CLIENT_USAGE = 2;

/**
 * Custom fields for a new record. Field IDs pass straight through; labels and
 * names are matched against the tenant's definitions (GET /FieldInfo) of
 * fields that are not ticket fields, since a new record has none to read yet.
 */
export async function customFieldsForCreate(
  ctx: ToolContext,
  input: CustomFieldInput | undefined,
): Promise<Array<{ id: number; value: unknown }> | undefined> {
  if (!input || Object.keys(input).length === 0) return undefined;
  const isKeyId = (k: string) => /^\d+$/.test(k.trim());
  const updates: Array<{ field: CustomField; value: unknown }> = Object.entries(input)
    .filter(([k]) => isKeyId(k))
    .map(([k, value]) => ({ field: { id: Number(k) }, value }));
  const named = Object.fromEntries(Object.entries(input).filter(([k]) => !isKeyId(k)));
  if (Object.keys(named).length > 0) {
    const defs = (await fieldDefs(ctx))
      .filter((d) => d.usage !== TICKET_USAGE)
      .sort((a, b) => Number(b.usage === CLIENT_USAGE) - Number(a.usage === CLIENT_USAGE));
    updates.push(...resolveCustomFields(defs, named));
  }
  return withOptionIds(ctx, updates);
}

/** The whole list to post on an update (Halo replaces it): current values, the given ones replaced. */
export async function mergeRecordCustomFields(
  ctx: ToolContext,
  existing: unknown,
  input: CustomFieldInput,
): Promise<Array<{ id: number; value: unknown }>> {
  const defs = Array.isArray(existing) ? (existing as CustomField[]) : [];
  const updates = await withOptionIds(ctx, resolveCustomFields(defs, input));
  return mergeCustomFields(
    existing,
    Object.fromEntries(updates.map((u) => [String(u.id), u.value as CustomFieldInput[string]])),
  );
}

/**
 * A selection field stores its option's ID while people give the option's
 * name: optionValue maps it with the /FieldInfo definitions (and refuses a
 * name that is not an option). They are read only when a selection value is given.
 */
async function withOptionIds(
  ctx: ToolContext,
  updates: Array<{ field: CustomField; value: unknown }>,
): Promise<Array<{ id: number; value: unknown }>> {
  // A field given by ID on a new record has no type yet: its definition tells.
  const selection = updates.some(
    ({ field, value }) =>
      typeof value === "string" &&
      value.trim() !== "" &&
      (field.type === undefined || field.type === 2 || field.type === 3),
  );
  const defs = selection
    ? await optionLists(ctx).catch((err: unknown) => {
        // Definitions only map option names: without them (no permission on /FieldInfo, Halo
        // down) values go as given, as before, rather than blocking the write.
        if (err instanceof HaloError && err.kind === "cancelled") throw err;
        log.warn(
          `custom field options unavailable (${err instanceof Error ? err.message : String(err)}); values sent as given.`,
        );
        return new Map<number, TicketFieldDef>();
      })
    : new Map<number, TicketFieldDef>();
  return updates.map(({ field, value }) => ({ id: field.id, value: optionValue(defs.get(field.id), value) }));
}

/** Every custom field definition with options, by ID (field IDs are unique across record kinds). */
async function optionLists(ctx: ToolContext): Promise<Map<number, TicketFieldDef>> {
  return new Map((await fieldDefs(ctx)).filter((f) => f.values?.length).map((f) => [f.id, f]));
}

/** The dry-run answer: the exact payload, every resolved name, and any warnings. */
export function dryRunResult(
  payload: Row,
  resolved: Record<string, string | undefined>,
  duplicates?: { matches: string[]; allowed: boolean },
): { data: Record<string, unknown> } {
  const refused = duplicates && duplicates.matches.length > 0 && !duplicates.allowed;
  return {
    data: compact({
      dry_run: true,
      would_send: payload,
      resolved: compact(resolved),
      possible_duplicates: duplicates?.matches,
      warning: refused
        ? "The real call will be refused as a likely duplicate unless allow_duplicate: true."
        : undefined,
    }),
  };
}

/** Drops undefined values, so a partial update posts only the fields given. */
export function defined(obj: Row): Row {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

/** A site of the given client, by ID or name; an ID from another client is refused. */
export async function resolveSiteOf(
  ctx: ToolContext,
  value: string | number,
  client: { id: number; name: string },
  field = "site",
  hint = "Pick a site of that client (search_sites with client).",
): Promise<ResolvedRecord> {
  const site = await ctx.halo.records.resolve("site", value, field, { clientId: client.id }, ctx.signal);
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

// ── site address ────────────────────────────────────────────────────────

export const address = z.array(z.string().trim().min(1)).max(4).optional().describe("Up to 4 lines");
export const postcode = z.string().trim().min(1).optional().describe("Postcode");

export const inactive = z.boolean().optional().describe("false reactivates");

/** A non-empty text argument; Halo enforces its own lengths. */
export const text = (what: string) => z.string().trim().min(1).describe(what);

/**
 * Halo's AddressStore (line1..line4, postcode). `base` is the current
 * address: its id keeps the same address record, and an unchanged postcode
 * or lines survive a partial change.
 */
export function addressPayload(lines: string[] | undefined, code: string | undefined, base: Row = {}): Row {
  const old = (key: string) => {
    const v = base[key];
    return typeof v === "string" ? v : "";
  };
  const line = (i: number) => (lines ? (lines[i] ?? "") : old(`line${i + 1}`));
  return defined({
    id: typeof base.id === "number" && base.id > 0 ? base.id : undefined,
    line1: line(0),
    line2: line(1),
    line3: line(2),
    line4: line(3),
    postcode: code ?? old("postcode"),
  });
}

/**
 * Halo keeps first name and surname beside the display name; keep them in
 * step, splitting a full name at its last space unless they were given.
 */
export function nameParts(
  name: string,
  firstname?: string,
  surname?: string,
): { firstname: string; surname?: string } {
  const words = name.trim().split(/\s+/);
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return {
    firstname: firstname ?? (last ? words.slice(0, -1).join(" ") : name.trim()),
    surname: surname ?? last,
  };
}
