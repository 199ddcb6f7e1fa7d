/**
 * POST and DELETE machinery shared by every writable resource: IDs, validation
 * answers (400 with a JSON string naming the field) and partial updates.
 */
import { badRequest, type Query, type Reply } from "./reply.js";
import type { FakeDb, TenantBehaviour, WireObject } from "./types.js";
import { has, num, str } from "./util.js";

export interface WriteContext {
  db: FakeDb;
  q: Query;
  tenant: TenantBehaviour;
  now: () => number;
}

/** Either a validation failure, or the commit that saves the item and renders it. */
export type Prepared = Reply | (() => WireObject);

export interface WriteDef {
  prepare(ctx: WriteContext, item: WireObject): Prepared;
  remove?(ctx: WriteContext, id: number): boolean | Reply;
}

export function nextId(db: FakeDb, kind: string, floor: number): number {
  const id = Math.max(db.nextId[kind] ?? floor, floor);
  db.nextId[kind] = id + 1;
  return id;
}

/** The item's id for an update, 0 for a create, or a Reply for a bad id. */
export function itemId(item: WireObject): number | Reply {
  const raw = item.id;
  if (raw === undefined || raw === null || raw === "") return 0;
  const n = Number(raw);
  if (!Number.isFinite(n)) return badRequest(`Invalid id: ${JSON.stringify(raw)}.`);
  return n > 0 ? Math.trunc(n) : 0;
}

/** Checks an id field against a table; undefined when fine. */
export function checkRef(
  item: WireObject,
  field: string,
  label: string,
  exists: (id: number) => boolean,
  allowZero = false,
): Reply | undefined {
  if (!has(item, field)) return undefined;
  const id = num(item[field]);
  if (allowZero && id === 0) return undefined;
  if (!Number.isFinite(id) || !exists(id))
    return badRequest(`Invalid ${field}: there is no ${label} with ID ${str(item[field])}.`);
  return undefined;
}

/** Halo's name columns are bounded; an over-long name is refused, not cut. */
const MAX_NAME_LENGTH = 255;

export function checkNameLength(item: WireObject): Reply | undefined {
  const name = str(item.name);
  return name.length > MAX_NAME_LENGTH
    ? badRequest(`Invalid name: at most ${MAX_NAME_LENGTH} characters (got ${name.length}) (name).`)
    : undefined;
}

export function firstError(...checks: Array<Reply | undefined>): Reply | undefined {
  return checks.find((c) => c !== undefined);
}

/** Copies posted fields onto a record, skipping the ones handled separately and names Halo derives. */
export function assign(target: WireObject, item: WireObject, skip: string[]): void {
  const derived = new Set([
    "id",
    "client_name",
    "site_name",
    "user_name",
    "agent_name",
    "sla_name",
    "status_name",
    ...skip,
  ]);
  for (const [k, v] of Object.entries(item)) if (!derived.has(k) && v !== undefined) target[k] = v;
}
