/**
 * Fault matrix, end to end: for each way Halo can misbehave, a read tool
 * (get_ticket) and create_ticket are called through the server (in-process,
 * test/helpers/e2e.ts) against the fake.
 *
 * - transient fault (twice): the read succeeds, invisibly;
 * - permanent fault: the read fails with a text that names the cause and the
 *   next step;
 * - the process stays up: once the fault is cleared the next call succeeds;
 * - a create is never duplicated: a create whose POST may have been processed
 *   is not resent (and says to check first); a 429 (refused before
 *   processing) may be resent, and exactly one ticket results.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeHalo } from "../../fake-halo/index.js";
import { allRecordedOutput, type E2E, SECRET, startE2E } from "../helpers/e2e.js";
import { C0, FAST, T0 } from "../helpers/safety-env.js";

type FaultKind = "429" | "500" | "502" | "503" | "504" | "reset" | "hang" | "malformed-json" | "html" | "401";

interface Row {
  name: string;
  /** A fault injected on the request (absent: `trigger` does the damage). */
  kind?: FaultKind;
  retryAfter?: string;
  /** Instead of a fault: something that happens to the session (token expiry, revoked credentials). */
  trigger?: (fake: FakeHalo) => void;
  untrigger?: (fake: FakeHalo) => void;
  /** How many times the transient variant fails (default 2). */
  transientTimes?: number;
  /** The permanent read error names the cause with this. */
  cause: RegExp;
  /** The create was refused before processing (429, 401): resending is safe and expected. */
  refusedBeforeProcessing?: boolean;
  /** The fake processes the request before this fault whatever afterProcessing says (a truncated answer). */
  alwaysProcessed?: boolean;
  /** The faulted POST itself is answered with a refusal, so the create must be sent again. */
  resent?: boolean;
}

const WRITE_UNKNOWN =
  /may or may not have been saved[\s\S]*Do not resend blindly: first check whether the record exists/;

const rows: Row[] = [
  {
    name: "429 with Retry-After",
    kind: "429",
    retryAfter: "1",
    cause: /rate limit/i,
    refusedBeforeProcessing: true,
    resent: true,
  },
  {
    name: "429 without Retry-After",
    kind: "429",
    cause: /rate limit \(429\)/i,
    refusedBeforeProcessing: true,
    resent: true,
  },
  { name: "500", kind: "500", cause: /failed with 500/ },
  { name: "502", kind: "502", cause: /failed with 502/ },
  { name: "503", kind: "503", cause: /failed with 503/ },
  { name: "504", kind: "504", cause: /failed with 504/ },
  { name: "connection reset", kind: "reset", cause: /ECONNRESET|socket|closed|other side/i },
  { name: "hang past the timeout", kind: "hang", cause: /no answer within 1500 ms/ },
  {
    name: "malformed JSON",
    kind: "malformed-json",
    cause: /JSON that does not parse/,
    alwaysProcessed: true,
  },
  { name: "HTML error page", kind: "html", cause: /HTML/ },
  {
    name: "401 on a request (token refused once)",
    kind: "401",
    transientTimes: 1,
    cause: /401 even with a fresh token/,
    refusedBeforeProcessing: true,
    resent: true,
  },
  {
    name: "token expiry mid-session",
    trigger: (f) => f.expireTokens(),
    cause: /never/,
    refusedBeforeProcessing: true,
  },
  {
    name: "credentials revoked mid-session",
    trigger: (f) => {
      f.revokeCredentials();
      f.expireTokens();
    },
    untrigger: (f) => f.restoreCredentials(),
    cause:
      /credentials rejected \(invalid_client\)[\s\S]*Next step: Check HALOPSA_CLIENT_ID and HALOPSA_CLIENT_SECRET/,
    refusedBeforeProcessing: true,
  },
];

const TICKET = T0 + 2;
const TICKET_PATH = `/Tickets/${TICKET}`;
const CREATE_PATH = "/Tickets";

let e2e: E2E;
let created = 0;

beforeAll(async () => {
  e2e = await startE2E({
    fake: { rateLimit: false, seed: 5 },
    env: { ...FAST, HALOPSA_TIMEOUT_MS: "1500", HALOPSA_RETRY_BUDGET_MS: "4000", HALOPSA_LOG_LEVEL: "info" },
  });
  // Warm the caches (token, lookups) so counts below are about the faulted request.
  const warm = await e2e.call("get_ticket", { id: TICKET });
  expect(warm.isError, warm.text).toBe(false);
});

afterAll(async () => {
  await e2e?.close();
});

function ticketCount(): number {
  return e2e.fake.db.tickets.size;
}

