/**
 * Custom field definitions (GET /FieldInfo, a lookup kind cached and cleared
 * with the others), so custom_fields can be given by label or name on a new
 * record, which has no fields of its own to match against yet, and so a
 * selection field's option name becomes the option ID Halo stores.
 */
import { HaloError, inputError } from "../../halo/errors.js";
import type { FieldDef } from "../../halo/lookups.js";
import {
  type CustomField,
  type CustomFieldInput,
  mergeCustomFields,
  resolveCustomFields,
} from "../custom-fields.js";
import type { ToolContext } from "../define.js";

/** Halo's `usage` for a field on tickets (the real sample ticket's fields carry 1). */
export const TICKET_USAGE = 1;

/** A definition with its options (selection fields). */
export type TicketFieldDef = FieldDef;

/** What optionValue needs of a definition. */
export type OptionDef = Pick<FieldDef, "id" | "label" | "type" | "values"> & { name?: string };

/** Every custom field definition of the tenant (all record kinds). */
export async function fieldDefs(ctx: ToolContext): Promise<FieldDef[]> {
  return (await ctx.halo.lookups.all("custom_fields", ctx.signal)) as FieldDef[];
}

/** The ticket fields; a definition without `usage` counts (Halo did not say otherwise). */
export async function ticketFieldDefs(ctx: ToolContext): Promise<TicketFieldDef[]> {
  return (await fieldDefs(ctx)).filter((f) => f.usage === undefined || f.usage === TICKET_USAGE);
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

/** Halo's field types for a single and a multiple selection. */
const SINGLE_SELECT = 2;
const MULTI_SELECT = 3;

/**
 * A selection field stores the option's ID; people give its name. When the
 * definition lists the options, a name maps to its ID and anything that is
 * neither an option's name nor its ID is refused naming the valid ones
 * (Halo would store it as given, a value no list shows). A multiple
 * selection takes several, comma-separated, each mapped the same way.
 * Without a list the value passes as given.
 */
export function optionValue(def: OptionDef | undefined, given: unknown): unknown {
  let value = given;
  if (typeof value === "number" && Number.isInteger(value)) value = String(value);
  if (typeof value !== "string" || !def?.values?.length || value.trim() === "") return given;
  const multi = def.type === MULTI_SELECT || (def.type !== SINGLE_SELECT && value.includes(","));
  const parts = multi
    ? value
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean)
    : [value.trim()];
  const ids = parts.map((text) => {
    const byId = /^\d+$/.test(text) ? def.values?.find((o) => o.id === Number(text)) : undefined;
    if (byId) return byId.id;
    const hit = def.values?.find((o) => o.name.trim().toLowerCase() === text.toLowerCase());
    if (hit) return hit.id;
    const options = def.values?.map((o) => o.name) ?? [];
    throw inputError(
      `custom_fields.${def.label ?? def.name ?? def.id}: "${text}" is not one of its options.`,
      `Use one of: ${options.slice(0, 20).join(", ")}${options.length > 20 ? ", …" : ""}.`,
    );
  });
  return multi ? ids.join(",") : ids[0];
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
  // Selection values on fields the ticket carries: names map to IDs, and names or IDs
  // that are no option are refused, via the definitions.
  const named = resolveCustomFields(onRecord, known).filter(
    ({ field, value }) =>
      (field.type === SINGLE_SELECT || field.type === MULTI_SELECT) &&
      (typeof value === "string" || typeof value === "number"),
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
