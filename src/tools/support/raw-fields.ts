/**
 * The `fields` selector: named raw Halo fields added to a compact row, each
 * clipped, so a model can reach a field the projection leaves out without
 * receiving the whole record.
 */
import { clip, type Row } from "../../util/format.js";

/** One raw value, bounded: long strings are cut, large objects become clipped JSON text. */
export function clipValue(value: unknown, max: number): unknown {
  if (typeof value === "string") return clip(value, max);
  if (value && typeof value === "object") {
    const text = JSON.stringify(value);
    return text.length <= max ? value : clip(text, max);
  }
  return value;
}

/** The named fields present on `raw` (case-insensitive names), clipped to `max` characters each. */
export function pickRaw(raw: Row, names: readonly string[] | undefined, max: number): Row {
  const out: Row = {};
  if (!names?.length) return out;
  const byLower = new Map(Object.keys(raw).map((k) => [k.toLowerCase(), k]));
  for (const name of names) {
    const key = byLower.get(name.toLowerCase());
    if (key === undefined) continue;
    const v = raw[key];
    if (v === undefined || v === null || v === "") continue;
    out[key] = clipValue(v, max);
  }
  return out;
}

/** Requested names no record carries, so the model learns the name is wrong instead of guessing. */
export function missingFields(rows: Row[], names: readonly string[] | undefined): string[] | undefined {
  if (!names?.length) return undefined;
  const seen = new Set(rows.flatMap((r) => Object.keys(r).map((k) => k.toLowerCase())));
  const missing = names.filter((n) => !seen.has(n.toLowerCase()));
  return missing.length ? missing : undefined;
}
