/**
 * The single replica's in-memory store (no Redis). A steady team holds tens
 * of thousands of live entries (a rotated-out refresh token is remembered
 * for its 30 days, to catch a replay), so expired entries must go without
 * every write walking the whole map: swept at most every 30 s of the
 * store's clock, and always before the next sweep is due.
 */
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/http/store.js";

describe("MemoryStore", () => {
  it("sweeps expired entries by time, not on every write", async () => {
    let clock = 1_000_000;
    const store = new MemoryStore(() => clock);
    for (let i = 0; i < 5_000; i++) await store.set(`live:${i}`, "v", 3_600_000);
    for (let i = 0; i < 5_000; i++) await store.set(`short:${i}`, "v", 1_000);
    expect(store.size).toBe(10_000);
    clock += 2_000;
    // Expired, but a sweep walked the map moments ago: writes do not walk it again.
    await store.set("one", "v", 1_000);
    expect(store.size).toBe(10_001);
    expect(store.sweeps).toBeLessThanOrEqual(1);
    clock += 30_000;
    await store.set("two", "v", 3_600_000);
    expect(store.size).toBe(5_001);
    expect(await store.get("short:1")).toBeUndefined();
    expect(await store.get("live:1")).toBe("v");
  });
});
