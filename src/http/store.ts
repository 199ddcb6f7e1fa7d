/**
 * What replicas of `serve --http` share: the OAuth state (registered MCP
 * clients, pending sign-ins, codes, tokens), each user's Halo grant, and
 * the session bindings. One replica keeps it in memory; several share one
 * Redis or Valkey (HALOPSA_REDIS_URL).
 *
 * At rest in Redis every value is sealed (AES-256-GCM, key from
 * HALOPSA_STORE_KEY) with its key name as associated data, so a value copied
 * to another key (user A's grant under user B's name) does not open. Keys
 * that would carry a secret (a token) are hashed by the caller (`digest`).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { namedExports } from "../util/lazy-import.js";

/** Releases a lock; harmless if it already expired. */
export type Unlock = () => Promise<void>;

export interface SharedStore {
  readonly kind: "memory" | "redis";
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Read and delete in one step: a single-use code is redeemed once, even by two replicas at the same moment. */
  take(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
  /** A lock held at most ttlMs; undefined when another holder has it. */
  lock(key: string, ttlMs: number): Promise<Unlock | undefined>;
  /** The store answers (health check). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A key for a secret value: the store never holds the token itself, even as a key name. */
export function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

/** Random, URL-safe, 256 bits: tokens, codes, state. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export class MemoryStore implements SharedStore {
  readonly kind = "memory" as const;
  private readonly values = new Map<string, { value: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | undefined> {
    const hit = this.values.get(key);
    if (!hit) return undefined;
    if (hit.expires <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return hit.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.sweep();
    this.values.set(key, { value, expires: this.now() + ttlMs });
  }

  async take(key: string): Promise<string | undefined> {
    const value = await this.get(key);
    this.values.delete(key);
    return value;
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  async lock(key: string, ttlMs: number): Promise<Unlock | undefined> {
    const name = `lock:${key}`;
    if (await this.get(name)) return undefined;
    const mine = randomToken();
    await this.set(name, mine, ttlMs);
    return async () => {
      if (this.values.get(name)?.value === mine) this.values.delete(name);
    };
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.values.clear();
  }

  /** Entries held, expired ones not yet swept included (diagnostics, tests). */
  get size(): number {
    return this.values.size;
  }

  /** Sweeps so far (tests). */
  sweeps = 0;
  private lastSweep = Number.NEGATIVE_INFINITY;

  /**
   * Expired entries go on writes, so a long-running replica does not keep
   * every old code — at most every SWEEP_MS: a team holds tens of thousands
   * of live entries, and walking them all on every write made each write
   * cost O(entries).
   */
  private sweep(): void {
    if (this.values.size < 1024) return;
    const now = this.now();
    if (now - this.lastSweep < MemoryStore.SWEEP_MS) return;
    this.lastSweep = now;
    this.sweeps++;
    for (const [k, v] of this.values) if (v.expires <= now) this.values.delete(k);
  }

  static readonly SWEEP_MS = 30_000;
}

/** AES-256-GCM with the key name as associated data; "v1.<iv>.<tag>.<ciphertext>", base64url. */
export class Sealer {
  private readonly key: Buffer;

  constructor(secret: string) {
    // HKDF, not the raw text: any long random string works as HALOPSA_STORE_KEY.
    this.key = Buffer.from(hkdfSync("sha256", secret, "halopsa-mcp", "store v1", 32));
  }

  seal(name: string, plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(name));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
    return `v1.${parts.join(".")}`;
  }

  /** undefined for anything that does not open with this key under this name. */
  open(name: string, sealed: string): string | undefined {
    const [v, iv, tag, body] = sealed.split(".");
    if (v !== "v1" || !iv || !tag || body === undefined) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    } catch {
      return undefined;
    }
  }
}

/** The subset of ioredis this file uses (so the client is loaded only in HTTP mode with Redis). */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: "PX", ms: number): Promise<unknown>;
  set(key: string, value: string, px: "PX", ms: number, nx: "NX"): Promise<unknown>;
  getdel(key: string): Promise<string | null>;
  del(...keys: string[]): Promise<number>;
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  ping(): Promise<string>;
  quit(): Promise<unknown>;
  disconnect(): void;
}

const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisStore implements SharedStore {
  readonly kind = "redis" as const;

  constructor(
    readonly redis: RedisLike,
    private readonly sealer: Sealer,
    /** Key prefix: several deployments may share one Redis. */
    readonly prefix = "halopsa:",
  ) {}

  async get(key: string): Promise<string | undefined> {
    const k = this.prefix + key;
    const raw = await this.redis.get(k);
    return raw === null ? undefined : this.sealer.open(k, raw);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const k = this.prefix + key;
    await this.redis.set(k, this.sealer.seal(k, value), "PX", Math.max(1, Math.ceil(ttlMs)));
  }

  async take(key: string): Promise<string | undefined> {
    const k = this.prefix + key;
    const raw = await this.redis.getdel(k);
    return raw === null ? undefined : this.sealer.open(k, raw);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async lock(key: string, ttlMs: number): Promise<Unlock | undefined> {
    const k = `${this.prefix}lock:${key}`;
    const mine = randomToken();
    const ok = await this.redis.set(k, mine, "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
    if (ok !== "OK") return undefined;
    return async () => {
      await this.redis.eval(UNLOCK, 1, k, mine).catch(() => undefined);
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * A Redis client for HALOPSA_REDIS_URL. ioredis is imported here, lazily: the
 * stdio server never loads it. Commands fail fast while Redis is down (no
 * offline queue), so a call answers with an error instead of hanging.
 */
export async function connectRedis(url: string): Promise<RedisLike> {
  const { Redis } = namedExports(await import("ioredis"), "Redis");
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    // Reconnects forever, backing off to 2 s: Redis restarting must not end the replica.
    retryStrategy: (times: number) => Math.min(times * 100, 2_000),
  });
  // ioredis emits "error" on every failed reconnect; the health check reports it instead.
  let last: Error | undefined;
  client.on("error", (err: Error) => {
    last = err;
  });
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    // Where, never who: the URL's password stays out of the message.
    let where = "HALOPSA_REDIS_URL";
    try {
      const u = new URL(url);
      where = `${u.hostname}:${u.port || "6379"} (HALOPSA_REDIS_URL)`;
    } catch {
      // the bare variable name then
    }
    const why = (last ?? err) instanceof Error ? ((last ?? err) as Error).message : String(err);
    throw new Error(
      `cannot reach Redis/Valkey at ${where}: ${redactUrl(why, url)}. Start it, or fix the address; without it the replicas share nothing.`,
    );
  }
  return client as unknown as RedisLike;
}

/** An error message with the Redis URL's password taken out, should the client have quoted it. */
function redactUrl(text: string, url: string): string {
  let password = "";
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text;
  }
  return password ? text.split(password).join("***") : text;
}
