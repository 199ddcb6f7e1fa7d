/**
 * One rate budget per Halo tenant shared by several processes (Claude Code
 * sessions and a CLI run on one machine; replicas of a team deployment). The
 * window's slots live in a RateWindowStore that every process reads and
 * writes atomically: a file per tenant here (rate-file-store.ts), Redis or
 * Valkey for a team deployment. The semantics are RollingWindowLimiter's: a
 * slot counts from when its request ended, and one still in flight never
 * expires — except that a slot whose process died is let go `leaseMs` after
 * it was taken, so a crash cannot shrink the budget for good.
 */
import { log } from "../util/log.js";
import { type Limiter, type RateLimit, type Release, RollingWindowLimiter } from "./rate-limiter.js";

/** A store's answer to take(): a slot, or when to ask again. */
export type RateTake =
  | { granted: true; slot: string }
  /** retryInMs: when the first counted slot stops counting; absent when every slot is still in flight. */
  | { granted: false; retryInMs?: number };

/**
 * The shared window for one key (one Halo tenant). Every method is atomic
 * across all processes using the store; times are the store's own clock.
 */
export interface RateWindowStore {
  /**
   * Counts a new in-flight slot in `key`'s window when fewer than
   * `limit.max` are counted (always, with `force`). A slot counts while in
   * flight, for at most `leaseMs` after it was taken unless released, and
   * for `limit.windowMs` after release.
   */
  take(key: string, limit: RateLimit, opts: { leaseMs: number; force?: boolean }): Promise<RateTake>;
  /** The request is over: the slot counts from now for one window. Unknown slots are ignored. */
  release(key: string, slot: string): Promise<void>;
  /** Slots counted now (in flight included). */
  count(key: string, limit: RateLimit, leaseMs: number): Promise<number>;
  close?(): Promise<void>;
}

/** How often a waiter asks again when every slot is in flight (none can expire before it is released). */
const POLL_MS = 200;

const abortable = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const done = () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * A Limiter over a RateWindowStore. Waiting is polling: another process's
 * release cannot wake this one, so a waiter sleeps until the first counted
 * slot expires (the store says when) or, with every slot in flight, POLL_MS.
 * If the store fails (a folder that cannot be written, Redis gone), this
 * process falls back to its own in-process window and says so: the budget
 * is then per process, never no budget at all. The store is tried again
 * after STORE_RETRY_MS, so a Redis restart does not leave every replica
 * counting alone (N times the budget) until it is restarted too.
 */
/** How long a process counts alone after the shared store failed, before trying it again. */
export const STORE_RETRY_MS = 30_000;

export class SharedWindowLimiter implements Limiter {
  private fallback: RollingWindowLimiter | undefined;
  /** Epoch ms: the shared store is tried again from then. */
  private retryStoreAt = 0;
  private readonly now: () => number;
  private waiting = 0;

  constructor(
    private readonly store: RateWindowStore,
    private readonly key: string,
    private readonly limit: RateLimit,
    /** A slot never released (its process died) stops counting this long after it was taken. */
    private readonly leaseMs: number,
    opts: { now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** The in-process window while the store is out; undefined once it is due to be tried again. */
  private alone(): RollingWindowLimiter | undefined {
    if (this.fallback && this.now() >= this.retryStoreAt) {
      // Requests still in the fallback's window are not in the store's: a short overlap, bounded by one window.
      this.fallback = undefined;
      this.recovering = true;
    }
    return this.fallback;
  }

  private recovering = false;

  get queued(): number {
    return this.fallback ? this.fallback.queued : this.waiting;
  }

  async acquire(signal?: AbortSignal): Promise<Release> {
    this.waiting++;
    try {
      return await this.wait(signal);
    } finally {
      this.waiting--;
    }
  }

  private async wait(signal?: AbortSignal): Promise<Release> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      const alone = this.alone();
      if (alone) return alone.acquire(signal);
      let got: RateTake;
      try {
        got = await this.store.take(this.key, this.limit, { leaseMs: this.leaseMs });
      } catch (err) {
        this.degrade(err);
        continue;
      }
      this.restored();
      if (got.granted) return this.releaser(got.slot);
      // Jitter spreads the processes that wait for the same expiry.
      const wait = Math.max(1, Math.min(got.retryInMs ?? POLL_MS, this.limit.windowMs)) + Math.random() * 20;
      await abortable(wait, signal);
    }
  }

  take(): Release {
    const alone = this.alone();
    if (alone) return alone.take();
    const taken = this.store
      .take(this.key, this.limit, { leaseMs: this.leaseMs, force: true })
      .catch((err: unknown) => {
        this.degrade(err);
        return undefined;
      });
    return () => {
      void taken.then((got) => (got?.granted ? this.releaseSlot(got.slot) : undefined));
    };
  }

  /** Slots the shared window counts now (tests and diagnostics). */
  inWindow(): Promise<number> {
    return this.store.count(this.key, this.limit, this.leaseMs);
  }

  private releaser(slot: string): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      void this.releaseSlot(slot);
    };
  }

  private async releaseSlot(slot: string): Promise<void> {
    try {
      await this.store.release(this.key, slot);
    } catch (err) {
      // The lease lets the slot go in the end; nothing else to do.
      log.debug(`rate budget: releasing a slot failed (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  private degrade(err: unknown): void {
    this.retryStoreAt = this.now() + STORE_RETRY_MS;
    if (this.fallback) return;
    if (!this.recovering)
      log.warn(
        `the shared rate budget is unavailable (${err instanceof Error ? err.message : String(err)}); this process counts only its own requests until it is back.`,
      );
    this.fallback = new RollingWindowLimiter(this.limit);
  }

  private restored(): void {
    if (!this.recovering) return;
    this.recovering = false;
    log.info("the shared rate budget is available again; requests are counted in it.");
  }

  /** Counting alone because the store failed (diagnostics, tests). */
  get degraded(): boolean {
    return this.fallback !== undefined;
  }
}
