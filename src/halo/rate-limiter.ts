/**
 * Client-side rolling-window limiter. Halo-hosted tenants allow N requests per
 * rolling window (300 per 5 minutes); queueing here makes bulk work slow down
 * instead of collecting 429s, which Halo answers without a Retry-After.
 */
import type { RateLimit } from "../config/rate-limit.js";

// The setting's parser and type live with the configuration (config never imports halo).
export { parseRateLimit, type RateLimit } from "../config/rate-limit.js";

/** Call when the request is over (answered or failed): its slot then counts from now. */
export type Release = () => void;

/** What HaloHttp needs of a limiter: the in-process one below, or SharedWindowLimiter (rate-shared.ts). */
export interface Limiter {
  /** Resolves when a request may be sent; call the release when it is over. */
  acquire(signal?: AbortSignal): Promise<Release>;
  /** Counts a request at once, even over the limit (see RollingWindowLimiter.take). */
  take(): Release;
  /** Requests of this process waiting for a slot. */
  readonly queued: number;
}

interface Slot {
  /** When the window stops counting it (minus windowMs); taken time until released. */
  at: number;
  /** Still in flight: Halo may not have counted it yet, so it cannot expire. */
  open: boolean;
}

export class RollingWindowLimiter implements Limiter {
  private slots: Slot[] = [];
  private readonly waiters: Array<(slot: Slot) => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Resolves when a request may be sent; the slot is taken on resolve. Call
   * the returned `release` when the request is over. Halo counts a request
   * when it arrives, which can be long after it was let through here (a
   * token fetch, a busy connection pool, a slow answer), so a slot counts
   * from the moment its request ended, never from before Halo could have
   * seen it. Every acquire must be released (in a `finally`): an open slot
   * never expires.
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    // Reject rather than throw: callers attach .catch() to the returned promise.
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
    if (this.waiters.length === 0) {
      const slot = this.tryTake();
      if (slot) return Promise.resolve(this.releaser(slot));
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter = (slot: Slot) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(this.releaser(slot));
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        // Nobody left to wake: a pending wake-up (up to a whole window away) would only hold the process open.
        if (this.waiters.length === 0 && this.timer) {
          clearTimeout(this.timer);
          this.timer = undefined;
        }
        reject(signal?.reason ?? new Error("aborted"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /**
   * Counts a request in the window at once, even over the limit: for the rare
   * request that must never queue (authinfo discovery, made while the caller
   * may hold a slot) but that Halo may still count.
   */
  take(): Release {
    this.prune();
    const slot = { at: this.now(), open: true };
    this.slots.push(slot);
    return this.releaser(slot);
  }

  /** How many requests the window holds right now (in flight included). */
  get inWindow(): number {
    this.prune();
    return this.slots.length;
  }

  get queued(): number {
    return this.waiters.length;
  }

  private releaser(slot: Slot): Release {
    return () => {
      if (!slot.open) return;
      slot.open = false;
      slot.at = this.now();
      // With every slot in flight no timer was set: this slot now sets the next wake-up.
      if (this.waiters.length > 0) this.schedule();
    };
  }

  private prune(): void {
    const cutoff = this.now() - this.limit.windowMs;
    if (this.slots.some((s) => !s.open && s.at <= cutoff))
      this.slots = this.slots.filter((s) => s.open || s.at > cutoff);
  }

  private tryTake(): Slot | undefined {
    this.prune();
    if (this.slots.length >= this.limit.max) return undefined;
    const slot = { at: this.now(), open: true };
    this.slots.push(slot);
    return slot;
  }

  private schedule(): void {
    if (this.timer) return;
    this.drain();
    if (this.waiters.length === 0) return;
    const closed = this.slots.filter((s) => !s.open).map((s) => s.at);
    // Every slot in flight: the next release reschedules.
    if (closed.length === 0) return;
    const wait = Math.max(1, Math.min(...closed) + this.limit.windowMs - this.now() + 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, wait);
  }

  private drain(): void {
    while (this.waiters.length > 0) {
      const slot = this.tryTake();
      if (!slot) return;
      this.waiters.shift()?.(slot);
    }
  }
}
