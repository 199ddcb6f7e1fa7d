// The README's tool table is generated from the built server; it must match
// what the server lists today (names, toolsets, effects), and the README must
// tell people how to run the tests.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  liveToolRows,
  parseTable,
  README,
  renderTable,
  type ToolRow,
  withTable,
} from "../../scripts/readme-tools.js";

const readme = readFileSync(README, "utf8");

describe("README.md", () => {
  let live: ToolRow[];
  beforeAll(async () => {
    live = await liveToolRows();
  });

  it("the tool table is exactly what `npm run readme:tools` generates from the built server", () => {
    const table = parseTable(readme);
    expect(table.length, "no tool table between the tools:start/end markers").toBeGreaterThan(0);
    // Whole: names, toolsets, effects and each summary, in the server's order.
    expect(readme, "README tool table is stale: run `npm run readme:tools`").toBe(
      withTable(readme, renderTable(live)),
    );
  });

  it("says npm test is the test command, and how to try the demo", () => {
    expect(readme).toContain("npm test");
    expect(readme).toContain("npm ci && npm run demo");
  });

  it("documents every HALOPSA_* variable the server reads", () => {
    const source = readFileSync(new URL("../../src/config/config.ts", import.meta.url), "utf8");
    const vars = new Set(source.match(/HALOPSA_[A-Z_]+/g));
    for (const v of vars) expect(readme, `${v} is not in README.md`).toContain(v);
  });

  it("is long enough for the plugin directory (40+ words)", () => {
    expect(readme.split(/\s+/).filter(Boolean).length).toBeGreaterThan(40);
  });
});
