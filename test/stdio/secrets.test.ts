/**
 * Secrets never leave: the client secret and every access token the server
 * was issued appear in no stdout byte, no stderr byte and no tool result,
 * across a session that uses many tools, hits errors and Halo faults, has
 * its token expire and its credentials revoked — with debug logging on.
 *
 * The tokens are captured by a small proxy in front of the fake's token
 * endpoint (HALOPSA_AUTH_URL points at it), so the test knows exactly which
 * tokens this server held.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RpcProcess, textOf } from "../../bench/lib/rpc.js";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { BUNDLE, CLIENT_ID, SECRET } from "../helpers/e2e.js";
import { C0, serverEnv, T0 } from "../helpers/safety-env.js";

/** Forwards POST /auth/token to the fake and remembers every access_token it hands out. */
async function tokenProxy(
  fake: FakeHalo,
): Promise<{ url: string; tokens: string[]; close(): Promise<void> }> {
  const tokens: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const upstream = await fetch(`${fake.url}${req.url}`, {
        method: req.method,
        headers: { "content-type": req.headers["content-type"] ?? "application/x-www-form-urlencoded" },
        body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
      });
      const body = await upstream.text();
      try {
        const token = (JSON.parse(body) as { access_token?: unknown }).access_token;
        if (typeof token === "string") tokens.push(token);
      } catch {
        // error bodies carry no token
      }
      res.writeHead(upstream.status, {
        "content-type": upstream.headers.get("content-type") ?? "application/json",
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function leaks(haystack: string, secrets: string[]): string[] {
  return secrets.filter((s) => haystack.includes(s)).map((s) => `${s.slice(0, 6)}… found`);
}

describe("secrets stay secret", () => {
  let fake: FakeHalo;
  let proxy: Awaited<ReturnType<typeof tokenProxy>>;
  const outputs: string[] = [];

  beforeAll(async () => {
    fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET, rateLimit: false, seed: 21 });
    proxy = await tokenProxy(fake);
  });
  afterAll(async () => {
    await proxy?.close();
    await fake?.close();
  });

  it("across tools, errors, faults, token expiry and revoked credentials, with debug logs", async () => {
    const p = new RpcProcess(
      process.execPath,
      [BUNDLE],
      serverEnv(fake.url, {
        HALOPSA_AUTH_URL: `${proxy.url}/auth`,
        HALOPSA_ALLOW_RAW_API: "true",
        HALOPSA_LOG_LEVEL: "debug",
        HALOPSA_TIMEOUT_MS: "1000",
        HALOPSA_RETRY_BUDGET_MS: "2000",
      }),
    );
    await p.initialize();
    const texts: string[] = [];
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = await p.callTool(name, args);
      texts.push(textOf(r), JSON.stringify(r.structuredContent ?? {}));
      return r;
    };

    await call("whoami", {});
    await call("get_ticket", { id: T0, fields: ["details", "user", "tickettype"] });
    await call("search_tickets", { limit: 10 });
    await call("list_lookups", {});
    await call("get_client", { client: C0 });
    await call("search_contacts", { limit: 5 });
    await call("list_ticket_actions", { ticket_id: T0 });
    await call("create_ticket", { summary: "secret scan", client: C0, dry_run: true });
    await call("create_ticket", { summary: "secret scan", client: C0 });
    await call("add_ticket_action", { ticket_id: T0, note: "secret scan" });
    await call("api_request", { method: "GET", path: `Tickets/${T0}` });
    await call("api_request", { method: "GET", path: "authinfo" });
    await call("get_ticket", { id: 999_999 });
    await call("get_ticket", { id: "x" });

    for (const kind of ["500", "html", "malformed-json", "reset", "hang", "401"] as const) {
      fake.addFault({ method: "GET", path: `/Tickets/${T0 + 1}`, kind, times: Number.POSITIVE_INFINITY });
      await call("get_ticket", { id: T0 + 1 });
      fake.clearFaults();
    }
    fake.addFault({ method: "POST", path: "/Tickets", kind: "html", times: 1, afterProcessing: true });
    await call("create_ticket", { summary: "secret scan, lost reply", client: C0 });

    fake.expireTokens();
    expect((await call("get_ticket", { id: T0 })).isError).toBeFalsy();
    fake.revokeCredentials();
    const refused = await call("get_ticket", { id: T0 });
    expect(refused.isError).toBe(true);
    fake.restoreCredentials();
    expect((await call("search_tickets", { limit: 3 })).isError).toBeFalsy();

    const exit = await p.close();
    expect(exit.code).toBe(0);
    outputs.push(p.stdout, p.stderr, ...texts);

    // The server really held several tokens, and really logged at debug level.
    expect(proxy.tokens.length).toBeGreaterThanOrEqual(3);
    expect(p.stderr).toMatch(/\[halopsa\] debug:/);
    const secrets = [SECRET, ...proxy.tokens];
    expect(leaks(p.stdout, secrets), "stdout").toEqual([]);
    expect(leaks(p.stderr, secrets), "stderr").toEqual([]);
    expect(leaks(texts.join("\n"), secrets), "tool results").toEqual([]);
  });

  it("a wrong secret is not echoed either (token refused, debug logs)", async () => {
    const wrong = "wrong-secret-0f9e8d7c6b5a";
    const p = new RpcProcess(
      process.execPath,
      [BUNDLE],
      serverEnv(fake.url, { HALOPSA_CLIENT_SECRET: wrong, HALOPSA_LOG_LEVEL: "debug" }),
    );
    await p.initialize();
    const r = await p.callTool("get_ticket", { id: T0 });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/credentials rejected/);
    await p.close();
    outputs.push(p.stdout, p.stderr);
    expect(leaks(p.stdout + p.stderr, [wrong]), "wrong secret").toEqual([]);
  });

  it("the configuration-error mode does not echo the secret", async () => {
    const p = new RpcProcess(
      process.execPath,
      [BUNDLE],
      serverEnv(undefined, {
        HALOPSA_CLIENT_ID: CLIENT_ID,
        HALOPSA_CLIENT_SECRET: SECRET,
        HALOPSA_BASE_URL: "ftp://not a url",
        HALOPSA_LOG_LEVEL: "debug",
      }),
    );
    await p.initialize();
    const r = await p.callTool("get_ticket", { id: T0 });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/HALOPSA_BASE_URL/);
    await p.close();
    outputs.push(p.stdout, p.stderr);
    expect(leaks(p.stdout + p.stderr, [SECRET]), "secret").toEqual([]);
  });

  it("the fake never records the secret in clear either (its request log masks it)", () => {
    const logged = JSON.stringify(fake.requests);
    expect(logged).not.toContain(SECRET);
    expect(outputs.length).toBeGreaterThan(0);
  });
});
