/**
 * The end of the run: every test file's conformance summary (written by
 * collect.ts) folded into one short report on stderr. In a full run (every
 * test file reported) an exception no finding used fails the run: the list
 * must not keep entries nothing needs.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FileSummary } from "./collect.js";
import { EXCEPTIONS, evidenceKind, exceptionKey } from "./exceptions.js";

export interface Report {
  text: string;
  failures: string[];
}

export function conformanceReport(dir: string, expectedFiles: number): Report {
  const summaries = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as FileSummary);
  const used = new Map<string, number>();
  const operations = new Set<string>();
  let requests = 0;
  let answers = 0;
  let exchanges = 0;
  const unexplained: string[] = [];
  const details: string[] = [];
  for (const s of summaries) {
    requests += s.serverRequests;
    answers += s.answersChecked;
    exchanges += s.exchanges;
    for (const o of s.operations) operations.add(o);
    for (const [k, n] of Object.entries(s.used)) used.set(k, (used.get(k) ?? 0) + n);
    for (const v of s.unexplained) {
      unexplained.push(`${v.kind} ${v.op} ${v.name} — ${s.file.split("/test/").pop()}`);
      details.push(`${v.kind}\t${v.op}\t${v.name}\t${v.detail}`);
    }
  }
  // Every finding in full, one a line, for working through a long list.
  const dump = process.env.HALOPSA_CONFORMANCE_DUMP;
  if (dump) {
    writeFileSync(dump, `${[...new Set(details)].sort().join("\n")}\n`);
    const params = new Map<string, Set<string>>();
    for (const s of summaries)
      for (const [op, names] of Object.entries(s.params ?? {}))
        params.set(op, new Set([...(params.get(op) ?? []), ...names]));
    const lines = [...params].sort().map(([op, names]) => `${op}\t${[...names].sort().join(" ")}`);
    writeFileSync(`${dump}.ops`, `${lines.join("\n")}\n`);
  }
  const byEvidence = new Map<string, number>();
  for (const e of EXCEPTIONS) byEvidence.set(evidenceKind(e), (byEvidence.get(evidenceKind(e)) ?? 0) + 1);
  const full = summaries.length >= expectedFiles;
  const unused = EXCEPTIONS.filter((e) => !used.has(exceptionKey(e))).map(exceptionKey);
  const lines = [
    `conformance: ${summaries.length}/${expectedFiles} test files, ${exchanges} exchanges with the fake; ${requests} server requests over ${operations.size} operations checked against the spec, ${answers} fake answers against schemas and samples`,
    `conformance: exceptions ${EXCEPTIONS.length} (${[...byEvidence].map(([k, n]) => `${k} ${n}`).join(", ") || "none"}), findings explained ${[...used.values()].reduce((a, b) => a + b, 0)}, unexplained ${unexplained.length}${full ? `, unused ${unused.length}` : " (partial run: unused entries not judged)"}`,
    ...[...new Set(unexplained)].slice(0, 20).map((u) => `  unexplained: ${u}`),
    ...(full ? unused.map((u) => `  unused exception: ${u}`) : []),
  ];
  const failures = [
    ...(unexplained.length ? [`${unexplained.length} unexplained finding(s)`] : []),
    ...(full && unused.length ? [`${unused.length} exception(s) no finding used: remove them`] : []),
  ];
  return { text: lines.join("\n"), failures };
}
