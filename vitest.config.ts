import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two cores: e2e files spawn servers, so keep concurrency modest and deterministic.
    maxWorkers: 2,
    globalSetup: ["test/helpers/global-setup.ts"],
    // Every file: the conformance check of all traffic with the fake Halo.
    setupFiles: ["test/conformance/collect.ts"],
  },
});
