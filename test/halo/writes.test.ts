/**
 * Creates are never sent twice: a POST is retried only when Halo provably
 * never saw it; when it may have landed, the error is write_unknown and says
 * to check before retrying. Real HTTP against the fake Halo; records are
 * counted in the fake's database.
 */

import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeHalo } from "../../fake-halo/index.js";
import type { HaloConfig } from "../../src/config/config.js";
import { loadConfig } from "../../src/config/config.js";
import { errorText, HaloError } from "../../src/halo/errors.js";
import { HaloHttp } from "../../src/halo/http.js";
import type { Halo } from "../../src/halo/index.js";
import { R } from "../../src/halo/resources.js";
import {
  caught,
  closedPort,
  expectTokensSeen,
  haloFor,
  startFake,
  useCoreHarness,
} from "../helpers/halo-client.js";

useCoreHarness();

let fake: FakeHalo;
let halo: Halo;
let clientId: number;

const ticketsNamed = (summary: string) =>
  [...fake.db.tickets.values()].filter((t) => t.summary === summary).length;

beforeAll(async () => {
  fake = await startFake({ tickets: 10 });
  halo = haloFor(fake);
  clientId = [...fake.db.clients.keys()][0] as number;
  await halo.resources.lookup("Status");
});

afterEach(() => {
  fake.clearFaults();
  fake.resetCounters();
});

