/**
 * `serve --http`: the MCP server over Streamable HTTP for a team. Every
 * request passes the Host and Origin checks (DNS rebinding), /mcp needs one
 * of our bearer tokens (provider.ts), and each MCP session is bound to the
 * Halo agent whose token opened it: a request carrying another person's
 * token is answered as if the session did not exist. Each agent has their
 * own Halo services on a replica (token, lookups, record caches), never
 * shared with another agent; all of them share one Halo rate budget.
 *
 * Sessions are recorded in the shared store, so when a replica dies the
 * next request of its sessions is taken up by another replica.
 */
import { randomUUID } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { mcpAuthRouter } from "@modelcontextprotocol/sdk/server/auth/router.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { ConfigResult } from "../config/config.js";
import { errorText, HaloError } from "../halo/errors.js";
import { rateKey } from "../halo/http.js";
import { createHalo, type Halo } from "../halo/index.js";
import { type Limiter, RollingWindowLimiter } from "../halo/rate-limiter.js";
import { SharedWindowLimiter } from "../halo/rate-shared.js";
import { createServer, type HaloMcpServer, loadTools } from "../server/server.js";
import { log } from "../util/log.js";
import { auditLine, recordOf } from "./audit.js";
import { consentPage, cookieName, messagePage, pageHeaders, readCookie, setCookie } from "./consent.js";
import { HaloSignIn } from "./halo-signin.js";
import { HaloFrontProvider, type Signed, signedOf } from "./provider.js";
import { RedisWindowStore } from "./redis-rate-store.js";
import type { HttpSettings } from "./settings.js";
import { connectRedis, digest, MemoryStore, RedisStore, Sealer, type SharedStore } from "./store.js";
import { UserTokens } from "./user-tokens.js";

/** A JSON-RPC message over HTTP: as large as one on stdio (an attachment's base64). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const SESSION_TTL_MS = 24 * 3_600_000;

interface SessionRecord {
  agentId: number;
  clientId: string;
  capabilities?: Record<string, unknown>;
  clientInfo?: Record<string, unknown>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  mcp: HaloMcpServer;
  agentId: number;
  /** Last request (epoch ms): idle sessions are let go here and taken up again from the store if they come back. */
  lastSeen: number;
}

/** A session with no request for this long is closed on this replica (its record stays in the store). */
const IDLE_MS = 30 * 60_000;
/**
 * Live sessions a replica keeps, per person and in all: beyond them the
 * least recently used is closed here (its record stays in the store, so if
 * its client comes back it is taken up again). One person opening sessions
 * in a loop cannot grow a replica's memory without bound.
 */
export const MAX_SESSIONS_PER_AGENT = 16;
export const MAX_SESSIONS = 2_000;
/**
 * New sessions one person may open on a replica per minute: each writes a
 * record to the shared store that lives a day, so a client initialising in a
 * loop would grow Redis (or this process) without this.
 */
export const MAX_OPENS_PER_MINUTE = 30;
/** JSON-RPC messages in one POST (MCP 2025-06-18 has no batches; older clients send a few). */
const MAX_BATCH = 32;

