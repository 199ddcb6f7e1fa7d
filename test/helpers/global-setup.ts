// Builds the bundle once before the suite (e2e tests run the real built
// server), and gathers the conformance check's per-file summaries into one
// report at the end (test/conformance/).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { conformanceReport } from "../conformance/report.js";

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? testFiles(join(dir, d.name))
      : d.name.endsWith(".test.ts")
        ? [relative(process.cwd(), join(dir, d.name))]
        : [],
  );
}

export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), "halopsa-conformance-"));
  process.env.HALOPSA_CONFORMANCE_DIR = dir;
  if (process.env.HALOPSA_SKIP_BUILD !== "1")
    execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  return () => {
    try {
      const report = conformanceReport(dir, testFiles("test").length);
      process.stderr.write(`\n${report.text}\n`);
      if (report.failures.length) throw new Error(`conformance: ${report.failures.join("; ")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
