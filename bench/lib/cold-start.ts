/**
 * Cold start: spawn → the `initialize` answer on stdout. The initialize line
 * is written the moment the process is spawned (stdin buffers it), and the
 * clock stops at the first stdout line — what a client waits for.
 */
import { type Figure, ratio, type Section } from "./report.js";
import { baseEnv, PROTOCOL_VERSION, RpcProcess } from "./rpc.js";
import { BASELINE, BUNDLE, ROOT } from "./servers.js";
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
