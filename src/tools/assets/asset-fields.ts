/**
 * Asset fields are the fields an asset type defines (Serial Number, Model,
 * ...). A record carries them in `fields` as {id, name, value, display}; a
 * posted `fields` array is treated like custom fields: as the whole list. So
 * updates post every existing field back with the changed ones replaced.
 */
import { z } from "zod";
import { HaloError } from "../../halo/errors.js";
import { closest } from "../../halo/match.js";
import { asNumber, type Row } from "../../util/format.js";
import type { ToolContext } from "../define.js";

export interface AssetFieldDef {
  id: number;
  name: string;
}

export type AssetFieldInput = Record<string, string | number | boolean | null>;

/** {id, name} of the fields on an asset record (FieldHelper: name is the label people see). */
export function fieldsOnRecord(fields: unknown): Array<AssetFieldDef & { value: unknown }> {
  if (!Array.isArray(fields)) return [];
  return (fields as Row[])
    .map((f) => ({ id: asNumber(f.id), name: String(f.label ?? f.name ?? "").trim(), value: f.value }))
    .filter((f) => Number.isFinite(f.id) && f.id > 0);
}

/**
 * The fields an asset type defines, from GET /AssetType/{id}: `field_list`
 * (Field: id, name) or `fields` (TypeInfo: field_id, field_name).
 */
export async function assetTypeFields(ctx: ToolContext, typeId: number): Promise<AssetFieldDef[]> {
  const res = await ctx.halo.http.request<Row>({
    method: "GET",
    path: `/AssetType/${typeId}`,
    signal: ctx.signal,
  });
  const t = (res.data ?? {}) as Row;
  const out = new Map<number, AssetFieldDef>();
  for (const f of (Array.isArray(t.field_list) ? t.field_list : []) as Row[]) {
    const id = asNumber(f.id);
    if (Number.isFinite(id) && id > 0) out.set(id, { id, name: String(f.label ?? f.name ?? "").trim() });
  }
  for (const f of (Array.isArray(t.fields) ? t.fields : []) as Row[]) {
    const id = asNumber(f.field_id ?? f.id);
    const name = String(f.field_name ?? f.label ?? f.name ?? "").trim();
    if (Number.isFinite(id) && id > 0 && !out.has(id)) out.set(id, { id, name });
  }
  return [...out.values()].filter((f) => f.name);
}

function find(defs: AssetFieldDef[], key: string): AssetFieldDef | undefined {
  const k = key.trim().toLowerCase();
  if (/^\d+$/.test(k)) return defs.find((d) => d.id === Number(k));
  return defs.find((d) => d.name.toLowerCase() === k);
}

/** Maps {label or ID: value} onto definitions; an unknown key fails naming the closest fields. */
export function resolveAssetFields(
  defs: AssetFieldDef[],
  input: AssetFieldInput,
  typeName: string,
): Array<{ field: AssetFieldDef; value: unknown }> {
  return Object.entries(input).map(([key, value]) => {
    const field = find(defs, key);
    if (!field) {
      const near = closest(key, defs, 6);
      throw new HaloError("input", `asset_fields: asset type ${typeName} has no field "${key}".`, {
        hint: near.length
          ? `Its fields: ${near.map((d) => `${d.name} (ID ${d.id})`).join("; ")}.`
          : "This asset type defines no asset fields.",
      });
    }
    return { field, value };
  });
}

/** Unresolved keys, so callers fetch the type's definitions only when the record's own list is not enough. */
export function unknownKeys(defs: AssetFieldDef[], input: AssetFieldInput): string[] {
  return Object.keys(input).filter((k) => !find(defs, k));
}

/** Every existing field with its value, the updated ones replaced, new ones appended. */
export function mergeAssetFields(
  existing: Array<{ id: number; value: unknown }>,
  updates: Array<{ field: AssetFieldDef; value: unknown }>,
): Array<{ id: number; value: unknown }> {
  const byId = new Map(updates.map((u) => [u.field.id, u.value]));
  const merged = existing.map((f) => ({ id: f.id, value: byId.has(f.id) ? byId.get(f.id) : f.value }));
  for (const u of updates)
    if (!existing.some((f) => f.id === u.field.id)) merged.push({ id: u.field.id, value: u.value });
  return merged;
}

/** "Serial Number #3" -> value, for dry-run `resolved`. */
export function describeFields(
  updates: Array<{ field: AssetFieldDef; value: unknown }>,
): Record<string, string> {
  return Object.fromEntries(updates.map((u) => [`asset_fields.${u.field.name}`, `field #${u.field.id}`]));
}

export const assetFieldsInput = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .optional()
  .describe("Asset fields: {label or ID: value}; others kept");
