/**
 * Sandbox mode: the real server against the fake Halo (loopback, seeded demo
 * data, demo credentials), so anyone can try the plugin without a tenant.
 *
 * The fake is not part of the product: it lives in fake-halo/ and is built
 * into its own file, dist/fake-halo.js, beside the server's bundle. It is
 * loaded here, and only here, when --sandbox asks for it, so the server that
 * talks to a real tenant neither carries nor parses it.
 */
import type * as FakeHaloModule from "../../fake-halo/index.js";
import { type ConfigResult, loadConfig } from "../config/config.js";
import { log } from "../util/log.js";

declare const __HALOPSA_BUNDLE__: boolean | undefined;

/**
 * From the bundle: dist/fake-halo.js beside it. From source (tsx, tests): the
 * fake's source. The specifier is computed so the bundler leaves it alone.
 */
async function loadFakeHalo(): Promise<typeof FakeHaloModule> {
  const bundled = typeof __HALOPSA_BUNDLE__ === "boolean" && __HALOPSA_BUNDLE__;
  const file = new URL(bundled ? "./fake-halo.js" : "../../fake-halo/index.ts", import.meta.url);
  try {
    return (await import(file.href)) as typeof FakeHaloModule;
  } catch (err) {
    throw new Error(
      `--sandbox needs the fake Halo at ${file.pathname}, which could not be loaded ` +
        `(${err instanceof Error ? err.message : String(err)}); reinstall the plugin or run \`npm run build\`.`,
    );
  }
}

export async function startSandbox(
  env: Record<string, string | undefined>,
): Promise<{ config: ConfigResult; url: string; close: () => Promise<void> }> {
  const { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startFakeHalo } = await loadFakeHalo();
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
