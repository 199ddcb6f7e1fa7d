/** HALOPSA_RATE_LIMIT: how many requests Halo allows per rolling window (src/halo/rate-limiter.ts keeps to it). */

export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Parses "300/300s", "300/5m", "100/60000ms", "300". */
export function parseRateLimit(text: string): RateLimit | undefined {
  const m = /^\s*(\d+)\s*(?:\/\s*(\d+)\s*(ms|s|m|h)?)?\s*$/i.exec(text);
  if (!m) return undefined;
  const max = Number(m[1]);
  const amount = m[2] === undefined ? 300 : Number(m[2]);
  const unit = (m[3] ?? "s").toLowerCase();
  const factor = unit === "ms" ? 1 : unit === "s" ? 1000 : unit === "m" ? 60_000 : 3_600_000;
  const windowMs = amount * factor;
  if (!(max > 0) || !(windowMs > 0)) return undefined;
  return { max, windowMs };
}
