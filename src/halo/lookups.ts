/**
 * Per-tenant lookups (statuses, priorities, ticket types, agents, teams,
 * action outcomes, asset types, custom field definitions), fetched once and
 * cached with a TTL, cleared together. IDs are never hard-coded: every
 * tenant configures its own.
 */
import { untilAborted } from "../util/abort.js";
import { asNumber, asText, type Row } from "../util/format.js";
import { HaloError } from "./errors.js";
import { closest, describeCandidates, matchTier, type Named, pickByName } from "./match.js";
import type { HaloResources } from "./resources.js";

const waitFor = <T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> =>
  signal
    ? untilAborted(
        shared,
        signal,
        () => new HaloError("cancelled", "the request was cancelled by the client."),
      )
    : shared;

/**
 * A priority number. /Priority answers SLA policies: the same number exists
 * once per SLA, and each SLA may name it differently ("Critical" in one,
 * "P1 - Critical" in another). `name` is the first seen.
 */
export interface Priority extends Named {
  /** The name each SLA gives this number; slaId is absent when the row had none. */
  slaNames: Array<{ slaId?: number; name: string }>;
}

/** The name a ticket on `slaId` shows for the priority, else its first name. */
export const priorityNameIn = (p: Priority, slaId: number | undefined): string =>
  (slaId !== undefined && p.slaNames.find((s) => s.slaId === slaId)?.name) || p.name;

export interface TicketType extends Named {
  /** The SLA new tickets of this type get by default (`default_sla`), when Halo says. */
  slaId?: number;
}

export interface Agent extends Named {
  email?: string;
  teams?: string;
  /** A leaver: still named on old tickets and searchable, but not assignable. */
  disabled?: boolean;
}

/**
 * A custom field definition (GET /FieldInfo?includevalues=true, schema
 * FieldInfo): `name` is Halo's CF… name, `label` what people see, `usage`
 * the record kind (tickets carry 1), `values` a selection field's options.
 */
export interface FieldDef extends Named {
  label?: string;
  type?: number;
  usage?: number;
  values?: Array<{ id: number; name: string }>;
}

export type LookupKind =
  | "custom_fields"
  | "statuses"
  | "priorities"
  | "ticket_types"
  | "agents"
  | "teams"
  | "outcomes"
  | "asset_types";

export const LOOKUP_LABEL: Record<LookupKind, string> = {
  custom_fields: "custom field",
  statuses: "status",
  priorities: "priority",
  ticket_types: "ticket type",
  agents: "agent",
  teams: "team",
  outcomes: "action outcome",
  asset_types: "asset type",
};

const loaders: Record<
  LookupKind,
  { path: string; query?: Record<string, string | boolean>; map: (rows: Row[]) => Named[] }
> = {
  custom_fields: {
    // /Field is something else (asset-type fields, no label or usage). FieldInfo
    // lists system fields too: custom ones have custom = 1 and a CF… name.
    path: "FieldInfo",
    query: { includevalues: true },
    map: (rows) =>
      rows
        .filter((r) => r.custom === 1 || r.custom === true || /^CF/i.test(asText(r.name)))
        .map(
          (r): FieldDef => ({
            id: asNumber(r.id),
            name: asText(r.name),
            label: asText(r.label).trim() || undefined,
            type: r.type === undefined || r.type === null ? undefined : asNumber(r.type),
            usage: r.usage === undefined || r.usage === null ? undefined : asNumber(r.usage),
            values: Array.isArray(r.values)
              ? (r.values as Row[])
                  .map((v) => ({ id: asNumber(v.id), name: asText(v.name) }))
                  .filter((v) => Number.isFinite(v.id))
              : undefined,
          }),
        ),
  },
  statuses: {
    path: "Status",
    map: (rows) => rows.map((r) => ({ id: asNumber(r.id), name: asText(r.name) })),
  },
  priorities: {
    path: "Priority",
    map: (rows) => {
      // One row per SLA and priority number: merge the rows sharing a priorityid.
      const byId = new Map<number, Priority>();
      for (const r of rows) {
        const id = asNumber(r.priorityid ?? r.id);
        const name = asText(r.name).trim();
        if (!Number.isFinite(id) || !name) continue;
        const slaId = r.slaid === undefined || r.slaid === null ? undefined : asNumber(r.slaid);
        const p = byId.get(id) ?? { id, name, slaNames: [] };
        p.slaNames.push({ slaId: Number.isFinite(slaId) ? slaId : undefined, name });
        byId.set(id, p);
      }
      return [...byId.values()];
    },
  },
  ticket_types: {
    path: "TicketType",
    // Inactive types still name old tickets (the spec: showinactive includes them).
    query: { showinactive: true },
    map: (rows) =>
      rows.map((r): TicketType => {
        const sla = asNumber(r.default_sla);
        return { id: asNumber(r.id), name: asText(r.name), slaId: sla > 0 ? sla : undefined };
      }),
  },
  agents: {
    path: "Agent",
    // Leavers too: their tickets still need names, and "Gary's old tickets" a filter.
    query: { includeenabled: true, includedisabled: true },
    map: (rows) =>
      rows.map(
        (r): Agent => ({
          id: asNumber(r.id),
          name: asText(r.name),
          email: asText(r.email) || undefined,
          teams: asText(r.team) || undefined,
          disabled: r.isdisabled === true || undefined,
        }),
      ),
  },
  teams: {
    path: "Team",
    // Disabled teams still name old tickets (the spec: includedisabled includes them).
    query: { includeenabled: true, includedisabled: true },
    map: (rows) => rows.map((r) => ({ id: asNumber(r.id), name: asText(r.name) })),
  },
  outcomes: {
    path: "Outcome",
    map: (rows) => rows.map((r) => ({ id: asNumber(r.id), name: asText(r.outcome ?? r.name) })),
  },
  asset_types: {
    path: "AssetType",
    map: (rows) => rows.map((r) => ({ id: asNumber(r.id), name: asText(r.name) })),
  },
};

