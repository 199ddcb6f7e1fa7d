import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseRateLimit, RollingWindowLimiter } from "../../src/halo/rate-limiter.js";

/**
 * The limiter reads time from an injected clock and waits with setTimeout.
 * The injected clock is the fake timers' clock, so each timer fires at
 * exactly the time the limiter asked for and no test waits for real time.
 */
const now = () => Date.now();
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe("RollingWindowLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Takes a slot and releases it at once (a request that answered instantly). */
  const instant = (limiter: RollingWindowLimiter, signal?: AbortSignal) =>
    limiter.acquire(signal).then((release) => release());

  it("lets max requests through at once and queues the rest", async () => {
    const limiter = new RollingWindowLimiter({ max: 3, windowMs: 1000 }, now);
    const granted: number[] = [];
    const all = Array.from({ length: 5 }, (_, i) =>
      limiter.acquire().then((release) => {
        granted.push(i);
        release();
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0, 1, 2]);
    expect(limiter.inWindow).toBe(3);
    expect(limiter.queued).toBe(2);

    await advance(999);
    expect(granted).toEqual([0, 1, 2]);

    await advance(2);
    await Promise.all(all);
    expect(granted).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.queued).toBe(0);
  });

  it("never admits more than max within any window (rolling, not fixed)", async () => {
    const limit = { max: 4, windowMs: 1000 };
    const limiter = new RollingWindowLimiter(limit, now);
    const stamps: number[] = [];
    const take = () =>
      limiter.acquire().then((release) => {
        stamps.push(now());
        release();
      });

    // Staggered bursts so the window rolls rather than resetting.
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 3; i++) pending.push(take());
    await advance(400);
    for (let i = 0; i < 6; i++) pending.push(take());
    await advance(400);
    for (let i = 0; i < 5; i++) pending.push(take());
    for (let t = 0; t < 40 && stamps.length < 14; t++) await advance(100);
    await Promise.all(pending);

    expect(stamps).toHaveLength(14);
    for (const s of stamps) {
      const inWindow = stamps.filter((x) => x > s - limit.windowMs && x <= s).length;
      expect(inWindow).toBeLessThanOrEqual(limit.max);
    }
    // First come, first served.
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  });

  it("counts a slot from when its request ended, not from when it was let through", async () => {
    const limiter = new RollingWindowLimiter({ max: 2, windowMs: 1000 }, now);
    const slow = await limiter.acquire();
    await instant(limiter);
    const granted: string[] = [];
    const third = limiter.acquire().then((release) => {
      granted.push("third");
      release();
    });
    // The slow request answers 600 ms after it was sent: Halo may have counted it that late.
    await advance(600);
    slow();
    await advance(401);
    // 1001 ms after the instant one ended: one slot free.
    await third;
    expect(granted).toEqual(["third"]);
    const fourth = instant(limiter);
    let fourthDone = false;
    void fourth.then(() => {
      fourthDone = true;
    });
    await advance(100);
    expect(fourthDone).toBe(false);
    // The slow one counts until 600 + 1000.
    await advance(600);
    await fourth;
    expect(fourthDone).toBe(true);
  });

  it("a request still in flight never expires, and its release wakes the queue", async () => {
    const limiter = new RollingWindowLimiter({ max: 1, windowMs: 1000 }, now);
    const hung = await limiter.acquire();
    let next = false;
    const waiting = instant(limiter).then(() => {
      next = true;
    });
    await advance(5000);
    expect(next).toBe(false);
    expect(limiter.inWindow).toBe(1);
    hung();
    hung(); // releasing twice is harmless
    await advance(999);
    expect(next).toBe(false);
    await advance(2);
    await waiting;
    expect(next).toBe(true);
  });

  it("serves waiters in arrival order, even when a slot frees up before a later caller arrives", async () => {
    const limiter = new RollingWindowLimiter({ max: 1, windowMs: 100 }, now);
    const order: string[] = [];
    const note = (name: string) => (release: () => void) => {
      order.push(name);
      release();
    };
    await instant(limiter);
    const a = limiter.acquire().then(note("a"));
    await advance(150);
    await a;
    const b = limiter.acquire().then(note("b"));
    const c = limiter.acquire().then(note("c"));
    await advance(101);
    await advance(101);
    await Promise.all([b, c]);
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("an aborted waiter leaves the queue and rejects with the abort reason", async () => {
    const limiter = new RollingWindowLimiter({ max: 1, windowMs: 1000 }, now);
    await instant(limiter);
    const ac = new AbortController();
    const waiting = limiter.acquire(ac.signal);
    const next = instant(limiter);
    expect(limiter.queued).toBe(2);
    ac.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(limiter.queued).toBe(1);
    await advance(1001);
    await next;
    expect(limiter.queued).toBe(0);
  });

  it("rejects (does not throw) when the signal is already aborted", async () => {
    const limiter = new RollingWindowLimiter({ max: 1, windowMs: 1000 }, now);
    const ac = new AbortController();
    ac.abort(new Error("gone"));
    const result = limiter.acquire(ac.signal);
    await expect(result).rejects.toThrow("gone");
    expect(limiter.inWindow).toBe(0);
  });

  it("takes time only from the injected clock", async () => {
    let t = 0;
    const limiter = new RollingWindowLimiter({ max: 2, windowMs: 60_000 }, () => t);
    (await limiter.acquire())();
    t = 30_000;
    (await limiter.acquire())();
    expect(limiter.inWindow).toBe(2);
    t = 60_000;
    expect(limiter.inWindow).toBe(1);
    t = 90_000;
    expect(limiter.inWindow).toBe(0);
  });

  it("forgets requests older than the window", async () => {
    const limiter = new RollingWindowLimiter({ max: 2, windowMs: 500 }, now);
    await instant(limiter);
    await instant(limiter);
    expect(limiter.inWindow).toBe(2);
    await advance(499);
    expect(limiter.inWindow).toBe(2);
    await advance(1);
    expect(limiter.inWindow).toBe(0);
  });
});

describe("parseRateLimit", () => {
  it.each([
    ["300/300s", 300, 300_000],
    ["300/5m", 300, 300_000],
    ["100/60000ms", 100, 60_000],
    ["10/1h", 10, 3_600_000],
    ["300", 300, 300_000],
    [" 50 / 30 S ", 50, 30_000],
  ])("%s", (text, max, windowMs) => {
    expect(parseRateLimit(text)).toEqual({ max, windowMs });
  });

  it.each(["", "abc", "0", "0/10s", "10/0s", "10/5d", "-1/5s", "10/"])("rejects %j", (text) => {
    expect(parseRateLimit(text)).toBeUndefined();
  });
});

describe("RollingWindowLimiter wake-up timer", () => {
  afterEach(() => vi.useRealTimers());

  it("is cleared when the last waiter gives up, so nothing holds the process open", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const limiter = new RollingWindowLimiter({ max: 1, windowMs: 300_000 }, () => Date.now());
    (await limiter.acquire())();
    const ctl = new AbortController();
    const waiting = limiter.acquire(ctl.signal);
    expect(vi.getTimerCount()).toBe(1);
    ctl.abort();
    await expect(waiting).rejects.toBeDefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
