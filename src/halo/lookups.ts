/**
 * Per-tenant lookups (statuses, priorities, ticket types, agents, teams,
 * action outcomes, asset types), fetched once and cached with a TTL. IDs are
 * never hard-coded: every tenant configures its own.
 */
import { untilAborted } from "../util/abort.js";
import { HaloError } from "./errors.js";
import { type Named, pickByName } from "./match.js";
import type { HaloResources } from "./resources.js";

const waitFor = <T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> =>
  signal
    ? untilAborted(
        shared,
        signal,
        () => new HaloError("cancelled", "the request was cancelled by the client."),
      )
    : shared;

export interface Priority extends Named {
  /** One priority number exists once per SLA; these are the SLA ids carrying it. */
  slaIds: number[];
}

export interface Agent extends Named {
  email?: string;
  teams?: string;
}

export type LookupKind =
  | "statuses"
  | "priorities"
  | "ticket_types"
  | "agents"
  | "teams"
  | "outcomes"
  | "asset_types";

export const LOOKUP_LABEL: Record<LookupKind, string> = {
  statuses: "status",
  priorities: "priority",
  ticket_types: "ticket type",
  agents: "agent",
  teams: "team",
  outcomes: "action outcome",
  asset_types: "asset type",
};

type Row = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
const num = (v: unknown) => (typeof v === "number" ? v : Number(v));

const loaders: Record<
  LookupKind,
  { path: string; query?: Record<string, string | boolean>; map: (rows: Row[]) => Named[] }
> = {
  statuses: { path: "Status", map: (rows) => rows.map((r) => ({ id: num(r.id), name: str(r.name) })) },
  priorities: {
    path: "Priority",
    map: (rows) => {
      // /Priority answers SLA policies: merge entries that share a priorityid.
      const byId = new Map<number, Priority>();
      for (const r of rows) {
        const id = num(r.priorityid ?? r.id);
        if (!Number.isFinite(id)) continue;
        const p = byId.get(id) ?? { id, name: str(r.name), slaIds: [] };
        if (r.slaid !== undefined) p.slaIds.push(num(r.slaid));
        byId.set(id, p);
      }
      return [...byId.values()];
    },
  },
  ticket_types: {
    path: "TicketType",
    map: (rows) => rows.map((r) => ({ id: num(r.id), name: str(r.name) })),
  },
  agents: {
    path: "Agent",
    map: (rows) =>
      rows.map((r) => ({
        id: num(r.id),
        name: str(r.name),
        email: str(r.email) || undefined,
        teams: str(r.team) || undefined,
      })),
  },
  teams: { path: "Team", map: (rows) => rows.map((r) => ({ id: num(r.id), name: str(r.name) })) },
  outcomes: {
    path: "Outcome",
    map: (rows) => rows.map((r) => ({ id: num(r.id), name: str(r.outcome ?? r.name) })),
  },
  asset_types: { path: "AssetType", map: (rows) => rows.map((r) => ({ id: num(r.id), name: str(r.name) })) },
};

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
    return pickByName(String(value), items, label, field);
  }

  /** The API agent itself (/Agent/me), cached for the process. */
  me(signal?: AbortSignal): Promise<Agent> {
    if (!this.meCache) {
      const value = this.resources.http
        .request<Row | undefined>({ method: "GET", path: "/Agent/me" })
        .then((r) => ({
          id: num(r.data?.id),
          name: str(r.data?.name),
          email: str(r.data?.email) || undefined,
        }));
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
