/** How the benchmark starts the two servers it compares. */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { baseEnv, RpcProcess } from "./rpc.js";

export const ROOT = resolve(import.meta.dirname, "../..");
/** HALOPSA_BENCH_BUNDLE benches another build of the server (default: the committed bundle). */
export const BUNDLE = resolve(ROOT, process.env.HALOPSA_BENCH_BUNDLE ?? "dist/halopsa-mcp.js");
/** The fake Halo, built apart (loaded by --sandbox only). */
export const FAKE_BUNDLE = resolve(ROOT, "dist/fake-halo.js");
export const BASELINE_DIR = resolve(ROOT, "bench/baseline");
export const BASELINE = resolve(BASELINE_DIR, "dist/minimal-server.js");

export const CLIENT_ID = "bench-client";
export const CLIENT_SECRET = "bench-secret-value-0123456789";

/** Compiles the baseline server with tsc (as its authors would ship it). */
export function buildBaseline(): void {
  const tsc = resolve(ROOT, "node_modules/.bin/tsc");
  execFileSync(tsc, ["-p", BASELINE_DIR], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (!existsSync(BASELINE)) throw new Error(`tsc did not produce ${BASELINE}`);
}

export function assertBundle(): void {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run node scripts/build.mjs first`);
}

/** Environment for our server against a fake at `url` (fast retries, no client-side throttling unless asked). */
export function serverEnv(
  url: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  return baseEnv({
    HALOPSA_BASE_URL: url,
    HALOPSA_CLIENT_ID: CLIENT_ID,
    HALOPSA_CLIENT_SECRET: CLIENT_SECRET,
    HALOPSA_LOG_LEVEL: "warn",
    HALOPSA_RATE_LIMIT: "100000/1s",
    ...extra,
  });
}

/** Our server, spawned and initialized. */
export async function startOurs(env: Record<string, string>): Promise<RpcProcess> {
  const p = new RpcProcess(process.execPath, [BUNDLE], env, ROOT);
  const init = await p.initialize();
  if (init.error) throw new Error(`initialize failed: ${init.error.message}\n${p.stderr}`);
  return p;
}