/**
 * Leavers are in the agent list (their old tickets need names) but must not
 * make a name ambiguous: an exact name wins, then the active agents decide,
 * and only a name no active agent has reaches the leavers.
 */
function pickAgent(value: string, agents: Agent[], field: string): Agent {
  const exact = matchTier(value, agents).filter(
    (a) => a.name.trim().toLowerCase() === value.trim().toLowerCase(),
  );
  if (exact.length === 1) return exact[0] as Agent;
  const active = agents.filter((a) => !a.disabled);
  if (matchTier(value, active).length > 0) return pickByName(value, active, "agent", field);
  return pickByName(value, agents, "agent", field);
}

/**
 * The agent in a GET /Agent/me answer. The spec gives no response shape, and
 * "agent: me" files and filters tickets by this ID: an answer without a
 * positive `id` (a bare list of one agent is accepted) is an error naming
 * what came back (its shape and keys, never its values).
 */
export function agentOfMe(data: unknown): Agent {
  const row = Array.isArray(data) && data.length === 1 ? data[0] : data;
  const r = row && typeof row === "object" && !Array.isArray(row) ? (row as Row) : undefined;
  const id = asNumber(r?.id);
  if (r && Number.isInteger(id) && id > 0) {
    return { id, name: asText(r.name), email: asText(r.email) || undefined };
  }
  const got = Array.isArray(data)
    ? `a list of ${data.length} item(s)`
    : r
      ? `an object without an agent ID (keys: ${Object.keys(r).slice(0, 12).join(", ") || "none"}; id: ${r.id === undefined ? "absent" : String(JSON.stringify(r.id)).slice(0, 40)})`
      : data === undefined || data === null || data === ""
        ? "an empty answer"
        : `a ${typeof data}`;
  throw new HaloError("bad_response", `Halo's /Agent/me answered ${got}, so "me" cannot be resolved.`, {
    hint: 'Pass the agent by name or ID instead of "me" (list_lookups kind=agents), and check that the API application acts as an agent in Halo.',
  });
}

export class Lookups {
  private cache = new Map<LookupKind, { at: number; value: Promise<Named[]> }>();
  private meCache: Promise<Agent> | undefined;

