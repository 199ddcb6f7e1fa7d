/** `halopsa-mcp serve --http`: start the team server and stop it cleanly on a signal. */
import { configure } from "../config/config.js";
import { log, setLogLevel } from "../util/log.js";
import { VERSION } from "../version.js";
import { startHttpServer } from "./app.js";
import { httpSettings } from "./settings.js";

export async function serveHttp(
  env: NodeJS.ProcessEnv,
  flags: { host?: string; port?: string; envFile?: string },
): Promise<void> {
  // As for `login`: the deployment's own application (a secret only if it has one), and never a
  // sign-in stored on this machine: each person signs in through the server.
  const config = await configure(env, { envFile: flags.envFile, forLogin: true });
  setLogLevel(config.settings.logLevel);
  for (const warning of config.warnings) log.warn(warning);
  const { settings, problems } = httpSettings(env, flags);
  if (!config.ok) problems.unshift(...config.problems);
  if (!settings || problems.length) {
    process.stderr.write(`halopsa-mcp: not starting: ${problems.join(" ")}\n`);
    process.exitCode = 1;
    return;
  }
  const handle = await startHttpServer({
    config,
    settings,
    version: VERSION,
    replica: env.HALOPSA_REPLICA_NAME,
  });
  let closing = false;
  const shutdown = async (why: string) => {
    if (closing) return;
    closing = true;
    log.info(`shutting down (${why})`);
    setTimeout(() => process.exit(0), 5_000).unref();
    await handle.close().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("unhandledRejection", (reason) => log.error(`unhandled rejection: ${String(reason)}`));
  process.on("uncaughtException", (err) => log.error(`uncaught exception: ${err.stack ?? err.message}`));
}
