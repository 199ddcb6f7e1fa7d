/**
 * What the network may do to the server, end to end over stdio with the BUILT
 * server in a hostile project folder (test/helpers/hostile.ts):
 * - the client secret goes only to a token endpoint on the Halo host or under
 *   its registered domain, unless HALOPSA_AUTH_URL is a real environment
 *   variable; not to a host named by the settings file, by /api/authinfo, or
 *   by a redirect;
 * - certificates are always checked (NODE_TLS_REJECT_UNAUTHORIZED=0 has no
 *   effect) and NODE_EXTRA_CA_CERTS still adds a private CA;
 * - an oversized answer (announced or streamed) is a permanent error, read no
 *   further, and the server keeps working.
 */
import { readFileSync } from "node:fs";
import {
  createServer as createHttp,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttps } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RpcProcess, rssOf, textOf } from "../../bench/lib/rpc.js";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { BUNDLE, CLIENT_ID, SECRET } from "../helpers/e2e.js";
import {
  type Attacker,
  emptyConfigHome,
  type HostileProject,
  hostileProject,
  startAttacker,
} from "../helpers/hostile.js";

const TLS = join(import.meta.dirname, "../fixtures/tls");

/** Answers a request itself (returns true) or lets the proxy forward it. */
type Override = (req: IncomingMessage, res: ServerResponse) => boolean;

interface Proxy {
  url: string;
  /** "METHOD /path" of every request received. */
  seen: string[];
  /** Body bytes the overrides managed to write (backpressure stops them when the client stops reading). */
  written: number;
  close(): Promise<void>;
}

async function startProxy(
  target: string,
  opts: { host?: string; override?: Override; tls?: boolean } = {},
): Promise<Proxy> {
  const seen: string[] = [];
  const state = { written: 0 };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${(req.url ?? "").split("?")[0]}`);
    if (opts.override?.(req, res)) return;
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  };
  const server: Server = opts.tls
    ? createHttps(
        { key: readFileSync(join(TLS, "server.key")), cert: readFileSync(join(TLS, "server.pem")) },
        handler,
      )
    : createHttp(handler);
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((ok) => server.listen(0, host, ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? "https" : "http"}://${host}:${port}`,
    seen,
    get written() {
      return state.written;
    },
    set written(n: number) {
      state.written = n;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

const MiB = 1024 * 1024;

/** Streams `total` bytes of a JSON array, honouring backpressure; counts what was written into `proxy.written`. */
function hugeAnswer(res: ServerResponse, proxy: () => Proxy, total: number, announce: boolean): void {
  res.writeHead(200, {
    "content-type": "application/json",
    ...(announce ? { "content-length": String(total) } : {}),
  });
  const chunk = Buffer.alloc(MiB, 0x20);
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += chunk.length;
      proxy().written += chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end();
  };
  res.on("close", () => res.removeAllListeners("drain"));
  pump();
}

let fake: FakeHalo;
let attacker: Attacker;
let project: HostileProject;
let home: { dir: string; cleanup(): void };
const running: RpcProcess[] = [];
const proxies: Proxy[] = [];

beforeAll(async () => {
  fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET });
  attacker = await startAttacker();
  project = hostileProject(attacker);
});

afterAll(async () => {
  await fake.close();
  await attacker.close();
  project.cleanup();
});

beforeEach(() => {
  home = emptyConfigHome();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  home.cleanup();
  expect(attacker.requests).toEqual([]);
  expect(attacker.connections).toBe(0);
});

async function proxy(target: string, opts: Parameters<typeof startProxy>[1] = {}): Promise<Proxy> {
  const p = await startProxy(target, opts);
  proxies.push(p);
  return p;
}

function start(env: Record<string, string>): RpcProcess {
  const p = new RpcProcess(
    process.execPath,
    [BUNDLE],
    {
      PATH: process.env.PATH ?? "",
      HOME: home.dir,
      XDG_CONFIG_HOME: home.dir,
      HALOPSA_RETRY_BASE_MS: "20",
      HALOPSA_CLIENT_ID: CLIENT_ID,
      HALOPSA_CLIENT_SECRET: SECRET,
      ...env,
    },
    project.dir,
  );
  running.push(p);
  return p;
}

async function call(p: RpcProcess, tool: string, args: Record<string, unknown> = {}) {
  const r = await p.callTool(tool, args);
  return { isError: r.isError === true, text: textOf(r), data: r.structuredContent };
}

