/**
 * The committed spec subset (with the shapes of the real samples) (test/conformance/spec-subset.json) and the
 * fake's parameter table (fake-halo/spec-params.ts) are what
 * scripts/spec-subset.mjs makes of ../shared/halo/openapi.json today.
 * Skipped only where the shared folder is absent (then the committed copies
 * are all there is to check against).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  buildParams,
  buildSubset,
  PARAMS_PATH,
  readSamples,
  SPEC_PATH,
  SUBSET_PATH,
} from "../../scripts/spec-subset.mjs";

describe.skipIf(!existsSync(SPEC_PATH))("spec subset", () => {
  it("is current: regenerate with node scripts/spec-subset.mjs", () => {
    const subset = buildSubset(JSON.parse(readFileSync(SPEC_PATH, "utf8")), readSamples());
    expect(readFileSync(SUBSET_PATH, "utf8") === subset, `${SUBSET_PATH} is stale`).toBe(true);
    expect(readFileSync(PARAMS_PATH, "utf8") === buildParams(subset), `${PARAMS_PATH} is stale`).toBe(true);
  });
});
