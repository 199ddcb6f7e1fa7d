// The CLI surface of the built bundle: --help, --version, and a clear refusal of unknown arguments.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLE } from "../helpers/e2e.js";

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as {
  version: string;
};

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? "" },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("halopsa-mcp CLI", () => {
  it("--help prints usage naming every mode and exits 0", () => {
    const r = run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage:");
    for (const word of ["--sandbox", "doctor", "--version", "HALOPSA_CLIENT_SECRET"])
      expect(r.stdout).toContain(word);
  });

  it("--version prints package.json's version", () => {
    const r = run("--version");
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("an unknown argument exits 2 and names it on stderr, with nothing on stdout", () => {
    const r = run("--bogus-flag");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown argument --bogus-flag");
    expect(r.stdout).toBe("");
  });
});
