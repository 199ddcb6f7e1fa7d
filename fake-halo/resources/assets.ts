/**
 * Assets, asset types and asset-type fields (/Field): seed, wire shapes,
 * GET /Asset, /AssetType, /Field and POST /Asset.
 */
import { REFERENCE_MS } from "../clock.js";
import type { Rng } from "../prng.js";
import { byId, numericId, ordered, type ReadDef } from "../read.js";
import { badRequest, notFound } from "../reply.js";
import type { Asset, AssetType, FakeDb, WireObject } from "../types.js";
import { contains, DAY, halodate, has, iso, merge, num } from "../util.js";
import { assign, checkRef, firstError, itemId, nextId, type WriteDef } from "../write.js";
import { type ClientSeed, mainSiteId } from "./clients.js";
import { wireCustomFieldsFull } from "./custom-fields.js";
import { sitesOf } from "./sites.js";
import { usersOf } from "./users.js";

/** [id, name]: asset fields, shared by asset types. */
export const ASSET_FIELD_SEEDS: Array<[number, string]> = [
  [1, "Serial Number"],
  [2, "Model"],
  [3, "Manufacturer"],
  [4, "Operating System"],
  [5, "RAM (GB)"],
  [6, "IP Address"],
  [7, "Firmware Version"],
  [8, "Toner Cartridge"],
  [9, "Purchase Date"],
];

/** [id, name, group id, group name, tag prefix, field ids]. */
export const ASSET_TYPE_SEEDS: Array<[number, string, number, string, string, number[]]> = [
  [11, "Laptop", 1, "Hardware", "LT", [1, 2, 3, 4, 5, 9]],
  [12, "Printer", 1, "Hardware", "PR", [1, 2, 3, 6, 8]],
  [13, "Server", 1, "Hardware", "SV", [1, 2, 3, 4, 5, 6, 9]],
  [14, "Firewall", 2, "Network", "FW", [1, 2, 3, 6, 7]],
];

export const ASSET_MODELS: Record<number, Array<[string, string, string]>> = {
  11: [
    ["Dell", "Latitude 5440", "Windows 11 Pro"],
    ["Lenovo", "ThinkPad T14 Gen 4", "Windows 11 Pro"],
    ["HP", "EliteBook 840 G10", "Windows 11 Pro"],
    ["Apple", "MacBook Air M3", "macOS 15"],
  ],
  12: [
    ["HP", "LaserJet Pro M404dn", ""],
    ["Brother", "HL-L8360CDW", ""],
    ["Kyocera", "ECOSYS M3655idn", ""],
  ],
  13: [
    ["Dell", "PowerEdge R650", "Windows Server 2022"],
    ["HPE", "ProLiant DL360 Gen10", "Windows Server 2019"],
  ],
  14: [
    ["Fortinet", "FortiGate 60F", ""],
    ["Sophos", "XGS 2100", ""],
    ["WatchGuard", "Firebox T45", ""],
  ],
};

function serial(rng: Rng): string {
  const chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  return Array.from({ length: 10 }, () => rng.pick([...chars])).join("");
}

/** Asset-type fields and asset types. */
export function seedAssetTypes(db: FakeDb, rng: Rng): void {
  for (const [id, name] of ASSET_FIELD_SEEDS) db.assetFields.set(id, { id, name });
  for (const [id, name, groupId, groupName, prefix, fieldIds] of ASSET_TYPE_SEEDS)
    db.assetTypes.set(id, {
      id,
      name,
      assetgroup_id: groupId,
      assetgroup_name: groupName,
      tagprefix: prefix,
      field_ids: fieldIds,
      guid: rng.guid(),
    });
}

export function seedAssets(db: FakeDb, rng: Rng, seeds: Map<number, ClientSeed>): void {
  let id = 500;
  const perCode = new Map<string, number>();
  for (const client of db.clients.values()) {
    const code = seeds.get(client.id)?.code ?? "CLNT";
    for (const site of sitesOf(db, client.id)) {
      const plan: number[] = [11, 11, 12];
      if (site.name === "Acme London") plan.push(11, 12, 13, 14);
      else if (rng.chance(0.5)) plan.push(rng.pick([13, 14]));
      const users = usersOf(db, site.id);
      for (const typeId of plan) {
        const type = db.assetTypes.get(typeId)!;
        const n = (perCode.get(`${code}-${type.tagprefix}`) ?? 0) + 1;
        perCode.set(`${code}-${type.tagprefix}`, n);
        const [maker, model, os] = rng.pick(ASSET_MODELS[typeId] ?? [["Generic", "Device", ""]]);
        const purchased = REFERENCE_MS - rng.int(100, 1400) * DAY;
        const values: Record<number, unknown> = {
          1: serial(rng),
          2: model,
          3: maker,
          4: os,
          5: typeId === 13 ? rng.pick([64, 128, 256]) : rng.pick([8, 16, 32]),
          6: `10.${rng.int(0, 40)}.${rng.int(0, 20)}.${rng.int(2, 250)}`,
          7: `v7.${rng.int(0, 4)}.${rng.int(0, 12)}`,
          8: maker === "HP" ? "HP 59A" : maker === "Brother" ? "TN-426BK" : "TK-3200",
          9: iso(purchased).slice(0, 10),
        };
        const retired = rng.chance(0.06);
        const asset: Asset = {
          id: id++,
          inventory_number: `${code}-${type.tagprefix}-${String(n).padStart(3, "0")}`,
          key_field: `${code}-${type.tagprefix}${String(n).padStart(2, "0")}`,
          client_id: client.id,
          site_id: site.id,
          assettype_id: typeId,
          user_id: typeId === 11 && users.length ? rng.pick(users).id : 0,
          inactive: retired,
          status_id: retired ? 3 : 1,
          warranty_end: iso(purchased + 3 * 365 * DAY).slice(0, 10),
          notes: "",
          fields: type.field_ids.map((fid) => ({ id: fid, value: values[fid] ?? "" })),
          customfields: [],
        };
        db.assets.set(asset.id, asset);
      }
    }
  }
  db.nextId.asset = id;
}

