/**
 * The Halo rate window in Redis or Valkey, for every replica of a team
 * deployment (RateWindowStore, see halo/rate-shared.ts). One sorted set per
 * tenant holds the slots; each operation is one Lua script, so it is atomic
 * across replicas, and times are Redis's own clock, so replicas whose clocks
 * disagree still agree on the window.
 *
 * A slot's score is the moment it stops counting, minus one window: when
 * released, the release time; while in flight, taken + lease − window, so a
 * slot whose replica died is let go `leaseMs` after it was taken. Slots in
 * flight are also in a set beside it, so a waiter is told when the first
 * released slot expires, or nothing when every slot is still in flight.
 */
import type { RateLimit } from "../halo/rate-limiter.js";
import type { RateTake, RateWindowStore } from "../halo/rate-shared.js";
import { type RedisLike, randomToken } from "./store.js";

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS: window, open; ARGV: windowMs, max, slot, leaseMs, force.
// Answers {1} when taken, {0, ms} with when the first released slot expires, {0} when all are in flight.
const TAKE = `${NOW}
local window = tonumber(ARGV[1])
local lease = tonumber(ARGV[4])
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - window)) do
  redis.call('SREM', KEYS[2], gone)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if ARGV[5] == '1' or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease - window, ARGV[3])
  redis.call('SADD', KEYS[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window + lease + 1000)
  redis.call('PEXPIRE', KEYS[2], window + lease + 1000)
  return {1}
end
local slots = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #slots, 2 do
  if redis.call('SISMEMBER', KEYS[2], slots[i]) == 0 then
    return {0, math.max(1, tonumber(slots[i + 1]) + window - now)}
  end
end
return {0}`;

// KEYS: window, open; ARGV: slot. The slot counts from now for one window (only if still counted).
// The keys' expiry set at take (window + lease) outlasts it: a release comes before the lease ends.
const RELEASE = `${NOW}
if redis.call('SREM', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
end
return 1`;

const COUNT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[1])`;

export class RedisWindowStore implements RateWindowStore {
  constructor(
    private readonly redis: RedisLike,
    /** Key prefix of the deployment (HALOPSA_REDIS_PREFIX). */
    private readonly prefix: string,
  ) {}

  private keys(key: string): [string, string] {
    const base = `${this.prefix}rate:${key}`;
    return [base, `${base}:open`];
  }

  async take(key: string, limit: RateLimit, opts: { leaseMs: number; force?: boolean }): Promise<RateTake> {
    const slot = randomToken().slice(0, 16);
    const [win, open] = this.keys(key);
    const answer = (await this.redis.eval(
      TAKE,
      2,
      win,
      open,
      limit.windowMs,
      limit.max,
      slot,
      opts.leaseMs,
      opts.force ? "1" : "0",
    )) as number[];
    if (answer[0] === 1) return { granted: true, slot };
    return answer[1] === undefined ? { granted: false } : { granted: false, retryInMs: Number(answer[1]) };
  }

  async release(key: string, slot: string): Promise<void> {
    const [win, open] = this.keys(key);
    await this.redis.eval(RELEASE, 2, win, open, slot);
  }

  async count(key: string, limit: RateLimit, _leaseMs?: number): Promise<number> {
    const [win] = this.keys(key);
    return Number(await this.redis.eval(COUNT, 1, win, limit.windowMs));
  }
}
