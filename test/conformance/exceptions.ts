/**
 * The ONE reviewed list of accepted departures from the published spec.
 * Every request the server sends and every answer the fake gives is checked
 * (test/conformance/check.ts); a finding not listed here fails the suite,
 * and so does an entry no finding used in a full run.
 *
 * Each entry names its evidence:
 * - `sample`: a real answer in ../shared/halo/samples/ shows it;
 * - `integration`: a public HaloPSA integration's code does the same
 *   (repository and path);
 * - `spec`: the spec's own text says so (a description, another schema);
 * - `unverified`: no evidence; the server verifies the result on the rows
 *   (item 2 of issue 13) or degrades safely; the text says how.
 */
import type { ViolationKind } from "./check.js";

export type Evidence =
  | { sample: string }
  | { integration: { repo: string; path: string } }
  | { spec: string }
  | { unverified: string };

export interface Exception {
  kind: ViolationKind;
  /** "GET /Tickets" as the checker names it (the spec's template). */
  op: string;
  /** The parameter or field path as reported; a trailing ".*" covers a field's whole subtree. */
  name: string;
  evidence: Evidence;
  /** Why it is there and what would remove it. */
  why: string;
}

/** The same entry for several operations (a record answered by GET and by POST). */
const forOps = (ops: string[], e: Omit<Exception, "op">): Exception[] => ops.map((op) => ({ ...e, op }));

const TICKET_ANSWERS = ["GET /Tickets/{id}", "POST /Tickets"];
const USER_ANSWERS = ["GET /Users/{id}", "POST /Users"];

/** Filler inside embedded objects of the fake's full ticket and contact: shapes the samples do not show. */
const EMBEDDED_FILLER: Exception[] = [
  ...[
    "tickettype.allowed_actions.*",
    "tickettype.allowed_status.*",
    "tickettype.allowed_teams.*",
    "tickettype.fields.fieldinfo.values.slaid",
    "user.departments.*",
    "user.site.client.kbentries.*",
    "user.site.client.service_access.*",
  ].flatMap((name) =>
    forOps(TICKET_ANSWERS, {
      kind: "response",
      name,
      evidence: {
        unverified:
          "the server never reads these embedded objects; they only give the fake's full ticket Halo's ~80 KB weight for the size budget",
      },
      why: "The real sample embeds these objects with other keys or not at all; aligning them needs a real answer that shows them.",
    }),
  ),
  ...["departments.*", "site.client.kbentries.*", "site.client.service_access.*"].flatMap((name) =>
    forOps(USER_ANSWERS, {
      kind: "response",
      name,
      evidence: { unverified: "the server never reads these embedded objects of a contact" },
      why: "Filler that gives the fake's contact a real contact's weight; not in the user sample.",
    }),
  ),
];

export const EXCEPTIONS: Exception[] = [
  {
    kind: "body",
    op: "POST /Tickets",
    name: "team_id",
    evidence: { sample: "ticket.get-response.json" },
    why: "Schema Faults has `team` (a name) but no team_id; real tickets carry team_id (18 in the sample), and create/update read the saved ticket back, so a team Halo did not take shows in the result.",
  },
  ...forOps(["GET /Actions", "GET /Actions/{id}", "POST /Actions"], {
    kind: "response",
    name: "who",
    evidence: { sample: "ticket.get-response.json" },
    why: "Schema Actions lacks `who` (the author's name); the real ticket's extra_actions (the same Actions records) carry it.",
  }),
  ...forOps(["GET /Site/{id}", "POST /Site"], {
    kind: "response",
    name: "client",
    evidence: { sample: "user.get-response.json" },
    why: "Schema Site lacks the embedded `client`; the real contact's `site` carries one (site.client).",
  }),
  {
    kind: "path",
    op: "GET /NoSuchThing",
    name: "",
    evidence: {
      spec: "no such path: test/halo/retries.test.ts asks for it on purpose (a 404 is not retried)",
    },
    why: "A deliberate request to a path no spec has, made through the HTTP client by a test.",
  },
  ...EMBEDDED_FILLER,
];

const SAMPLE_FILES = [
  "ticket.get-response.json",
  "ticket.create-response.json",
  "user.get-response.json",
  "attachment.create-response.json",
];

/** Problems with the list itself: an entry without usable evidence or reason, or a duplicate. */
export function exceptionProblems(list: Exception[] = EXCEPTIONS): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of list) {
    const key = `${e.kind} ${e.op} ${e.name}`;
    if (seen.has(key)) problems.push(`${key}: listed twice`);
    seen.add(key);
    if (!e.why?.trim()) problems.push(`${key}: no reason given`);
    const ev = e.evidence as Record<string, unknown>;
    if ("sample" in ev) {
      if (!SAMPLE_FILES.includes(String(ev.sample)))
        problems.push(`${key}: unknown sample ${String(ev.sample)}`);
    } else if ("integration" in ev) {
      const i = ev.integration as { repo?: string; path?: string };
      if (!/^[\w.-]+\/[\w.-]+$/.test(i?.repo ?? "") || !i?.path?.trim())
        problems.push(`${key}: an integration needs its repository (owner/name) and path`);
    } else if ("spec" in ev) {
      if (!String(ev.spec).trim()) problems.push(`${key}: empty spec evidence`);
    } else if ("unverified" in ev) {
      if (!String(ev.unverified).trim()) problems.push(`${key}: say what covers an unverified entry`);
    } else problems.push(`${key}: no evidence`);
  }
  return problems;
}

/** The entry explaining a finding, if any. */
export function explain(
  v: { kind: string; op: string; name: string },
  list = EXCEPTIONS,
): Exception | undefined {
  return list.find(
    (e) =>
      e.kind === v.kind &&
      e.op === v.op &&
      (e.name === v.name || (e.name.endsWith(".*") && `${v.name}.`.startsWith(e.name.slice(0, -1)))),
  );
}

export const exceptionKey = (e: Exception) => `${e.kind} ${e.op} ${e.name}`;

export const evidenceKind = (e: Exception): string => Object.keys(e.evidence)[0] ?? "none";
