/**
 * The fake Halo's authorisation server for agent sign-in: an API
 * application with "Authorisation Code (Native Application)" login, as the
 * public clients of Halo's auth server use it (prd/13-sign-in.md records the
 * evidence):
 *
 * - GET {url}/auth/authorize?response_type=code&client_id&redirect_uri&scope
 *   &state&code_challenge&code_challenge_method=S256[&tenant] → Halo's login
 *   page (an HTML form). Problems with client_id or redirect_uri answer 400
 *   here, never a redirect to an unchecked address; plain PKCE or no
 *   challenge → a redirect with error=invalid_request.
 * - POST {url}/auth/authorize with the page's fields plus username (the
 *   agent's email or name) and password → 302 to redirect_uri with code and
 *   state; a wrong password shows the page again (200).
 * - POST {url}/auth/token grant_type=authorization_code, client_id, code,
 *   redirect_uri, code_verifier → {access_token, refresh_token, expires_in};
 *   a wrong verifier, a reused or expired code, another redirect_uri →
 *   400 invalid_grant.
 * - grant_type=refresh_token, client_id, refresh_token → new tokens; refresh
 *   tokens rotate (the old one retires; replaying a retired one revokes the
 *   whole family, as OAuth's security practice says).
 * - POST {url}/auth/revoke token[, token_type_hint], client_id (RFC 7009) →
 *   200 whatever the token was; `revocation: false` answers 404 (a Halo
 *   without the endpoint).
 *
 * Tokens carry their agent: the API attributes a signed-in agent's writes to
 * them (agentOf). No files, no network but the fake's own server.
 */
import { createHash, randomBytes } from "node:crypto";
import { empty, html, json, type Reply } from "./reply.js";
import type { FakeDb } from "./types.js";

export interface FakeAuthOptions {
  /** The native application's client ID; default "sandbox-native". */
  clientId?: string;
  /** Every agent's password on the login page; default "sandbox-password". */
  password?: string;
  /** Access tokens of signed-in agents live this long, in seconds; default 3600. */
  accessTtlSeconds?: number;
  /** Refresh tokens live this long, in seconds; default 30 days. */
  refreshTtlSeconds?: number;
  /** Default true: each refresh answers a new refresh token and retires the one used. */
  rotateRefreshTokens?: boolean;
  /** Exact redirect URIs the application allows; default any http loopback address and port (RFC 8252). */
  redirectUris?: string[];
  /** Default true: POST /auth/revoke exists. */
  revocation?: boolean;
  /** Authorisation codes live this long, in seconds; default 60. */
  codeTtlSeconds?: number;
  /**
   * A confidential (web) application's secret: the token and revocation
   * endpoints then refuse a request without it (invalid_client, 401), as an
   * OAuth server does for a client that has one. Default none (native).
   */
  clientSecret?: string;
}

/** What tests see and steer. */
export interface FakeAuth {
  readonly clientId: string;
  readonly password: string;
  /** Counters of the sign-in traffic (token requests of every grant are also in FakeHalo.tokenRequests). */
  readonly counts: {
    loginPages: number;
    logins: number;
    failedLogins: number;
    codeExchanges: number;
    refreshes: number;
    refusedGrants: number;
    revocations: number;
  };
  /** Every refresh token of the agent (all agents when omitted) stops working: an admin revoked the sessions. */
  revokeRefreshTokens(agentId?: number): void;
  /** Access tokens of signed-in agents stop working (expiry); refresh tokens still work. */
  expireAccessTokens(): void;
  /** Live refresh tokens (rotated-out and revoked ones excluded). */
  readonly liveRefreshTokens: number;
}

interface Code {
  clientId: string;
  redirectUri: string;
  challenge: string;
  agentId: number;
  scope: string;
  expires: number;
}

interface Refresh {
  agentId: number;
  family: string;
  expires: number;
  /** Retired by rotation: replaying it revokes the family. */
  retired?: boolean;
}

const S256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");
const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
const isLoopbackHttp = (u: URL) =>
  u.protocol === "http:" && /^(127\.0\.0\.1|\[::1\]|localhost)$/i.test(u.hostname);

export class FakeAuthServer implements FakeAuth {
  readonly clientId: string;
  readonly password: string;
  readonly counts = {
    loginPages: 0,
    logins: 0,
    failedLogins: 0,
    codeExchanges: 0,
    refreshes: 0,
    refusedGrants: 0,
    revocations: 0,
  };
  private readonly codes = new Map<string, Code>();
  private readonly refresh = new Map<string, Refresh>();
  private readonly access = new Map<string, { agentId: number; expires: number }>();