describe("creates that may have landed are never resent", () => {
  it("503 after Halo saved the ticket → exactly one record, write_unknown saying to check first", async () => {
    const summary = "503 after processing";
    const before = fake.db.tickets.size;
    fake.addFault({ method: "POST", path: "/Tickets", kind: "503", afterProcessing: true, times: 5 });
    const err = await caught(halo.resources.save(R.tickets, { summary, client_id: clientId }));
    expect(fake.db.tickets.size).toBe(before + 1);
    expect(ticketsNamed(summary)).toBe(1);
    expect(fake.count({ method: "POST", path: "/Tickets" })).toBe(1);
    expect(err.kind).toBe("write_unknown");
    expect(err.status).toBe(503);
    expect(err.message).toContain("POST /api/Tickets failed with 503");
    expect(err.message).toContain("Halo may have saved it");
    expect(err.hint).toMatch(/^Do not resend blindly: first check whether the record exists/);
    expect(errorText(err)).toMatch(/^The write may or may not have been saved: /);
  });

  it("503 before processing → still write_unknown (the client cannot tell), nothing created, one POST", async () => {
    const before = fake.db.tickets.size;
    fake.addFault({ method: "POST", path: "/Tickets", kind: "503" });
    const err = await caught(halo.resources.save(R.tickets, { summary: "503 before", client_id: clientId }));
    expect(err.kind).toBe("write_unknown");
    expect(fake.db.tickets.size).toBe(before);
    expect(fake.count({ method: "POST" })).toBe(1);
  });

  it.each(["500", "502", "504", "html"] as const)("%s on a POST is not resent", async (kind) => {
    fake.addFault({ method: "POST", path: "/Tickets", kind, afterProcessing: true });
    const summary = `post ${kind}`;
    const err = await caught(halo.resources.save(R.tickets, { summary, client_id: clientId }));
    expect(err.kind).toBe("write_unknown");
    expect(ticketsNamed(summary)).toBe(1);
    expect(fake.count({ method: "POST" })).toBe(1);
  });

  it("a connection reset after sending is not resent", async () => {
    const summary = "reset after processing";
    fake.addFault({ method: "POST", path: "/Tickets", kind: "reset", afterProcessing: true });
    const err = await caught(halo.resources.save(R.tickets, { summary, client_id: clientId }));
    expect(err.kind).toBe("write_unknown");
    expect(err.hint).toContain("first check whether the record exists");
    expect(fake.count({ method: "POST", path: "/Tickets" })).toBe(1);
    expect(ticketsNamed(summary)).toBe(1);
  });

  it("a reset before processing is not resent either", async () => {
    const summary = "reset before processing";
    fake.addFault({ method: "POST", path: "/Tickets", kind: "reset" });
    const err = await caught(halo.resources.save(R.tickets, { summary, client_id: clientId }));
    expect(err.kind).toBe("write_unknown");
    expect(fake.count({ method: "POST", path: "/Tickets" })).toBe(1);
    expect(ticketsNamed(summary)).toBe(0);
  });

  it("a timeout (hang past HALOPSA_TIMEOUT_MS) is not resent", async () => {
    const summary = "hang after processing";
    fake.addFault({ method: "POST", path: "/Tickets", kind: "hang", afterProcessing: true });
    const hasty = haloFor(fake, { HALOPSA_TIMEOUT_MS: "400" });
    await hasty.resources.lookup("Status");
    const started = Date.now();
    const err = await caught(hasty.resources.save(R.tickets, { summary, client_id: clientId }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err.kind).toBe("write_unknown");
    expect(err.message).toContain("no answer within 400 ms (POST /api/Tickets).");
    expect(fake.count({ method: "POST", path: "/Tickets" })).toBe(1);
    expect(ticketsNamed(summary)).toBe(1);
  });

  it("a truncated answer to a POST that saved is not resent", async () => {
    const summary = "truncated answer";
    fake.addFault({ method: "POST", path: "/Tickets", kind: "malformed-json" });
    const err = await caught(halo.resources.save(R.tickets, { summary, client_id: clientId }));
    expect(err.kind).toBe("write_unknown");
    expect(ticketsNamed(summary)).toBe(1);
    expect(fake.count({ method: "POST" })).toBe(1);
  });

  it("an update (with id) meeting a lost reply is write_unknown too, not a not-found", async () => {
    const id = [...fake.db.tickets.keys()][0] as number;
    fake.addFault({ method: "POST", path: "/Tickets", kind: "502", afterProcessing: true });
    const err = await caught(halo.resources.save(R.tickets, { id, summary: "renamed once" }));
    expect(err.kind).toBe("write_unknown");
    expect(fake.db.tickets.get(id)?.summary).toBe("renamed once");
    expect(fake.count({ method: "POST" })).toBe(1);
  });
});

describe("creates Halo provably never processed are retried", () => {
  it("a POST meeting 429 is retried and creates exactly one", async () => {
    const summary = "after a 429";
    fake.addFault({ method: "POST", path: "/Tickets", kind: "429", times: 2 });
    const saved = await halo.resources.save<{ id: number; summary: string }>(R.tickets, {
      summary,
      client_id: clientId,
    });
    expect(saved.summary).toBe(summary);
    expect(fake.db.tickets.get(saved.id)?.summary).toBe(summary);
    expect(ticketsNamed(summary)).toBe(1);
    expect(fake.count({ method: "POST", path: "/Tickets" })).toBe(3);
    expect(fake.rateLimited).toBe(2);
  });

  it("a POST meeting 429 with Retry-After waits as asked, then creates exactly one", async () => {
    const summary = "after a 429 with Retry-After";
    fake.addFault({ method: "POST", path: "/Tickets", kind: "429", retryAfter: "1" });
    const started = Date.now();
    await halo.resources.save(R.tickets, { summary, client_id: clientId });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(ticketsNamed(summary)).toBe(1);
  });

  it("a POST meeting 401 (token revoked) is refreshed and sent once more: exactly one record", async () => {
    const summary = "after a 401";
    fake.addFault({ method: "POST", path: "/Tickets", kind: "401" });
    await halo.resources.save(R.tickets, { summary, client_id: clientId });
    expect(ticketsNamed(summary)).toBe(1);
    expect(fake.tokenRequests).toBe(1);
  });

  it("a POST when the token fetch fails transiently is retried (the POST itself was never sent)", async () => {
    const summary = "after a token 503";
    const fresh = haloFor(fake);
    fake.addFault({ method: "POST", path: "/auth/token", kind: "503" });
    await fresh.resources.save(R.tickets, { summary, client_id: clientId });
    expect(ticketsNamed(summary)).toBe(1);
    expect(fake.tokenRequests).toBe(2);
    expect(fake.count({ method: "POST", path: "/Tickets" })).toBe(1);
  });

  it("connection refused is retried, then fails as a network error marked not sent (never write_unknown)", async () => {
    const port = await closedPort();
    // Tokens from the live fake, API calls to a port nobody listens on.
    const refused = haloFor(`http://127.0.0.1:${port}`, {
      HALOPSA_AUTH_URL: `${fake.url}/auth`,
      HALOPSA_RETRY_BASE_MS: "10",
    });
    const err = await caught(
      refused.resources.save(R.tickets, { summary: "never sent", client_id: clientId }),
    );
    expect(err.kind).toBe("network");
    expect(err.notSent).toBe(true);
    expect(err.message).toBe(`ECONNREFUSED talking to 127.0.0.1:${port}.`);
    expect(err.hint).toContain("HALOPSA_BASE_URL");
    expect(refused.http.stats.requests).toBe(4); // 1 + 3 retries
    expect(refused.http.stats.retries).toBe(3);
    expect(fake.count()).toBe(0);
    expect(ticketsNamed("never sent")).toBe(0);
  });

  it("a validation error (400) is not retried and carries Halo's message", async () => {
    const err = await caught(halo.resources.save(R.tickets, { summary: "no client" }));
    expect(err.kind).toBe("validation");
    expect(err.message).toBe('POST /api/Tickets was rejected (400): "Please select a Client (client_id)."');
    expect(fake.count({ method: "POST" })).toBe(1);
    expectTokensSeen();
  });

  it("saving an unknown id relabels Halo's 404 as 'no <label> with ID N'", async () => {
    const err = await caught(halo.resources.save(R.tickets, { id: 99_999, summary: "x" }));
    expect(err.kind).toBe("not_found");
    expect(err.message).toBe("no ticket with ID 99999.");
  });
});

describe("deletes whose answer was lost", () => {
  it("503 after Halo deleted the ticket → the retry's 404 counts as done", async () => {
    const id = [...fake.db.tickets.keys()].at(-1) as number;
    fake.addFault({ method: "DELETE", path: "/Tickets", kind: "503", afterProcessing: true, times: 1 });
    await halo.resources.delete(R.tickets, id, { reason: "lost answer" });
    expect(fake.db.tickets.has(id)).toBe(false);
    expect(fake.count({ method: "DELETE", path: "/Tickets" })).toBe(2);
  });

  it("a first-attempt 404 is still not found", async () => {
    const err = await caught(halo.resources.delete(R.tickets, 987654, { reason: "x" }));
    expect(errorText(err)).toContain("no ticket with ID 987654");
  });
});

const ENV = {
  HALOPSA_BASE_URL: "https://acme.halopsa.com",
  HALOPSA_CLIENT_ID: "id",
  HALOPSA_CLIENT_SECRET: "review-secret-123456",
};

function config(env: Record<string, string> = {}): HaloConfig {
  const r = loadConfig({ ...ENV, ...env });
  if (!r.ok) throw new Error(r.problems.join(" "));
  return r.config;
}

describe("a POST refused with a non-validation 4xx", () => {
  let server: Server;
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith("/auth/token")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ access_token: "review-token-abcdef", expires_in: 3600 }));
      } else if (req.url?.startsWith("/api/authinfo")) {
        res.writeHead(404).end();
      } else {
        res.writeHead(413, { "content-type": "application/json" }).end('"Request body too large"');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is reported as refused, not as a write that may have landed", async () => {
    const http = new HaloHttp(config({ HALOPSA_BASE_URL: url, HALOPSA_RETRY_BASE_MS: "5" }));
    try {
      const err = await http
        .request({ method: "POST", path: "/Attachment", body: [{}] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HaloError);
      expect((err as HaloError).kind).toBe("validation");
      expect((err as HaloError).status).toBe(413);
      expect((err as HaloError).message).toContain("Request body too large");
    } finally {
      await http.close();
    }
  });
});
