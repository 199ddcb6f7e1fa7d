/**
 * Custom fields, the Halo way, in one place. A record carries objects {id,
 * name, label, type, value, display}, and a posted `customfields` array
 * replaces the whole list: so updates read the record, merge, and post every
 * field back, and results show only non-empty fields as label -> readable
 * value. A new record has no fields of its own to match labels against, so
 * labels and names are matched against the tenant's definitions (GET
 * /FieldInfo, the `custom_fields` lookup kind, cached and cleared with the
 * other lookups), which also map a selection field's option name to the
 * option ID Halo stores.
 */

import { HaloError, inputError } from "../../halo/errors.js";
import type { FieldDef } from "../../halo/lookups.js";
import { closest } from "../../halo/match.js";
import { log } from "../../util/log.js";
import type { ToolContext } from "../define.js";

export interface CustomField {
  id: number;
  name?: string;
  label?: string;
  type?: number;
  value?: unknown;
  display?: unknown;
}

export type CustomFieldInput = Record<string, string | number | boolean | null>;

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/** label -> readable value, non-empty fields only. */
export function customFieldsView(fields: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(fields)) return undefined;
  const out: Record<string, unknown> = {};
  for (const f of fields as CustomField[]) {
    const shown = isEmpty(f.display) ? f.value : f.display;
    if (isEmpty(shown)) continue;
    const key = (f.label ?? f.name ?? `#${f.id}`).trim();
    out[key] = typeof shown === "string" && shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function findField(defs: CustomField[], key: string): CustomField | undefined {
  const k = key.trim().toLowerCase();
  if (/^\d+$/.test(k)) return defs.find((d) => d.id === Number(k));
  return (
    defs.find((d) => (d.label ?? "").trim().toLowerCase() === k) ??
    defs.find((d) => (d.name ?? "").toLowerCase() === k)
  );
}

/** Maps {label|name|id: value} onto field definitions; unknown keys fail naming the close ones. */
export function resolveCustomFields(
  defs: CustomField[],
  input: CustomFieldInput,
): Array<{ field: CustomField; value: unknown }> {
  return Object.entries(input).map(([key, value]) => {
    const field = findField(defs, key);
    if (!field) {
      const named = defs
        .map((d) => ({ id: d.id, name: (d.label ?? d.name ?? "").trim() }))
        .filter((d) => d.name);
      const near = closest(key, named, 5);
      throw new HaloError("input", `custom_fields: no custom field "${key}" on this record.`, {
        hint: near.length
          ? `Known fields: ${near.map((d) => `${d.name} (ID ${d.id})`).join("; ")}.`
          : "This record has no custom fields.",
      });
    }
    return { field, value: checkedValue(field, key, value) };
  });
}

/** Halo's field type for dates (the real sample's "Actual Start Date/Time" carries 4). */
const DATE_TYPE = 4;
const YES = /^(true|yes|y|1|on)$/i;
const NO = /^(false|no|n|0|off)$/i;

/**
 * A value Halo would store as given but nobody could read back: words for a
 * checkbox ("Yes" on a field holding false) or "next friday" for a date.
 * Checkboxes are known by their current boolean value, dates by type 4.
 */
function checkedValue(field: CustomField, key: string, value: unknown): unknown {
  if (typeof value !== "string" || value.trim() === "") return value;
  const label = (field.label ?? field.name ?? key).trim();
  const text = value.trim();
  if (typeof field.value === "boolean") {
    if (YES.test(text)) return true;
    if (NO.test(text)) return false;
    throw new HaloError("input", `custom_fields.${label}: "${text}" is not a yes/no value.`, {
      hint: "Pass true or false.",
    });
  }
  if (
    field.type === DATE_TYPE &&
    !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text)
  ) {
    throw new HaloError("input", `custom_fields.${label}: "${text}" is not a date.`, {
      hint: "Use YYYY-MM-DD (or YYYY-MM-DDTHH:mm), computed from today's date.",
    });
  }
  return value;
}

/**
 * The full list to post: every existing field with its current value, the
 * updated ones replaced. Posting only the changed fields would empty the rest.
 */
export function mergeCustomFields(
  existing: unknown,
  input: CustomFieldInput,
): Array<{ id: number; value: unknown }> {
  const defs = Array.isArray(existing) ? (existing as CustomField[]) : [];
  const updates = new Map(resolveCustomFields(defs, input).map((u) => [u.field.id, u.value]));
  const merged = defs.map((f) => ({ id: f.id, value: updates.has(f.id) ? updates.get(f.id) : f.value }));
  return merged;
}

/** Halo's `usage` for a field on tickets (the real sample ticket's fields carry 1). */
export const TICKET_USAGE = 1;

/** What optionValue needs of a definition. */
export type OptionDef = Pick<FieldDef, "id" | "label" | "type" | "values"> & { name?: string };

/** Every custom field definition of the tenant (all record kinds). */
export async function fieldDefs(ctx: ToolContext): Promise<FieldDef[]> {
  return (await ctx.halo.lookups.all("custom_fields", ctx.signal)) as FieldDef[];
}

/** The ticket fields; a definition without `usage` counts (Halo did not say otherwise). */
export async function ticketFieldDefs(ctx: ToolContext): Promise<FieldDef[]> {
  return (await fieldDefs(ctx)).filter((f) => f.usage === undefined || f.usage === TICKET_USAGE);
}

/**
 * Custom fields for a new record: {label|name|ID: value} → [{id, value}].
 * A ticket's keys are matched against the ticket fields' definitions. Any
 * other record's field IDs pass straight through, and labels and names are
 * matched against the definitions of fields that are not ticket fields.
 */
export async function customFieldsForCreate(
  ctx: ToolContext,
  input: CustomFieldInput | undefined,
  record: "ticket" | "other",
): Promise<Array<{ id: number; value: unknown }> | undefined> {
  if (!input || Object.keys(input).length === 0) return undefined;
  if (record === "other") return otherCustomFieldsForCreate(ctx, input);
  const defs = await ticketFieldDefs(ctx);
  return resolveCustomFields(defs, input).map(({ field, value }) => ({
    id: field.id,
    value: optionValue(field as FieldDef, value),
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
      const v = optionValue(field as FieldDef, value);
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

/**
 * Halo's `usage` for client fields. Unverified (tickets' 1 is in a real
 * sample): fields of this usage are preferred, and any non-ticket field is
 * still matched, so a different numbering only changes the preference.
 */
const CLIENT_USAGE = 2;

/** customFieldsForCreate for a record other than a ticket. */
async function otherCustomFieldsForCreate(
  ctx: ToolContext,
  input: CustomFieldInput,
): Promise<Array<{ id: number; value: unknown }>> {
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
        return new Map<number, FieldDef>();
      })
    : new Map<number, FieldDef>();
  return updates.map(({ field, value }) => ({ id: field.id, value: optionValue(defs.get(field.id), value) }));
}

/** Every custom field definition with options, by ID (field IDs are unique across record kinds). */
async function optionLists(ctx: ToolContext): Promise<Map<number, FieldDef>> {
  return new Map((await fieldDefs(ctx)).filter((f) => f.values?.length).map((f) => [f.id, f]));
}
