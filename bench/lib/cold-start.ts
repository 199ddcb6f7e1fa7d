/**
 * Cold start: spawn → the `initialize` answer on stdout. The initialize line
 * is written the moment the process is spawned (stdin buffers it), and the
 * clock stops at the first stdout line — what a client waits for.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { type Figure, ratio, type Section } from "./report.js";
import { baseEnv, PROTOCOL_VERSION, RpcProcess } from "./rpc.js";
import { BASELINE, BUNDLE, FAKE_BUNDLE, ROOT } from "./servers.js";
import { median, ms } from "./stats.js";

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: "cold-start", version: "1" },
  },
};

export async function timeToInitialize(script: string, env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const p = new RpcProcess(process.execPath, [script], env, ROOT);
  const first = p.nextLine();
  p.write(INIT);
  const line = await Promise.race([
    first,
    p.exited.then((e) => {
      throw new Error(`${script} exited (${e.code ?? e.signal}) before answering: ${p.stderr}`);
    }),
  ]);
  const elapsed = performance.now() - t0;
  const msg = JSON.parse(line) as { id?: number; result?: unknown };
  if (msg.id !== 1 || !msg.result)
    throw new Error(`${script}: first stdout line is not the initialize answer: ${line}`);
  await p.close();
  return elapsed;
}

export async function measureColdStart(runs: number, oursEnv: Record<string, string>): Promise<Section> {
  const baseEnvOnly = baseEnv();
  // One untimed run each warms the file cache, so neither side pays for the first disk read.
  await timeToInitialize(BUNDLE, oursEnv);
  await timeToInitialize(BASELINE, baseEnvOnly);
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved (A, B, A, B, …) so drift in machine load hits both alike.
    ours.push(await timeToInitialize(BUNDLE, oursEnv));
    base.push(await timeToInitialize(BASELINE, baseEnvOnly));
  }
  const mOurs = median(ours);
  const mBase = median(base);
  const r = ratio(mOurs, mBase);
  const figure: Figure = {
    id: "cold_start",
    label: `spawn → initialize answer (median of ${runs})`,
    value: mOurs,
    shown: ms(mOurs),
    against: { label: "minimal SDK server (tsc, 1 tool)", value: mBase, shown: ms(mBase) },
    ratio: r,
    target: "≤ 0.8×",
    pass: r <= 0.8,
  };
  return {
    title: "Cold start",
    figures: [figure],
    notes: [
      `ours: node dist/halopsa-mcp.js (valid env, no network at start); baseline: node bench/baseline/dist/minimal-server.js; runs interleaved; ours min/max ${ms(Math.min(...ours))}/${ms(Math.max(...ours))}, baseline ${ms(Math.min(...base))}/${ms(Math.max(...base))}.`,
    ],
  };
}

/**
 * The last main before issue 14 moved the fake Halo out of the server's bundle
 * (it shipped inside, used only by --sandbox). Pinned so the comparison means
 * the same thing in every run.
 */
export const BEFORE_LAYOUT = "fdd2357";

/**
 * Issue 14's promise: the main bundle is smaller and starts no slower. The
 * bundle of BEFORE_LAYOUT is read from git history and the two are started
 * interleaved in this run; without the history (a shallow clone) the section
 * says so and measures nothing.
 */
export async function measureLayout(runs: number, env: Record<string, string>): Promise<Section> {
  const title = "Bundle layout (fake Halo out of the product)";
  const dir = mkdtempSync(join(tmpdir(), "halopsa-layout-"));
  const before = join(dir, "halopsa-mcp.js");
  try {
    try {
      writeFileSync(
        before,
        execFileSync("git", ["show", `${BEFORE_LAYOUT}:dist/halopsa-mcp.js`], {
          cwd: ROOT,
          maxBuffer: 64 * 1024 * 1024,
          stdio: ["ignore", "pipe", "ignore"],
        }),
      );
    } catch {
      return {
        title,
        figures: [],
        notes: [`skipped: commit ${BEFORE_LAYOUT} is not in this clone's history.`],
      };
    }
    // Everything the server ships: the entry and every chunk beside it.
    const dist = dirname(BUNDLE);
    const bytesNow = readdirSync(dist)
      .filter((f) => f === basename(BUNDLE) || /^halopsa-mcp\..+\.js$/.test(f))
      .reduce((n, f) => n + statSync(join(dist, f)).size, 0);
    const bytesBefore = statSync(before).size;
    await timeToInitialize(BUNDLE, env);
    await timeToInitialize(before, env);
    const now: number[] = [];
    const then: number[] = [];
    for (let i = 0; i < runs; i++) {
      now.push(await timeToInitialize(BUNDLE, env));
      then.push(await timeToInitialize(before, env));
    }
    const size = ratio(bytesNow, bytesBefore);
    const start = ratio(median(now), median(then));
    return {
      title,
      figures: [
        {
          id: "layout.bundle_bytes",
          label: "server bytes (dist/halopsa-mcp.js and its chunks)",
          value: bytesNow,
          shown: `${(bytesNow / 1024).toFixed(0)} KB`,
          against: {
            label: `bundle at ${BEFORE_LAYOUT}`,
            value: bytesBefore,
            shown: `${(bytesBefore / 1024).toFixed(0)} KB`,
          },
          ratio: size,
          target: "< 1×",
          pass: size < 1,
        },
        {
          id: "layout.cold_start",
          label: `spawn → initialize answer (median of ${runs})`,
          value: median(now),
          shown: ms(median(now)),
          against: { label: `bundle at ${BEFORE_LAYOUT}`, value: median(then), shown: ms(median(then)) },
          ratio: start,
          // "No slower", with room for the noise of a shared machine.
          target: "≤ 1.05×",
          pass: start <= 1.05,
        },
      ],
      notes: [
        `both started with the same settings, interleaved; the server is split into chunks loaded on first use (a stdio start parses the entry, the stdio server and the MCP SDK; the tools and the SQL parser load at the first tools/list, undici at the first request, the team server, login and doctor only when run); the fake Halo is now dist/fake-halo.js (${(statSync(FAKE_BUNDLE).size / 1024).toFixed(0)} KB), loaded only by --sandbox.`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
