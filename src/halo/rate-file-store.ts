/**
 * The shared rate window of one machine: a small JSON file per Halo tenant in
 * the per-user state folder, read and rewritten under a lock file
 * (util/file-lock.ts) for every take and release. No server process and no
 * native module; a few hundred slots at most, so a whole-file rewrite is
 * cheap (well under a millisecond). The file holds times and random slot IDs,
 * nothing secret.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withFileLock } from "../util/file-lock.js";
import type { RateLimit } from "./rate-limiter.js";
import type { RateTake, RateWindowStore } from "./rate-shared.js";

interface Slot {
  /** Random ID. */
  id: string;
  /** Taken at (in flight) or released at (closed). */
  t: number;
  /** In flight. */
  o?: 1;
}

/** The file name for a key: hashed, so a URL never becomes a path. */
export function rateKeyFile(dir: string, key: string): string {
  return join(dir, `${createHash("sha256").update(key).digest("hex").slice(0, 24)}.json`);
}

export class FileWindowStore implements RateWindowStore {
  /** This process's updates, one after another: it never contends with itself for the lock file. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    /** The folder holding one file per key (created 0700 when missing). */
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, limit: RateLimit, opts: { leaseMs: number; force?: boolean }): Promise<RateTake> {
    return this.update<RateTake>(key, (slots) => {
      const now = this.now();
      const live = counted(slots, limit, opts.leaseMs, now);
      if (live.length >= limit.max && !opts.force) {
        const closed = live.filter((s) => !s.o).map((s) => s.t + limit.windowMs - now);
        return {
          slots: live,
          result: {
            granted: false,
            retryInMs: closed.length ? Math.max(1, Math.min(...closed) + 1) : undefined,
          },
        };
      }
      const slot: Slot = { id: randomBytes(8).toString("hex"), t: now, o: 1 };
      return { slots: [...live, slot], result: { granted: true, slot: slot.id } };
    });
  }

  release(key: string, slot: string): Promise<void> {
    return this.update(key, (slots) => {
      const now = this.now();
      const s = slots.find((x) => x.id === slot);
      if (s?.o) {
        s.t = now;
        delete s.o;
      }
      return { slots, result: undefined };
    });
  }

  async count(key: string, limit: RateLimit, leaseMs: number): Promise<number> {
    return counted(this.read(rateKeyFile(this.dir, key)), limit, leaseMs, this.now()).length;
  }

  private update<R>(key: string, fn: (slots: Slot[]) => { slots: Slot[]; result: R }): Promise<R> {
    const next = this.turn.then(() => this.locked(key, fn));
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async locked<R>(key: string, fn: (slots: Slot[]) => { slots: Slot[]; result: R }): Promise<R> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = rateKeyFile(this.dir, key);
    // Critical sections last about a millisecond: a lock held for 10 s belongs to a hung process.
    return withFileLock(
      `${file}.lock`,
      () => {
        const { slots, result } = fn(this.read(file));
        const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
        writeFileSync(tmp, JSON.stringify({ v: 1, slots }), { mode: 0o600 });
        // rename is atomic: a crash mid-write leaves the old file, never half a file.
        renameSync(tmp, file);
        return result;
      },
      { staleMs: 10_000, timeoutMs: 20_000 },
    );
  }

  private read(file: string): Slot[] {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    try {
      const data = JSON.parse(text) as { slots?: unknown };
      if (!Array.isArray(data.slots)) return [];
      return data.slots.filter(
        (s): s is Slot => !!s && typeof s === "object" && typeof s.id === "string" && typeof s.t === "number",
      );
    } catch {
      // A garbled file (a disk full mid-write elsewhere) starts the window afresh rather than stopping every process.
      return [];
    }
  }
}

/** The slots the window still counts at `now`. */
function counted(slots: Slot[], limit: RateLimit, leaseMs: number, now: number): Slot[] {
  const cutoff = now - limit.windowMs;
  // An open slot past its lease belongs to a process that died mid-request: it counts as released at the lease's end.
  return slots.filter((s) => (s.o ? s.t + leaseMs > cutoff : s.t > cutoff));
}
