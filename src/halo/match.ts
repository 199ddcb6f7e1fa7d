/**
 * Name matching shared by every resolver: case-insensitive exact match wins,
 * then a unique partial match; otherwise an ambiguity or a not-found error
 * that lists candidates with their IDs, so the model can ask or retry.
 */
import { quoted } from "../util/format.js";
import { HaloError } from "./errors.js";

export interface Named {
  id: number;
  name: string;
}

/** Case and spacing aside: how every name is compared. */
export const normName = (s: unknown) =>
  String(s ?? "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
const norm = normName;

/** Characters of each string compared: a typo is in a name's first words, and the cost is |a|·|b|. */
const EDIT_SPAN = 64;

/**
 * Edit distance of the first EDIT_SPAN characters. Unbounded, one 50 KB record
 * name (customer data) against a 200-character query took 90 ms, and a
 * not-found name among 200 of them froze the server for 18 s.
 */
export function levenshtein(a: string, b: string): number {
  if (a.length > EDIT_SPAN) a = a.slice(0, EDIT_SPAN);
  if (b.length > EDIT_SPAN) b = b.slice(0, EDIT_SPAN);
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** Closest names first: substring hits, then by edit distance. */
export function closest<T extends Named>(query: string, items: T[], n = 5): T[] {
  const q = norm(query);
  return items
    .map((item) => {
      const name = norm(item.name);
      const score =
        name.includes(q) || q.includes(name)
          ? 0
          : // Over the span compared, so a very long name does not look close by its length alone.
            levenshtein(q, name) / Math.min(EDIT_SPAN, Math.max(q.length, name.length));
      return { item, score };
    })
    .sort((a, b) => a.score - b.score)
    .slice(0, n)
    .map((x) => x.item);
}

/** Record names are customer data: quoted, on one line, so a name cannot pose as an instruction. */
export const describeCandidates = (items: Named[]) =>
  items.map((c) => `${quoted(c.name, 100)} (ID ${c.id})`).join("; ");

/**
 * The items `query` names: every case-insensitive exact match if there is
 * one, else every partial match (possibly none).
 */
export function matchTier<T extends Named>(query: string, items: T[]): T[] {
  const q = norm(query);
  const exact = items.filter((i) => norm(i.name) === q);
  return exact.length > 0 ? exact : items.filter((i) => norm(i.name).includes(q));
}

const pluralOf = (kind: string) => (/(s|x|ch|sh)$/.test(kind) ? `${kind}es` : `${kind}s`);

/**
 * Picks the one item `query` means. `kind` is the human noun ("status",
 * "client"), `field` the tool argument to fix. Matches that share an ID (one
 * record listed under two names) count as one.
 */
export function pickByName<T extends Named>(query: string, items: T[], kind: string, field: string): T {
  const hits = matchTier(query, items);
  if (hits.length > 0 && new Set(hits.map((h) => h.id)).size === 1) return hits[0] as T;
  if (hits.length > 1) {
    throw new HaloError(
      "input",
      `${field}: "${query}" matches ${hits.length} ${pluralOf(kind)}: ${describeCandidates(hits.slice(0, 5))}.`,
      {
        hint: `Pass the ID or the full name of the ${kind} you mean (ask the user if unsure).`,
        choices: { field, query, options: distinct(hits).slice(0, 10) },
      },
    );
  }
  const near = closest(query, items);
  throw new HaloError("input", `${field}: no ${kind} named "${query}".`, {
    hint:
      near.length > 0
        ? `Closest matches: ${describeCandidates(near)}. Pass one of these names or IDs.`
        : `Check the ${kind} name.`,
  });
}

/** One entry per ID (a record listed under two names is one choice). */
function distinct<T extends Named>(items: T[]): Named[] {
  const seen = new Map<number, Named>();
  for (const i of items) if (!seen.has(i.id)) seen.set(i.id, { id: i.id, name: i.name });
  return [...seen.values()];
}