export interface HttpServerHandle {
  url: string;
  /** Where this replica itself listens (http://host:port): behind a balancer, not the public URL. */
  listening: string;
  store: SharedStore;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  config: ConfigResult;
  settings: HttpSettings;
  version: string;
  /** A name for this replica in logs and /healthz. */
  replica?: string;
}

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const { config } = opts;
  const settings = { ...opts.settings };
  if (!config.ok) throw new Error(`not configured: ${config.problems.join(" ")}`);
  const halo = config.config;
  const replica = opts.replica ?? randomUUID().slice(0, 8);

  let store: SharedStore;
  let limiter: Limiter;
  if (settings.redisUrl) {
    const redis = await connectRedis(settings.redisUrl);
    store = new RedisStore(redis, new Sealer(settings.storeKey as string), settings.redisPrefix);
    // The budget is Halo's, per tenant: every replica and every person of this deployment draws from it.
    // A slot left open longer than a request can last belongs to a replica that died.
    limiter = new SharedWindowLimiter(
      new RedisWindowStore(redis, settings.redisPrefix),
      rateKey(halo),
      halo.rateLimit,
      halo.timeoutMs + 10_000,
    );
  } else {
    store = new MemoryStore();
    limiter = new RollingWindowLimiter(halo.rateLimit);
  }
  // Only for where Halo's token endpoint is (authinfo discovery); it never fetches a token itself.
  const service = createHalo(halo, { limiter });

  const sessions = new Map<string, Session>();
  /** When each person opened their recent sessions on this replica (epoch ms, the last minute's). */
  const opened = new Map<number, number[]>();
  const userHalos = new Map<number, Halo>();
  let signIn: HaloSignIn | undefined;
  let provider: HaloFrontProvider | undefined;
  let express: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let publicUrl = settings.publicUrl;
  const tools = loadTools(config.settings);

  /** One agent's Halo services on this replica: their own token and lookups, the deployment's budget. */
  const haloFor = (who: Signed): Halo => {
    let h = userHalos.get(who.agentId);
    if (!h) {
      const signer = signIn as HaloSignIn;
      // This person's view of the configuration: signed in as themselves (whoami says so).
      const personal = {
        ...halo,
        grant: "authorization_code" as const,
        signIn: { file: "", clientId: halo.clientId, agent: `${who.agentName} #${who.agentId}` },
      };
      h = createHalo(personal, { limiter, tokens: () => new UserTokens(store, signer, who.agentId) });
      userHalos.set(who.agentId, h);
    }
    // A session's close must not close the agent's services other sessions use.
    return { ...h, close: async () => undefined };
  };

  /** Closes this replica's least recently used session(s) of the person, or of anyone, beyond the caps. */
  const makeRoom = (agentId: number) => {
    const evict = (pool: Array<[string, Session]>, keep: number) => {
      if (pool.length < keep) return;
      pool.sort((a, b) => a[1].lastSeen - b[1].lastSeen);
      for (const [id, s] of pool.slice(0, pool.length - keep + 1)) {
        sessions.delete(id);
        void s.mcp.close().catch(() => undefined);
      }
    };
    evict(
      [...sessions].filter(([, s]) => s.agentId === agentId),
      MAX_SESSIONS_PER_AGENT,
    );
    evict([...sessions], MAX_SESSIONS);
  };

  const openSession = async (
    who: Signed,
    clientId: string,
    from: { init?: Record<string, unknown>; sessionId?: string; restored?: SessionRecord },
  ): Promise<Session> => {
    makeRoom(who.agentId);
    const mcp = createServer({ config, version: opts.version, halo: haloFor(who), clientLog: false });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => from.sessionId ?? randomUUID(),
      // Recorded before the client hears the session ID: its next request may reach another replica.
      onsessioninitialized: async (id) => {
        sessions.set(id, session);
        const record: SessionRecord = {
          agentId: who.agentId,
          clientId,
          capabilities: from.init?.capabilities as Record<string, unknown> | undefined,
          clientInfo: from.init?.clientInfo as Record<string, unknown> | undefined,
        };
        await store.set(sessionKey(id), JSON.stringify(record), SESSION_TTL_MS);
      },
      onsessionclosed: async (id) => {
        sessions.delete(id);
        await store.delete(sessionKey(id)).catch(() => undefined);
      },
    });
    const session: Session = { transport, mcp, agentId: who.agentId, lastSeen: Date.now() };
    transport.onclose = () => {
      const id = transport.sessionId;
      if (id && sessions.get(id) === session) sessions.delete(id);
    };
    await mcp.server.connect(transport);
    audited(transport, who, tools);
    const { sessionId, restored } = from;
    if (sessionId && restored) {
      // Taken up from a replica that went away: the session is already initialised with the client.
      const inner = (transport as unknown as { _webStandardTransport: Record<string, unknown> })
        ._webStandardTransport;
      inner.sessionId = sessionId;
      inner._initialized = true;
      const server = mcp.server as unknown as Record<string, unknown>;
      server._clientCapabilities = restored.capabilities;
      server._clientVersion = restored.clientInfo;
      sessions.set(sessionId, session);
      log.info(`session ${sessionId.slice(0, 8)} of agent ${who.agentId} taken up by replica ${replica}`);
    }
    return session;
  };

  const handleMcp = async (req: IncomingMessage, res: ServerResponse) => {
    const auth = await authenticate(req, res);
    if (!auth) return;
    const who = signedOf(auth) as Signed;
    let body: unknown;
    if (req.method === "POST") {
      const read = await readJson(req);
      if ("error" in read)
        return reply(res, read.status, {
          jsonrpc: "2.0",
          error: { code: -32700, message: read.error },
          id: null,
        });
      body = read.value;
      if (Array.isArray(body) && body.length > MAX_BATCH)
        return reply(res, 400, rpcError(-32600, `At most ${MAX_BATCH} messages in one request.`));
    }
    const sessionId = header(req, "mcp-session-id");
    if (!sessionId) {
      if (req.method !== "POST" || !isInitialize(body))
        return reply(res, 400, rpcError(-32000, "Bad Request: no session; send initialize first."));
      const recent = (opened.get(who.agentId) ?? []).filter((t) => t > Date.now() - 60_000);
      if (recent.length >= MAX_OPENS_PER_MINUTE) {
        opened.set(who.agentId, recent);
        res.setHeader("retry-after", String(Math.ceil(((recent[0] as number) + 60_000 - Date.now()) / 1000)));
        return reply(res, 429, rpcError(-32000, "Too many new sessions; reuse the one you have."));
      }
      opened.set(who.agentId, [...recent, Date.now()]);
      const init = (Array.isArray(body) ? body[0] : body) as { params?: Record<string, unknown> };
      const session = await openSession(who, auth.clientId, { init: init.params });
      await session.transport.handleRequest(req as never, res as never, body);
      return;
    }
    let session = sessions.get(sessionId);
    if (!session) {
      const raw = await store.get(sessionKey(sessionId));
      const record = raw ? (JSON.parse(raw) as SessionRecord) : undefined;
      // Another agent's session looks exactly like no session at all.
      if (!record || record.agentId !== who.agentId)
        return reply(res, 404, rpcError(-32001, "Session not found"));
      session = await openSession(who, auth.clientId, { sessionId, restored: record });
    }
    if (session.agentId !== who.agentId) return reply(res, 404, rpcError(-32001, "Session not found"));
    session.lastSeen = Date.now();
    await session.transport.handleRequest(req as never, res as never, body);
  };

  // Clients that go away without DELETE leave sessions behind: closed here after IDLE_MS.
  const sweep = setInterval(() => {
    const cutoff = Date.now() - IDLE_MS;
    for (const [agent, times] of opened)
      if (!times.some((t) => t > Date.now() - 60_000)) opened.delete(agent);
    for (const [id, s] of sessions)
      if (s.lastSeen < cutoff) {
        sessions.delete(id);
        void s.mcp.close().catch(() => undefined);
      }
  }, 60_000);
  sweep.unref();

  /** Our bearer token, verified; else a 401 that points at the protected-resource metadata. */
  const authenticate = async (req: IncomingMessage, res: ServerResponse): Promise<AuthInfo | undefined> => {
    const metadata = `${publicUrl}/.well-known/oauth-protected-resource/mcp`;
    const m = /^Bearer\s+(\S+)$/i.exec(header(req, "authorization") ?? "");
    const challenge = (error?: string, description?: string) => {
      res.setHeader(
        "www-authenticate",
        `Bearer${error ? ` error="${error}", error_description="${description}",` : ""} resource_metadata="${metadata}"`,
      );
      reply(res, 401, { error: error ?? "unauthorized", error_description: description ?? "Sign in first." });
      return undefined;
    };
    if (!m?.[1]) return challenge();
    let auth: AuthInfo;
    try {
      auth = await (provider as HaloFrontProvider).verifyAccessToken(m[1]);
    } catch (err) {
      if (!(err instanceof InvalidTokenError)) {
        // The store is unreachable: the token may well be good. A 401 would make the client throw
        // its tokens away and send the person through a sign-in that cannot work either.
        log.error(`http: cannot verify a token: ${err instanceof Error ? err.message : String(err)}`);
        res.setHeader("retry-after", "5");
        reply(res, 503, {
          error: "temporarily_unavailable",
          error_description: "The server's token store is unreachable; try again shortly.",
        });
        return undefined;
      }
      return challenge("invalid_token", "The token is invalid, expired, or its Halo sign-in has ended.");
    }
    // A token issued for another resource (RFC 8707) is not accepted here.
    // The MCP endpoint or the server's base URL: both name this server.
    if (auth.resource && ![`${publicUrl}/mcp`, publicUrl].includes(auth.resource.href.replace(/\/$/, "")))
      return challenge("invalid_token", "The token was not issued for this server.");
    if (!signedOf(auth)) return challenge("invalid_token", "The token names no Halo agent.");
    return auth;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] as string;
    // /healthz says nothing a page could use, and orchestrators call it by the container's address.
    const problem = path === "/healthz" ? undefined : hostProblem(req, settings);
    if (problem) return reply(res, 403, { error: "forbidden", error_description: problem });
    if (path === "/healthz") {
      const up = await store.ping();
      return reply(res, up ? 200 : 503, {
        status: up ? "ok" : "store unreachable",
        version: opts.version,
        replica,
        store: store.kind,
        sessions: sessions.size,
      });
    }
    if (path === "/mcp") return handleMcp(req, res);
    (express as (req: IncomingMessage, res: ServerResponse) => void)(req, res);
  };

  const server: Server = createHttpServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error(
        `http: ${req.method} ${(req.url ?? "").split("?")[0]}: ${err instanceof Error ? err.message : String(err)}`,
      );
      if (!res.headersSent) reply(res, 500, { error: "server_error" });
      else res.end();
    });
  });
  // Streams stay open for server-to-client messages; the default 5 s keep-alive would cut idle clients.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  if (settings.port === 0 && publicUrl.endsWith(":0")) {
    // A free port was asked for (tests): the URL and the allowed Origin name the one we got.
    const before = new URL(publicUrl).origin;
    publicUrl = publicUrl.replace(/:0$/, `:${(server.address() as AddressInfo).port}`);
    const after = new URL(publicUrl).origin;
    settings.allowedOrigins = settings.allowedOrigins.map((o) => (o === before ? after : o));
  }

  signIn = new HaloSignIn(halo, service.http.tokens, `${publicUrl}/oauth/halo/callback`);
  provider = new HaloFrontProvider(store, signIn, halo, limiter, publicUrl);
  const app = createMcpExpressApp({ host: settings.host, allowedHosts: settings.allowedHosts.map(bare) });
  // Behind a reverse proxy every client shares its address: the per-address limits are per team then.
  const rateLimit = { windowMs: 15 * 60_000, max: 1_000 };
  // The SDK matches a presented redirect URI ignoring its fragment and user info, and would redirect
  // errors to it as presented: such a URI is refused here, before any redirect (RFC 6749 3.1.2).
  // (A POST to /authorize from another site is refused by the Origin check.)
  app.get(
    "/authorize",
    (
      req: { query: Record<string, unknown> },
      res: ServerResponse & { locals?: Record<string, unknown> },
      next: () => void,
    ) => {
      const uri = req.query.redirect_uri;
      // Named in the request (not the SDK's default of the one registered): the token request must name it too.
      if (res.locals) res.locals.redirectUriGiven = typeof uri === "string";
      if (typeof uri === "string" && URL.canParse(uri)) {
        const u = new URL(uri);
        if (uri.includes("#") || u.username || u.password)
          return reply(res, 400, {
            error: "invalid_request",
            error_description: "redirect_uri must not carry a fragment or user info.",
          });
      }
      next();
    },
  );
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(publicUrl),
      resourceServerUrl: new URL(`${publicUrl}/mcp`),
      resourceName: "HaloPSA",
      authorizationOptions: { rateLimit },
      tokenOptions: { rateLimit },
      // Anyone may register: fewer than the other endpoints (the SDK's own default is 20 an hour per address).
      clientRegistrationOptions: { rateLimit: { windowMs: 60 * 60_000, max: 200 } },
      revocationOptions: { rateLimit },
    }),
  );
  const front = provider;
  const secure = publicUrl.startsWith("https:");
  const cookiePath = `${new URL(publicUrl).pathname.replace(/\/$/, "")}/oauth/`;
  type Req = IncomingMessage & { query: Record<string, unknown>; body?: Record<string, unknown> };
  type Res = ServerResponse & { redirect(u: string): void };
  /** A sign-in page that could not go on: a plain page, no detail beyond our own sentence. */
  const signInFailed = (res: ServerResponse, err: unknown) => {
    if (!(err instanceof HaloError))
      log.error(`sign-in: ${err instanceof Error ? err.message : String(err)}`);
    res.statusCode = err instanceof HaloError && err.kind === "input" ? 400 : 502;
    pageHeaders(res);
    res.end(messagePage("Sign-in failed", errorText(err)));
  };
  // The consent page (consent.ts): who asks, where the answer goes; this browser gets the sign-in's cookie.
  app.get("/oauth/consent", (req: Req, res: Res) => {
    const tx = req.query.tx;
    front
      .startConsent(tx)
      .then(async (view) => {
        setCookie(res, cookieName(digest(tx as string)), view.browserSecret, {
          path: cookiePath,
          secure,
          maxAgeS: 600,
        });
        pageHeaders(res);
        res.end(
          consentPage({
            action: `${publicUrl}/oauth/consent`,
            tx: tx as string,
            clientName: view.clientName,
            redirectUri: view.redirectUri,
            haloHost: new URL(halo.baseUrl).host,
          }),
        );
      })
      .catch((err: unknown) => signInFailed(res, err));
  });
  app.post("/oauth/consent", (req: Req, res: Res) => {
    readForm(req, 4_096)
      .then((form) => {
        const tx = form.get("tx") ?? undefined;
        const secret = tx ? readCookie(req, cookieName(digest(tx))) : undefined;
        return front.decide(tx, secret, form.get("decision") === "allow");
      })
      .then((url) => res.redirect(url))
      .catch((err: unknown) => signInFailed(res, err));
  });
  app.get("/oauth/halo/callback", (req: Req, res: Res) => {
    const state = req.query.state;
    const name = typeof state === "string" ? cookieName(digest(state)) : undefined;
    front
      .completeSignIn(req.query, name ? readCookie(req, name) : undefined)
      .then((url) => {
        if (name) setCookie(res, name, "", { path: cookiePath, secure, maxAgeS: 0 });
        res.redirect(url);
      })
      .catch((err: unknown) => signInFailed(res, err));
  });
  // Express's own answers are HTML with the stack trace (file paths, library versions) unless
  // NODE_ENV=production: a body the SDK's parsers refuse, a path nobody serves. Ours are short JSON.
  app.use((_req: IncomingMessage, res: ServerResponse) =>
    reply(res, 404, { error: "not_found", error_description: "Nothing is served at this path." }),
  );
  app.use((err: unknown, req: IncomingMessage, res: ServerResponse, _next: unknown) => {
    const e = err as { status?: unknown; statusCode?: unknown; type?: unknown };
    const status = Number(e.status ?? e.statusCode);
    if (Number.isInteger(status) && status >= 400 && status < 500)
      return reply(res, status, {
        error: "invalid_request",
        error_description:
          status === 413 ? "The request body is too large." : "The request body could not be read.",
      });
    log.error(
      `http: ${req.method} ${(req.url ?? "").split("?")[0]}: ${err instanceof Error ? err.message : String(err)}`,
    );
    reply(res, 500, { error: "server_error" });
  });
  express = app as unknown as (req: IncomingMessage, res: ServerResponse) => void;

  log.info(
    `halopsa-mcp ${opts.version} serving MCP at ${publicUrl}/mcp (listening on ${settings.host}:${(server.address() as AddressInfo).port}; replica ${replica}; store ${store.kind}; Halo ${halo.baseUrl})`,
  );

  const bound = server.address() as AddressInfo;
  return {
    url: publicUrl,
    listening: `http://${bound.family === "IPv6" ? `[${bound.address}]` : bound.address}:${bound.port}`,
    store,
    async close() {
      clearInterval(sweep);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      for (const s of sessions.values()) await s.mcp.close().catch(() => undefined);
      for (const h of userHalos.values()) await h.close().catch(() => undefined);
      await service.close().catch(() => undefined);
      await signIn?.close().catch(() => undefined);
      await store.close().catch(() => undefined);
    },
  };
}

