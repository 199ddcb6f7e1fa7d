/** Small formatting helpers for compact projections. */

/** "Acme Corporation #12": a name with its ID, the compact way to show both. */
export function ref(name: unknown, id: unknown): string | undefined {
  const n = typeof name === "string" ? name.trim() : "";
  const i = typeof id === "number" ? id : Number(id);
  const hasId = Number.isFinite(i) && i > 0;
  if (n && hasId) return `${n} #${i}`;
  if (n) return n;
  return hasId ? `#${i}` : undefined;
}

const NULL_DATES = /^(0001|1899|1900)-/;

/** "2026-11-01 10:22" (UTC) or undefined for Halo's placeholder dates. */
export function when(value: unknown): string | undefined {
  if (typeof value !== "string" || !value || NULL_DATES.test(value)) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return m ? `${m[1]} ${m[2]}` : value;
}

/** Plain text from Halo HTML: tags stripped, entities decoded, whitespace folded. */
export function stripHtml(html: unknown): string {
  if (typeof html !== "string") return "";
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}

/** Cuts text to `max` characters, saying how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max).trimEnd()}… [+${text.length - max} chars]`;
}

/** Drops undefined, null, empty strings, empty arrays and empty objects (no empty placeholders). */
export function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0) continue;
    out[k] = v;
  }
  return out as Partial<T>;
}

/**
 * "next page: page=3" style paging summary shared by every search tool.
 * `pageSize` is the page's own (Page.pageSize): a server that caps pages below
 * the asked limit numbers its pages in that smaller size.
 */
export function paging(
  total: number,
  page: number,
  pageSize: number,
  shown: number,
  counted = true,
  /** Rows Halo sent for the page, when the tool filtered some out before showing them. */
  served = shown,
) {
  // Without Halo's record_count the total is only what was seen: a full page may have more after it.
  const more = counted ? page * pageSize < total : served >= pageSize;
  return compact({ total, page, shown, next_page: more ? page + 1 : undefined });
}

/** Field readers for raw Halo records, shared by every projection. */

/** A non-blank string, trimmed; undefined otherwise. */
export const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() ? v.trim() : undefined;

/** Halo marks "none" with 0 or -1; only positive IDs (and amounts) are real. */
export const num = (v: unknown): number | undefined => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** true, or undefined so that compact() drops a false flag. */
export const yes = (v: unknown): true | undefined => (v === true ? true : undefined);
