/**
 * Ticket custom field definitions (GET /Field), so custom_fields can be given
 * by label or name on a new ticket, which has no fields of its own to match
 * against yet. Loaded once per Halo connection and cached like the lookups.
 */
import { HaloError, inputError } from "../../halo/errors.js";
import type { Halo } from "../../halo/index.js";
import {
  type CustomField,
  type CustomFieldInput,
  mergeCustomFields,
  resolveCustomFields,
} from "../custom-fields.js";
import type { ToolContext } from "../define.js";
import type { Row } from "./projection.js";

const TTL_MS = 10 * 60_000;
/** Halo's `usage` for a field on tickets (the sample ticket's fields carry 1). */
const TICKET_USAGE = 1;

/** A definition from /Field: selection fields list their options. */
export interface TicketFieldDef extends CustomField {
  values?: Array<{ id: number; name: string }>;
}

/** A /Field row with what isTicketCustomField needs to choose. */
interface FieldRow extends TicketFieldDef {
  custom: boolean;
  usage?: number;
}

const cache = new WeakMap<Halo, { at: number; value: Promise<FieldRow[]> }>();

/** Custom fields are named "CF…" and flagged `custom`; system fields live under /Field too. */
function isTicketCustomField(f: FieldRow): boolean {
  const custom = f.custom || /^CF/i.test(f.name ?? "");
  return custom && (f.usage === undefined || f.usage === TICKET_USAGE);
}

/**
 * Every /Field definition, read once per Halo connection (TTL) for tickets
 * and the record tools alike.
 */
export function fieldDefs(ctx: ToolContext): Promise<FieldRow[]> {
  const halo = ctx.halo;
  const hit = cache.get(halo);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = halo.resources.lookup<Row>("Field", {}, { signal: ctx.signal }).then((rows) =>
    rows.map((f) => ({
      id: Number(f.id),
      name: typeof f.name === "string" ? f.name : undefined,
      label: typeof f.label === "string" ? f.label : undefined,
      type: typeof f.type === "number" ? f.type : undefined,
      custom: f.custom === true || f.custom === 1,
      usage: f.usage === undefined || f.usage === null ? undefined : Number(f.usage),
      values: Array.isArray(f.values)
        ? (f.values as Row[]).map((v) => ({ id: Number(v.id), name: String(v.name ?? "") }))
        : undefined,
    })),
  );
  // A failed load must not be cached.
  value.catch(() => cache.delete(halo));
  cache.set(halo, { at: Date.now(), value });
  return value;
}

export async function ticketFieldDefs(ctx: ToolContext): Promise<TicketFieldDef[]> {
  return (await fieldDefs(ctx)).filter(isTicketCustomField);
}

/** {label|name|ID: value} → [{id, value}] for a new ticket. */
export async function customFieldsForCreate(
  ctx: ToolContext,
  input: CustomFieldInput | undefined,
): Promise<Array<{ id: number; value: unknown }> | undefined> {
  if (!input || Object.keys(input).length === 0) return undefined;
  const defs = await ticketFieldDefs(ctx);
  return resolveCustomFields(defs, input).map(({ field, value }) => ({
    id: field.id,
    value: optionValue(field as TicketFieldDef, value),
  }));
}

/**
 * A selection field stores the option's ID; people give its name. When the
 * definition lists the options, a name maps to its ID and anything that is
 * neither an option's name nor its ID is refused (Halo would store it as
 * given, a value no list shows). Without a list the value passes as given.
 */
export function optionValue(def: TicketFieldDef | undefined, value: unknown): unknown {
  if (typeof value !== "string" || !def?.values?.length || value.trim() === "") return value;
  const text = value.trim();
  const byId = /^\d+$/.test(text) ? def.values.find((o) => o.id === Number(text)) : undefined;
  if (byId) return byId.id;
  const hit = def.values.find((o) => o.name.trim().toLowerCase() === text.toLowerCase());
  if (hit) return hit.id;
  // A multi-select value ("A, B") is left to Halo: how it stores several options is not documented.
  if (text.includes(",")) return value;
  const options = def.values.map((o) => o.name);
  throw inputError(
    `custom_fields.${def.label ?? def.name ?? def.id}: "${text}" is not one of its options.`,
    `Use one of: ${options.slice(0, 20).join(", ")}${options.length > 20 ? ", …" : ""}.`,
  );
}

/**
 * The whole list to post on an update: every field the ticket carries with
 * its current value, the given ones replaced (Halo replaces the array). A
 * field the ticket does not carry yet (e.g. never filled on this type) is
 * matched against the definitions and appended.
 */
export async function mergeTicketCustomFields(
  ctx: ToolContext,
  existing: unknown,
  input: CustomFieldInput,
): Promise<Array<{ id: number; value: unknown }>> {
  const onRecord = Array.isArray(existing) ? (existing as CustomField[]) : [];
  const known: CustomFieldInput = {};
  const other: CustomFieldInput = {};
  for (const [key, value] of Object.entries(input)) {
    (matches(onRecord, key) ? known : other)[key] = value;
  }
  const merged = mergeCustomFields(onRecord, known);
  // Option names on selection fields the ticket carries map to IDs via the definitions.
  const named = resolveCustomFields(onRecord, known).filter(
    ({ field, value }) =>
      (field.type === 2 || field.type === 3) && typeof value === "string" && !/^\d+$/.test(value.trim()),
  );
  if (named.length > 0) {
    const defs = await ticketFieldDefs(ctx);
    for (const { field, value } of named) {
      const slot = merged.find((m) => m.id === field.id);
      if (slot)
        slot.value = optionValue(
          defs.find((d) => d.id === field.id),
          value,
        );
    }
  }
  if (Object.keys(other).length > 0) {
    for (const { field, value } of resolveCustomFields(await ticketFieldDefs(ctx), other)) {
      const slot = merged.find((m) => m.id === field.id);
      const v = optionValue(field as TicketFieldDef, value);
      if (slot) slot.value = v;
      else merged.push({ id: field.id, value: v });
    }
  }
  return merged;
}

function matches(defs: CustomField[], key: string): boolean {
  try {
    resolveCustomFields(defs, { [key]: null });
    return true;
  } catch (err) {
    if (err instanceof HaloError && err.kind === "input") return false;
    throw err;
  }
}