/** One audit line per tool call, from the session's own traffic: who, tool, effect, record, outcome. */
function audited(
  transport: StreamableHTTPServerTransport,
  who: Signed,
  tools: ReturnType<typeof loadTools>,
): void {
  const pending = new Map<
    string | number,
    { tool: string; args: Record<string, unknown>; started: number }
  >();
  const onmessage = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const m = message as {
      method?: string;
      id?: string | number;
      params?: { name?: unknown; arguments?: unknown };
    };
    if (m.method === "tools/call" && m.id !== undefined && typeof m.params?.name === "string")
      pending.set(m.id, {
        tool: m.params.name,
        args: (m.params.arguments ?? {}) as Record<string, unknown>,
        started: Date.now(),
      });
    onmessage?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage, options) => {
    const m = message as { id?: string | number; result?: Record<string, unknown>; error?: unknown };
    const call = m.id !== undefined && ("result" in m || "error" in m) ? pending.get(m.id) : undefined;
    if (call && m.id !== undefined) {
      pending.delete(m.id);
      const def = (await tools).byName.get(call.tool);
      process.stderr.write(
        `${auditLine({
          who,
          tool: call.tool,
          effect: def?.effect ?? "unknown",
          dryRun: call.args.dry_run === true,
          record: recordOf(call.args),
          result: m.result,
          rpcError: m.error !== undefined,
          ms: Date.now() - call.started,
        })}\n`,
      );
    }
    return send(message, options);
  };
}

