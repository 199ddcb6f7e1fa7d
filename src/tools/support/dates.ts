/** Halo's dates, read the same way by every area (time entries, invoices, contracts). */
import { inputError } from "../../halo/errors.js";
import { when } from "../../util/format.js";

/** Halo's datetimes carry no offset and are UTC; Date.parse would read them as local time. */
export function haloMs(v: unknown): number {
  const s = typeof v === "string" ? v.trim() : "";
  if (!s) return Number.NaN;
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(s) || !s.includes("T") ? s : `${s}Z`);
}

/** "2026-10-27" → ms at 00:00 UTC; a datetime as given. */
export function parseDay(value: string, field: string): number {
  const ms = haloMs(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value.replace(" ", "T"));
  if (!Number.isFinite(ms)) throw inputError(`${field}: "${value}" is not a date.`, "Use YYYY-MM-DD.");
  return ms;
}

/** The day of a Halo date, YYYY-MM-DD; undefined for Halo's placeholder dates. */
export const day = (v: unknown) => when(v)?.slice(0, 10);
/** Today as YYYY-MM-DD (UTC), the cut-off for a contract's "expired". */
export const today = () => new Date().toISOString().slice(0, 10);
