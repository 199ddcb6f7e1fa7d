/**
 * Custom fields, the Halo way: a record carries objects {id, name, label,
 * type, value, display}, and a posted `customfields` array replaces the whole
 * list. So updates read the record, merge, and post every field back; and
 * results show only non-empty fields as label -> readable value.
 */
import { HaloError } from "../halo/errors.js";
import { closest } from "../halo/match.js";

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
