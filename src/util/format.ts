/** Small formatting helpers for compact projections. */

/** A Halo record as received, or a projected row: the one name for Record<string, unknown>. */
export type Row = Record<string, unknown>;

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

const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
/** Tags that end a line of text. */
const BREAKS = /^(br|p|div|li|tr|h\d|table|ul|ol|blockquote|pre)$/;

/**
 * Plain text from Halo HTML: tags stripped, entities decoded, whitespace
 * folded. One pass with indexOf, so it is linear on any input: ticket HTML is
 * customer-written, and the regex version it replaces took 25 s (blocking
 * every other call) on 1.2 MB of unclosed `<style>`. An unclosed script or
 * style hides the rest, as in a browser.
 */
export function stripHtml(html: unknown): string {
  if (typeof html !== "string") return "";
  const lower = html.toLowerCase();
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      out.push(html.slice(i));
      break;
    }
    out.push(html.slice(i, lt));
    const gt = html.indexOf(">", lt + 1);
    // "<" with no ">" after it, or "<>": text, as the browser shows it.
    if (gt === -1) {
      out.push(html.slice(lt));
      break;
    }
    if (gt === lt + 1) {
      out.push("<>");
      i = gt + 1;
      continue;
    }
    const closing = html[lt + 1] === "/";
    const from = lt + (closing ? 2 : 1);
    let to = from;
    while (to < gt && to - from < 12 && isNameChar(lower.charCodeAt(to))) to++;
    const name = lower.slice(from, to);
    if (!closing && (name === "script" || name === "style")) {
      const end = lower.indexOf(`</${name}`, gt + 1);
      if (end === -1) break;
      const endGt = html.indexOf(">", end);
      if (endGt === -1) break;
      out.push(" ");
      i = endGt + 1;
      continue;
    }
    if ((name === "br" && !closing) || (closing && BREAKS.test(name))) out.push("\n");
    i = gt + 1;
  }
  return foldWhitespace(decodeEntities(out.join("")));
}

const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/** JavaScript's \s, by char code (a regex replace costs ~1 µs a match, and whitespace can be every other char). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Runs of whitespace become one space, or one newline if they hold one; ends trimmed. One pass. */
function foldWhitespace(text: string): string {
  const parts: string[] = [];
  let start = 0;
  let newline = false;
  const flush = (end: number) => {
    if (start >= end) return;
    if (parts.length) parts.push(newline ? "\n" : " ");
    parts.push(text.slice(start, end));
    newline = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c)) continue;
    flush(i);
    if (c === 10) newline = true;
    start = i + 1;
  }
  flush(text.length);
  return parts.join("");
}

/** &amp; &lt; &#39; &#x27; … in one pass (so "&amp;lt;" stays "&lt;"). */
function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n =
        code[1] === "x" || code[1] === "X" ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
      return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/**
 * Text from outside (Halo's words, a token endpoint's error, a record name)
 * inside a sentence the server writes: on one line, clipped, in double
 * quotes, so it can never start a line of its own (a forged "Next step:") or
 * pass for the server's words.
 */
export function quoted(text: unknown, max = 200): string {
  const s = typeof text === "string" ? text : String(text ?? "");
  // Clipped before folding, so a 16 MB body costs no more than a short one.
  const one = s
    .slice(0, max * 4)
    .replace(/[\s\u2028\u2029\u0085]+/g, " ")
    .trim();
  return JSON.stringify(one.length > max ? `${one.slice(0, max).trimEnd()}…` : one);
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

/**
 * Coercions for mapping Halo's lookup rows, where every value is kept: any
 * value as text ("" for none, untrimmed), and any value as a number (NaN, 0
 * and negatives kept; the caller decides). str and num above are for
 * projections, where an empty or non-positive value is left out.
 */
export const asText = (v: unknown): string =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
export const asNumber = (v: unknown): number => (typeof v === "number" ? v : Number(v));

/** true, or undefined so that compact() drops a false flag. */
export const yes = (v: unknown): true | undefined => (v === true ? true : undefined);
