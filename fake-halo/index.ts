/**
 * A fake HaloPSA on loopback, speaking Halo's real wire format, for the test
 * suite, the benchmarks, the demo and `--sandbox`. node:http only, no files
 * read at run time (it is bundled apart into dist/fake-halo.js): the tenant
 * is generated from a seed.
 *
 * The wire format it follows (auth, verbs, envelopes, paging, ignored
 * parameters, rate limit, faults) is written down in fake-halo/README.md; the
 * published spec is the authority, and test/conformance/ checks the fake
 * against it through FAKE_HALO_CHANNEL below.
 */
import { randomBytes } from "node:crypto";
import diagnostics from "node:diagnostics_channel";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type FakeAuth, type FakeAuthOptions, FakeAuthServer } from "./auth-server.js";
import { anchorTo } from "./clock.js";
import {
  FaultBook,
  type FaultRule,
  iisErrorPage,
  pathMatches,
  processesFirst,
  STATUS_TEXT,
} from "./faults.js";
import { empty, type Honour, html, json, Query, type Reply, text } from "./reply.js";
import { documentedQuery, notFoundPage, routeApi } from "./routes.js";
import { addBulkTickets, TENANT_SIZES, type TenantSize } from "./scale.js";
import { createDb } from "./seed.js";
import type { FakeDb, TenantBehaviour } from "./types.js";

export type { FakeAuth, FakeAuthOptions } from "./auth-server.js";
export { SANDBOX_REFERENCE_DATE } from "./clock.js";
export type { FaultKind, FaultRule } from "./faults.js";
export { TENANT_SIZES, type TenantSize } from "./scale.js";
export type {
  Action,
  Agent,
  Asset,
  Attachment,
  Client,
  Contract,
  CustomFieldValue,
  FakeDb,
  Site,
  Status,
  Ticket,
  User,
} from "./types.js";

/** The sandbox's demo credentials (loopback only, nothing real behind them). */
export const SANDBOX_CLIENT_ID = "sandbox-client";
export const SANDBOX_CLIENT_SECRET = "sandbox-secret";

