/**
 * halopsa-mcp: the stdio MCP server (default), `--sandbox` against the
 * embedded fake Halo, `doctor` to check a configuration.
 */
import { loadConfig, loadDotenv } from "../config/config.js";
import { VERSION } from "../version.js";

const HELP = `halopsa-mcp ${VERSION} — HaloPSA MCP server for Claude Code

Usage:
  halopsa-mcp              run the MCP server on stdio (configured by HALOPSA_* variables or .env)
  halopsa-mcp --sandbox    run it against a built-in fake Halo with demo data (no credentials needed)
  halopsa-mcp doctor       check the configuration end to end and print a pass/fail report
  halopsa-mcp --help       this text
  halopsa-mcp --version    the version

Required: HALOPSA_BASE_URL, HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET (hosted tenants: HALOPSA_TENANT).
Optional: HALOPSA_AUTH_URL, HALOPSA_SCOPE, HALOPSA_TIMEOUT_MS, HALOPSA_RATE_LIMIT, HALOPSA_READ_ONLY,
          HALOPSA_TOOLSETS, HALOPSA_ALLOW_RAW_API, HALOPSA_LOG_LEVEL. See README.md.
`;

async function main(argv: string[]): Promise<void> {
  const args = new Set(argv);
  if (args.has("--help") || args.has("-h") || args.has("help")) {
    process.stdout.write(HELP);
    return;
  }
  if (args.has("--version") || args.has("-v")) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const known = new Set(["--sandbox", "doctor"]);
  const unknown = argv.filter((a) => !known.has(a));
  if (unknown.length > 0) {
    process.stderr.write(`halopsa-mcp: unknown argument ${unknown.join(" ")}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  await loadDotenv(process.env);
  if (args.has("doctor")) {
    const { runDoctor } = await import("./doctor.js");
    process.exitCode = await runDoctor(process.env);
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
  await serve(loadConfig(process.env));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`halopsa-mcp: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
