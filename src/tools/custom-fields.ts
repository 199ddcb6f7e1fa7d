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
    return { field, value };
  });
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
