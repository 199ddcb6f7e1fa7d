import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileWindowStore } from "../../src/halo/rate-file-store.js";
import { type RateTake, SharedWindowLimiter } from "../../src/halo/rate-shared.js";
import { withFileLock } from "../../src/util/file-lock.js";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "halopsa-rate-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const limit = { max: 2, windowMs: 1000 };
const slotOf = (t: RateTake) => (t.granted ? t.slot : "");

describe("FileWindowStore", () => {
  it("counts in-flight slots, then each for one window after its release", async () => {
    let now = 1_000_000;
    const store = new FileWindowStore(tmp(), () => now);
    const a = await store.take("t", limit, { leaseMs: 60_000 });
    const b = await store.take("t", limit, { leaseMs: 60_000 });
    expect(a.granted && b.granted).toBe(true);
    // Both in flight: nothing can expire before a release, so no retry time is promised.
    expect(await store.take("t", limit, { leaseMs: 60_000 })).toEqual({ granted: false });
    now += 5_000;
    await store.release("t", slotOf(a));
    const refused = await store.take("t", limit, { leaseMs: 60_000 });
    expect(refused).toEqual({ granted: false, retryInMs: 1001 });
    now += 1000;
    expect((await store.take("t", limit, { leaseMs: 60_000 })).granted).toBe(true);
    // Another key (tenant) has its own window.
    expect((await store.take("other", limit, { leaseMs: 60_000 })).granted).toBe(true);
  });

  it("lets go of a slot whose process died after its lease", async () => {
    let now = 1_000_000;
    const store = new FileWindowStore(tmp(), () => now);
    await store.take("t", limit, { leaseMs: 2000 });
    await store.take("t", limit, { leaseMs: 2000 });
    // Counted as released when the lease ran out: one window more.
    now += 2000 + 999;
    expect(await store.count("t", limit, 2000)).toBe(2);
    now += 1;
    expect(await store.count("t", limit, 2000)).toBe(0);
  });

  it("force counts over the limit", async () => {
    const store = new FileWindowStore(tmp());
    for (let i = 0; i < 3; i++) await store.take("t", limit, { leaseMs: 1000, force: true });
    expect(await store.count("t", limit, 1000)).toBe(3);
  });

  it("leaves only its window file behind (locks and temporary files are removed)", async () => {
    const dir = tmp();
    const store = new FileWindowStore(dir);
    await Promise.all(
      Array.from({ length: 20 }, () => store.take("t", { max: 100, windowMs: 1000 }, { leaseMs: 1000 })),
    );
    expect(await store.count("t", { max: 100, windowMs: 1000 }, 1000)).toBe(20);
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

describe("withFileLock", () => {
  it("breaks a lock left by a process that no longer exists", async () => {
    const path = join(tmp(), "x.lock");
    // pid 2^22+1 is above Linux's pid_max default: no such process.
    writeFileSync(path, `${2 ** 22 + 1} dead`);
    expect(await withFileLock(path, () => "ran", { timeoutMs: 2000 })).toBe("ran");
  });

  it("waits for a live holder, and one at a time runs", async () => {
    const path = join(tmp(), "y.lock");
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withFileLock(path, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 2));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });
});

describe("SharedWindowLimiter", () => {
  it("falls back to a window of its own when the store cannot be written", async () => {
    const dir = tmp();
    const blocker = join(dir, "file");
    writeFileSync(blocker, "");
    // A folder path under a regular file can never be created.
    const limiter = new SharedWindowLimiter(new FileWindowStore(join(blocker, "rate")), "t", limit, 1000);
    const release = await limiter.acquire();
    release();
    expect(limiter.queued).toBe(0);
  });
});
