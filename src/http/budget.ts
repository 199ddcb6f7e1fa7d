/**
 * One Halo rate budget for every replica and every user of a deployment:
 * Halo counts requests per tenant, not per person, so 300 per 5 minutes is
 * shared by the whole team. The window lives in Redis as a sorted set of
 * slots scored by time, checked and taken in one Lua script (atomic across
 * replicas), with Redis's clock so replicas' clocks never disagree.
 *
 * Same rules as RollingWindowLimiter: a slot counts from when its request
 * ended. An open slot is scored "now + lease" until released, so a replica
 * that dies mid-request still counts its requests (Halo may have seen them)
 * until the lease plus a window has passed, and never blocks the budget
 * forever.
 */
import { randomBytes } from "node:crypto";
import type { Limiter, RateLimit, Release } from "../halo/rate-limiter.js";
import { log } from "../util/log.js";
import type { RedisLike } from "./store.js";

// KEYS[1] the window; ARGV: windowMs, max, member, leaseMs, force ("1": count even over the limit).
// Answers 0 when the slot was taken, else how many ms until the oldest slot leaves the window.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if ARGV[5] == '1' or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window + lease + 1000)
  return 0
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(first[2]) + window - now)
`;

// The request is over: its slot now counts from this moment (only if still there).
const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
`;

/** Longest pause between two tries while the window is full: a slot freed elsewhere is seen this soon. */
const POLL_MS = 250;

export class RedisBudget implements Limiter {
  private waiting = 0;

  constructor(
    private readonly redis: RedisLike,
    private readonly key: string,
    private readonly limit: RateLimit,
    /** How long an unreleased slot may count as in flight (a dead replica's). */
    private readonly leaseMs: number,
  ) {}

  get queued(): number {
    return this.waiting;
  }

  async acquire(signal?: AbortSignal): Promise<Release> {
    this.waiting++;
    try {
      for (;;) {
        if (signal?.aborted) throw signal.reason ?? new Error("aborted");
        const member = randomBytes(12).toString("base64url");
        const wait = Number(
          await this.redis.eval(
            ACQUIRE,
            1,
            this.key,
            this.limit.windowMs,
            this.limit.max,
            member,
            this.leaseMs,
            "0",
          ),
        );
        if (wait === 0) return this.releaser(member);
        await pause(Math.min(wait, POLL_MS), signal);
      }
    } finally {
      this.waiting--;
    }
  }

  take(): Release {
    const member = randomBytes(12).toString("base64url");
    const taken = this.redis
      .eval(ACQUIRE, 1, this.key, this.limit.windowMs, this.limit.max, member, this.leaseMs, "1")
      .catch((err: unknown) => log.warn(`rate budget: ${err instanceof Error ? err.message : String(err)}`));
    const release = this.releaser(member);
    return () => void taken.then(release);
  }

  private releaser(member: string): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.redis
        .eval(RELEASE, 1, this.key, member)
        .catch((err: unknown) =>
          log.warn(
            `rate budget: releasing a slot failed (${err instanceof Error ? err.message : String(err)}); it counts until its lease ends.`,
          ),
        );
    };
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
