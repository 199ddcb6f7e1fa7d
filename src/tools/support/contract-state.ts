/**
 * A contract's state, as search_contracts and get_client (its active
 * contracts) both judge it.
 */

import type { Row } from "../../util/format.js";
import { day, today } from "./dates.js";

/** Expired: Halo's own flag when it sends one, else the end date has passed. */
export function isExpired(c: Row, now = today()): boolean {
  if (typeof c.expired === "boolean") return c.expired;
  const end = day(c.end_date);
  return end !== undefined && end < now;
}

export function contractState(c: Row, now = today()): "active" | "expired" | "inactive" | "not started" {
  if (isExpired(c, now)) return "expired";
  if (c.active === false) return "inactive";
  const start = day(c.start_date);
  const started = typeof c.started === "boolean" ? c.started : start === undefined || start <= now;
  return started ? "active" : "not started";
}

/** What counts as active for search_contracts and get_client: running or yet to start. */
export function isCurrent(c: Row, now = today()): boolean {
  const state = contractState(c, now);
  return state === "active" || state === "not started";
}
