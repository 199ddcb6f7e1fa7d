/**
 * One OAuth token per process, shared by every tool. Single-flight: however
 * many calls arrive cold, one token request is made. Tokens are refreshed a
 * little before they expire (a failed early refresh keeps the still-valid
 * token); a 401 from the API invalidates the token so the next get() fetches
 * exactly one new one.
 */
import { describeSource, type HaloConfig, normaliseBaseUrl } from "../config/config.js";
import { FileSignInStore, type SignInStore } from "../config/sign-in-store.js";
import { untilAborted } from "../util/abort.js";
import { quoted } from "../util/format.js";
import { log, registerSecret } from "../util/log.js";
import { HaloError, SETUP_CHECK } from "./errors.js";
import { assertTokenHost } from "./token-host.js";
import { headerOf, parseRetryAfter, type RawExchange, type RawResponse } from "./transport.js";
import { signedInToken } from "./user-token.js";

interface CachedToken {
  value: string;
  expiresAt: number;
  refreshAt: number;
}

/** Where the token URL came from: only a guessed or discovered one is worth overriding with HALOPSA_AUTH_URL. */
export type TokenUrlSource = "configured" | "discovered" | "fallback";

export interface TokenEndpoint {
  url: string;
  source: TokenUrlSource;
}

/** authinfo only saves configuring HALOPSA_AUTH_URL: it must never hold a token fetch up for a full timeout. */
const DISCOVERY_TIMEOUT_MS = 5_000;
/** After authinfo failed (5xx, 429, HTML, hang): the fallback is used, and authinfo asked again after this. */
const REDISCOVER_AFTER_MS = 60_000;
/** After a failed refresh-ahead, the still-valid token is used this long before the next refresh attempt. */
const REFRESH_RETRY_MS = 5_000;
/** A token or authinfo answer is a few hundred bytes: anything past this is not one. */
const AUTH_ANSWER_MAX_BYTES = 1024 * 1024;

export class TokenCache {
  private token: CachedToken | undefined;
  private inflight: Promise<string> | undefined;
  private endpoint: TokenEndpoint | undefined;
  private discoverAfter = 0;
  /** The last token the API refused: a signed-in person's stored token must not be handed out again. */
  private rejected: string | undefined;
  /** Token requests made (for diagnostics and tests). */
  requests = 0;

  /** Where a signed-in person's refresh token lives (grant authorization_code). */
  private readonly signIn: SignInStore | undefined;

  constructor(
    private readonly config: HaloConfig,
    private readonly exchange: RawExchange,
    private readonly now: () => number = Date.now,
    signIn?: SignInStore,
  ) {
    this.signIn = signIn ?? (config.signIn ? new FileSignInStore(config.signIn.file) : undefined);
    // The secret travels in every token request body: make sure no log line or error can carry it.
    registerSecret(config.clientSecret);
  }

  /** A valid access token, fetching one if needed. */
  get(signal?: AbortSignal): Promise<string> {
    const t = this.token;
    if (t && this.now() < t.refreshAt) return Promise.resolve(t.value);
    if (!this.inflight) {
      // Shared by every waiting call, so one caller's cancellation must not abort
      // it for the others; the transport's timeout bounds it instead.
      this.inflight = this.refresh(t).finally(() => {
        this.inflight = undefined;
      });
    }
    return signal
      ? untilAborted(
          this.inflight,
          signal,
          () =>
            new HaloError("cancelled", "the request was cancelled while waiting for a token.", {
              notSent: true,
            }),
        )
      : this.inflight;
  }

  /** Drop `value` if it is still the cached token (a 401 said it is dead). */
  invalidate(value: string): void {
    this.rejected = value;
    if (this.token?.value === value) this.token = undefined;
  }

  /** Where tokens come from: HALOPSA_AUTH_URL, else what /api/authinfo says, else {base}/auth. */
  async resolveTokenUrl(signal?: AbortSignal): Promise<string> {
    return (await this.resolveEndpoint(signal)).url;
  }

  /**
   * Another endpoint of the same authorisation server (`authorize`, `revoke`
   * for the sign-in), with the tenant, after the same host check as the token
   * endpoint: sign-in codes, verifiers and refresh tokens go nowhere else.
   */
  async authEndpoint(leaf: "token" | "authorize" | "revoke", signal?: AbortSignal): Promise<TokenEndpoint> {
    const token = await this.resolveEndpoint(signal);
    await this.checkHost(token);
    const url = new URL(token.url);
    url.pathname = url.pathname.replace(/\/token$/, `/${leaf}`);
    return { url: url.toString(), source: token.source };
  }

  private checkHost(endpoint: TokenEndpoint): Promise<void> {
    const authSource = this.config.authUrlSource;
    return assertTokenHost({
      tokenUrl: endpoint.url,
      baseUrl: this.config.baseUrl,
      source: endpoint.source,
      trusted: authSource?.kind === "env",
      authUrlFrom: authSource ? describeSource(authSource) : undefined,
    });
  }

