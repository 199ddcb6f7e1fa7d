/**
 * The deployment as a client of Halo's authorisation-code flow: the browser
 * is sent to Halo's /authorize (with our own PKCE pair), Halo redirects back
 * to our callback with a code, and the code and later the refresh token are
 * exchanged at Halo's /token with the deployment's client secret. The secret
 * and Halo's tokens stay on the server: MCP clients only ever see our own
 * tokens (provider.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import type { HaloConfig } from "../config/config.js";
import { HaloError } from "../halo/errors.js";
import type { TokenCache } from "../halo/token-cache.js";
import { assertTokenHost } from "../halo/token-host.js";
import { createTransport, type RawExchange } from "../halo/transport.js";
import { quoted } from "../util/format.js";
import { registerSecret } from "../util/log.js";

export interface HaloGrant {
  access: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refresh?: string;
}

/** PKCE (RFC 7636, S256): the verifier stays here, the challenge goes in the browser's URL. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

const ANSWER_MAX_BYTES = 1024 * 1024;

export class HaloSignIn {
  private readonly exchange: RawExchange;
  private readonly closeTransport: () => Promise<void>;

  constructor(
    private readonly config: HaloConfig,
    /** The service's token cache: only for where the token endpoint is (HALOPSA_AUTH_URL or /api/authinfo). */
    private readonly endpoints: Pick<TokenCache, "resolveTokenUrl">,
    /** Our callback, registered as a redirect URI on Halo's application. */
    readonly redirectUri: string,
  ) {
    registerSecret(config.clientSecret);
    const transport = createTransport(config.timeoutMs, { maxResponseBytes: ANSWER_MAX_BYTES });
    this.exchange = transport.exchange;
    this.closeTransport = transport.close;
  }

  tokenUrl(signal?: AbortSignal): Promise<string> {
    return this.endpoints.resolveTokenUrl(signal);
  }

  /** Halo's authorize URL for one sign-in; the tenant rides along like on the token URL. */
  async authorizeUrl(state: string, challenge: string): Promise<string> {
    const url = new URL(await this.tokenUrl());
    url.pathname = url.pathname.replace(/\/token\/?$/i, "/authorize");
    url.searchParams.set("response_type", "code");
    url.searchParams.set("client_id", this.config.clientId);
    url.searchParams.set("redirect_uri", this.redirectUri);
    url.searchParams.set("scope", this.config.scope);
    url.searchParams.set("state", state);
    url.searchParams.set("code_challenge", challenge);
    url.searchParams.set("code_challenge_method", "S256");
    return url.toString();
  }

  redeemCode(code: string, verifier: string): Promise<HaloGrant> {
    return this.post({
      grant_type: "authorization_code",
      code,
      redirect_uri: this.redirectUri,
      code_verifier: verifier,
    });
  }

  refresh(refreshToken: string, signal?: AbortSignal): Promise<HaloGrant> {
    return this.post({ grant_type: "refresh_token", refresh_token: refreshToken }, signal);
  }

  close(): Promise<void> {
    return this.closeTransport();
  }

  private async post(fields: Record<string, string>, signal?: AbortSignal): Promise<HaloGrant> {
    const url = await this.tokenUrl(signal);
    // The secret is posted here: the same host rule as the client-credentials token (token-host.ts).
    await assertTokenHost({
      tokenUrl: url,
      baseUrl: this.config.baseUrl,
      source: this.config.authUrl ? "configured" : "discovered",
      trusted: this.config.authUrlSource?.kind === "env",
    });
    // A web application has a secret; a native one has none (the PKCE verifier is its proof).
    const form = new URLSearchParams({
      ...fields,
      client_id: this.config.clientId,
      ...(this.config.clientSecret ? { client_secret: this.config.clientSecret } : {}),
    });
    const res = await this.exchange({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      signal,
      limitBytes: ANSWER_MAX_BYTES,
    });
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(res.text) as Record<string, unknown>;
    } catch {
      // judged by status below
    }
    const access = typeof body.access_token === "string" ? body.access_token : undefined;
    if (res.status === 200 && access) {
      const refresh = typeof body.refresh_token === "string" ? body.refresh_token : undefined;
      registerSecret(access);
      registerSecret(refresh);
      const ttl = Math.max(1, Number(body.expires_in) || 3600) * 1000;
      return { access, refresh, accessExpiresAt: Date.now() + ttl };
    }
    const code =
      typeof body.error === "string" && /^[a-z_]{1,40}$/i.test(body.error) ? body.error : undefined;
    if (res.status >= 500 || res.status === 429) {
      throw new HaloError("server", `Halo's sign-in server answered ${res.status}.`, {
        status: res.status,
        notSent: true,
        hint: "Try again shortly.",
      });
    }
    if (code === "invalid_grant") {
      throw new HaloError("authentication", "the Halo sign-in has ended (expired or revoked).", {
        status: res.status,
        hint: "Sign in again: reconnect this MCP server in your client, which opens Halo's sign-in page.",
      });
    }
    const detail = code ?? (typeof body.error === "string" ? quoted(body.error, 60) : `HTTP ${res.status}`);
    throw new HaloError("authentication", `Halo refused the sign-in (${detail}).`, {
      status: res.status,
      hint: "Check that the deployment's Halo application is an authorisation-code application with this server's callback as a redirect URI (README: Team deployment).",
    });
  }
}