function posts(): number {
  return e2e.fake.count({ method: "POST", path: CREATE_PATH });
}

async function read() {
  return e2e.call("get_ticket", { id: TICKET });
}

async function create(label: string) {
  created++;
  return e2e.call("create_ticket", {
    summary: `fault matrix ${created}: ${label}`,
    client: C0,
    details: "created by the fault matrix",
  });
}

function expectTicket(r: Awaited<ReturnType<typeof read>>): void {
  expect(r.isError, r.text).toBe(false);
  expect(JSON.stringify(r.data)).toContain(`${TICKET}`);
}

function inject(
  row: Row,
  method: "GET" | "POST",
  path: string,
  times: number,
  afterProcessing = false,
): void {
  if (row.kind)
    e2e.fake.addFault({ method, path, kind: row.kind, times, retryAfter: row.retryAfter, afterProcessing });
  else row.trigger?.(e2e.fake);
}

function heal(row: Row): void {
  e2e.fake.clearFaults();
  row.untrigger?.(e2e.fake);
}

describe.each(rows)("fault: $name", (row) => {
  it("a read survives the transient fault", async () => {
    inject(row, "GET", TICKET_PATH, row.transientTimes ?? 2);
    const tokensBefore = e2e.fake.tokenRequests;
    const r = await read();
    heal(row);
    if (row.untrigger) {
      // Revoked credentials are not transient: the read fails, clearly, with at most one token request.
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(row.cause);
      expect(e2e.fake.tokenRequests - tokensBefore).toBeLessThanOrEqual(1);
    } else {
      expectTicket(r);
    }
  });

  // Token expiry and revocation are session events, not request faults: no "permanent" variant.
  if (row.kind)
    it("a permanent fault fails the read with the cause and the next step; the process stays up", async () => {
      inject(row, "GET", TICKET_PATH, Number.POSITIVE_INFINITY);
      const r = await read();
      heal(row);
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(row.cause);
      expect(r.text).toMatch(/\nNext step: \S/);
      expectTicket(await read());
    });

  it("a create is never duplicated (fault after Halo processed it)", async () => {
    const before = { tickets: ticketCount(), posts: posts() };
    inject(row, "POST", CREATE_PATH, row.transientTimes ?? 2, !row.refusedBeforeProcessing);
    const r = await create(`${row.name}, transient`);
    heal(row);
    const after = { tickets: ticketCount(), posts: posts() };
    if (row.untrigger) {
      // Refused at the token endpoint: nothing reached the ticket API.
      expect(r.isError).toBe(true);
      expect(after.tickets - before.tickets).toBe(0);
    } else if (row.refusedBeforeProcessing) {
      // Halo refused it before processing, so sending again is safe: exactly one ticket.
      expect(r.isError, r.text).toBe(false);
      expect(after.tickets - before.tickets).toBe(1);
      // Token expiry may be noticed (and healed) by the name look-ups before the POST goes out.
      if (row.resent) expect(after.posts - before.posts).toBe((row.transientTimes ?? 2) + 1);
    } else {
      // Halo saved it, then the answer was lost: never resent, and the model is told to check first.
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(WRITE_UNKNOWN);
      expect(after.posts - before.posts).toBe(1);
      expect(after.tickets - before.tickets).toBe(1);
    }
  });

  if (row.kind)
    it("a permanent fault fails the create with the cause and the next step, without duplicates", async () => {
      const before = { tickets: ticketCount(), posts: posts() };
      inject(row, "POST", CREATE_PATH, Number.POSITIVE_INFINITY, false);
      const r = await create(`${row.name}, permanent`);
      heal(row);
      const after = { tickets: ticketCount(), posts: posts() };
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/\nNext step: \S/);
      // Refused faults leave nothing; a truncated answer comes from a create that was saved (once).
      expect(after.tickets - before.tickets).toBe(row.alwaysProcessed ? 1 : 0);
      if (row.refusedBeforeProcessing) {
        expect(r.text).toMatch(row.cause);
      } else {
        expect(r.text).toMatch(WRITE_UNKNOWN);
        expect(after.posts - before.posts).toBe(1);
      }
      // Still up, and the next create lands exactly once.
      const ok = await create(`${row.name}, after recovery`);
      expect(ok.isError, ok.text).toBe(false);
      expect(ticketCount() - after.tickets).toBe(1);
    });
});

it("no stderr line or tool result of this file contained the client secret", () => {
  expect(allRecordedOutput().length).toBeGreaterThan(0);
  expect(allRecordedOutput()).not.toContain(SECRET);
});
