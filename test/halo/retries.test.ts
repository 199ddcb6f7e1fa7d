/**
 * Reads ride out a flaky Halo: every transient fault, twice, then success.
 * Errors that are not transient fail at once, and cancellation stops
 * retries promptly. Real HTTP against the fake Halo.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeHalo, FaultKind } from "../../fake-halo/index.js";
import { errorText } from "../../src/halo/errors.js";
import type { Halo } from "../../src/halo/index.js";
import { R } from "../../src/halo/resources.js";
import { caught, expectTokensSeen, haloFor, startFake, useCoreHarness } from "../helpers/halo-client.js";

useCoreHarness();

let fake: FakeHalo;
let halo: Halo;
/** Same Halo with a 300 ms timeout, for the hang faults (a busy CI box must not time out the others). */
let hasty: Halo;

beforeAll(async () => {
  fake = await startFake({ tickets: 20 });
  // Small backoff so the suite stays fast.
  halo = haloFor(fake, { HALOPSA_RETRY_BASE_MS: "20" });
  hasty = haloFor(fake, { HALOPSA_TIMEOUT_MS: "300", HALOPSA_RETRY_BASE_MS: "20" });
  await halo.resources.lookup("Status");
  await hasty.resources.lookup("Status");
  fake.resetCounters();
});

afterEach(() => {
  fake.clearFaults();
  fake.resetCounters();
});

describe("transient faults on a GET: twice, then success", () => {
  const cases: Array<{ kind: FaultKind; retryAfter?: string; label: string }> = [
    { kind: "429", retryAfter: "1", label: "429 with Retry-After: 1" },
    { kind: "429", label: "429 without Retry-After" },
    { kind: "500", label: "500" },
    { kind: "502", label: "502" },
    { kind: "503", label: "503" },
    { kind: "504", label: "504" },
    { kind: "reset", label: "connection reset" },
    { kind: "malformed-json", label: "truncated JSON" },
    { kind: "html", label: "HTML error page" },
    { kind: "hang", label: "hang past HALOPSA_TIMEOUT_MS" },
  ];

  for (const c of cases) {
    it(c.label, async () => {
      fake.addFault({ method: "GET", path: "/Status", kind: c.kind, times: 2, retryAfter: c.retryAfter });
      const client = c.kind === "hang" ? hasty : halo;
      const retriesBefore = client.http.stats.retries;
      const started = Date.now();
      const rows = await client.resources.lookup<{ id: number; name: string }>("Status");
      const elapsed = Date.now() - started;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]).toHaveProperty("name");
      expect(fake.count({ method: "GET", path: "/Status" })).toBe(3);
      expect(client.http.stats.retries - retriesBefore).toBe(2);
      if (c.retryAfter) expect(elapsed).toBeGreaterThanOrEqual(2000);
      else if (c.kind === "hang") expect(elapsed).toBeGreaterThanOrEqual(600);
      else expect(elapsed).toBeLessThan(1500);
    });
  }

  it("a list (envelope) and a single record recover too", async () => {
    fake.addFault({ method: "GET", path: "/Tickets", kind: "malformed-json", times: 1 });
    fake.addFault({ method: "GET", path: "/Tickets", kind: "503", times: 1 });
    const page = await halo.resources.list(R.tickets, {}, { pageSize: 5 });
    expect(page.items).toHaveLength(5);
    const id = [...fake.db.tickets.keys()][0] as number;
    fake.addFault({ method: "GET", path: `/Tickets/${id}`, kind: "reset", times: 2 });
    const ticket = await halo.resources.get<{ id: number }>(R.tickets, id);
    expect(ticket.id).toBe(id);
  });

  it("DELETE is retried too (idempotent)", async () => {
    const id = [...fake.db.tickets.keys()].at(-1) as number;
    fake.addFault({ method: "DELETE", path: `/Tickets/${id}`, kind: "502", times: 2 });
    await halo.resources.delete(R.tickets, id, { reason: "duplicate" });
    expect(fake.db.tickets.has(id)).toBe(false);
    expect(fake.count({ method: "DELETE" })).toBe(3);
  });
});