export interface FakeHaloOptions {
  /** Deterministic data; default 1. */
  seed?: number;
  /**
   * "Now" for the seeded data (ms): dates, SLA states and contract terms are
   * built around it. Default: the fixed SANDBOX_REFERENCE_DATE, so tests are
   * deterministic; the --sandbox demo passes the real time.
   */
  clock?: number;
  /** Seeded tickets; default 120. */
  tickets?: number;
  /** Seeded clients; default 12. */
  clients?: number;
  /**
   * A year of tickets at a tenant of this size (see scale.ts): the seeded
   * tenant (`tickets`, default 120, with actions) topped up with cheap bulk
   * tickets to 1,000, 10,000 or 100,000, and `clients` defaulting to 40, 150, 600.
   */
  tenantSize?: TenantSize;
  clientId?: string;
  clientSecret?: string;
  /** When set, the token endpoint requires ?tenant=<tenant>. */
  tenant?: string;
  /** Default 3600. */
  tokenTtlSeconds?: number;
  /** Agent sign-in (authorisation code with PKCE, refresh, revocation): see auth-server.ts. */
  auth?: FakeAuthOptions;
  /** Rolling window over API requests; default {max: 300, windowMs: 300_000}; false = none. */
  rateLimit?: { max: number; windowMs: number } | false;
  /** Delay before every API answer (see setLatency). */
  latencyMs?: number;
  /** Default true: GET /Tickets/{id} answers Halo's full ~80 KB object. */
  fullSizeTickets?: boolean;
  /**
   * GET /Attachment/{id}: "file" (default, as Halo does) answers the file's
   * bytes with its name in Content-Disposition; "json" the Attachment record
   * with the file as base64 `data`, as some versions and proxies do.
   */
  attachmentDownload?: "file" | "json";
  /** Rows per page at most; default 100 (Halo-hosted). */
  maxPageSize?: number;
  /** Default true; false answers every match at once whatever pageinate says. */
  paging?: boolean;
  /** Default true; false leaves record_count out of list envelopes. */
  recordCount?: boolean;
  /**
   * Query parameters this tenant ignores, answering as if they were not sent
   * (as Halo does with parameters it does not know): for testing that an
   * ignored filter cannot make a count or a search wrong. "agent_id"
   * everywhere, or "Tickets:agent_id" on one path (its first segment); still
   * recorded as sent. See setIgnoredParams.
   */
  ignoreParams?: string[];
  /** GET /Actions order (which `count` cuts); default "newest". */
  actionsOrder?: "newest" | "oldest";
  /** How a date-only end_date bounds GET /TimesheetEvent; default "end-of-day" (see TenantBehaviour). */
  dateOnlyEnd?: "end-of-day" | "midnight";
  /**
   * Query parameters the spec does not document for an operation (and
   * undocumented values of documented ones, e.g. datesearch=lastactiondate):
   * Halo ignores what it does not know, and so does the fake by default
   * (false). true honours every one the fake implements; a list honours the
   * named ones ("agents", "datesearch=lastactiondate").
   */
  honourUndocumented?: Honour;
  /** The server closes itself after this; default 15 minutes. */
  maxLifetimeMs?: number;
  /** Default 127.0.0.1; only loopback is accepted. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
}

export interface RecordedRequest {
  method: string;
  /** Below /api for API requests ("/Tickets/12"); "/auth/token" for the token endpoint. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON (API) or the form with client_secret masked (token); raw text when unparsable. */
  body?: unknown;
  /** 0 when no answer was sent (reset, hang). */
  status: number;
  /** Query parameters the fake ignored: not documented for the operation and not honoured. */
  ignored?: string[];
  /** The caller's User-Agent (the server sends "halopsa-mcp"). */
  userAgent?: string;
  at: number;
  authorized: boolean;
}

export interface FakeHalo {
  /** "http://127.0.0.1:PORT"; the API is at url + "/api", auth at url + "/auth". */
  readonly url: string;
  readonly port: number;
  /** Every API and token request, in order. */
  readonly requests: RecordedRequest[];
  /** API requests (not token requests) matching; `path` matches as in FaultRule. */
  count(filter?: { method?: string; path?: string | RegExp }): number;
  /** POST /auth/token calls, whatever the outcome. */
  readonly tokenRequests: number;
  /** 429s sent, by the rate limit or a fault. */
  readonly rateLimited: number;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Replaces the ignored query parameters (see FakeHaloOptions.ignoreParams); [] honours all. */
  setIgnoredParams(names: string[]): void;
  /** Every issued token stops working (API answers 401): expiry mid-session. */
  expireTokens(): void;
  /** Tokens stop working and the token endpoint answers 401 invalid_client. */
  revokeCredentials(): void;
  restoreCredentials(): void;
  /** Clears requests, tokenRequests and rateLimited. */
  resetCounters(): void;
  /** The in-memory tenant, for assertions and set-up. */
  readonly db: FakeDb;
  /** The agent sign-in side of the auth server (auth-server.ts). */
  readonly auth: FakeAuth;
  /** Idempotent; also destroys open sockets, hung ones included. */
  close(): Promise<void>;
}

/**
 * Every exchange of every fake in the process, published on a diagnostics
 * channel (free when nobody listens): the test suite's conformance check
 * subscribes, so no test file can leave its traffic unchecked.
 */
export const FAKE_HALO_CHANNEL = "halopsa:fake-halo:exchange";
const exchanges = diagnostics.channel(FAKE_HALO_CHANNEL);

export interface FakeExchange {
  request: RecordedRequest;
  /** An /api request (not the token endpoint). */
  api: boolean;
  /** What was sent; absent when nothing was (reset, hang). `json` is set for JSON answers, faults' mangled ones excepted. */
  reply?: { status: number; json?: unknown; contentType?: string };
}

