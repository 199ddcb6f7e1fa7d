import { describe, expect, it } from "vitest";
import { Lookups } from "../../src/halo/lookups.js";
import type { HaloResources } from "../../src/halo/resources.js";

describe("shared lookups and cancellation", () => {
  it("one caller's cancellation does not fail the others waiting on the same load", async () => {
    let finish: (rows: unknown[]) => void = () => undefined;
    const signals: (AbortSignal | undefined)[] = [];
    const resources = {
      lookup: (_path: string, _q: unknown, opts: { signal?: AbortSignal } = {}) => {
        signals.push(opts.signal);
        return new Promise<unknown[]>((resolve) => {
          finish = resolve;
        });
      },
    } as unknown as HaloResources;
    const lookups = new Lookups(resources);
    const ctl = new AbortController();
    const first = lookups.all("statuses", ctl.signal);
    const second = lookups.all("statuses");
    ctl.abort();
    await expect(first).rejects.toMatchObject({ kind: "cancelled" });
    finish([{ id: 1, name: "New" }]);
    await expect(second).resolves.toEqual([{ id: 1, name: "New" }]);
    expect(signals).toEqual([undefined]);
  });
});
