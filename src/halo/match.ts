/**
 * Name matching shared by every resolver: case-insensitive exact match wins,
 * then a unique partial match; otherwise an ambiguity or a not-found error
 * that lists candidates with their IDs, so the model can ask or retry.
 */
import { HaloError } from "./errors.js";

export interface Named {
  id: number;
  name: string;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

export function levenshtein(a: string, b: string): number {
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
        name.includes(q) || q.includes(name) ? 0 : levenshtein(q, name) / Math.max(q.length, name.length);
      return { item, score };
    })
    .sort((a, b) => a.score - b.score)
    .slice(0, n)
    .map((x) => x.item);
}

export const describeCandidates = (items: Named[]) => items.map((c) => `${c.name} (ID ${c.id})`).join("; ");

/**
 * Picks the one item `query` means. `kind` is the human noun ("status",
 * "client"), `field` the tool argument to fix.
 */
export function pickByName<T extends Named>(query: string, items: T[], kind: string, field: string): T {
  const q = norm(query);
  const exact = items.filter((i) => norm(i.name) === q);
  if (exact.length === 1) return exact[0] as T;
  const partial = exact.length > 1 ? exact : items.filter((i) => norm(i.name).includes(q));
  if (partial.length === 1) return partial[0] as T;
  if (partial.length > 1) {
    const kinds = /(s|x|ch|sh)$/.test(kind) ? `${kind}es` : `${kind}s`;
    throw new HaloError(
      "input",
      `${field}: "${query}" matches ${partial.length} ${kinds}: ${describeCandidates(partial.slice(0, 5))}.`,
      {
        hint: `Pass the ID or the full name of the ${kind} you mean (ask the user if unsure).`,
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
