/**
 * dotenv reads options from DOTENV_CONFIG_* variables of the environment the
 * server starts in; DOTENV_CONFIG_DEBUG=true would print to stdout, which is
 * the protocol. The built server, given a settings file (HALOPSA_ENV_FILE),
 * must load it and keep stdout pure JSON-RPC whatever those variables say.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, RpcProcess, textOf } from "../../bench/lib/rpc.js";
import { BUNDLE } from "../helpers/e2e.js";
import { CORE_CLIENT_ID, CORE_SECRET, startFake, useCoreHarness } from "../helpers/halo-client.js";

useCoreHarness();

describe("a settings file with DOTENV_CONFIG_* set in the environment", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "halopsa-dotenv-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads the file and writes nothing but JSON-RPC to stdout", async () => {
    const fake = await startFake({ tickets: 5 });
    writeFileSync(
      join(dir, "settings.env"),
      `HALOPSA_BASE_URL=${fake.url}\nHALOPSA_CLIENT_ID=${CORE_CLIENT_ID}\nHALOPSA_CLIENT_SECRET=${CORE_SECRET}\n`,
    );
    const env = baseEnv({
      HALOPSA_ENV_FILE: join(dir, "settings.env"),
      DOTENV_CONFIG_DEBUG: "true",
      DOTENV_DEBUG: "true",
      DOTENV_CONFIG_QUIET: "false",
      HALOPSA_LOG_LEVEL: "debug",
    });
    const p = new RpcProcess(process.execPath, [BUNDLE], env, dir);
    try {
      await p.initialize();
      const r = await p.callTool("list_lookups", { kind: "statuses" });
      // The credentials came from the settings file: the call reached the fake and succeeded.
      expect(r.isError ?? false, textOf(r)).toBe(false);
      expect(fake.tokenRequests).toBe(1);
    } finally {
      await p.close();
    }
    const lines = p.stdout.split("\n").filter((l) => l.trim() !== "");
    expect(lines.length).toBeGreaterThan(0);
    const bad = lines.filter((line) => {
      try {
        return (JSON.parse(line) as { jsonrpc?: unknown }).jsonrpc !== "2.0";
      } catch {
        return true;
      }
    });
    expect(bad, "non-JSON-RPC lines on stdout").toEqual([]);
    expect(p.stdout + p.stderr).not.toContain(CORE_SECRET);
  });
});
