/**
 * MCP sessions under attack on one replica: another person's DELETE or
 * stream on a session, guessed session IDs, oversized batches, and one
 * person opening sessions in a loop (the replica keeps a bounded number
 * live; the rest are taken up again from the store if their client returns).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { type HttpServerHandle, MAX_OPENS_PER_MINUTE, MAX_SESSIONS_PER_AGENT } from "../../src/http/app.js";
import {
  CONFIDENTIAL_APP,
  mcpClient,
  type SignedIn,
  signIn,
  startHttpInProcess,
  TEAM_SECRET,
  textOf,
} from "../helpers/team.js";

let fake: FakeHalo;
let server: HttpServerHandle;
let alice: SignedIn;
let ben: SignedIn;

beforeAll(async () => {
  fake = await startFakeHalo(CONFIDENTIAL_APP);
  server = await startHttpInProcess({
    HALOPSA_BASE_URL: fake.url,
    HALOPSA_CLIENT_ID: fake.auth.clientId,
    HALOPSA_CLIENT_SECRET: TEAM_SECRET,
  });
  alice = await signIn(server.url, fake, "alice.admin@sandbox-msp.example", fake.auth.password);
  ben = await signIn(server.url, fake, "ben.carter@sandbox-msp.example", fake.auth.password);
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const headers = (token: string, sessionId?: string) => ({
  authorization: `Bearer ${token}`,
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2025-06-18",
  ...(sessionId ? { "mcp-session-id": sessionId } : {}),
});

const init = (id: number) => ({
  jsonrpc: "2.0",
  id,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
});

const sessionCount = async () =>
  ((await (await fetch(`${server.url}/healthz`)).json()) as { sessions: number }).sessions;

describe("sessions", () => {
  it("answers another person's DELETE or stream on a session as if it did not exist; the session lives on", async () => {
    const a = await mcpClient(server.url, alice.access);
    try {
      const id = a.transport.sessionId as string;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const del = await fetch(`${server.url}/mcp`, { method: "DELETE", headers: headers(ben.access, id) });
      expect(del.status).toBe(404);
      const stream = await fetch(`${server.url}/mcp`, { method: "GET", headers: headers(ben.access, id) });
      expect(stream.status).toBe(404);
      await stream.body?.cancel();
      const post = await fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: headers(ben.access, id),
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
      });
      expect(post.status).toBe(404);
      // Alice's session is untouched.
      expect(textOf(await a.client.callTool({ name: "whoami", arguments: {} })).data?.agent).toMatch(/Alice/);
    } finally {
      await a.client.close();
    }
  });

  it("refreshes a person's expired Halo token with the application's secret, as a confidential Halo app wants", async () => {
    const a = await mcpClient(server.url, alice.access);
    try {
      const before = fake.auth.counts.refreshes;
      fake.auth.expireAccessTokens();
      const id = [...fake.db.tickets.keys()][0] as number;
      const got = textOf(await a.client.callTool({ name: "get_ticket", arguments: { id } }));
      expect(got.isError).toBe(false);
      expect(fake.auth.counts.refreshes).toBe(before + 1);
    } finally {
      await a.client.close();
    }
  });

  it("refuses a batch beyond 32 messages (the SDK allows 100) before running any of it", async () => {
    const opened = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: headers(alice.access),
      body: JSON.stringify(init(0)),
    });
    const id = opened.headers.get("mcp-session-id") as string;
    await opened.body?.cancel();
    const calls = fake.requests.length;
    const batch = Array.from({ length: 50 }, (_, i) => ({
      jsonrpc: "2.0",
      id: i + 1,
      method: "tools/call",
      params: { name: "get_ticket", arguments: { id: 1 } },
    }));
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: headers(alice.access, id),
      body: JSON.stringify(batch),
    });
    expect(res.status).toBe(400);
    expect((await res.json()) as unknown).toMatchObject({ error: { code: -32600 } });
    expect(fake.requests.length).toBe(calls);
  });

  it("keeps a bounded number of one person's sessions live; an evicted one is taken up again when used", async () => {
    const before = await sessionCount();
    const ids: string[] = [];
    for (let i = 0; i < MAX_SESSIONS_PER_AGENT + 10; i++) {
      const res = await fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: headers(ben.access),
        body: JSON.stringify(init(1)),
      });
      expect(res.status).toBe(200);
      ids.push(res.headers.get("mcp-session-id") as string);
      await res.body?.cancel();
    }
    expect(await sessionCount()).toBeLessThanOrEqual(before + MAX_SESSIONS_PER_AGENT);
    // The first one was evicted from memory, not forgotten: its client carries on.
    const again = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: headers(ben.access, ids[0]),
      body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/list" }),
    });
    expect(again.status).toBe(200);
    await again.body?.cancel();
    expect(await sessionCount()).toBeLessThanOrEqual(before + MAX_SESSIONS_PER_AGENT);
  });

  it("limits how many sessions one person opens a minute (each is stored for a day)", async () => {
    // A third agent, neither Alice nor Ben, who can sign in.
    const carla = [...fake.db.agents.values()].find(
      (a) => a.id !== 1 && a.id !== 3 && !a.isdisabled && typeof a.email === "string",
    ) as { email: string };
    const who = await signIn(server.url, fake, carla.email, fake.auth.password);
    const statuses: number[] = [];
    for (let i = 0; i <= MAX_OPENS_PER_MINUTE; i++) {
      const res = await fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: headers(who.access),
        body: JSON.stringify(init(1)),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      await res.body?.cancel();
    }
    expect(statuses.slice(0, MAX_OPENS_PER_MINUTE).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Someone else is not affected.
    const other = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: headers(alice.access),
      body: JSON.stringify(init(1)),
    });
    expect(other.status).toBe(200);
    await other.body?.cancel();
  });
});
