/**
 * Custom fields: definitions (GET /FieldInfo), the values on records (set
 * as Halo stores a posted value), their wire shape, and a posted list
 * replacing the whole list.
 */

import { FIELD_INFO_FILLER } from "../filler.js";
import type { Rng } from "../prng.js";
import { byId, type ReadDef } from "../read.js";
import { badRequest, type Reply } from "../reply.js";
import type { CustomFieldValue, FakeDb, FieldDef, WireObject } from "../types.js";
import { iso, merge } from "../util.js";

/** Custom field definitions: [id, name, label, type, usage, select values]. */
/** The MSP's service catalogue: the Service field's options and what clients see in a site. */
export const SERVICES = [
  "Managed IT",
  "Cloud Backup",
  "Microsoft 365",
  "Networking",
  "Security",
  "Telephony",
  "Printing",
  "Line of Business Apps",
];

export const FIELD_SEEDS: Array<[number, string, string, number, number, string[]]> = [
  [201, "CFService", "Service", 2, 1, SERVICES],
  [
    202,
    "CFImpactedUsers",
    "Users Affected",
    2,
    1,
    ["Single user", "Several users", "Whole site", "Whole company"],
  ],
  [203, "CFAssetTag", "Asset Tag", 0, 1, []],
  [204, "CFCustomerRef", "Customer Reference", 0, 1, []],
  [205, "CFRootCause", "Root Cause", 1, 1, []],
  [
    206,
    "CFResolutionCode",
    "Resolution Code",
    2,
    1,
    ["Fixed", "Workaround", "Duplicate", "No Fault Found", "User Training"],
  ],
  [207, "CFBillable", "Billable", 6, 1, []],
  [208, "CFFollowUpDate", "Follow-up Date", 4, 1, []],
  [209, "CFLocation", "Location / Room", 0, 1, []],
  [210, "CFEscalationReason", "Escalation Reason", 1, 1, []],
  [251, "CFSupportTier", "Support Tier", 2, 2, ["Bronze", "Silver", "Gold"]],
  [252, "CFAccountCode", "Account Code", 0, 2, []],
];

/** Custom field definitions (/FieldInfo), option IDs from 31. */
export function seedFieldDefs(db: FakeDb, rng: Rng): void {
  let lookupId = 31;
  for (const [id, name, label, type, usage, values] of FIELD_SEEDS)
    db.fields.set(id, {
      id,
      name,
      label,
      type,
      usage,
      values: values.map((v) => ({ id: lookupId++, name: v })),
      guid: rng.guid(),
    });
}

/** A custom field with no value, as Halo lists every field of the record's type. */
export function emptyField(def: FieldDef): CustomFieldValue {
  return { id: def.id, name: def.name, label: def.label, type: def.type, value: "", display: "" };
}

/**
 * Sets a field's value as Halo stores a posted one: as given. A selection
 * field's value is its option ID (several, comma-separated, for a multiple
 * selection) and `display` the option names; a posted option *name* is not
 * translated (Halo does not), so it is kept with an empty display.
 */
export function setField(def: FieldDef, raw: unknown): CustomFieldValue {
  const f = emptyField(def);
  if (raw === undefined || raw === null || raw === "") return f;
  if (def.type === 2 || def.type === 3) {
    const parts = def.type === 3 ? String(raw).split(",") : [String(raw)];
    const hits = parts.map((p) => def.values.find((v) => String(v.id) === p.trim()));
    if (hits.every((h) => h !== undefined)) {
      const value = def.type === 2 && typeof raw === "string" ? Number(raw) : raw;
      return { ...f, value, display: hits.map((h) => h?.name).join(", ") };
    }
    return { ...f, value: raw, display: "" };
  }
  if (def.type === 6) {
    const on = raw === true || raw === 1 || /^(true|1|yes)$/i.test(String(raw));
    return { ...f, value: on, display: on ? "Yes" : "No" };
  }
  if (def.type === 4) {
    const ms = Date.parse(String(raw));
    return { ...f, value: raw, display: Number.isFinite(ms) ? iso(ms).slice(0, 10) : String(raw) };
  }
  return { ...f, value: raw, display: String(raw) };
}

/** Seeding only: a selection given by its option's name, stored as the option's ID. */
export function seedField(def: FieldDef, raw: unknown): CustomFieldValue {
  const hit = def.values.find((v) => v.name.toLowerCase() === String(raw ?? "").toLowerCase());
  return setField(def, hit ? hit.id : raw);
}