export const ASSET_STATUSES: Record<number, string> = { 1: "Active", 2: "In Repair", 3: "Retired" };
export function wireAssetType(t: AssetType): WireObject {
  return {
    id: t.id,
    guid: t.guid,
    name: t.name,
    assetgroup_id: t.assetgroup_id,
    assetgroup_name: t.assetgroup_name,
    keyfield_id: 1,
    keyfield_name: "Serial Number",
    tagprefix: t.tagprefix,
    icon: "",
    show_to_users: true,
  };
}

export function wireAssetTypeDetail(db: FakeDb, t: AssetType): WireObject {
  return merge(wireAssetType(t), {
    field_list: t.field_ids.map((id) => wireAssetField(db, id, t.id)),
    fields: t.field_ids.map((id, k) => ({
      typeinfo_id: t.id,
      id: t.id * 100 + k,
      field_id: id,
      field_name: db.assetFields.get(id)?.name ?? "",
      sequence: k + 1,
    })),
  });
}

export function wireAssetField(db: FakeDb, id: number, typeId = 0): WireObject {
  return {
    id,
    kind: "asset",
    typeinfo_id: typeId,
    name: db.assetFields.get(id)?.name ?? "",
    sequence: id,
    mandatory: id === 1,
    lookup: 0,
    values: [],
  };
}

// ---------- assets, contracts ----------

function assetFields(db: FakeDb, a: Asset): WireObject[] {
  return a.fields.map((f) => ({
    id: f.id,
    name: db.assetFields.get(f.id)?.name ?? "",
    value: f.value,
    display: f.value === undefined || f.value === null ? "" : String(f.value),
    mandatory: f.id === 1,
    showonactivity: false,
    lookup: 0,
    typeinfo_id: a.assettype_id,
    tab_id: 0,
    tab_name: "",
  }));
}

export function wireAsset(db: FakeDb, a: Asset, withFields: boolean): WireObject {
  const client = db.clients.get(a.client_id);
  const site = db.sites.get(a.site_id);
  const type = db.assetTypes.get(a.assettype_id);
  const contract = [...db.contracts.values()].find((c) => c.client_id === a.client_id && c.active);
  return {
    id: a.id,
    inventory_number: a.inventory_number,
    key_field: a.key_field,
    key_field2: "",
    key_field3: "",
    client_id: a.client_id,
    client_name: client?.name ?? "",
    site_id: a.site_id,
    site_name: site?.name ?? "",
    username: a.user_id ? (db.users.get(a.user_id)?.name ?? "") : "",
    assettype_id: a.assettype_id,
    assettype_name: type?.name ?? "",
    colour: "#2bd3c6",
    icon: "",
    warranty_end: halodate(a.warranty_end),
    inactive: a.inactive,
    status_id: a.status_id,
    status_name: ASSET_STATUSES[a.status_id] ?? "",
    contract_id: contract?.id ?? 0,
    contract_ref: contract?.ref ?? "",
    supplier_id: 0,
    supplier_name: "",
    use: "asset",
    ...(withFields ? { fields: assetFields(db, a) } : {}),
  };
}

export function wireAssetDetail(db: FakeDb, a: Asset): WireObject {
  // The contact is answered as `username` (schema Device has no user_id).
  const { user_id: _user, ...stored } = a;
  return merge(stored, wireAsset(db, a, true), {
    notes: a.notes,
    business_owner_id: 0,
    business_owner_name: "",
    technical_owner_id: 0,
    technical_owner_name: "",
    sla_id: db.clients.get(a.client_id)?.sla_id ?? 1,
    priority_id: 3,
    is_primary_asset: false,
    parent_id: 0,
    customfields: wireCustomFieldsFull(db, a.customfields),
  });
}

// ---------- assets, contracts ----------

