/**
 * Sandbox mode: the real server against the embedded fake Halo (loopback,
 * seeded demo data, demo credentials), so anyone can try the plugin without a tenant.
 */
import { type ConfigResult, loadConfig } from "../config/config.js";
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startFakeHalo } from "../sandbox/fake-halo.js";
import { log } from "../util/log.js";

export async function startSandbox(
  env: Record<string, string | undefined>,
): Promise<{ config: ConfigResult; url: string; close: () => Promise<void> }> {
  // Built around the real time, so SLA states, "today" and "this week" look alive.
  const fake = await startFakeHalo({ seed: 1, clock: Date.now(), maxLifetimeMs: 24 * 3_600_000 });
  const keep = [
    "HALOPSA_READ_ONLY",
    "HALOPSA_TOOLSETS",
    "HALOPSA_LOG_LEVEL",
    "HALOPSA_ALLOW_RAW_API",
    "HALOPSA_ALLOW_SQL",
  ];
  const sandboxEnv: Record<string, string | undefined> = Object.fromEntries(keep.map((k) => [k, env[k]]));
  Object.assign(sandboxEnv, {
    HALOPSA_BASE_URL: fake.url,
    HALOPSA_CLIENT_ID: SANDBOX_CLIENT_ID,
    HALOPSA_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
  });
  log.info(`sandbox mode: fake HaloPSA with demo data at ${fake.url} (nothing leaves this machine)`);
  return { config: loadConfig(sandboxEnv), url: fake.url, close: () => fake.close() };
}
