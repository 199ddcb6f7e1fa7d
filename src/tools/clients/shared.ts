/**
 * Helpers the client, site and contact tools share: cheap counts, top-level
 * resolution, the duplicate guard, custom fields on create, and the dry-run
 * result. Kept here so each tool file stays a readable spec.
 */
import { z } from "zod";
import { HaloError, inputError } from "../../halo/errors.js";
import { describeCandidates, type Named, pickByName } from "../../halo/match.js";
import { R, type ResourceSpec } from "../../halo/resources.js";
import { compact, ref } from "../../util/format.js";
import { type CustomField, type CustomFieldInput, resolveCustomFields } from "../custom-fields.js";
import type { ToolContext } from "../define.js";
import type { Row } from "./projection.js";

type Query = Record<string, string | number | boolean | undefined>;

const norm = (s: unknown) =>
  String(s ?? "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();

/**
 * How many records match, from record_count of a one-row page. Undefined when
 * the count is unavailable (e.g. no permission for that area): a missing count
 * must not fail the record it decorates.
 */
export async function countOf(
  ctx: ToolContext,
  spec: ResourceSpec,
  query: Query,
): Promise<number | undefined> {
  try {
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

const refOf = (r: Row, extra?: string) => {
  const base = ref(r.name, r.id) ?? `#${String(r.id)}`;
  const tags = [r.inactive === true ? "inactive" : "", extra ?? ""].filter(Boolean);
  return tags.length ? `${base} (${tags.join(", ")})` : base;
};

/** Clients with the same name (case-insensitive), inactive ones included. */
export async function clientDuplicates(ctx: ToolContext, name: string): Promise<string[]> {
  const page = await ctx.halo.resources.list<Row>(
    R.clients,
    { search: name, includeinactive: true },
    { pageSize: 50, signal: ctx.signal },
  );
  return page.items.filter((c) => norm(c.name) === norm(name)).map((c) => refOf(c));
}

/** Contacts with the same email anywhere, or the same name within the client. */
export async function contactDuplicates(
  ctx: ToolContext,
  c: { name: string; email?: string; clientId: number },
): Promise<string[]> {
  const found = new Map<number, string>();
  if (c.email) {
    const byEmail = await ctx.halo.resources.list<Row>(
      R.users,
      { search: c.email, includeinactive: true },
      { pageSize: 50, signal: ctx.signal },
    );
    for (const u of byEmail.items) {
      if (norm(u.emailaddress) === norm(c.email))
        found.set(Number(u.id), refOf(u, `same email, ${String(u.client_name ?? "")}`));
    }
  }
  const byName = await ctx.halo.resources.list<Row>(
    R.users,
    { search: c.name, client_id: c.clientId, includeinactive: true },
    { pageSize: 50, signal: ctx.signal },
  );
  for (const u of byName.items) {
    const id = Number(u.id);
    if (norm(u.name) === norm(c.name) && !found.has(id)) found.set(id, refOf(u, "same name"));
  }
  return [...found.values()];
}

export function duplicateError(kind: "client" | "contact", matches: string[]): HaloError {
  const tool = kind === "client" ? "get_client / update_client" : "get_contact / update_contact";
  return inputError(
    `allow_duplicate: refused to create a likely duplicate ${kind}; existing: ${matches.slice(0, 10).join("; ")}.`,
    `Use the existing ${kind} (${tool}), or ask the user and pass allow_duplicate: true to create another anyway.`,
  );
}

/**
 * Custom fields for a new record. Field IDs pass straight through; labels and
 * names are matched against the fields an existing record of the same kind
 * carries, since a new record has none to read yet.
 */
export async function customFieldsForCreate(
  ctx: ToolContext,
  spec: ResourceSpec,
  input: CustomFieldInput | undefined,
): Promise<Array<{ id: number; value: unknown }> | undefined> {
  if (!input || Object.keys(input).length === 0) return undefined;
  const byId = Object.entries(input).filter(([k]) => /^\d+$/.test(k.trim()));
  const out: Array<{ id: number; value: unknown }> = byId.map(([k, value]) => ({ id: Number(k), value }));
  const named = Object.fromEntries(Object.entries(input).filter(([k]) => !/^\d+$/.test(k.trim())));
  if (Object.keys(named).length === 0) return out;
  let defs: CustomField[] = [];
  const sample = await ctx.halo.resources.list<Row>(spec, {}, { pageSize: 1, signal: ctx.signal });
  const first = sample.items[0];
  if (first && first.id !== undefined) {
    const record = await ctx.halo.resources.get<Row>(spec, Number(first.id), {}, { signal: ctx.signal });
    if (Array.isArray(record.customfields)) defs = record.customfields as CustomField[];
  }
  for (const { field, value } of resolveCustomFields(defs, named)) out.push({ id: field.id, value });
  return out;
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

/** An update with nothing to change is a mistake worth naming. */
export function requireChanges(payload: Row, fields: string): void {
  if (Object.keys(payload).filter((k) => k !== "id").length === 0) {
    throw inputError(`nothing to change: pass at least one of ${fields}.`);
  }
}

/** A site of the given client, by ID or name; an ID from another client is refused. */
export async function resolveSiteOf(
  ctx: ToolContext,
  value: string | number,
  client: { id: number; name: string },
  field = "site",
): Promise<Named> {
  const site = await ctx.halo.records.resolve("site", value, field, { clientId: client.id }, ctx.signal);
  if (site.clientId !== undefined && site.clientId !== client.id) {
    throw inputError(
      `${field}: site ${ref(site.name, site.id)} belongs to client ${ref(site.clientName, site.clientId)}, not ${ref(client.name, client.id)}.`,
      "Pick a site of that client (search_sites with client).",
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
