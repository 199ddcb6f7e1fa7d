/**
 * Helpers the client, site and contact tools share: cheap counts, top-level
 * resolution, their duplicate lookups, and site address and name inputs.
 * What other areas share too (writes, sites, custom fields) is in ../support/.
 */

import { z } from "zod";
import { HaloError, inputError } from "../../halo/errors.js";
import { describeCandidates, type Named, normName, pickByName } from "../../halo/match.js";
import { R, type ResourceSpec } from "../../halo/resources.js";
import type { Row } from "../../util/format.js";
import type { ToolContext } from "../define.js";
import { defined, refOf, sameValue } from "../support/writes.js";

type Query = Record<string, string | number | boolean | undefined>;

const _norm = normName;

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