export const assets: ReadDef<Asset> = {
  key: "assets",
  label: "Asset",
  find({ db, q }) {
    const search = q.str("search")?.toLowerCase();
    const client = q.int("client_id");
    const site = q.int("site_id");
    const types = q.ids("assettype_id") ?? q.ids("assettypes");
    const inactive = q.bool("includeinactive");
    const rows = [...db.assets.values()].filter((a) => {
      if (!inactive && a.inactive) return false;
      if (client !== undefined && a.client_id !== client) return false;
      if (site !== undefined && a.site_id !== site) return false;
      if (types && !types.includes(a.assettype_id)) return false;
      if (!search) return true;
      return (
        contains(a.inventory_number, search) ||
        contains(a.key_field, search) ||
        contains(db.users.get(a.user_id)?.name, search) ||
        a.fields.some((f) => contains(String(f.value ?? ""), search))
      );
    });
    return ordered(rows, q, "id", false);
  },
  render: ({ db, q }, a) => wireAsset(db, a, q.bool("includeassetfields")),
  one({ db }, id) {
    const a = byId(db.assets, id);
    return a && wireAssetDetail(db, a);
  },
};

type AssetTypeRec = FakeDb["assetTypes"] extends Map<number, infer A> ? A : never;
export const assetTypes: ReadDef<AssetTypeRec> = {
  label: "Asset Type",
  find: ({ db }) => [...db.assetTypes.values()],
  render: (_ctx, t) => wireAssetType(t),
  one({ db }, id) {
    const t = byId(db.assetTypes, id);
    return t && wireAssetTypeDetail(db, t);
  },
};

/**
 * GET /Field: asset-type fields (schema Field: kind, typeinfo_id, no label,
 * custom or usage); type_id narrows to one asset type's fields. Custom field
 * definitions are GET /FieldInfo.
 */
export const fields: ReadDef<WireObject> = {
  label: "Field",
  find({ db, q }) {
    const typeId = q.int("type_id");
    const ids =
      typeId !== undefined ? (db.assetTypes.get(typeId)?.field_ids ?? []) : [...db.assetFields.keys()];
    return ids.map((id) => wireAssetField(db, id, typeId ?? 0));
  },
  render: (_ctx, r) => r,
  one({ db }, id) {
    const n = numericId(id);
    return n !== undefined && db.assetFields.has(n) ? wireAssetField(db, n) : undefined;
  },
};

// ---------- assets, contracts ----------

export const assetsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.assets.get(id) : undefined;
    if (id && !existing) return notFound("Asset", id);
    if (!existing && !has(item, "client_id")) return badRequest("Please select a Client (client_id).");
    if (!existing && !has(item, "assettype_id"))
      return badRequest("Please select an Asset Type (assettype_id).");
    const error = firstError(
      checkRef(item, "client_id", "Client", (n) => db.clients.has(n)),
      checkRef(item, "site_id", "Site", (n) => db.sites.has(n)),
      checkRef(item, "assettype_id", "Asset Type", (n) => db.assetTypes.has(n)),
      checkRef(item, "user_id", "User", (n) => db.users.has(n), true),
      has(item, "fields") && !Array.isArray(item.fields)
        ? badRequest("Invalid fields: expected an array of {id, value}.")
        : undefined,
    );
    if (error) return error;
    return () => {
      const typeId = has(item, "assettype_id") ? num(item.assettype_id) : (existing?.assettype_id ?? 0);
      const type = db.assetTypes.get(typeId);
      const clientId = has(item, "client_id") ? num(item.client_id) : (existing?.client_id ?? 0);
      const a: Asset = existing ?? {
        id: nextId(db, "asset", 500),
        inventory_number: "",
        key_field: "",
        client_id: clientId,
        site_id: mainSiteId(db, clientId) ?? 0,
        assettype_id: typeId,
        user_id: 0,
        inactive: false,
        status_id: 1,
        warranty_end: "1900-01-01",
        notes: "",
        fields: (type?.field_ids ?? []).map((fid) => ({ id: fid, value: "" })),
        customfields: [],
      };
      assign(a, item, ["fields", "client_id", "site_id", "assettype_id", "user_id"]);
      for (const k of ["client_id", "site_id", "assettype_id", "user_id"])
        if (has(item, k)) a[k] = num(item[k]);
      if (!a.inventory_number) a.inventory_number = `SBX-${type?.tagprefix ?? "AS"}-${a.id}`;
      if (Array.isArray(item.fields))
        a.fields = replaceAssetFields(type?.field_ids ?? [], item.fields as WireObject[]);
      db.assets.set(a.id, a);
      return wireAssetDetail(db, a);
    };
  },
  remove: ({ db }, id) => db.assets.delete(id),
};

/** The type's fields with posted values, the rest emptied; posted fields outside the type kept. */
function replaceAssetFields(
  typeFieldIds: number[],
  posted: WireObject[],
): Array<{ id: number; value: unknown }> {
  const values = new Map<number, unknown>();
  for (const p of posted) if (p && Number.isFinite(Number(p.id))) values.set(Number(p.id), p.value);
  const out = typeFieldIds.map((id) => ({ id, value: values.has(id) ? values.get(id) : "" }));
  for (const [id, value] of values) if (!typeFieldIds.includes(id)) out.push({ id, value });
  return out;
}