  constructor(
    private readonly resources: HaloResources,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  all(kind: LookupKind, signal?: AbortSignal): Promise<Named[]> {
    const hit = this.cache.get(kind);
    if (hit && this.now() - hit.at < this.ttlMs) return waitFor(hit.value, signal);
    const { path, query, map } = loaders[kind];
    // Shared by every caller, so it runs without any one caller's signal (the
    // transport timeout bounds it): one cancelled call must not fail the others.
    const value = this.resources
      .lookup<Row>(path, query ?? {})
      .then((rows) => map(rows).filter((x) => x.name));
    const entry = { at: this.now(), value };
    // A failed load must not be cached (nor evict a newer entry that replaced it).
    value.catch(() => {
      if (this.cache.get(kind) === entry) this.cache.delete(kind);
    });
    this.cache.set(kind, entry);
    return waitFor(value, signal);
  }

  /** Name for an ID, for projections; undefined when unknown. */
  async nameOf(kind: LookupKind, id: unknown, signal?: AbortSignal): Promise<string | undefined> {
    if (id === undefined || id === null || id === "") return undefined;
    const items = await this.all(kind, signal);
    return items.find((i) => i.id === Number(id))?.name;
  }

  /** A synchronous name table, for projecting many rows after one await. */
  async names(kind: LookupKind, signal?: AbortSignal): Promise<Map<number, string>> {
    return new Map((await this.all(kind, signal)).map((i) => [i.id, i.name]));
  }

  /**
   * Resolves an ID (number or numeric string) or a name to one lookup item.
   * IDs are checked against the tenant's list too, so a wrong ID fails here
   * with the valid choices instead of deep inside Halo.
   */
  async resolve(
    kind: LookupKind,
    value: string | number,
    field: string,
    signal?: AbortSignal,
  ): Promise<Named> {
    if (kind === "priorities") return this.resolvePriority(value, field, undefined, signal);
    const items = await this.all(kind, signal);
    const label = LOOKUP_LABEL[kind];
    if (typeof value === "number" || /^\d+$/.test(String(value).trim())) {
      const id = Number(value);
      const hit = items.find((i) => i.id === id);
      if (hit) return hit;
      throw new HaloError("input", `${field}: there is no ${label} with ID ${id} in this Halo tenant.`, {
        hint: `Valid ${label}s: ${items
          .slice(0, 12)
          .map((i) => `${i.name} (${i.id})`)
          .join(", ")}${items.length > 12 ? ", … (see list_lookups)" : ""}.`,
      });
    }
    if (kind === "agents") return pickAgent(String(value), items as Agent[], field);
    return pickByName(String(value), items, label, field);
  }

  /**
   * A priority by ID or name, within the SLA a ticket is on when that is
   * known (its names are the ones its users see); across all SLAs otherwise,
   * where a name that means different numbers in different SLAs is refused.
   * The answer carries the name in that SLA.
   */
  async resolvePriority(
    value: string | number,
    field: string,
    slaId: number | undefined,
    signal?: AbortSignal,
  ): Promise<Named> {
    const { scope, hits } = await this.matchPriorities(value, field, slaId, signal);
    const ids = [...new Set(hits.map((h) => h.id))];
    if (ids.length > 1) {
      throw new HaloError(
        "input",
        `${field}: "${value}" names ${ids.length} different priorities in different SLAs: ${describeCandidates(hits.slice(0, 5))}.`,
        { hint: "The ticket's SLA decides which one applies: pass the priority ID (see list_lookups)." },
      );
    }
    const p = scope.find((x) => x.id === ids[0]) as Priority;
    return { id: p.id, name: priorityNameIn(p, slaId) };
  }

  /**
   * Every priority number a search for `value` means: a name that several
   * SLAs give to different numbers ("Critical" = 1 in one, 5 in another)
   * means all of them. A partial name matching different names is refused.
   */
  async priorityIds(
    value: string | number,
    field: string,
    signal?: AbortSignal,
  ): Promise<{ ids: number[]; name: string }> {
    const { hits } = await this.matchPriorities(value, field, undefined, signal);
    const ids = [...new Set(hits.map((h) => h.id))];
    const names = new Set(hits.map((h) => h.name.toLowerCase()));
    if (ids.length > 1 && names.size > 1) {
      // Different names and numbers: let pickByName word the ambiguity.
      pickByName(String(value), hits, "priority", field);
    }
    return { ids, name: hits[0]?.name ?? String(value) };
  }

  /** The priorities in scope and the (number, name) pairs `value` matches; throws when none. */
  private async matchPriorities(
    value: string | number,
    field: string,
    slaId: number | undefined,
    signal?: AbortSignal,
  ): Promise<{ scope: Priority[]; hits: Named[] }> {
    const all = (await this.all("priorities", signal)) as Priority[];
    const inSla = slaId === undefined ? [] : all.filter((p) => p.slaNames.some((s) => s.slaId === slaId));
    const scope = inSla.length > 0 ? inSla : all;
    const pairs = scope.flatMap((p) => {
      const names = inSla.length > 0 ? [priorityNameIn(p, slaId)] : p.slaNames.map((s) => s.name);
      return [...new Set(names)].map((name) => ({ id: p.id, name }));
    });
    const listed = () =>
      `${scope
        .slice(0, 12)
        .map((p) => `${priorityNameIn(p, slaId)} (${p.id})`)
        .join(", ")}${scope.length > 12 ? ", … (see list_lookups)" : ""}`;
    if (typeof value === "number" || /^\d+$/.test(String(value).trim())) {
      const id = Number(value);
      const p = scope.find((x) => x.id === id);
      if (p) return { scope, hits: [{ id, name: priorityNameIn(p, slaId) }] };
      const where = inSla.length > 0 ? `the ticket's SLA (#${slaId})` : "this Halo tenant";
      throw new HaloError("input", `${field}: there is no priority with ID ${id} in ${where}.`, {
        hint: `Valid priorities: ${listed()}.`,
      });
    }
    const hits = matchTier(String(value), pairs);
    if (hits.length > 0) return { scope, hits };
    const near = closest(String(value), pairs);
    throw new HaloError("input", `${field}: no priority named "${value}".`, {
      hint:
        near.length > 0
          ? `Closest matches: ${describeCandidates(near)}. Pass one of these names or IDs.`
          : `Valid priorities: ${listed()}.`,
    });
  }

  /** The API agent itself (/Agent/me), cached for the process. */
  me(signal?: AbortSignal): Promise<Agent> {
    if (!this.meCache) {
      const value = this.resources.http
        .request<unknown>({ method: "GET", path: "/Agent/me" })
        .then((r) => agentOfMe(r.data));
      this.meCache = value;
      value.catch(() => {
        if (this.meCache === value) this.meCache = undefined;
      });
    }
    return waitFor(this.meCache, signal);
  }

  clear(): void {
    this.cache.clear();
    this.meCache = undefined;
  }
}