const isLoopback = (host: string) => /^(127(\.\d{1,3}){3}|::1|localhost|\[::1\])$/i.test(host);
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function startFakeHalo(options: FakeHaloOptions = {}): Promise<FakeHalo> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host)) throw new Error(`fake Halo: refusing to listen on ${host}; use a loopback address`);
  const fake = new FakeHaloServer(options);
  await fake.listen(host.replace(/^\[|\]$/g, ""), options.port ?? 0);
  return fake;
}

class FakeHaloServer implements FakeHalo {
  readonly db: FakeDb;
  readonly auth: FakeAuthServer;
  readonly requests: RecordedRequest[] = [];
  url = "";
  port = 0;
  private tokenCount = 0;
  private limited = 0;
  private latency: number;
  private revoked = false;
  private readonly tokens = new Map<string, number>();
  private readonly faults = new FaultBook();
  private readonly apiEntries = new WeakSet<RecordedRequest>();
  /** Admission times in the rate-limit window, oldest first. */
  private window: number[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private lifetime?: NodeJS.Timeout;
  private closing?: Promise<void>;

  private readonly tenant: TenantBehaviour;
  private ignored: string[];

  constructor(private readonly opts: FakeHaloOptions) {
    this.ignored = (opts.ignoreParams ?? []).map((n) => n.toLowerCase());
    this.tenant = {
      fullSizeTickets: opts.fullSizeTickets ?? true,
      attachmentDownload: opts.attachmentDownload ?? "file",
      maxPageSize: Math.max(1, opts.maxPageSize ?? 100),
      paging: opts.paging ?? true,
      actionsOrder: opts.actionsOrder ?? "newest",
      recordCount: opts.recordCount ?? true,
      dateOnlyEnd: opts.dateOnlyEnd ?? "end-of-day",
    };
    const size = opts.tenantSize ? TENANT_SIZES[opts.tenantSize] : undefined;
    const seed = opts.seed ?? 1;
    this.db = createDb({ seed, tickets: opts.tickets ?? 120, clients: opts.clients ?? size?.clients ?? 12 });
    if (size) addBulkTickets(this.db, seed, size.tickets);
    // Moved in time last, so every seeded record (bulk tickets included) shifts together.
    if (opts.clock !== undefined) anchorTo(this.db, opts.clock);
    this.auth = new FakeAuthServer(this.db, opts.auth, opts.tenant);
    this.latency = Math.max(0, opts.latencyMs ?? 0);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        // A client that went away mid-answer is not the server's problem.
        if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
      });
    });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server.on("clientError", (_err, socket) => socket.destroy());
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        const addr = this.server.address() as AddressInfo;
        this.port = addr.port;
        this.url = `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;
        this.lifetime = setTimeout(() => void this.close(), this.opts.maxLifetimeMs ?? 15 * 60_000);
        this.lifetime.unref();
        resolve();
      });
    });
  }

  get tokenRequests(): number {
    return this.tokenCount;
  }

  get rateLimited(): number {
    return this.limited;
  }

  count(filter: { method?: string; path?: string | RegExp } = {}): number {
    return this.requests.filter(
      (r) =>
        this.apiEntries.has(r) &&
        (!filter.method || r.method.toUpperCase() === filter.method.toUpperCase()) &&
        (filter.path === undefined || pathMatches(filter.path, r.path)),
    ).length;
  }

  addFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setLatency(ms: number): void {
    this.latency = Math.max(0, ms);
  }

  expireTokens(): void {
    this.tokens.clear();
    this.auth.expireAccessTokens();
  }

  revokeCredentials(): void {
    this.revoked = true;
    this.tokens.clear();
  }

  restoreCredentials(): void {
    this.revoked = false;
  }

  resetCounters(): void {
    this.requests.length = 0;
    this.tokenCount = 0;
    this.limited = 0;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.lifetime) clearTimeout(this.lifetime);
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const s of this.sockets) s.destroy();
    });
    return this.closing;
  }

  // ---------- request handling ----------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake-halo");
    let path = url.pathname;
    try {
      path = decodeURIComponent(path);
    } catch {
      // keep the raw path
    }
    const raw = await readBody(req);
    const lower = path.toLowerCase().replace(/\/+$/, "");
    if (lower === "/auth/token") return this.handleToken(req, res, url, raw);
    if (lower === "/auth/authorize" || lower === "/auth/revoke")
      return this.handleSignIn(req, res, url, lower, raw);
    if (lower === "/api" || lower.startsWith("/api/"))
      return this.handleApi(req, res, url, path.slice(4) || "/", raw);
    this.write(res, notFoundPage());
  }

  /** The login page and revocation (auth-server.ts); recorded like token requests, secrets masked. */
  private handleSignIn(req: IncomingMessage, res: ServerResponse, url: URL, path: string, raw: Buffer): void {
    const method = (req.method ?? "GET").toUpperCase();
    const form = new URLSearchParams(raw.toString("utf8"));
    const shown = Object.fromEntries(form);
    for (const k of ["password", "token"]) if (shown[k]) shown[k] = "***";
    const entry = this.entry(req, path, url, raw.length ? shown : undefined);
    const rule = this.faults.take(method, path);
    if (rule) {
      this.fault(rule, req, res, entry);
      return;
    }
    const reply =
      path === "/auth/authorize"
        ? this.auth.authorize(method, url, form)
        : this.auth.revoke(method, url, form);
    this.send(res, entry, reply);
  }

  private async handleToken(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    if (method === "POST") this.tokenCount++;
    const form = new URLSearchParams(raw.toString("utf8"));
    const shown = Object.fromEntries(form);
    for (const k of ["client_secret", "refresh_token", "code", "code_verifier"])
      if (shown[k]) shown[k] = "***";
    const entry = this.entry(req, "/auth/token", url, raw.length ? shown : undefined);
    const rule = this.faults.take(method, "/auth/token");
    if (rule && !processesFirst(rule)) return this.fault(rule, req, res, entry);
    const reply = this.tokenReply(req, method, url, form);
    entry.authorized = reply.status === 200;
    if (rule) return this.fault(rule, req, res, entry, reply);
    this.send(res, entry, reply);
  }

  private tokenReply(req: IncomingMessage, method: string, url: URL, form: URLSearchParams): Reply {
    if (method !== "POST") return json(405, { error: "invalid_request", error_description: "Use POST." });
    const tenant = this.opts.tenant;
    if (tenant && url.searchParams.get("tenant")?.toLowerCase() !== tenant.toLowerCase())
      return json(400, { error: "invalid_request", error_description: "Unknown or missing tenant." });
    const grant = form.get("grant_type");
    if (!grant) return json(400, { error: "invalid_request", error_description: "grant_type is required." });
    const signIn = this.auth.token(url, form);
    if (signIn) return signIn;
    if (grant !== "client_credentials") return json(400, { error: "unsupported_grant_type" });
    let id = form.get("client_id") ?? "";
    let secret = form.get("client_secret") ?? "";
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "");
    if (basic?.[1] && !id) {
      const [u = "", p = ""] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
      id = decodeURIComponent(u);
      secret = decodeURIComponent(p);
    }
    const wantId = this.opts.clientId ?? SANDBOX_CLIENT_ID;
    const wantSecret = this.opts.clientSecret ?? SANDBOX_CLIENT_SECRET;
    if (this.revoked || id !== wantId || secret !== wantSecret) return json(401, { error: "invalid_client" });
    const ttl = this.opts.tokenTtlSeconds ?? 3600;
    const token = randomBytes(32).toString("hex");
    this.tokens.set(token, Date.now() + ttl * 1000);
    return json(200, {
      access_token: token,
      token_type: "Bearer",
      expires_in: ttl,
      scope: form.get("scope") || "all",
    });
  }

  private async handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    rel: string,
    raw: Buffer,
  ): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    let body: unknown;
    let bodyError: string | undefined;
    if (raw.length) {
      const textBody = raw.toString("utf8");
      try {
        body = JSON.parse(textBody);
      } catch {
        body = textBody;
        bodyError = "The request body is not valid JSON.";
      }
    }
    const entry = this.entry(req, rel, url, body);
    this.apiEntries.add(entry);
    const rule = this.faults.take(method, rel);
    if (this.latency > 0) await sleep(this.latency);
    if (this.closing) return;
    if (rule && !processesFirst(rule)) return this.fault(rule, req, res, entry);

    let reply: Reply;
    if (!this.admit()) {
      this.limited++;
      reply = text(429, "Rate limit exceeded");
    } else if (/^\/authinfo\/?$/i.test(rel)) {
      entry.authorized = this.authorized(req);
      reply = json(200, this.authInfo());
    } else if (!this.authorized(req)) {
      reply = { ...empty(401), headers: { "www-authenticate": "Bearer" } };
    } else {
      entry.authorized = true;
      const query = new Query(
        this.honoured(rel, url.searchParams),
        documentedQuery(method, rel),
        this.opts.honourUndocumented,
      );
      if (query.ignored.length) entry.ignored = query.ignored;
      // A signed-in agent's token acts as that agent: /Agent/me, "who" on actions, time entries.
      const agent = this.auth.agentOf(bearer(req) ?? "");
      const apiAgent = this.db.apiAgentId;
      if (agent !== undefined) this.db.apiAgentId = agent;
      try {
        reply = routeApi(
          { db: this.db, tenant: this.tenant, now: Date.now },
          { method, path: rel, query, body, bodyError },
        );
      } finally {
        this.db.apiAgentId = apiAgent;
      }
    }
    if (rule) return this.fault(rule, req, res, entry, reply);
    this.send(res, entry, reply);
  }

  /** The query without the parameters this tenant ignores. */
  private honoured(rel: string, params: URLSearchParams): URLSearchParams {
    if (this.ignored.length === 0) return params;
    const path = rel.split("/").filter(Boolean)[0]?.toLowerCase() ?? "";
    const kept = new URLSearchParams();
    for (const [k, v] of params) {
      const name = k.toLowerCase();
      if (!this.ignored.includes(name) && !this.ignored.includes(`${path}:${name}`)) kept.append(k, v);
    }
    return kept;
  }

  setIgnoredParams(names: string[]): void {
    this.ignored = names.map((n) => n.toLowerCase());
  }

  private authInfo(): WireObject {
    return {
      auth_url: `${this.url}/auth`,
      authorisation_server: `${this.url}/auth`,
      tenant: this.opts.tenant ?? "",
      resource_server: `${this.url}/api`,
    };
  }

  private authorized(req: IncomingMessage): boolean {
    const token = bearer(req);
    if (!token) return false;
    if (this.auth.agentOf(token) !== undefined) return true;
    const expires = this.tokens.get(token);
    if (expires === undefined) return false;
    if (expires <= Date.now()) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }

  /** Rolling window: admits and counts the request, or says it is over the limit. */
  private admit(): boolean {
    const limit = this.opts.rateLimit === undefined ? { max: 300, windowMs: 300_000 } : this.opts.rateLimit;
    if (!limit) return true;
    const now = Date.now();
    let drop = 0;
    while (drop < this.window.length && (this.window[drop] as number) <= now - limit.windowMs) drop++;
    if (drop) this.window = this.window.slice(drop);
    if (this.window.length >= limit.max) return false;
    this.window.push(now);
    return true;
  }

  private entry(req: IncomingMessage, path: string, url: URL, body: unknown): RecordedRequest {
    const agent = req.headers["user-agent"];
    return {
      method: (req.method ?? "GET").toUpperCase(),
      ...(agent ? { userAgent: agent } : {}),
      path,
      query: Object.fromEntries(url.searchParams),
      ...(body !== undefined ? { body } : {}),
      status: 0,
      at: Date.now(),
      authorized: false,
    };
  }

  private fault(
    rule: FaultRule,
    req: IncomingMessage,
    res: ServerResponse,
    entry: RecordedRequest,
    real?: Reply,
  ): void {
    if (rule.kind === "reset") {
      this.record(entry);
      // RST rather than FIN: the client sees ECONNRESET, as when a proxy drops the connection.
      req.socket.resetAndDestroy();
      return;
    }
    if (rule.kind === "hang") {
      // Never answered; close() destroys the socket.
      this.record(entry);
      return;
    }
    if (rule.kind === "429") this.limited++;
    this.send(res, entry, faultReply(rule, real));
  }

  private record(entry: RecordedRequest, reply?: Reply): void {
    entry.at = entry.at || Date.now();
    this.requests.push(entry);
    if (exchanges.hasSubscribers) {
      const exchange: FakeExchange = {
        request: entry,
        api: this.apiEntries.has(entry),
        ...(reply
          ? { reply: { status: reply.status, json: reply.json, contentType: reply.contentType } }
          : {}),
      };
      exchanges.publish(exchange);
    }
  }

  private send(res: ServerResponse, entry: RecordedRequest, reply: Reply): void {
    entry.status = reply.status;
    this.record(entry, reply);
    this.write(res, reply);
  }

  private write(res: ServerResponse, reply: Reply): void {
    if (res.headersSent || res.destroyed) return;
    let body: Buffer = Buffer.alloc(0);
    const headers: Record<string, string | number> = {
      server: "Microsoft-IIS/10.0",
      "x-powered-by": "ASP.NET",
      "cache-control": "no-cache",
    };
    if (reply.json !== undefined) {
      body = Buffer.from(JSON.stringify(reply.json), "utf8");
      headers["content-type"] = "application/json; charset=utf-8";
    } else if (reply.body !== undefined) {
      body = typeof reply.body === "string" ? Buffer.from(reply.body, "utf8") : reply.body;
      headers["content-type"] = reply.contentType ?? "application/octet-stream";
    }
    headers["content-length"] = body.length;
    res.writeHead(reply.status, { ...headers, ...reply.headers });
    res.end(body);
  }
}

type WireObject = Record<string, unknown>;

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function badGatewayHtml(): Reply {
  return html(
    502,
    iisErrorPage(
      502,
      "Web server received an invalid response while acting as a gateway or proxy server.",
      "There is a problem with the page you are looking for, and it cannot be displayed. When the Web server (while acting as a gateway or proxy) contacted the upstream content server, it received an invalid response from the content server.",
    ),
  );
}

function faultReply(rule: FaultRule, real: Reply | undefined): Reply {
  switch (rule.kind) {
    case "429":
      return {
        ...text(429, "Rate limit exceeded"),
        headers: rule.retryAfter !== undefined ? { "retry-after": rule.retryAfter } : {},
      };
    case "html":
      return badGatewayHtml();
    case "401":
      return { ...empty(401), headers: { "www-authenticate": "Bearer" } };
    case "malformed-json":
      return truncated(real);
    default:
      return text(Number(rule.kind), STATUS_TEXT[rule.kind] ?? "Error");
  }
}

/** The real answer cut short (a proxy that dropped the tail), always unparsable; 200 unless the real one was another 2xx. */
function truncated(real: Reply | undefined): Reply {
  const full =
    real?.json !== undefined && typeof real.json === "object" && real.json !== null
      ? JSON.stringify(real.json)
      : '{"page_no":1,"page_size":0,"record_count":0,"records":[]}';
  const cut = full.slice(0, Math.max(1, Math.floor(full.length * 0.6)));
  const status = real && real.status >= 200 && real.status < 300 ? real.status : 200;
  return {
    ...json(status, null),
    json: undefined,
    body: cut,
    contentType: "application/json; charset=utf-8",
  };
}
