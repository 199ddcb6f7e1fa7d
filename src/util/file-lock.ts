/**
 * A lock shared by the processes of one machine, without a native module or a
 * server: Node 20 has no flock, so the lock is a file created with O_EXCL
 * (`wx`), which exactly one process can create. It holds the owner's pid and
 * a random tag. A lock whose owner process is gone, or that is older than
 * `staleMs` (a holder that hung), is broken: renamed away first (only one
 * breaker can rename a given file) and checked to be the one judged stale.
 *
 * Used for the shared rate budget (critical sections of a millisecond) and
 * the stored sign-in (a refresh, bounded by the transport timeout).
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";

export interface FileLockOptions {
  /** A lock older than this is broken whatever its owner (default 30 s). */
  staleMs?: number;
  /** Give up after this long (default 30 s): the caller then works without the lock's guarantee or fails. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether a process of this machine with that pid still runs (EPERM: it does, owned by someone else). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryCreate(path: string, tag: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
  try {
    writeSync(fd, `${process.pid} ${tag}`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Breaks the lock at `path` if it is stale; true when the caller should try again at once. */
function breakIfStale(path: string, staleMs: number): boolean {
  let content: string;
  let mtime: number;
  try {
    content = readFileSync(path, "utf8");
    mtime = statSync(path).mtimeMs;
  } catch {
    // Released meanwhile (or being written): try again.
    return true;
  }
  const pid = Number(content.split(" ")[0]);
  // A lock file still empty is being written by its creator: only age breaks it.
  const ownerGone = content !== "" && !alive(pid);
  if (!ownerGone && Date.now() - mtime < staleMs) return false;
  const aside = `${path}.stale-${randomBytes(6).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch {
    return true;
  }
  let moved = "";
  try {
    moved = readFileSync(aside, "utf8");
  } catch {
    // gone: nothing to compare
  }
  if (moved !== content) {
    // Someone took a fresh lock between the look and the rename: put it back (never over a newer one).
    try {
      linkSync(aside, path);
    } catch {
      // a third process holds the lock now; theirs stands
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already removed
  }
  return true;
}

/** Runs `fn` holding the lock at `path` (created with its folder when missing). */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T> | T,
  opts: FileLockOptions = {},
): Promise<T> {
  const staleMs = opts.staleMs ?? 30_000;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const tag = randomBytes(8).toString("hex");
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, tag)) break;
    if (breakIfStale(path, staleMs)) continue;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${path}`);
    // Short, jittered waits: holders keep it for about a millisecond.
    await sleep(Math.min(50, 1 + attempt) * (0.5 + Math.random()));
  }
  try {
    return await fn();
  } finally {
    try {
      // Only our own lock is removed: a holder that outlived staleMs may have lost it to a breaker.
      if (readFileSync(path, "utf8") === `${process.pid} ${tag}`) unlinkSync(path);
    } catch {
      // already broken and removed
    }
  }
}
