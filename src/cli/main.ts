/**
 * halopsa-mcp: the stdio MCP server (default), `--sandbox` against the
 * fake Halo (dist/fake-halo.js, loaded only then), `doctor` to check a configuration.
 */
import { configure } from "../config/config.js";
import { VERSION } from "../version.js";

const HELP = `halopsa-mcp ${VERSION} — HaloPSA MCP server for Claude Code

Usage:
  halopsa-mcp              run the MCP server on stdio
  halopsa-mcp --sandbox    run it against a built-in fake Halo with demo data (no credentials needed)
  halopsa-mcp serve --http [--host H] [--port N]
                           serve a team over Streamable HTTP, each person signed in to Halo
                           as themselves (README: Team deployment)
  halopsa-mcp doctor       check the configuration end to end and print a pass/fail report
  halopsa-mcp doctor --sandbox   the same checks against the built-in fake Halo
  halopsa-mcp login        sign in to Halo as yourself (browser; prints the address too)
      --no-browser         only print the address to open;  --port N  a fixed loopback port
  halopsa-mcp logout       forget (and revoke, where Halo offers it) your sign-in
  halopsa-mcp --help       this text
  halopsa-mcp --version    the version
  --env-file PATH          read HALOPSA_* settings from PATH instead of the per-user settings file

Settings, first found wins: environment variables, the plugin's settings in Claude Code, then the
settings file: HALOPSA_ENV_FILE if set, else $XDG_CONFIG_HOME/halopsa-mcp/.env (Linux; default
~/.config), ~/Library/Application Support/halopsa-mcp/.env (macOS), %APPDATA%\\halopsa-mcp\\.env
(Windows). Only HALOPSA_* lines are read from it. A .env in the current folder is never read.

Required: HALOPSA_BASE_URL, HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET (hosted tenants: HALOPSA_TENANT);
          signed in with \`login\`: HALOPSA_BASE_URL only (and HALOPSA_TENANT).
Optional: HALOPSA_AUTH_URL, HALOPSA_SCOPE, HALOPSA_TIMEOUT_MS, HALOPSA_RATE_LIMIT, HALOPSA_READ_ONLY,
          HALOPSA_TOOLSETS, HALOPSA_ALLOW_RAW_API, HALOPSA_LOG_LEVEL. See README.md.
`;

/** The arguments, with --env-file PATH / --env-file=PATH, --port N and --host H taken out. */
function parseArgs(argv: string[]): {
  args: string[];
  envFile?: string;
  port?: number;
  host?: string;
  problem?: string;
} {
  const args: string[] = [];
  let envFile: string | undefined;
  let port: number | undefined;
  let host: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--env-file" || a.startsWith("--env-file=")) {
      const value = a === "--env-file" ? argv[++i] : a.slice("--env-file=".length);
      if (!value) return { args, problem: "--env-file needs a path" };
      envFile = value;
    } else if (a === "--port" || a.startsWith("--port=")) {
      const value = Number(a === "--port" ? argv[++i] : a.slice("--port=".length));
      if (!Number.isInteger(value) || value < 1 || value > 65535)
        return { args, problem: "--port needs a port number (1-65535)" };
      port = value;
    } else if (a === "--host" || a.startsWith("--host=")) {
      host = a === "--host" ? argv[++i] : a.slice("--host=".length);
      if (!host) return { args, problem: "--host needs an address" };
    } else args.push(a);
  }
  return { args, envFile, port, host };
}

async function main(argv: string[]): Promise<void> {
  const parsed = parseArgs(argv);
  const args = new Set(parsed.args);
  if (args.has("--help") || args.has("-h") || args.has("help")) {
    process.stdout.write(HELP);
    return;
  }
  if (args.has("--version") || args.has("-v")) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const known = new Set(["--sandbox", "doctor", "login", "logout", "--no-browser", "serve", "--http"]);
  const unknown = parsed.args.filter((a) => !known.has(a));
  if (parsed.problem || unknown.length > 0) {
    process.stderr.write(
      `halopsa-mcp: ${parsed.problem ?? `unknown argument ${unknown.join(" ")}`}\n\n${HELP}`,
    );
    process.exitCode = 2;
    return;
  }
  // process.env is never written: the settings file cannot set NODE_* or any other process variable.
  const opts = { envFile: parsed.envFile };
  if (args.has("--http")) {
    const { serveHttp } = await import("../http/cli.js");
    await serveHttp(process.env, {
      envFile: parsed.envFile,
      host: parsed.host,
      port: parsed.port === undefined ? undefined : String(parsed.port),
    });
    return;
  }
  if (args.has("login") || args.has("logout")) {
    const { runLogin, runLogout } = await import("./login.js");
    process.exitCode = args.has("login")
      ? await runLogin(process.env, { ...opts, noBrowser: args.has("--no-browser"), port: parsed.port })
      : await runLogout(process.env, opts);
    return;
  }
  if (args.has("doctor")) {
    const { runDoctor } = await import("./doctor.js");
    if (!args.has("--sandbox")) {
      process.exitCode = await runDoctor(process.env, undefined, opts);
      return;
    }
    // The same checks against the built-in fake Halo: proves the install and the
    // tools work, and says plainly that it says nothing about a real tenant.
    const { startSandbox } = await import("./sandbox.js");
    const sandbox = await startSandbox(process.env);
    try {
      process.exitCode = await runDoctor({}, undefined, {
        loaded: sandbox.config,
        heading: `Checking the built-in sandbox (fake HaloPSA at ${sandbox.url}), not your Halo: run \`doctor\` without --sandbox for that.`,
      });
    } finally {
      await sandbox.close();
    }
    return;
  }
  if (args.has("--sandbox")) {
    const { startSandbox } = await import("./sandbox.js");
    const sandbox = await startSandbox(process.env);
    const { serve } = await import("./serve.js");
    await serve(sandbox.config, { onClose: sandbox.close });
    return;
  }
  const { serve } = await import("./serve.js");
  await serve(await configure(process.env, opts));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`halopsa-mcp: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