  private async refresh(current: CachedToken | undefined): Promise<string> {
    try {
      return await this.fetchToken();
    } catch (err) {
      // Refreshing ahead is a margin, not a deadline: while the token lasts, a token
      // server that is down or slow must not fail calls. Rejected credentials still surface.
      const now = this.now();
      if (
        current &&
        this.token === current &&
        now < current.expiresAt &&
        err instanceof HaloError &&
        err.transient
      ) {
        current.refreshAt = Math.min(current.expiresAt, now + REFRESH_RETRY_MS);
        log.warn(
          `token refresh failed (${err.message}); using the current token, valid for ${Math.round((current.expiresAt - now) / 1000)} s more.`,
        );
        return current.value;
      }
      throw err;
    }
  }

  private async resolveEndpoint(signal?: AbortSignal): Promise<TokenEndpoint> {
    if (this.endpoint) return this.endpoint;
    if (this.config.authUrl) {
      this.endpoint = { url: this.tokenUrlUnder(this.config.authUrl), source: "configured" };
      return this.endpoint;
    }
    const fallback: TokenEndpoint = {
      url: this.tokenUrlUnder(`${this.config.baseUrl}/auth`),
      source: "fallback",
    };
    if (this.now() < this.discoverAfter) return fallback;
    const found = await this.discoverAuthServer(signal);
    if (!found.definite) {
      // Only a definite answer is remembered; meanwhile every token fetch would otherwise wait on authinfo again.
      this.discoverAfter = this.now() + REDISCOVER_AFTER_MS;
      return fallback;
    }
    this.endpoint = found.url ? { url: this.tokenUrlUnder(found.url), source: "discovered" } : fallback;
    return this.endpoint;
  }

  private tokenUrlUnder(authRoot: string): string {
    const url = new URL(authRoot);
    url.pathname = `${url.pathname.replace(/\/+$/, "")}/token`;
    if (this.config.tenant) url.searchParams.set("tenant", this.config.tenant);
    return url.toString();
  }

  /** definite: a 200 (JSON, with or without an auth URL) or a 404; anything else may be a passing fault. */
  private async discoverAuthServer(signal?: AbortSignal): Promise<{ url?: string; definite: boolean }> {
    let res: RawResponse;
    try {
      res = await this.exchange({
        method: "GET",
        url: `${this.config.apiUrl}/authinfo`,
        signal,
        timeoutMs: Math.min(DISCOVERY_TIMEOUT_MS, this.config.timeoutMs),
        limitBytes: AUTH_ANSWER_MAX_BYTES,
      });
    } catch (err) {
      log.debug(
        `GET /api/authinfo failed (${err instanceof Error ? err.message : String(err)}); using ${this.config.baseUrl}/auth for now.`,
      );
      return { definite: false };
    }
    if (res.status === 404) return { definite: true };
    const html = /html/i.test(headerOf(res, "content-type") ?? "") || /^\s*</.test(res.text);
    if (res.status !== 200 || html) {
      log.debug(
        `GET /api/authinfo answered ${res.status}${html ? " (HTML)" : ""}; using ${this.config.baseUrl}/auth for now.`,
      );
      return { definite: false };
    }
    let found: string | undefined;
    try {
      found = findAuthUrl(JSON.parse(res.text));
    } catch {
      // A 200 that does not parse was cut short or garbled: ask again later.
      return { definite: false };
    }
    if (!found) return { definite: true };
    // The client secret is posted to this address: never in clear text, whatever an unauthenticated answer says.
    const problem = normaliseBaseUrl(found, "the auth server named by /api/authinfo").problem;
    if (problem) {
      log.warn(`${problem} Using ${this.config.baseUrl}/auth instead; set HALOPSA_AUTH_URL to override.`);
      return { definite: true };
    }
    return { url: found.replace(/\/token\/?$/i, ""), definite: true };
  }

  private async fetchToken(): Promise<string> {
    const endpoint = await this.resolveEndpoint();
    // The one place the secret (or a refresh token) leaves: refuse a host off the Halo domain before anything is sent.
    await this.checkHost(endpoint);
    if (this.config.grant === "authorization_code") {
      if (!this.signIn)
        throw new HaloError("configuration", "signed in, but no sign-in store is configured.", {
          notSent: true,
        });
      this.requests++;
      const { access, ttlMs } = await signedInToken(
        this.signIn,
        this.config,
        this.exchange,
        endpoint,
        this.rejected,
        this.now,
      );
      return this.remember(access, ttlMs);
    }
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      scope: this.config.scope,
    });
    this.requests++;
    const res = await this.exchange({
      method: "POST",
      url: endpoint.url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      limitBytes: AUTH_ANSWER_MAX_BYTES,
    });
    const { access, ttlMs } = readTokenAnswer(res, endpoint, this.config);
    return this.remember(access, ttlMs);
  }

  private remember(access: string, ttlMs: number): string {
    registerSecret(access);
    const skew = Math.min(60_000, ttlMs * 0.1);
    const now = this.now();
    this.token = { value: access, expiresAt: now + ttlMs, refreshAt: now + ttlMs - skew };
    return access;
  }
}

