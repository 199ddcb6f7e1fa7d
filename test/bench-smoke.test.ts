/**
 * The benchmark harness in smoke mode (tiny counts), so it cannot rot: it
 * must run to the end and produce every figure. Timings are not asserted.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { TOOLSET_NAMES } from "../src/config/toolsets.js";

const ROOT = resolve(import.meta.dirname, "..");

interface Results {
  mode: string;
  figures: Record<string, { value: number | null; shown: string; pass?: boolean }>;
}

it("bench/run.ts --smoke produces every figure", { timeout: 200_000 }, async () => {
  const out = resolve(tmpdir(), `halopsa-bench-smoke-${process.pid}.json`);
  const { stdout } = await promisify(execFile)(
    resolve(ROOT, "node_modules/.bin/tsx"),
    ["bench/run.ts", "--smoke", "--out", out],
    { cwd: ROOT, timeout: 195_000, maxBuffer: 10 * 1024 * 1024 },
  );
  expect(stdout).toMatch(/halopsa-mcp benchmarks \(SMOKE/);
  expect(stdout).toMatch(/All targets met\.|MISS: \d+ target/);
  // Measured from git history; a shallow clone says it skipped, which is fine here.
  expect(stdout).toMatch(/Bundle layout \(fake Halo out of the product\)/);
  const results = JSON.parse(readFileSync(out, "utf8")) as Results;
  expect(results.mode).toBe("smoke");
  const expected = [
    "cold_start",
    "tools_list.default.tokens",
    "tools_list.default.tokens_per_tool",
    ...TOOLSET_NAMES.map((t) => `tools_list.${t}.tokens`),
    ...[
      "search_tickets",
      "get_ticket",
      "list_ticket_actions",
      "get_client",
      "get_asset",
      "search_contacts",
      "time_entries",
      "run_report",
      "search_kb",
      "contract_billing",
    ].map((t) => `compact.${t}`),
    "overhead.latency_0ms",
    "overhead.latency_20ms",
    "tokens.cold_burst",
    "bulk.requests",
    "bulk.http_429",
    "bulk.wall_ms",
    ...["status", "agent", "client", "sla"].flatMap((g) => [
      `counting.1k.${g}.requests`,
      `counting.1k.${g}.wall_ms`,
    ]),
    "hostile.strip_html.issue_case_ms",
    "hostile.strip_html.worst_ms",
    "hostile.credential_scan_10mb_ms",
    "team.http_call_ms",
    "team.requests_per_user.1",
    "team.requests_per_user.2",
    "memory.rss_start_bytes",
    "memory.rss_after_calls_bytes",
    "shared_budget.http_429",
    "shared_budget.failed_calls",
    "shared_budget.requests",
    "shared_budget.wall_ms",
    "shared_budget.store_op_ms",
  ];
  for (const id of expected) {
    expect(results.figures[id], id).toBeDefined();
    expect(results.figures[id]?.value, id).toBeTypeOf("number");
  }
  expect(Object.keys(results.figures).filter((k) => k.startsWith("tools_list.largest.")).length).toBe(5);
  // Figures that are counts, not timings, must hold even in smoke mode.
  expect(results.figures["tokens.cold_burst"]?.value).toBe(1);
  expect(results.figures["bulk.http_429"]?.value).toBe(0);
  expect(results.figures["shared_budget.http_429"]?.value).toBe(0);
  expect(results.figures["shared_budget.failed_calls"]?.value).toBe(0);
  // Counting stays within a fifth of the rate budget, whatever the size.
  for (const g of ["status", "agent", "client", "sla"])
    expect(results.figures[`counting.1k.${g}.requests`]?.pass, g).toBe(true);
});
