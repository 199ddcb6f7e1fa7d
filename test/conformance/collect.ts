/**
 * Set-up file of every test file (vitest.config.ts `setupFiles`): listens to
 * every fake Halo the file starts (the fake publishes each exchange on a
 * diagnostics channel), checks each exchange against the spec, and after
 * the file fails it on any finding exceptions.ts does not explain. The
 * file's summary goes to HALOPSA_CONFORMANCE_DIR for the report printed at
 * the end of the run (test/helpers/global-setup.ts). No test file can opt
 * out: it does not need to call anything.
 */
import diagnostics from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { FAKE_HALO_CHANNEL, type FakeExchange } from "../../fake-halo/index.js";
import { checkExchange, templateOf, type Violation, violationKey } from "./check.js";
import { exceptionKey, exceptionProblems, explain } from "./exceptions.js";

export interface FileSummary {
  file: string;
  exchanges: number;
  serverRequests: number;
  answersChecked: number;
  operations: string[];
  params: Record<string, string[]>;
  /** Exception keys used, with how many findings each explained. */
  used: Record<string, number>;
  unexplained: Array<Violation & { count: number }>;
}

let file = "unknown";
let exchanges = 0;
let serverRequests = 0;
let answersChecked = 0;
const operations = new Set<string>();
const findings = new Map<string, Violation & { count: number }>();
const checkerErrors: string[] = [];
const answersByOp = new Map<string, number>();
/** Query parameters (and body fields, "body.x") the server sent, by operation: the API ledger's raw material. */
const params = new Map<string, Set<string>>();
const ANSWERS_PER_OP = 40;

const listener = (message: unknown) => {
  const ex = message as FakeExchange;
  exchanges++;
  if (ex.request.userAgent === "halopsa-mcp" && ex.api) {
    serverRequests++;
    const opName = `${ex.request.method} ${templateOf(ex.request.path) ?? ex.request.path}`;
    operations.add(opName);
    const names = params.get(opName) ?? new Set<string>();
    for (const q of Object.keys(ex.request.query)) names.add(q);
    if (Array.isArray(ex.request.body))
      for (const item of ex.request.body)
        if (item && typeof item === "object") for (const k of Object.keys(item)) names.add(`body.${k}`);
    params.set(opName, names);
  }
  // Every request is checked; a fake's answers vary little per operation, so the
  // first ANSWERS_PER_OP of each are (the soak test alone makes thousands).
  const op = `${ex.request.method} ${templateOf(ex.request.path) ?? ex.request.path}`;
  const seen = answersByOp.get(op) ?? 0;
  const checkAnswers = ex.reply?.json !== undefined && ex.reply.status < 300 && seen < ANSWERS_PER_OP;
  if (checkAnswers) {
    answersChecked++;
    answersByOp.set(op, seen + 1);
  }
  try {
    for (const v of checkExchange(ex, checkAnswers)) {
      const key = violationKey(v);
      const seen = findings.get(key);
      if (seen) seen.count++;
      else findings.set(key, { ...v, count: 1 });
    }
  } catch (err) {
    checkerErrors.push(`${ex.request.method} ${ex.request.path}: ${String(err)}`);
  }
};

beforeAll(() => {
  file = expect.getState().testPath ?? file;
  diagnostics.subscribe(FAKE_HALO_CHANNEL, listener);
});

afterAll(() => {
  diagnostics.unsubscribe(FAKE_HALO_CHANNEL, listener);
  const used: Record<string, number> = {};
  const unexplained: Array<Violation & { count: number }> = [];
  for (const v of findings.values()) {
    const e = explain(v);
    if (e) used[exceptionKey(e)] = (used[exceptionKey(e)] ?? 0) + v.count;
    else unexplained.push(v);
  }
  const summary: FileSummary = {
    file,
    exchanges,
    serverRequests,
    answersChecked,
    operations: [...operations].sort(),
    params: Object.fromEntries([...params].map(([k, v]) => [k, [...v].sort()])),
    used,
    unexplained,
  };
  const dir = process.env.HALOPSA_CONFORMANCE_DIR;
  if (dir) {
    const name = file.replace(/[^\w.-]+/g, "_").slice(-120);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(summary));
  }
  const problems = [...exceptionProblems(), ...checkerErrors];
  if (problems.length) throw new Error(`conformance: ${problems.join("; ")}`);
  if (unexplained.length) {
    const lines = unexplained
      .slice(0, 25)
      .map((v) => `  ${v.kind} ${v.op} ${v.name} (${v.count}x): ${v.detail}`);
    throw new Error(
      `conformance: ${unexplained.length} finding(s) against the published spec that test/conformance/exceptions.ts does not explain:\n${lines.join("\n")}${unexplained.length > 25 ? "\n  …" : ""}\nFix the request or the fake, or add a reviewed entry with its evidence.`,
    );
  }
});