export function fieldDefs(db: FakeDb, usage: number): FieldDef[] {
  return [...db.fields.values()].filter((f) => f.usage === usage);
}

/** A custom field definition as GET /FieldInfo answers it; `values` only when asked for. */
export function wireFieldInfo(def: FieldDef, withValues: boolean): WireObject {
  return merge(
    {
      id: def.id,
    },
    FIELD_INFO_FILLER,
    {
      guid: def.guid,
      name: def.name,
      label: def.label,
      labellong: `${def.label} (${def.name})`,
      lookup: def.values.length ? def.id : 0,
      type: def.type,
      custom: 1,
      usage: def.usage,
      tab_name: "Additional Fields",
      variable_name: `$CF${String(def.id).padStart(5, "0")}`,
      searchable: def.type === 0,
      mandatory: false,
      ...(withValues
        ? { values: def.values.map((v, k) => ({ id: v.id, name: v.name, sequence: k + 1, inactive: false })) }
        : {}),
    },
  );
}

// ---------- custom fields ----------

/** Custom fields as a record carries them in full: Halo's field metadata around id/name/label/type/value/display. */
export function wireCustomFieldsFull(db: FakeDb, values: CustomFieldValue[]): WireObject[] {
  return values.map((v) => {
    const def = db.fields.get(v.id);
    return {
      id: v.id,
      name: v.name,
      label: v.label,
      summary: "",
      type: v.type,
      value: v.value,
      display: v.display,
      characterlimit: 0,
      characterlimittype: 0,
      inputtype: v.type === 4 ? 1 : 0,
      copytochild: false,
      searchable: false,
      ordervalues: true,
      ordervaluesby: 1,
      database_lookup_auto: false,
      extratype: def?.values.length ? 1 : 0,
      copytochildonupdate: false,
      usage: def?.usage ?? 1,
      showondetailsscreen: false,
      custom_extra_table_id: 0,
      copytorelated: false,
      calculation: "",
      rounding: -1,
      regex: "",
      onlyshowforagents: false,
      is_horizontal: false,
      isencrypted: false,
      guid: def?.guid ?? "",
      selection_field_id: 0,
      new_storage_method: false,
      load_type: 0,
    };
  });
}

/**
 * GET /FieldInfo: field definitions (schema FieldInfo), system fields
 * (custom 0) and custom ones (custom 1, CF… names). Options (`values`) only
 * with includevalues=true.
 */
export const fieldInfo: ReadDef<WireObject> = {
  label: "Field",
  find: ({ db, q }) => [
    ...SYSTEM_FIELDS,
    ...[...db.fields.values()].map((d) => wireFieldInfo(d, q.bool("includevalues"))),
  ],
  render: (_ctx, r) => r,
  one({ db }, id) {
    const def = byId(db.fields, id);
    return def && wireFieldInfo(def, true);
  },
};

/** A few of Halo's built-in fields, which /FieldInfo lists beside the custom ones. */
const SYSTEM_FIELDS: WireObject[] = [
  { id: 1, name: "summary", label: "Summary", type: 0, custom: 0, usage: 1 },
  { id: 2, name: "details", label: "Details", type: 1, custom: 0, usage: 1 },
  { id: 3, name: "category1", label: "Category", type: 2, custom: 0, usage: 1 },
];

/**
 * Halo's replace-the-list semantics: the record's fields (every defined one
 * for a new record), posted values set, the rest emptied; a posted field the
 * record did not carry yet is added.
 */
export function replaceCustomFields(
  db: FakeDb,
  usage: number,
  posted: unknown,
  current?: CustomFieldValue[],
): CustomFieldValue[] | Reply {
  if (!Array.isArray(posted)) return badRequest("Invalid customfields: expected an array of {id, value}.");
  const defs = [...db.fields.values()].filter((f) => f.usage === usage);
  const values = new Map<number, unknown>();
  for (const p of posted as WireObject[]) {
    if (!p || typeof p !== "object") continue;
    const def = defs.find((d) => d.id === Number(p.id)) ?? defs.find((d) => d.name === p.name);
    if (def) values.set(def.id, p.value);
  }
  const carried = current ? new Set(current.map((f) => f.id)) : undefined;
  return defs
    .filter((def) => !carried || carried.has(def.id) || values.has(def.id))
    .map((def) => (values.has(def.id) ? setField(def, values.get(def.id)) : emptyField(def)));
}
