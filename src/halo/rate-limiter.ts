/**
 * Client-side rolling-window limiter. Halo-hosted tenants allow N requests per
 * rolling window (300 per 5 minutes); queueing here makes bulk work slow down
 * instead of collecting 429s, which Halo answers without a Retry-After.
 */

export interface RateLimit {
  max: number;
  windowMs: number;
}

export class RollingWindowLimiter {
  private readonly stamps: number[] = [];
  private readonly waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when a request may be sent; the slot is taken on resolve. */
  acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.waiters.length === 0 && this.tryTake()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal?.reason ?? new Error("aborted"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /** How many requests the window holds right now. */
  get inWindow(): number {
    this.prune();
    return this.stamps.length;
  }

  get queued(): number {
    return this.waiters.length;
  }

  private prune(): void {
    const cutoff = this.now() - this.limit.windowMs;
    while (this.stamps.length > 0 && (this.stamps[0] as number) <= cutoff) this.stamps.shift();
  }

  private tryTake(): boolean {
    this.prune();
    if (this.stamps.length >= this.limit.max) return false;
    this.stamps.push(this.now());
    return true;
  }

  private schedule(): void {
    if (this.timer) return;
    this.drain();
    if (this.waiters.length === 0) return;
    const oldest = this.stamps[0] ?? this.now();
    const wait = Math.max(1, oldest + this.limit.windowMs - this.now() + 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, wait);
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.tryTake()) this.waiters.shift()?.();
  }
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