  constructor(
    private readonly db: FakeDb,
    private readonly opts: FakeAuthOptions = {},
    private readonly tenant?: string,
  ) {
    this.clientId = opts.clientId ?? "sandbox-native";
    this.password = opts.password ?? "sandbox-password";
  }

  get liveRefreshTokens(): number {
    const now = Date.now();
    return [...this.refresh.values()].filter((r) => !r.retired && r.expires > now).length;
  }

  revokeRefreshTokens(agentId?: number): void {
    for (const [token, r] of this.refresh)
      if (agentId === undefined || r.agentId === agentId) this.refresh.delete(token);
  }

  expireAccessTokens(): void {
    this.access.clear();
  }

  /** The agent a valid access token belongs to. */
  agentOf(token: string): number | undefined {
    const a = this.access.get(token);
    if (!a) return undefined;
    if (a.expires <= Date.now()) {
      this.access.delete(token);
      return undefined;
    }
    return a.agentId;
  }

  // ---------- /auth/authorize ----------

  authorize(method: string, url: URL, form: URLSearchParams): Reply {
    // The login page posts its fields back; a GET carries them in the query.
    const p = method === "POST" ? form : url.searchParams;
    const tenantProblem = this.tenantProblem(p);
    if (tenantProblem) return this.errorPage(tenantProblem);
    if (p.get("client_id") !== this.clientId) return this.errorPage("Unknown application (client_id).");
    const redirect = this.redirectUri(p.get("redirect_uri"));
    if (!redirect) return this.errorPage("The redirect URI is not registered for this application.");
    const state = p.get("state") ?? undefined;
    const back = (params: Record<string, string>) => {
      const to = new URL(redirect.toString());
      for (const [k, v] of Object.entries(params)) to.searchParams.set(k, v);
      if (state !== undefined) to.searchParams.set("state", state);
      return { ...empty(302), headers: { location: to.toString() } };
    };
    if (p.get("response_type") !== "code") return back({ error: "unsupported_response_type" });
    const challenge = p.get("code_challenge") ?? "";
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge) || p.get("code_challenge_method") !== "S256")
      return back({ error: "invalid_request", error_description: "PKCE with S256 is required." });
    if (method !== "POST") {
      this.counts.loginPages++;
      return this.loginPage(p);
    }
    const who = (form.get("username") ?? "").trim().toLowerCase();
    const agent = [...this.db.agents.values()].find(
      (a) => !a.isdisabled && (a.email.toLowerCase() === who || a.name.toLowerCase() === who),
    );
    if (!agent || form.get("password") !== this.password) {
      this.counts.failedLogins++;
      return this.loginPage(p, "The username or password is incorrect.");
    }
    this.counts.logins++;
    const code = randomBytes(24).toString("base64url");
    this.codes.set(code, {
      clientId: this.clientId,
      redirectUri: p.get("redirect_uri") ?? "",
      challenge,
      agentId: agent.id,
      scope: p.get("scope") || "all",
      expires: Date.now() + (this.opts.codeTtlSeconds ?? 60) * 1000,
    });
    return back({ code });
  }

  // ---------- /auth/token (the sign-in grants) ----------

  /** authorization_code and refresh_token grants; undefined for any other grant (the caller's). */
  token(url: URL, form: URLSearchParams): Reply | undefined {
    const grant = form.get("grant_type");
    if (grant !== "authorization_code" && grant !== "refresh_token") return undefined;
    const tenantProblem = this.tenantProblem(url.searchParams);
    if (tenantProblem) return json(400, { error: "invalid_request", error_description: tenantProblem });
    if (form.get("client_id") !== this.clientId || !this.secretOk(form))
      return this.refused("invalid_client", 401);
    return grant === "authorization_code" ? this.exchangeCode(form) : this.refreshGrant(form);
  }

  private exchangeCode(form: URLSearchParams): Reply {
    const code = this.codes.get(form.get("code") ?? "");
    // Single use, whatever the outcome.
    if (code) this.codes.delete(form.get("code") ?? "");
    if (!code || code.expires <= Date.now()) return this.refused("invalid_grant");
    if (form.get("redirect_uri") !== code.redirectUri)
      return this.refused("invalid_grant", 400, "redirect_uri differs.");
    const verifier = form.get("code_verifier") ?? "";
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || S256(verifier) !== code.challenge)
      return this.refused("invalid_grant", 400, "PKCE verification failed.");
    this.counts.codeExchanges++;
    return this.issue(code.agentId, randomBytes(8).toString("hex"), code.scope);
  }

  private refreshGrant(form: URLSearchParams): Reply {
    const token = form.get("refresh_token") ?? "";
    const r = this.refresh.get(token);
    if (!r || r.expires <= Date.now()) return this.refused("invalid_grant");
    if (r.retired) {
      // A retired token replayed: someone holds a copy. Every token of the family goes.
      for (const [t, x] of this.refresh) if (x.family === r.family) this.refresh.delete(t);
      return this.refused("invalid_grant");
    }
    this.counts.refreshes++;
    if (this.opts.rotateRefreshTokens === false) return this.issue(r.agentId, r.family, "all", token);
    r.retired = true;
    return this.issue(r.agentId, r.family, "all");
  }

  private issue(agentId: number, family: string, scope: string, keepRefresh?: string): Reply {
    const ttl = this.opts.accessTtlSeconds ?? 3600;
    const accessToken = randomBytes(32).toString("hex");
    this.access.set(accessToken, { agentId, expires: Date.now() + ttl * 1000 });
    let refreshToken = keepRefresh;
    if (!refreshToken) {
      refreshToken = randomBytes(32).toString("base64url");
      this.refresh.set(refreshToken, {
        agentId,
        family,
        expires: Date.now() + (this.opts.refreshTtlSeconds ?? 30 * 86_400) * 1000,
      });
    }
    return json(200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: ttl,
      refresh_token: refreshToken,
      scope,
    });
  }

  // ---------- /auth/revoke ----------

  revoke(method: string, url: URL, form: URLSearchParams): Reply {
    if (this.opts.revocation === false) return html(404, "<h1>404 - File or directory not found.</h1>");
    if (method !== "POST") return json(405, { error: "invalid_request" });
    const tenantProblem = this.tenantProblem(url.searchParams);
    if (tenantProblem) return json(400, { error: "invalid_request", error_description: tenantProblem });
    if (form.get("client_id") !== this.clientId || !this.secretOk(form))
      return json(401, { error: "invalid_client" });
    const token = form.get("token") ?? "";
    const r = this.refresh.get(token);
    if (r) for (const [t, x] of this.refresh) if (x.family === r.family) this.refresh.delete(t);
    this.access.delete(token);
    this.counts.revocations++;
    // RFC 7009: 200 for an unknown token too.
    return empty(200);
  }

  // ---------- helpers ----------

  private secretOk(form: URLSearchParams): boolean {
    return this.opts.clientSecret === undefined || form.get("client_secret") === this.opts.clientSecret;
  }

  private refused(error: string, status = 400, description?: string): Reply {
    this.counts.refusedGrants++;
    return json(status, { error, ...(description ? { error_description: description } : {}) });
  }

  private tenantProblem(params: URLSearchParams): string | undefined {
    if (!this.tenant) return undefined;
    return params.get("tenant")?.toLowerCase() === this.tenant.toLowerCase()
      ? undefined
      : "Unknown or missing tenant.";
  }

  private redirectUri(raw: string | null): URL | undefined {
    if (!raw) return undefined;
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return undefined;
    }
    if (this.opts.redirectUris) return this.opts.redirectUris.includes(raw) ? u : undefined;
    return isLoopbackHttp(u) && !u.hash ? u : undefined;
  }

  private loginPage(p: URLSearchParams, problem?: string): Reply {
    const hidden = [...p]
      .filter(([k]) => k !== "username" && k !== "password")
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join("");
    return html(
      200,
      `<!DOCTYPE html><html><head><title>Halo - Log in</title></head><body><h1>Log in to Halo</h1>${
        problem ? `<p class="error">${esc(problem)}</p>` : ""
      }<form method="post" action="authorize">${hidden}<input name="username" autocomplete="username"><input name="password" type="password"><button type="submit">Log in</button></form></body></html>`,
    );
  }

  private errorPage(problem: string): Reply {
    return html(400, `<!DOCTYPE html><html><body><h1>Error</h1><p>${esc(problem)}</p></body></html>`);
  }
}
