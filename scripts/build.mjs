// Bundles the server into committed files, dist/halopsa-mcp.js and the chunks
// it imports on demand (dist/halopsa-mcp.<part>-<hash>.js), so the plugin
// starts from a plain clone with only Node 20 (no npm install). Split so a
// stdio start parses only what a stdio server runs: the team server (express,
// ioredis), login, doctor and the SQL parser load when first used; the
// fake Halo (fake-halo/) into its own file, dist/fake-halo.js, which the
// server loads only for --sandbox (it is not part of the product); and
// assembles dist/plugin/: the folder the marketplace entry points at, which
// Claude Code copies into its plugin cache. It holds no package.json on
// purpose: where one exists, Claude Code runs `npm ci` in the plugin cache
// (devDependencies included, ~214 MB) and that cannot be switched off.
// `--check` builds everything in memory and fails if a committed file is stale.
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { writePrompts } from "./prompts.mjs";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
process.chdir(ROOT);
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const outfile = "dist/halopsa-mcp.js";
const fakeOutfile = "dist/fake-halo.js";
const PLUGIN_DIR = "dist/plugin";
const check = process.argv.includes("--check");

// The prompts' text comes from commands/*.md; the bundle below includes it.
if (!writePrompts({ check })) process.exit(1);

const REQUIRE_BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/** One self-contained ES module for Node 20 (dependencies included), kept in memory. */
async function bundle(entry, out, extra = {}) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    legalComments: "none",
    write: false,
    outfile: out,
    // A CommonJS dependency's require() needs one in an ES module.
    banner: { js: REQUIRE_BANNER },
    define: extra.define ?? {},
    logLevel: "warning",
  });
  return Buffer.from(result.outputFiles[0].text);
}

/**
 * The server: its entry and the chunks its dynamic imports load, path → bytes.
 * The chunks sit flat beside the entry (dist/), so an import.meta.url-relative
 * path such as --sandbox's ./fake-halo.js means the same from any of them.
 */
async function bundleServer() {
  const result = await build({
    entryPoints: { "halopsa-mcp": "src/cli/main.ts" },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    legalComments: "none",
    write: false,
    outdir: "dist",
    chunkNames: "halopsa-mcp.[name]-[hash]",
    banner: { js: REQUIRE_BANNER },
    // __HALOPSA_BUNDLE__ tells src/cli/sandbox.ts to load dist/fake-halo.js beside it.
    define: { __HALOPSA_VERSION__: JSON.stringify(pkg.version), __HALOPSA_BUNDLE__: "true" },
    logLevel: "warning",
  });
  const files = new Map();
  for (const f of result.outputFiles) {
    const path = relative(ROOT, f.path);
    files.set(path, Buffer.from(path === outfile ? `#!/usr/bin/env node\n${f.text}` : f.text));
  }
  if (!files.has(outfile)) throw new Error(`esbuild did not write ${outfile}`);
  return files;
}

const server = await bundleServer();
const code = server.get(outfile);
const serverBytes = [...server.values()].reduce((n, b) => n + b.length, 0);
/** Chunk files of an earlier build: removed on build, reported by --check. */
const isServerChunk = (name) => /^halopsa-mcp\..+\.js$/.test(name);
const fakeCode = await bundle("fake-halo/index.ts", fakeOutfile);

/** Every file below `dir`, as paths relative to the repository root. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    return d.isDirectory() ? walk(path) : d.isFile() ? [path] : [];
  });
}

/**
 * What the plugin folder holds, path → bytes: the manifest (which declares the
 * MCP server itself, so no .mcp.json at the repository root), the bundle, the
 * fake Halo's bundle (for --sandbox and doctor --sandbox), skills, commands,
 * README and LICENSE. Nothing else: no package manifest.
 */
function pluginFiles() {
  const files = new Map();
  const manifest = JSON.parse(readFileSync(".claude-plugin/plugin.json", "utf8"));
  if (manifest.version !== pkg.version)
    throw new Error(`.claude-plugin/plugin.json version ${manifest.version} ≠ package.json ${pkg.version}`);
  files.set(".claude-plugin/plugin.json", readFileSync(".claude-plugin/plugin.json"));
  files.set(".claude-plugin/icon.png", readFileSync(".claude-plugin/icon.png"));
  for (const [path, bytes] of server) files.set(path, bytes);
  files.set("dist/fake-halo.js", fakeCode);
  for (const source of ["skills", "commands"])
    for (const path of walk(source).sort()) files.set(path, readFileSync(path));
  files.set("README.md", readFileSync("README.md"));
  files.set("LICENSE", readFileSync("LICENSE"));
  return files;
}

const plugin = pluginFiles();
const expected = new Map([...server, [fakeOutfile, fakeCode]]);
for (const [path, bytes] of plugin) expected.set(join(PLUGIN_DIR, path), bytes);

if (check) {
  const stale = [];
  for (const [path, bytes] of expected) {
    let committed;
    try {
      committed = readFileSync(path);
    } catch {}
    if (!committed?.equals(bytes)) stale.push(path);
  }
  let present = [];
  try {
    present = walk(PLUGIN_DIR);
  } catch {}
  const oldChunks = readdirSync("dist")
    .filter(isServerChunk)
    .map((name) => join("dist", name));
  const extra = [...present, ...oldChunks].filter((p) => !expected.has(p));
  if (stale.length > 0 || extra.length > 0) {
    console.error(
      `stale build output: ${[...stale, ...extra.map((p) => `${p} (not generated)`)].join(", ")}.\n` +
        "Run `npm run build` and commit dist/ (the bundle and the plugin folder).",
    );
    process.exit(1);
  }
  console.error(
    `${outfile} (+${server.size - 1} chunks), ${fakeOutfile} and ${PLUGIN_DIR}/ are up to date (${serverBytes} + ${fakeCode.length} bytes, ${plugin.size} plugin files).`,
  );
} else {
  // Rebuilt from scratch so a deleted skill or command does not linger in the plugin.
  rmSync(PLUGIN_DIR, { recursive: true, force: true });
  for (const name of readdirSync("dist").filter(isServerChunk)) rmSync(join("dist", name));
  for (const [path, bytes] of expected) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  chmodSync(outfile, 0o755);
  chmodSync(join(PLUGIN_DIR, "dist/halopsa-mcp.js"), 0o755);
  const size = [...plugin.values()].reduce((n, b) => n + b.length, 0);
  console.error(
    `built ${outfile} (${code.length} bytes, ${server.size - 1} chunks, ${serverBytes} bytes in all), ${fakeOutfile} (${fakeCode.length} bytes) and ${PLUGIN_DIR}/ (${plugin.size} files, ${(size / 1024).toFixed(0)} KB)`,
  );
}
