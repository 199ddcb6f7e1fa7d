/**
 * Two people on one deployment, each signed in to Halo as themselves: every
 * write lands under the person's own agent, lookups that differ per person
 * ("me") are never shared, and nobody can act with another's token, session,
 * code or refresh token. When Halo ends one person's sign-in, only that
 * person is asked to sign in again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { loadConfig } from "../../src/config/config.js";
import { type HttpServerHandle, startHttpServer } from "../../src/http/app.js";
import { httpSettings } from "../../src/http/settings.js";
import { exchange, mcpClient, type SignedIn, signIn, TEAM_SECRET, textOf } from "../helpers/team.js";

let fake: FakeHalo;
let server: HttpServerHandle;
let alice: SignedIn;
let ben: SignedIn;
const ALICE = { id: 1, login: "alice.admin@sandbox-msp.example", name: "Alice Admin" };
const BEN = { id: 3, login: "ben.carter@sandbox-msp.example", name: "Ben Carter" };

beforeAll(async () => {
  fake = await startFakeHalo({ clientId: "svc", clientSecret: TEAM_SECRET, auth: {} });
  const config = loadConfig({
    HALOPSA_BASE_URL: fake.url,
    HALOPSA_CLIENT_ID: fake.auth.clientId,
    HALOPSA_CLIENT_SECRET: TEAM_SECRET,
    HALOPSA_CONFIRM: "never",
    HALOPSA_RETRY_BASE_MS: "20",
  });
  const { settings } = httpSettings({}, { port: "0" });
  server = await startHttpServer({
    config,
    settings: settings as NonNullable<typeof settings>,
    version: "test",
  });
  alice = await signIn(server.url, fake, ALICE.login, fake.auth.password);
  ben = await signIn(server.url, fake, BEN.login, fake.auth.password);
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const ticketId = () => [...fake.db.tickets.keys()][0] as number;

describe("each person as themselves", () => {
  it("resolves 'me' per person, whoever asked first", async () => {
    const a = await mcpClient(server.url, alice.access);
    const b = await mcpClient(server.url, ben.access);
    try {
      // Alice first: a lookup cache shared across people would now answer Alice to Ben.
      expect(textOf(await a.client.callTool({ name: "whoami", arguments: {} })).data?.agent).toMatch(
        ALICE.name,
      );
      expect(textOf(await b.client.callTool({ name: "whoami", arguments: {} })).data?.agent).toMatch(
        BEN.name,
      );
      expect(textOf(await a.client.callTool({ name: "whoami", arguments: {} })).data?.agent).toMatch(
        ALICE.name,
      );
    } finally {
      await a.client.close();
      await b.client.close();
    }
  });

  it("records each person's note in Halo under their own name", async () => {
    const id = ticketId();
    for (const [who, person] of [
      [alice, ALICE],
      [ben, BEN],
    ] as const) {
      const c = await mcpClient(server.url, who.access);
      const r = textOf(
        await c.client.callTool({
          name: "add_ticket_action",
          arguments: { ticket_id: id, note: `note by ${person.name}` },
        }),
      );
      await c.client.close();
      expect(r.isError, r.text).toBe(false);
      const action = (fake.db.actions.get(id) ?? []).find((a) => a.note === `note by ${person.name}`);
      expect(action?.who_agentid).toBe(person.id);
    }
  });
});

describe("nobody acts as anyone else", () => {
  it("answers another person's session as if it did not exist", async () => {
    const a = await mcpClient(server.url, alice.access);
    const sessionId = a.transport.sessionId as string;
    expect(sessionId).toBeTruthy();
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${ben.access}`,
        "mcp-session-id": sessionId,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-06-18",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 9,
        method: "tools/call",
        params: {
          name: "add_ticket_action",
          arguments: { ticket_id: ticketId(), note: "Ben in Alice's session" },
        },
      }),
    });
    expect(res.status).toBe(404);
    expect((fake.db.actions.get(ticketId()) ?? []).some((x) => x.note === "Ben in Alice's session")).toBe(
      false,
    );
    // Alice's session is untouched.
    expect(textOf(await a.client.callTool({ name: "whoami", arguments: {} })).data?.agent).toMatch(
      ALICE.name,
    );
    await a.client.close();
  });

  it("issues no token for another server (RFC 8707 resource)", async () => {
    // Refused at the authorization request already (oauth-attacks.test.ts); /mcp checks the resource too.
    const url = new URL(`${server.url}/authorize`);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: ben.clientId,
      redirect_uri: ben.redirectUri,
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      resource: "https://other-mcp.example/mcp",
    }).toString();
    const to = new URL((await fetch(url, { redirect: "manual" })).headers.get("location") as string);
    expect(to.searchParams.get("error")).toBe("invalid_target");
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${ben.access}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).not.toBe(401);
  });

  it("will not give one person's refresh token to another client", async () => {
    const stolen = await exchange(server.url, {
      grant_type: "refresh_token",
      refresh_token: alice.refresh,
      client_id: ben.clientId,
    });
    expect(stolen.status).toBe(400);
    expect(stolen.error).toBe("invalid_grant");
    expect(stolen.access_token).toBeUndefined();
  });

  it("never hands Halo's tokens or the client secret to a client", async () => {
    const fresh = await exchange(server.url, {
      grant_type: "refresh_token",
      refresh_token: ben.refresh,
      client_id: ben.clientId,
    });
    expect(fresh.status).toBe(200);
    ben = { ...ben, access: fresh.access_token, refresh: fresh.refresh_token };
    const issued = JSON.stringify([alice, ben, fresh]);
    expect(issued).not.toContain(TEAM_SECRET);
    // Our tokens are ours: Halo does not accept them.
    const res = await fetch(`${fake.url}/api/Agent/me`, {
      headers: { authorization: `Bearer ${ben.access}` },
    });
    expect(res.status).toBe(401);
  });

  it("asks only the person whose Halo sign-in ended to sign in again", async () => {
    fake.auth.revokeRefreshTokens(ALICE.id);
    fake.auth.expireAccessTokens();
    const a = await mcpClient(server.url, alice.access);
    const r = textOf(await a.client.callTool({ name: "get_ticket", arguments: { id: ticketId() } }));
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/sign in again/i);
    await a.client.close().catch(() => undefined);
    // Her token is now refused at the door, so her client starts a new sign-in.
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.access}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    // Ben's sign-in is refreshed and goes on.
    const b = await mcpClient(server.url, ben.access);
    const got = textOf(await b.client.callTool({ name: "get_ticket", arguments: { id: ticketId() } }));
    expect(got.isError, got.text).toBe(false);
    await b.client.close();
    // Alice signs in again and is herself.
    alice = await signIn(server.url, fake, ALICE.login, fake.auth.password);
    const again = await mcpClient(server.url, alice.access);
    expect(textOf(await again.client.callTool({ name: "whoami", arguments: {} })).data?.agent).toMatch(
      ALICE.name,
    );
    await again.client.close();
  });
});
