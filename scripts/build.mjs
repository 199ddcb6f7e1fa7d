// Bundles the server into one committed file, dist/halopsa-mcp.js, so the
// plugin starts from a plain clone with only Node 20 (no npm install).
// `--check` rebuilds in memory and fails if the committed bundle is stale.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { writePrompts } from "./prompts.mjs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const outfile = "dist/halopsa-mcp.js";
const check = process.argv.includes("--check");

// The prompts' text comes from commands/*.md; the bundle below includes it.
if (!writePrompts({ check })) process.exit(1);

const result = await build({
  entryPoints: ["src/cli/main.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "none",
  write: false,
  outfile,
  define: { __HALOPSA_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "#!/usr/bin/env node\nimport{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  },
  logLevel: "warning",
});
const code = result.outputFiles[0].text;

if (check) {
  let committed = "";
  try {
    committed = readFileSync(outfile, "utf8");
  } catch {}
  if (committed !== code) {
    console.error(`${outfile} is stale: run \`npm run build\` and commit it.`);
    process.exit(1);
  }
  console.error(`${outfile} is up to date (${code.length} bytes).`);
} else {
  mkdirSync("dist", { recursive: true });
  writeFileSync(outfile, code);
  chmodSync(outfile, 0o755);
  console.error(`built ${outfile} (${(code.length / 1024).toFixed(0)} KB)`);
}