describe("the token endpoint's host", () => {
  it("a HALOPSA_AUTH_URL from the settings file may not name another host: refused before anything is sent", async () => {
    const settings = join(home.dir, "settings.env");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(settings, `HALOPSA_AUTH_URL=${attacker.url}/auth\n`);
    const before = fake.tokenRequests;
    const p = start({ HALOPSA_BASE_URL: fake.url, HALOPSA_ENV_FILE: settings });
    await p.initialize();
    const r = await call(p, "whoami");
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`HALOPSA_AUTH_URL (from env file ${settings}) names ${attacker.url.slice(7)}`);
    expect(r.text).toContain("the client secret is not sent there");
    expect(r.text).toContain("environment variable");
    expect(fake.tokenRequests).toBe(before);
  });

  it("a HALOPSA_AUTH_URL from a real environment variable may name another host (the person's own choice)", async () => {
    if (attacker.host !== "127.0.0.2") return; // needs a second loopback address
    const auth = await proxy(fake.url, { host: "127.0.0.2" });
    const p = start({ HALOPSA_BASE_URL: fake.url, HALOPSA_AUTH_URL: `${auth.url}/auth` });
    await p.initialize();
    const r = await call(p, "whoami");
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.token_host).toBe(auth.url.slice(7));
    expect(r.data?.settings_from).toMatchObject({ HALOPSA_AUTH_URL: "environment" });
    expect(auth.seen).toEqual(["POST /auth/token"]);
  });

  it("an auth server named by /api/authinfo off the Halo domain is refused, naming HALOPSA_AUTH_URL", async () => {
    const halo = await proxy(fake.url, {
      override: (req, res) => {
        if (!req.url?.toLowerCase().startsWith("/api/authinfo")) return false;
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ auth_url: `${attacker.url}/auth` }));
        return true;
      },
    });
    const before = fake.tokenRequests;
    const p = start({ HALOPSA_BASE_URL: halo.url });
    await p.initialize();
    const r = await call(p, "whoami");
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`/api/authinfo names the authorisation server ${attacker.url.slice(7)}`);
    expect(r.text).toContain("HALOPSA_AUTH_URL");
    expect(fake.tokenRequests).toBe(before);
    expect(halo.seen.filter((s) => s.startsWith("POST"))).toEqual([]);
  });

  it("a token endpoint that redirects elsewhere gets no second request: the secret is not re-posted", async () => {
    const halo = await proxy(fake.url, {
      override: (req, res) => {
        if (req.method !== "POST" || !req.url?.startsWith("/auth/token")) return false;
        res.writeHead(307, { location: `${attacker.url}/auth/token` }).end();
        return true;
      },
    });
    const p = start({ HALOPSA_BASE_URL: halo.url, HALOPSA_AUTH_URL: `${halo.url}/auth` });
    await p.initialize();
    const r = await call(p, "whoami");
    expect(r.isError).toBe(true);
    expect(r.text).toContain("redirected (307)");
    expect(halo.seen.filter((s) => s === "POST /auth/token")).toHaveLength(1);
  });
});

describe("TLS", () => {
  it("NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment does not turn certificate checks off", async () => {
    const https = await proxy(fake.url, { tls: true });
    const p = start({ HALOPSA_BASE_URL: https.url, NODE_TLS_REJECT_UNAUTHORIZED: "0" });
    await p.initialize();
    const r = await call(p, "whoami");
    expect(r.isError).toBe(true);
    expect(r.text).toContain("is not signed by an authority this machine trusts");
    expect(r.text).toContain("NODE_EXTRA_CA_CERTS");
    // The handshake failed, so no HTTP request (and no secret) reached the host.
    expect(https.seen).toEqual([]);
  });

  it("NODE_EXTRA_CA_CERTS adds a private CA", async () => {
    const https = await proxy(fake.url, { tls: true });
    const p = start({ HALOPSA_BASE_URL: https.url, NODE_EXTRA_CA_CERTS: join(TLS, "ca.pem") });
    await p.initialize();
    const r = await call(p, "whoami");
    expect(r.isError, r.text).toBe(false);
    expect(https.seen).toContain("GET /api/Agent/me");
  });
});

describe("response size cap", () => {
  const TOTAL = 300 * MiB;

  it("a 300 MB answer, streamed or announced, is a permanent error; reading stops, memory stays bounded, the server goes on", async () => {
    let self: Proxy | undefined;
    const halo = await proxy(fake.url, {
      override: (req, res) => {
        const path = req.url?.split("?")[0]?.toLowerCase();
        if (path === "/api/status") hugeAnswer(res, () => self as Proxy, TOTAL, false);
        else if (path === "/api/tickettype") hugeAnswer(res, () => self as Proxy, TOTAL, true);
        else return false;
        return true;
      },
    });
    self = halo;
    const p = start({ HALOPSA_BASE_URL: halo.url });
    await p.initialize();

    const streamed = await call(p, "list_lookups", { kind: "statuses" });
    expect(streamed.isError).toBe(true);
    expect(streamed.text).toMatch(/answer to GET \/api\/Status from 127\.0\.0\.1:\d+ is larger than 16 MiB/);
    expect(streamed.text).toContain("HALOPSA_MAX_RESPONSE_MB");
    const announced = await call(p, "list_lookups", { kind: "ticket_types" });
    expect(announced.isError).toBe(true);
    expect(announced.text).toContain("is larger than 16 MiB (300 MiB announced)");

    // Permanent: asked once each, not retried.
    expect(halo.seen.filter((s) => s === "GET /api/Status")).toHaveLength(1);
    expect(halo.seen.filter((s) => s === "GET /api/TicketType")).toHaveLength(1);
    // The server stopped reading: backpressure kept the sender far below 2 × 300 MB.
    expect(halo.written).toBeLessThan(2 * 64 * MiB);
    if (process.platform === "linux") expect(rssOf(p.pid)).toBeLessThan(300 * MiB);
    expect(p.alive).toBe(true);
    const after = await call(p, "whoami");
    expect(after.isError, after.text).toBe(false);
  });

  it("the token endpoint's answer is capped too, and not retried", async () => {
    let self: Proxy | undefined;
    const halo = await proxy(fake.url, {
      override: (req, res) => {
        if (req.method !== "POST" || !req.url?.startsWith("/auth/token")) return false;
        hugeAnswer(res, () => self as Proxy, TOTAL, false);
        return true;
      },
    });
    self = halo;
    const p = start({ HALOPSA_BASE_URL: halo.url, HALOPSA_AUTH_URL: `${halo.url}/auth` });
    await p.initialize();
    const r = await call(p, "whoami");
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/answer to POST \/auth\/token from 127\.0\.0\.1:\d+ is larger than 1 MiB/);
    expect(halo.seen.filter((s) => s === "POST /auth/token")).toHaveLength(1);
    expect(p.alive).toBe(true);
  });
});
