/**
 * How an asset reads: a flat row for lists and a bounded detail (≤ 3 KB) for
 * get_asset. Asset fields (the type's own fields, e.g. Serial Number) come in
 * Halo's `fields` array and are shown as label -> readable value.
 */
import { z } from "zod";
import { clip, compact, type Row, ref, str, stripHtml, when } from "../../util/format.js";
import { pagingShape } from "../common.js";
import { customFieldsView } from "../support/custom-fields.js";

const day = (v: unknown) => when(v)?.slice(0, 10);

/** "INV-0042 #17": the tag (or key field) with the ID, for resolved-name displays. */
export function assetRef(a: Row): string | undefined {
  return ref(str(a.inventory_number) ?? str(a.key_field), a.id);
}

export function assetRow(a: Row): Row {
  return compact({
    id: a.id,
    tag: str(a.inventory_number),
    key: str(a.key_field),
    type: ref(a.assettype_name, a.assettype_id),
    client: ref(a.client_name, a.client_id),
    site: ref(a.site_name, a.site_id),
    status: str(a.status_name),
    user: str(a.username),
    inactive: a.inactive === true ? true : undefined,
  });
}

/** Hard ceiling for get_asset, in characters of JSON. */
export const ASSET_DETAIL_MAX = 3000;

export function assetDetail(a: Row): Row {
  const keys = [a.key_field2, a.key_field3].map(str).filter(Boolean);
  const detail = compact({
    ...assetRow(a),
    other_keys: keys,
    contract: ref(str(a.contract_ref) ?? str(a.latest_contract_ref), a.contract_id),
    supplier: ref(a.supplier_name, a.supplier_id),
    warranty_end: day(a.warranty_end),
    sla: str(a.sla_name),
    priority: str(a.priority_name),
    parent: typeof a.parent_id === "number" && a.parent_id > 0 ? a.parent_id : undefined,
    fields: customFieldsView(a.fields),
    custom_fields: customFieldsView(a.customfields),
    notes: str(a.notes) ? clip(stripHtml(a.notes), 300) : undefined,
  });
  return fitDetail(detail, ASSET_DETAIL_MAX);
}

/**
 * Keeps a detail under `max` characters: long field values are shortened
 * first, then trailing asset/custom fields are dropped with a count, so the
 * identity fields always survive.
 */
export function fitDetail(detail: Row, max: number): Row {
  const size = (o: unknown) => JSON.stringify(o).length;
  if (size(detail) <= max) return detail;
  const out: Row = { ...detail };
  for (const key of ["fields", "custom_fields"]) {
    const view = out[key] as Row | undefined;
    if (!view) continue;
    out[key] = Object.fromEntries(
      Object.entries(view).map(([k, v]) => [k, typeof v === "string" && v.length > 80 ? clip(v, 80) : v]),
    );
  }
  if (typeof out.notes === "string") out.notes = clip(out.notes, 120);
  const note = (n: number) => `${n} more field(s) left out for size; ask get_asset with fields=["fields"]`;
  let omitted = 0;
  for (const key of ["custom_fields", "fields"]) {
    const entries = Object.entries((out[key] as Row | undefined) ?? {});
    while (entries.length > 0 && size(omitted ? { ...out, omitted_fields: note(omitted) } : out) > max) {
      entries.pop();
      omitted++;
      out[key] = entries.length ? Object.fromEntries(entries) : undefined;
    }
    if (!out[key]) delete out[key];
  }
  if (omitted > 0) out.omitted_fields = note(omitted);
  return out;
}

/** Output shapes, for the tests and the docs. */
const assetRowShape = z
  .object({
    id: z.number(),
    tag: z.string().optional(),
    key: z.string().optional(),
    type: z.string().optional(),
    client: z.string().optional(),
    site: z.string().optional(),
    status: z.string().optional(),
    user: z.string().optional(),
    inactive: z.boolean().optional(),
  })
  .catchall(z.unknown());

export const assetListOutput = {
  ...pagingShape,
  assets: z.array(assetRowShape),
  fallback: z.string().optional(),
};

export const assetOutput = { asset: assetRowShape };

export const assetWriteOutput = {
  asset: assetRowShape.optional(),
  dry_run: z.literal(true).optional(),
  would_send: z.record(z.string(), z.unknown()).optional(),
  resolved: z.record(z.string(), z.string()).optional(),
  possible_duplicates: z.array(z.string()).optional(),
  warning: z.string().optional(),
};
