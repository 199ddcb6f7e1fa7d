/**
 * The sandbox's clock. The seed is built around a fixed reference instant
 * (SANDBOX_REFERENCE_DATE) so tests are deterministic; a demo wants it built
 * around *now*, or every SLA is breached by months and "today" is empty.
 * Rather than thread a clock through every seeding and rendering function,
 * the seeded database is moved in time once, after seeding: every date in it
 * shifts by the same amount, whatever fields the seed grows. Timestamps move
 * by the exact offset; date-only values by the nearest whole number of days.
 */
import type { FakeDb } from "./types.js";

/** All seeded dates lie in the 90 days before this instant. */
export const SANDBOX_REFERENCE_DATE = "2026-11-01T00:00:00.000Z";

const DAY = 86_400_000;
export const REFERENCE_MS = Date.parse(SANDBOX_REFERENCE_DATE);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function shiftString(value: string, offsetMs: number, days: number): string {
  if (DATE_ONLY.test(value)) return new Date(Date.parse(value) + days * DAY).toISOString().slice(0, 10);
  if (!TIMESTAMP.test(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const shifted = new Date(ms + offsetMs).toISOString();
  // Keep the stored form: Halo-style local timestamps carry no zone and no milliseconds.
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(value)) return shifted.slice(0, value.length);
  return value.endsWith("Z") && !value.includes(".") ? `${shifted.slice(0, 19)}Z` : shifted;
}

function walk(node: unknown, offsetMs: number, days: number, seen: WeakSet<object>): unknown {
  if (typeof node === "string") return shiftString(node, offsetMs, days);
  if (!node || typeof node !== "object" || Buffer.isBuffer(node) || ArrayBuffer.isView(node)) return node;
  if (seen.has(node)) return node;
  seen.add(node);
  if (node instanceof Map) {
    for (const [k, v] of node) node.set(k, walk(v, offsetMs, days, seen));
  } else if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = walk(node[i], offsetMs, days, seen);
  } else {
    const record = node as Record<string, unknown>;
    for (const k of Object.keys(record)) record[k] = walk(record[k], offsetMs, days, seen);
  }
  return node;
}

/** Moves a database seeded at the reference instant so that instant becomes `now`. */
export function anchorTo(db: FakeDb, now: number): void {
  const offsetMs = now - REFERENCE_MS;
  if (offsetMs !== 0) walk(db, offsetMs, Math.round(offsetMs / DAY), new WeakSet());
  db.anchor = now;
}

/** "Now" for the seeded data: the instant it was anchored to (the fixed reference unless moved). */
export const anchorOf = (db: FakeDb): number => db.anchor ?? REFERENCE_MS;
