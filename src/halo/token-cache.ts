/**
 * One OAuth token per process, shared by every tool. Single-flight: however
 * many calls arrive cold, one token request is made. Tokens are refreshed a
 * little before they expire; a 401 from the API invalidates the token so the
 * next get() fetches exactly one new one.
 */
import { type HaloConfig, normaliseBaseUrl } from "../config/config.js";
import { untilAborted } from "../util/abort.js";
import { log, registerSecret } from "../util/log.js";
import { HaloError } from "./errors.js";
import type { RawExchange } from "./transport.js";

interface CachedToken {
  value: string;
  expiresAt: number;
  refreshAt: number;
}

export class TokenCache {
  private token: CachedToken | undefined;
  private inflight: Promise<string> | undefined;
  private tokenUrl: string | undefined;
  /** Token requests made (for diagnostics and tests). */
  requests = 0;

  constructor(
    private readonly config: HaloConfig,
    private readonly exchange: RawExchange,
    private readonly now: () => number = Date.now,
  ) {
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
      this.inflight = this.fetchToken().finally(() => {
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
    if (this.token?.value === value) this.token = undefined;
  }

  /** Where tokens come from: HALOPSA_AUTH_URL, else what /api/authinfo says, else {base}/auth. */
  async resolveTokenUrl(signal?: AbortSignal): Promise<string> {
    if (this.tokenUrl) return this.tokenUrl;
    let authRoot = this.config.authUrl;
    // Only a definite answer is remembered: after a network failure or timeout, ask again next time.
    let definite = true;
    if (!authRoot) {
      const found = await this.discoverAuthServer(signal);
      definite = found.definite;
      authRoot = found.url ?? `${this.config.baseUrl}/auth`;
    }
    const url = new URL(authRoot);
    url.pathname = `${url.pathname.replace(/\/+$/, "")}/token`;
    if (this.config.tenant) url.searchParams.set("tenant", this.config.tenant);
    if (definite) this.tokenUrl = url.toString();
    return url.toString();
  }

  private async discoverAuthServer(signal?: AbortSignal): Promise<{ url?: string; definite: boolean }> {
    let text: string;
    try {
      const res = await this.exchange({ method: "GET", url: `${this.config.apiUrl}/authinfo`, signal });
      if (res.status !== 200) return { definite: true };
      text = res.text;
    } catch {
      // Discovery is a convenience: any failure falls back to {base}/auth.
      return { definite: false };
    }
    let found: string | undefined;
    try {
      found = findAuthUrl(JSON.parse(text));
    } catch {
      return { definite: true };
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
    const url = await this.resolveTokenUrl();
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      scope: this.config.scope,
    });
    this.requests++;
    const res = await this.exchange({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(res.text) as Record<string, unknown>;
    } catch {
      // non-JSON bodies are judged by status below
    }
    const code = typeof body.error === "string" ? body.error : undefined;
    if (res.status === 401 || code === "invalid_client" || code === "unauthorized_client") {
      throw new HaloError("authentication", "credentials rejected (invalid_client).", {
        status: res.status,
        hint: `Check HALOPSA_CLIENT_ID and HALOPSA_CLIENT_SECRET against the API application in Halo (Configuration > Integrations > HaloPSA API)${
          this.config.tenant
            ? ` and that HALOPSA_TENANT="${this.config.tenant}" is your tenant name`
            : "; Halo-hosted tenants also need HALOPSA_TENANT"
        }. Run \`halopsa-mcp doctor\` to test the settings.`,
      });
    }
    if (code === "invalid_scope") {
      throw new HaloError("authentication", `the scope "${this.config.scope}" was refused.`, {
        status: res.status,
        hint: "Set HALOPSA_SCOPE to a scope the API application allows (usually all).",
      });
    }
    if (res.status >= 500 || res.status === 429) {
      throw new HaloError(
        res.status === 429 ? "rate_limited" : "server",
        `the token endpoint answered ${res.status}.`,
        {
          status: res.status,
          notSent: true,
          hint: "Halo's authorisation server is having trouble; try again shortly.",
        },
      );
    }
    const access = typeof body.access_token === "string" ? body.access_token : undefined;
    if (res.status !== 200 || !access) {
      const detail = code
        ? ` (${code}${typeof body.error_description === "string" ? `: ${body.error_description}` : ""})`
        : "";
      throw new HaloError("authentication", `the token endpoint answered ${res.status}${detail}.`, {
        status: res.status,
        hint: `Check HALOPSA_BASE_URL${this.config.authUrl ? " and HALOPSA_AUTH_URL" : ""}, HALOPSA_TENANT and the credentials; run \`halopsa-mcp doctor\`.`,
      });
    }
    registerSecret(access);
    const ttlMs = Math.max(1, Number(body.expires_in) || 3600) * 1000;
    const skew = Math.min(60_000, ttlMs * 0.1);
    const now = this.now();
    this.token = { value: access, expiresAt: now + ttlMs, refreshAt: now + ttlMs - skew };
    return access;
  }
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
