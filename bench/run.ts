/**
 * `npm run bench`: every figure of prd/06-bench.md, measured in one run on
 * this machine, each next to what it is compared against (measured in the
 * same run) with a ratio and its target. Prints a table, writes
 * bench/results.json. Exit code 0 even when a target is missed (MISS is
 * printed); non-zero only when the harness itself breaks.
 *
 *   tsx bench/run.ts            the full run (writes bench/results.json)
 *   tsx bench/run.ts --smoke    every measurement with tiny counts (the test suite)
 *   --out <file>                where to write the results (smoke default: a temp file)
 *
 * The server measured is the built bundle, dist/halopsa-mcp.js (npm run
 * bench builds it first).
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { startFakeHalo } from "../fake-halo/index.js";
import { measureColdStart, measureLayout } from "./lib/cold-start.js";
import { measureCompactness } from "./lib/compactness.js";
import { measureCounting } from "./lib/counting.js";
import { measureFootprint } from "./lib/footprint.js";
import { DirectHalo } from "./lib/halo-direct.js";
import { measureHostileInput } from "./lib/hostile-input.js";
import { renderTable, type Section } from "./lib/report.js";
import { measureBulk, measureMemory, measureOverhead, measureTokenBurst } from "./lib/runtime.js";
import {
  assertBundle,
  BUNDLE,
  buildBaseline,
  CLIENT_ID,
  CLIENT_SECRET,
  ROOT,
  serverEnv,
  startOurs,
} from "./lib/servers.js";
import { measureSharedBudget } from "./lib/shared-budget.js";
import { measureTeamHttp } from "./lib/team-http.js";

const argv = process.argv.slice(2);
const smoke = argv.includes("--smoke");
const outArg = argv.indexOf("--out");
const out =
  outArg >= 0 && argv[outArg + 1]
    ? resolve(argv[outArg + 1]!)
    : smoke
      ? resolve(tmpdir(), "halopsa-bench-smoke.json")
      : resolve(ROOT, "bench/results.json");

const N = smoke
  ? {
      cold: 2,
      overheadRuns: 3,
      overheadWarm: 1,
      burst: 50,
      bulkTickets: 300,
      memoryCalls: 20,
      sharedProcesses: 2,
      sharedCalls: 2,
      storeOps: 20,
    }
  : {
      cold: 15,
      overheadRuns: 40,
      overheadWarm: 10,
      burst: 50,
      bulkTickets: 3000,
      memoryCalls: 1000,
      sharedProcesses: 3,
      sharedCalls: 20,
      storeOps: 500,
    };

async function main(): Promise<void> {
  const started = Date.now();
  assertBundle();
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const sections: Section[] = [];

  log("compiling the baseline server (tsc -p bench/baseline)");
  buildBaseline();

  log(`cold start (${N.cold} interleaved pairs)`);
  sections.push(await measureColdStart(N.cold, serverEnv("http://127.0.0.1:9")));
  log(`bundle layout: now vs before the fake Halo moved out (${N.cold} interleaved pairs)`);
  sections.push(await measureLayout(N.cold, serverEnv("http://127.0.0.1:9")));

  log("tool-list footprint");
  sections.push(await measureFootprint());

  // One fake with full-size tickets and no rate limit for the per-call figures.
  const fake = await startFakeHalo({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    rateLimit: false,
    seed: 1,
  });
  const direct = new DirectHalo(fake.url);
  try {
    // Every toolset: the opt-in ones (billing, reports, kb) are measured too.
    const p = await startOurs(serverEnv(fake.url, { HALOPSA_TOOLSETS: "all" }));
    try {
      log("compactness");
      sections.push(await measureCompactness(p, fake, direct));
      log(`call overhead (${N.overheadRuns} runs at 0 and 20 ms)`);
      sections.push(await measureOverhead(p, fake, direct, { runs: N.overheadRuns, warm: N.overheadWarm }));
    } finally {
      await p.close();
    }
    log(`token behaviour (${N.burst} concurrent cold calls)`);
    sections.push(await measureTokenBurst(fake, N.burst));
    log(`memory (${N.memoryCalls} calls)`);
    sections.push(await measureMemory(fake, N.memoryCalls));
  } finally {
    await direct.close();
    await fake.close();
  }

  log("hostile input (pathological HTML, credential scan)");
  sections.push(measureHostileInput(smoke ? 1 : 5));

  log(`bulk: ticket_stats over ${N.bulkTickets} tickets with the rate limit on`);
  sections.push(await measureBulk(N.bulkTickets));

  log(`shared budget: ${N.sharedProcesses} processes × ${N.sharedCalls} calls under one window`);
  sections.push(
    await measureSharedBudget({
      processes: N.sharedProcesses,
      calls: N.sharedCalls,
      budget: smoke ? { max: 20, windowMs: 1000 } : { max: 20, windowMs: 2000 },
      storeOps: N.storeOps,
    }),
  );

  const sizes = smoke ? (["1k"] as const) : (["1k", "10k", "100k"] as const);
  log(`counting: ticket_stats by status, agent, client, SLA at ${sizes.join(", ")} tickets, and rows paging`);
  sections.push(await measureCounting([...sizes]));

  const teamUsers = smoke ? [1, 2] : [1, 10, 50];
  log(`team server: HTTP call overhead, Halo requests per person at ${teamUsers.join(", ")} people`);
  sections.push(await measureTeamHttp({ runs: smoke ? 3 : 40, users: teamUsers }));

  const table = renderTable(sections);
  process.stdout.write(
    `\nhalopsa-mcp benchmarks${smoke ? " (SMOKE: tiny counts, figures not meaningful)" : ""}\n\n${table}\n`,
  );
  const figures = sections.flatMap((s) => s.figures);
  const results = {
    date: new Date().toISOString(),
    mode: smoke ? "smoke" : "full",
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    bundle: BUNDLE.replace(`${ROOT}/`, ""),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    counts: N,
    missed: figures.filter((f) => f.pass === false).map((f) => f.id),
    sections: sections.map((s) => ({ title: s.title, notes: s.notes })),
    figures: Object.fromEntries(
      figures.map((f) => [
        f.id,
        {
          label: f.label,
          value: Number.isFinite(f.value) ? Math.round(f.value * 100) / 100 : null,
          shown: f.shown,
          ...(f.against ? { against: { ...f.against, value: Math.round(f.against.value * 100) / 100 } } : {}),
          ...(f.ratio !== undefined && Number.isFinite(f.ratio)
            ? { ratio: Math.round(f.ratio * 1000) / 1000 }
            : {}),
          ...(f.target ? { target: f.target } : {}),
          ...(f.pass !== undefined ? { pass: f.pass } : {}),
        },
      ]),
    ),
  };
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${out} (${results.seconds} s)`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
