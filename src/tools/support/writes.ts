/**
 * What every write tool shares: the dry-run answer (which is also the preview
 * the person confirms through ctx.confirm, src/server/confirm.ts), the
 * duplicate guard of creates, and the "nothing to change" check of updates.
 * The pattern around them, in every write tool:
 *
 *   const preview = dryRunResult(payload, resolved, { duplicates });
 *   if (args.dry_run) return preview;
 *   if (refused) throw duplicateError(...);
 *   await ctx.confirm({ action, preview: preview.data });
 *   // then the one request that changes Halo, never retried blindly
 */
import { type HaloError, inputError } from "../../halo/errors.js";
import { normName } from "../../halo/match.js";
import type { ResourceSpec } from "../../halo/resources.js";
import { compact, type Row, ref } from "../../util/format.js";
import type { ToolContext } from "../define.js";

type Query = Record<string, string | number | boolean | undefined>;

/** What a dry run warns when the real call would be refused by the duplicate guard. */
export const DUPLICATE_WARNING =
  "The real call will be refused as a likely duplicate unless allow_duplicate: true.";

/**
 * The dry-run answer: the exact body that would be sent, what every name
 * resolved to, the changes it makes (updates that show before → after), and
 * any likely duplicates, with a warning when the real call would be refused.
 */
export function dryRunResult<P extends Row | Row[]>(
  payload: P,
  resolved: Record<string, string | undefined>,
  opts: { changes?: Record<string, string>; duplicates?: { matches: string[]; allowed: boolean } } = {},
): { data: DryRun<P> } {
  const { changes, duplicates } = opts;
  const refused = duplicates && duplicates.matches.length > 0 && !duplicates.allowed;
  return {
    data: compact({
      dry_run: true,
      would_send: payload,
      resolved: compact(resolved),
      changes,
      possible_duplicates: duplicates?.matches,
      warning: refused ? DUPLICATE_WARNING : undefined,
    }) as DryRun<P>,
  };
}

/** The dry-run answer's fields (each write tool's output shape declares those it uses). */
export type DryRun<P> = {
  dry_run: true;
  would_send: P;
  resolved?: Record<string, string>;
  changes?: Record<string, string>;
  possible_duplicates?: string[];
  warning?: string;
};

/**
 * The duplicate guard's refusal. `found` says what the matches are (default
 * "existing"), `instead` what to do rather than create another.
 */
export function duplicateError(
  kind: "client" | "contact" | "site" | "contract" | "asset" | "ticket",
  matches: string[],
  opts: { found?: string; instead?: string; again?: string } = {},
): HaloError {
  return inputError(
    `allow_duplicate: refused to create a likely duplicate ${kind}; ${opts.found ?? "existing"}: ${matches.slice(0, 10).join("; ")}.`,
    `${opts.instead ?? `Use the existing ${kind} (get_${kind} / update_${kind})`}, or ask the user and pass allow_duplicate: true to ${opts.again ?? "create another anyway"}.`,
  );
}

/**
 * An update with nothing to change is a mistake worth naming. `given` is the
 * payload (or the change arguments): `id`, undefined values and empty
 * objects (e.g. `asset_fields: {}`) are not changes.
 */
export function requireChanges(given: Row, fields: string): void {
  const changes = Object.entries(given).filter(
    ([k, v]) =>
      k !== "id" &&
      v !== undefined &&
      !(v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0),
  );
  if (changes.length === 0) throw inputError(`nothing to change: pass at least one of ${fields}.`);
}

/** Drops undefined values, so a partial update posts only the fields given. */
export function defined(obj: Row): Row {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
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
    if (p.all) return p.all.filter((r) => normName(r[key]) === normName(value));
    const hits = p.items.filter((r) => normName(r[key]) === normName(value));
    const last = p.items.length < p.pageSize || (p.counted && page * p.pageSize >= p.total);
    if (hits.length > 0 || last) return hits;
  }
  return [];
}
