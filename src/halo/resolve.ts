/**
 * Resolves client, site and contact arguments given as an ID or a name, with
 * the same rules everywhere: exact (case-insensitive) name first, a unique
 * partial match next, otherwise candidates with IDs. Contacts also match by email.
 */

import type { Row } from "../util/format.js";
import { HaloError } from "./errors.js";
import { closest, describeCandidates, type Named, pickByName } from "./match.js";
import { type HaloResources, R, type ResourceSpec } from "./resources.js";

export interface ResolvedRecord extends Named {
  clientId?: number;
  siteId?: number;
  clientName?: string;
  siteName?: string;
}

export type RecordKind = "client" | "site" | "contact";

const specs: Record<RecordKind, ResourceSpec> = { client: R.clients, site: R.sites, contact: R.users };

function toResolved(row: Row): ResolvedRecord {
  const n = (v: unknown) => (typeof v === "number" && v > 0 ? v : undefined);
  return {
    id: Number(row.id),
    name: String(row.name ?? ""),
    clientId: n(row.client_id),
    siteId: n(row.site_id),
    clientName: typeof row.client_name === "string" ? row.client_name : undefined,
    siteName: typeof row.site_name === "string" ? row.site_name : undefined,
  };
}

export const isId = (v: string | number): boolean => typeof v === "number" || /^\s*\d+\s*$/.test(v);

export class NameResolver {
  constructor(private readonly resources: HaloResources) {}

  /** resolve() for an optional argument: undefined when none was given. */
  async optional(
    kind: RecordKind,
    value: string | number | undefined,
    field: string,
    scope: { clientId?: number; siteId?: number } = {},
    signal?: AbortSignal,
  ): Promise<ResolvedRecord | undefined> {
    return value === undefined ? undefined : this.resolve(kind, value, field, scope, signal);
  }

  /**
   * `value` as an ID is fetched (so callers get the name, and a wrong ID fails
   * with "not found"); as a name it is searched, scoped by `scope` when given.
   */
  async resolve(
    kind: RecordKind,
    value: string | number,
    field: string,
    scope: { clientId?: number; siteId?: number } = {},
    signal?: AbortSignal,
  ): Promise<ResolvedRecord> {
    const spec = specs[kind];
    if (isId(value)) {
      const row = await this.resources.get<Row>(spec, Number(value), {}, { signal }).catch((err: unknown) => {
        if (err instanceof HaloError && err.kind === "not_found") {
          throw new HaloError("not_found", `${field}: no ${kind} with ID ${Number(value)}.`, {
            status: 404,
            hint: `Search for the ${kind} by name (search_${kind === "contact" ? "contacts" : `${kind}s`}) to find its ID.`,
          });
        }
        throw err;
      });
      return toResolved(row);
    }
    const text = String(value).trim();
    const query: Record<string, string | number | boolean | undefined> = {
      search: text,
      client_id: kind === "client" ? undefined : scope.clientId,
      site_id: kind === "contact" ? scope.siteId : undefined,
    };
    const page = await this.resources.list<Row>(spec, query, { pageSize: 50, signal });
    let rows = page.items.map(toResolved).filter((r) => r.name);
    if (kind === "contact" && text.includes("@")) {
      const byEmail = page.items.filter(
        (r) => String(r.emailaddress ?? r.email ?? "").toLowerCase() === text.toLowerCase(),
      );
      if (byEmail.length === 1) return toResolved(byEmail[0] as Row);
    }
    if (rows.length === 0) {
      const plural = kind === "contact" ? "contacts" : `${kind}s`;
      // An inactive record is hidden from search: say so rather than "no such name".
      const inactive = (
        await this.resources.list<Row>(spec, { ...query, includeinactive: true }, { pageSize: 10, signal })
      ).items
        .map(toResolved)
        .filter((r) => r.name);
      if (inactive.length > 0) {
        throw new HaloError(
          "input",
          `${field}: "${text}" matches only inactive ${plural}: ${describeCandidates(inactive.slice(0, 5))}.`,
          {
            hint: `Use the ID; to reactivate, update_${kind} with that id and inactive: false (search_${plural} with include_inactive lists them).`,
          },
        );
      }
      // Nothing contains the text: look wider (the first word, or the first letters of
      // one word: "Globx" finds "Globex") to suggest near names.
      const word = text.split(/\s+/)[0] ?? text;
      const wider = word !== text ? word : text.length >= 4 ? text.slice(0, 3) : undefined;
      if (wider && wider.length >= 3) {
        const found = await this.resources.list<Row>(
          spec,
          { ...query, search: wider },
          { pageSize: 50, signal },
        );
        rows = found.items.map(toResolved).filter((r) => r.name);
      }
      const near = closest(text, rows);
      const where = scope.clientId ? ` for client ID ${scope.clientId}` : "";
      throw new HaloError("input", `${field}: no ${kind} named "${text}"${where}.`, {
        hint: near.length
          ? `Closest matches: ${describeCandidates(near)}. Pass one of these names or IDs.`
          : `Search with search_${plural} to find it.`,
      });
    }
    return pickByName(text, rows, kind, field);
  }
}