/** A session ID with any token of its person is enough to use it: kept as a digest, like tokens. */
const sessionKey = (id: string) => `session:${digest(id)}`;

function isInitialize(body: unknown): boolean {
  const first = Array.isArray(body) ? body[0] : body;
  return !!first && typeof first === "object" && (first as { method?: unknown }).method === "initialize";
}

const rpcError = (code: number, message: string) => ({ jsonrpc: "2.0", error: { code, message }, id: null });

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const bare = (h: string) => h.replace(/^\[|\]$/g, "");

/** DNS rebinding: the Host must be one of ours, and a browser's Origin too. */
export function hostProblem(req: IncomingMessage, settings: HttpSettings): string | undefined {
  const host = header(req, "host");
  if (!host) return "A Host header is required.";
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return "The Host header is not valid.";
  }
  const allowed = new Set(settings.allowedHosts.flatMap((h) => [h, bare(h)]));
  if (!allowed.has(hostname) && !allowed.has(bare(hostname))) return `Host ${hostname} is not served here.`;
  const origin = header(req, "origin");
  if (origin !== undefined && !settings.allowedOrigins.includes(origin))
    return "Requests from this Origin are not accepted.";
  return undefined;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

/** A small urlencoded form (the consent page's); a larger body is refused. */
async function readForm(req: IncomingMessage, max: number): Promise<URLSearchParams> {
  let text = "";
  for await (const chunk of req) {
    text += (chunk as Buffer).toString("utf8");
    if (text.length > max) throw new HaloError("input", "the form is too large.");
  }
  return new URLSearchParams(text);
}

async function readJson(
  req: IncomingMessage,
): Promise<{ value: unknown } | { error: string; status: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { error: `Message larger than ${MAX_BODY_BYTES} bytes.`, status: 413 };
    chunks.push(chunk as Buffer);
  }
  try {
    return { value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { error: "Parse error: the body is not JSON.", status: 400 };
  }
}
