/**
 * Figures and how they are printed. Every figure carries what it is compared
 * against (measured in the same run) and, where there is one, its target; a
 * missed target prints MISS but never fails the run.
 */

export interface Figure {
  /** Stable key in results.json, e.g. "cold_start.median_ms". */
  id: string;
  /** What was measured, for the table. */
  label: string;
  value: number;
  /** How to print `value`. */
  shown: string;
  against?: { label: string; value: number; shown: string };
  /** value / against.value, when both are comparable. */
  ratio?: number;
  /** e.g. "≤ 0.8×" or "≤ 4 KB". */
  target?: string;
  pass?: boolean;
  note?: string;
}

export interface Section {
  title: string;
  figures: Figure[];
  notes: string[];
}

export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}

function pad(s: string, n: number): string {
  const len = [...s].length;
  return len >= n ? s : s + " ".repeat(n - len);
}

function verdict(f: Figure): string {
  if (f.pass === undefined) return "";
  return f.pass ? "ok" : "MISS";
}

/** The printed table: one block per section. */
export function renderTable(sections: Section[]): string {
  const header = ["figure", "value", "compared against", "ratio", "target", ""];
  const rows: string[][] = [];
  const breaks = new Set<number>();
  for (const s of sections) {
    breaks.add(rows.length);
    rows.push([`## ${s.title}`, "", "", "", "", ""]);
    for (const f of s.figures) {
      rows.push([
        `  ${f.label}`,
        f.shown,
        f.against ? `${f.against.label}: ${f.against.shown}` : "—",
        f.ratio === undefined || Number.isNaN(f.ratio) ? "—" : `${f.ratio.toFixed(f.ratio < 0.1 ? 3 : 2)}×`,
        f.target ?? "",
        verdict(f),
      ]);
    }
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.filter((_, r) => !breaks.has(r)).map((r) => [...(r[i] ?? "")].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  ")];
  rows.forEach((r, i) => {
    out.push(breaks.has(i) ? r[0]! : line(r));
  });
  const notes = sections.flatMap((s) => s.notes.map((n) => `  * [${s.title}] ${n}`));
  if (notes.length) out.push("", "Notes:", ...notes);
  const missed = sections.flatMap((s) => s.figures).filter((f) => f.pass === false);
  out.push(
    "",
    missed.length
      ? `MISS: ${missed.length} target(s) missed: ${missed.map((f) => f.id).join(", ")}`
      : "All targets met.",
  );
  return out.join("\n");
}
