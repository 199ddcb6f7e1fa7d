// Every tool the server can offer (every toolset, SQL and the raw API on) has
// a snapshot of its exact tools/list entry in test/__toolsnaps__/. Any change
// to what the model sees must show up as a diff of those files: refresh them
// with `npm run snapshots:update` and review the diff.
import { beforeAll, describe, expect, it } from "vitest";
import { liveSnapshots, storedSnapshots } from "../../scripts/tool-snapshots.js";

const HINT = "run `npm run snapshots:update` and review the diff";

describe("tool snapshots (test/__toolsnaps__)", () => {
  let live: Map<string, string>;
  let stored: Map<string, string>;
  beforeAll(async () => {
    live = await liveSnapshots();
    stored = storedSnapshots();
  });

  it("cover every listed tool, and only those", () => {
    expect(live.size).toBeGreaterThan(30);
    expect([...stored.keys()].sort(), HINT).toEqual([...live.keys()].sort());
  });

  it("equal each tool's tools/list entry exactly", () => {
    for (const [name, text] of live) expect(stored.get(name), `${name}: ${HINT}`).toBe(text);
  });
});