/** The token URL for messages: scheme, host, path and tenant; nothing else an authinfo answer might have added. */
function shownUrl(url: string): string {
  const u = new URL(url);
  const tenant = u.searchParams.get("tenant");
  return `${u.origin}${u.pathname}${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ""}`;
}

/** The token endpoint's answer: the token and its lifetime, or the typed error (exported for unit tests). */
export function readTokenAnswer(
  res: RawResponse,
  endpoint: TokenEndpoint,
  config: Pick<HaloConfig, "tenant" | "scope" | "authUrl">,
): { access: string; ttlMs: number } {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    // non-JSON bodies are judged by status below
  }
  const where = `POST ${shownUrl(endpoint.url)}`;
  const authUrlAdvice =
    endpoint.source === "configured"
      ? ""
      : ` This token URL was ${endpoint.source === "discovered" ? "named by /api/authinfo" : "derived from HALOPSA_BASE_URL"}: if Halo shows another (Configuration > Integrations > HaloPSA API), set HALOPSA_AUTH_URL to it.`;
  const code = typeof body.error === "string" ? body.error : undefined;
  if (res.status >= 300 && res.status < 400) {
    const location = headerOf(res, "location")?.trim();
    let target: string | undefined;
    try {
      target = location ? shownUrl(new URL(location, endpoint.url).toString()) : undefined;
    } catch {
      target = undefined;
    }
    throw new HaloError(
      "configuration",
      `the token endpoint redirected (${res.status})${target ? ` to ${target}` : ""} (${where}).`,
      {
        status: res.status,
        hint: `Check HALOPSA_BASE_URL${config.authUrl ? " and HALOPSA_AUTH_URL" : ""} (it may point at a login page or an old address).${authUrlAdvice}`,
      },
    );
  }
  if (res.status === 401 || code === "invalid_client" || code === "unauthorized_client") {
    throw new HaloError("authentication", "credentials rejected (invalid_client).", {
      status: res.status,
      hint: `Check HALOPSA_CLIENT_ID and HALOPSA_CLIENT_SECRET against the API application in Halo (Configuration > Integrations > HaloPSA API)${
        config.tenant
          ? ` and that HALOPSA_TENANT="${config.tenant}" is your tenant name`
          : "; Halo-hosted tenants also need HALOPSA_TENANT"
      }; ${SETUP_CHECK}.`,
    });
  }
  if (code === "invalid_scope") {
    throw new HaloError("authentication", `the scope "${config.scope}" was refused.`, {
      status: res.status,
      hint: "Set HALOPSA_SCOPE to a scope the API application allows (usually all).",
    });
  }
  if (res.status >= 500 || res.status === 429) {
    throw new HaloError(
      res.status === 429 ? "rate_limited" : "server",
      `the token endpoint answered ${res.status} (${where}).`,
      {
        status: res.status,
        notSent: true,
        retryAfterMs:
          res.status === 429 || res.status === 503
            ? parseRetryAfter(headerOf(res, "retry-after"))
            : undefined,
        hint: "Halo's authorisation server is having trouble; try again shortly.",
      },
    );
  }
  const access = typeof body.access_token === "string" ? body.access_token : undefined;
  if (res.status !== 200 || !access) {
    const detail = code
      ? // The token endpoint's words are quoted and clipped: a hostile host must not write our next step.
        ` (${/^[a-z_]{1,40}$/i.test(code) ? code : quoted(code, 60)}${typeof body.error_description === "string" ? `: ${quoted(body.error_description)}` : ""})`
      : "";
    throw new HaloError("authentication", `the token endpoint answered ${res.status}${detail} (${where}).`, {
      status: res.status,
      hint: `Check HALOPSA_BASE_URL${config.authUrl ? " and HALOPSA_AUTH_URL" : ""}, HALOPSA_TENANT and the credentials; ${SETUP_CHECK}.${authUrlAdvice}`,
    });
  }
  return { access, ttlMs: Math.max(1, Number(body.expires_in) || 3600) * 1000 };
}

/**
 * authinfo's shape is not in the spec: a bare URL string, or the first
 * URL-valued field whose key names an auth server (auth, identity, issuer).
 */
export function findAuthUrl(data: unknown, depth = 0): string | undefined {
  const isUrl = (v: unknown): v is string => typeof v === "string" && /^https?:\/\/\S+$/i.test(v.trim());
  if (depth === 0 && isUrl(data)) return data.trim().replace(/\/+$/, "");
  if (!data || typeof data !== "object" || depth > 3) return undefined;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (isUrl(value) && /auth|identity|issuer/i.test(key)) return value.trim().replace(/\/+$/, "");
  }
  for (const value of Object.values(data as Record<string, unknown>)) {
    const found = findAuthUrl(value, depth + 1);
    if (found) return found;
  }
  return undefined;
}