describe("faults that outlast the retries", () => {
  it("a persistent 503 fails as a server error with Halo's status, after bounded retries", async () => {
    fake.addFault({ method: "GET", path: "/Status", kind: "503", times: Number.POSITIVE_INFINITY });
    const err = await caught(halo.resources.lookup("Status"));
    expect(err.kind).toBe("server");
    expect(err.status).toBe(503);
    expect(err.message).toBe('GET /api/Status failed with 503: "Service Unavailable".');
    expect(errorText(err)).toContain("Next step: Halo had a problem; try again shortly.");
    expect(fake.count({ path: "/Status" })).toBe(6);
  });

  it("a persistent HTML page is reported with a tag-free excerpt, never handed over raw", async () => {
    fake.addFault({ method: "GET", path: "/Status", kind: "html", times: Number.POSITIVE_INFINITY });
    const err = await caught(halo.resources.lookup("Status"));
    expect(err.kind).toBe("server");
    expect(err.message).toMatch(
      /^GET \/api\/Status failed with 502 \(HTML error page: "502 - Web server received an invalid response/,
    );
    expect(err.message).not.toMatch(/<[a-z]/i);
  });

  it("persistent truncated JSON is a bad_response naming the endpoint", async () => {
    fake.addFault({
      method: "GET",
      path: "/Status",
      kind: "malformed-json",
      times: Number.POSITIVE_INFINITY,
    });
    const err = await caught(halo.resources.lookup("Status"));
    expect(err.kind).toBe("bad_response");
    expect(err.message).toContain("GET /api/Status answered 200 with JSON that does not parse");
    expect(err.hint).toContain("try again");
  });

  it("a persistent hang is a timeout naming HALOPSA_TIMEOUT_MS", async () => {
    fake.addFault({ method: "GET", path: "/Status", kind: "hang", times: Number.POSITIVE_INFINITY });
    const err = await caught(hasty.resources.lookup("Status"));
    expect(err.kind).toBe("timeout");
    expect(err.message).toBe("no answer within 300 ms (GET /api/Status).");
    expect(err.hint).toContain("HALOPSA_TIMEOUT_MS");
  });

  it("a Retry-After longer than the retry budget fails at once with the wait", async () => {
    fake.addFault({ method: "GET", path: "/Status", kind: "429", retryAfter: "120", times: 1 });
    const started = Date.now();
    const err = await caught(halo.resources.lookup("Status"));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err.kind).toBe("rate_limited");
    expect(err.retryAfterMs).toBe(120_000);
    expect(err.message).toContain("Halo asked to wait 120 s");
    expect(err.hint).toContain("Wait about 120 seconds");
    expect(fake.count({ path: "/Status" })).toBe(1);
  });

  it("the retry budget bounds the total time", async () => {
    const budgeted = haloFor(fake, { HALOPSA_RETRY_BUDGET_MS: "400", HALOPSA_RETRY_BASE_MS: "150" });
    await budgeted.resources.lookup("Status");
    fake.resetCounters();
    fake.addFault({ method: "GET", path: "/Status", kind: "503", times: Number.POSITIVE_INFINITY });
    const started = Date.now();
    const err = await caught(budgeted.resources.lookup("Status"));
    expect(err.kind).toBe("server");
    expect(Date.now() - started).toBeLessThan(2500);
    expect(fake.count({ path: "/Status" })).toBeLessThan(6);
  });
});

describe("errors that are not transient fail at once", () => {
  it("a 404 is not retried and names the record", async () => {
    const err = await caught(halo.resources.get(R.clients, 987_654));
    expect(err.kind).toBe("not_found");
    expect(err.message).toBe("no client with ID 987654.");
    expect(fake.count({ path: "/Client/987654" })).toBe(1);
  });

  it("a 400 carries Halo's own message verbatim and is not retried", async () => {
    const err = await caught(halo.resources.save(R.tickets, { client_id: [...fake.db.clients.keys()][0] }));
    expect(err.kind).toBe("validation");
    expect(err.haloMessage).toBe("Please enter a Summary (summary).");
    expect(errorText(err)).toContain("Please enter a Summary (summary).");
    expect(fake.count({ method: "POST" })).toBe(1);
  });

  it("an unknown path (IIS HTML 404) is not_found without the page's markup", async () => {
    const err = await caught(halo.http.request({ method: "GET", path: "/NoSuchThing" }));
    expect(err.kind).toBe("not_found");
    expect(err.message).toBe("GET /api/NoSuchThing was not found.");
    expect(fake.count({ path: "/NoSuchThing" })).toBe(1);
  });
});

describe("cancellation", () => {
  it("an abort during a hanging request stops at once, with no further attempt", async () => {
    const patient = haloFor(fake, { HALOPSA_TIMEOUT_MS: "5000" });
    await patient.resources.lookup("Status");
    fake.resetCounters();
    fake.addFault({ method: "GET", path: "/Status", kind: "hang", times: Number.POSITIVE_INFINITY });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    const err = await caught(patient.resources.lookup("Status", {}, { signal: ac.signal }));
    const elapsed = Date.now() - started;
    expect(err.kind).toBe("cancelled");
    expect(elapsed).toBeLessThan(2000); // the timeout is 5 s
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.count({ path: "/Status" })).toBe(1);
  });

  it("an abort during the backoff between retries stops at once", async () => {
    const slow = haloFor(fake, { HALOPSA_RETRY_BASE_MS: "3000" });
    await slow.resources.lookup("Status");
    fake.resetCounters();
    fake.addFault({ method: "GET", path: "/Status", kind: "503", times: Number.POSITIVE_INFINITY });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const started = Date.now();
    const err = await caught(slow.resources.lookup("Status", {}, { signal: ac.signal }));
    expect(err.kind).toBe("cancelled");
    expect(Date.now() - started).toBeLessThan(2000); // the first backoff is 3-6 s
    expect(fake.count({ path: "/Status" })).toBe(1);
  });

  it("an abort during a Retry-After wait stops at once", async () => {
    fake.addFault({
      method: "GET",
      path: "/Status",
      kind: "429",
      retryAfter: "5",
      times: Number.POSITIVE_INFINITY,
    });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const started = Date.now();
    const err = await caught(halo.resources.lookup("Status", {}, { signal: ac.signal }));
    expect(err.kind).toBe("cancelled");
    expect(Date.now() - started).toBeLessThan(2000); // Halo asked for 5 s
  });

  it("an abort while queued for the rate limit leaves without sending", async () => {
    // Two slots: the authinfo discovery takes one, the warm-up call the other.
    const tight = haloFor(fake, { HALOPSA_RATE_LIMIT: "2/60s" });
    await tight.resources.lookup("Status");
    fake.resetCounters();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    const err = await caught(tight.resources.lookup("Status", {}, { signal: ac.signal }));
    expect(err.kind).toBe("cancelled");
    expect(err.notSent).toBe(true);
    expect(err.message).toContain("queued for the rate limit");
    expect(Date.now() - started).toBeLessThan(2000); // the window is 60 s
    expect(fake.count()).toBe(0);
    expect(tight.http.limiter.queued).toBe(0);
  });

  it("an already-aborted signal sends nothing", async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await caught(halo.resources.lookup("Status", {}, { signal: ac.signal }));
    expect(err.kind).toBe("cancelled");
    expect(fake.count()).toBe(0);
    expectTokensSeen();
  });
});
