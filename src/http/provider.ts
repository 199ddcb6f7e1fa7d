/**
 * The deployment is the OAuth authorisation server its MCP clients see
 * (MCP authorization, 2025-06-18): they register, send the person to our
 * /authorize and redeem our codes and tokens. Behind it, each sign-in is a
 * Halo authorisation-code sign-in (halo-signin.ts), so the person proves
 * who they are to Halo itself and Halo's client secret never leaves the
 * server. Our tokens are opaque random strings, stored only as digests, each
 * bound to one Halo agent; everything lives in the shared store, so any
 * replica can verify any token.
 */
import type { OAuthRegisteredClientsStore } from "@modelcontextprotocol/sdk/server/auth/clients.js";
import { InvalidGrantError, InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type {
  AuthorizationParams,
  OAuthServerProvider,
} from "@modelcontextprotocol/sdk/server/auth/provider.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type {
  OAuthClientInformationFull,
  OAuthTokenRevocationRequest,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { HaloConfig } from "../config/config.js";
import { HaloError } from "../halo/errors.js";
import { HaloHttp } from "../halo/http.js";
import type { Limiter } from "../halo/rate-limiter.js";
import { log } from "../util/log.js";
import { type HaloSignIn, pkcePair } from "./halo-signin.js";
import { digest, randomToken, type SharedStore } from "./store.js";
import { readGrant, writeGrant } from "./user-tokens.js";

const CLIENT_TTL_MS = 180 * 24 * 3_600_000;
const SIGNIN_TTL_MS = 10 * 60_000;
const CODE_TTL_MS = 5 * 60_000;
export const ACCESS_TTL_MS = 3_600_000;
const REFRESH_TTL_MS = 30 * 24 * 3_600_000;

interface PendingSignIn {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state?: string;
  scopes: string[];
  resource?: string;
  verifier: string;
}

/** Who a code or token belongs to. */
export interface Holder {
  clientId: string;
  agentId: number;
  agentName: string;
  scopes: string[];
  resource?: string;
}

interface CodeRecord extends Holder {
  redirectUri: string;
  codeChallenge: string;
}

interface AccessRecord extends Holder {
  /** Epoch seconds. */
  expiresAt: number;
}

/** AuthInfo.extra as this server fills it. */
export interface Signed {
  agentId: number;
  agentName: string;
}

export function signedOf(auth: AuthInfo | undefined): Signed | undefined {
  const extra = auth?.extra as Partial<Signed> | undefined;
  return extra && typeof extra.agentId === "number" && typeof extra.agentName === "string"
    ? { agentId: extra.agentId, agentName: extra.agentName }
    : undefined;
}

export class HaloFrontProvider implements OAuthServerProvider {
  readonly clientsStore: OAuthRegisteredClientsStore;

  constructor(
    private readonly store: SharedStore,
    private readonly signIn: HaloSignIn,
    private readonly config: HaloConfig,
    /** The deployment's Halo budget: the sign-in's own /api request counts in it. */
    private readonly limiter: Limiter,
  ) {
    this.clientsStore = {
      getClient: async (id: string) => {
        const raw = await store.get(`client:${id}`);
        return raw ? (JSON.parse(raw) as OAuthClientInformationFull) : undefined;
      },
      registerClient: async (client) => {
        const full = client as OAuthClientInformationFull;
        await store.set(`client:${full.client_id}`, JSON.stringify(full), CLIENT_TTL_MS);
        return full;
      },
    };
  }

  /** The person goes to Halo to sign in; our state names the pending sign-in. */
  async authorize(
    client: OAuthClientInformationFull,
    params: AuthorizationParams,
    res: { redirect(url: string): void },
  ): Promise<void> {
    const tx = randomToken();
    const { verifier, challenge } = pkcePair();
    const pending: PendingSignIn = {
      clientId: client.client_id,
      redirectUri: params.redirectUri,
      codeChallenge: params.codeChallenge,
      state: params.state,
      scopes: params.scopes ?? [],
      resource: params.resource?.href,
      verifier,
    };
    await this.store.set(`signin:${digest(tx)}`, JSON.stringify(pending), SIGNIN_TTL_MS);
    res.redirect(await this.signIn.authorizeUrl(tx, challenge));
  }

  /**
   * Halo redirected back: redeem its code, learn who signed in, keep the
   * grant under that agent, and send the browser back to the MCP client with
   * our own code. Answers the URL to redirect to, or throws for a page.
   */
  async completeSignIn(query: Record<string, unknown>): Promise<string> {
    const state = typeof query.state === "string" ? query.state : "";
    const raw = state ? await this.store.take(`signin:${digest(state)}`) : undefined;
    if (!raw)
      throw new HaloError(
        "input",
        "this sign-in link has expired or was already used; start again from your MCP client.",
      );
    const pending = JSON.parse(raw) as PendingSignIn;
    const back = new URL(pending.redirectUri);
    if (pending.state !== undefined) back.searchParams.set("state", pending.state);
    if (typeof query.error === "string" || typeof query.code !== "string") {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_description", "The Halo sign-in was not completed.");
      return back.toString();
    }
    const grant = await this.signIn.redeemCode(query.code, pending.verifier);
    const me = await this.whoSignedIn(grant.access);
    await writeGrant(this.store, { ...grant, agentId: me.id, agentName: me.name });
    const code = randomToken();
    const record: CodeRecord = {
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      agentId: me.id,
      agentName: me.name,
      scopes: pending.scopes,
      resource: pending.resource,
    };
    await this.store.set(`code:${digest(code)}`, JSON.stringify(record), CODE_TTL_MS);
    log.info(`sign-in: agent ${me.id} (${me.name}) via client ${pending.clientId}`);
    back.searchParams.set("code", code);
    return back.toString();
  }

  async challengeForAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<string> {
    const raw = await this.store.get(`code:${digest(code)}`);
    const record = raw ? (JSON.parse(raw) as CodeRecord) : undefined;
    if (!record || record.clientId !== client.client_id)
      throw new InvalidGrantError("Invalid authorization code");
    return record.codeChallenge;
  }

  async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
    _verifier?: string,
    redirectUri?: string,
  ): Promise<OAuthTokens> {
    // Taken, not read: a code is redeemed once, even if two replicas get it at the same moment.
    const raw = await this.store.take(`code:${digest(code)}`);
    const record = raw ? (JSON.parse(raw) as CodeRecord) : undefined;
    if (!record || record.clientId !== client.client_id)
      throw new InvalidGrantError("Invalid authorization code");
    if (redirectUri !== undefined && redirectUri !== record.redirectUri)
      throw new InvalidGrantError("redirect_uri does not match the authorization request");
    return this.issue(record);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string): Promise<OAuthTokens> {
    const raw = await this.store.take(`refresh:${digest(refreshToken)}`);
    const holder = raw ? (JSON.parse(raw) as Holder) : undefined;
    if (!holder || holder.clientId !== client.client_id) throw new InvalidGrantError("Invalid refresh token");
    if (!(await readGrant(this.store, holder.agentId)))
      throw new InvalidGrantError("The Halo sign-in has ended; sign in again");
    return this.issue(holder);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const raw = await this.store.get(`access:${digest(token)}`);
    const rec = raw ? (JSON.parse(raw) as AccessRecord) : undefined;
    if (!rec) throw new InvalidTokenError("Invalid or expired token");
    // Signed out of Halo (revoked, expired): the token is dead too, so the client signs in again.
    if (!(await readGrant(this.store, rec.agentId)))
      throw new InvalidTokenError("The Halo sign-in has ended");
    return {
      token,
      clientId: rec.clientId,
      scopes: rec.scopes,
      expiresAt: rec.expiresAt,
      resource: rec.resource ? new URL(rec.resource) : undefined,
      extra: { agentId: rec.agentId, agentName: rec.agentName } satisfies Signed,
    };
  }

  async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest): Promise<void> {
    const d = digest(request.token);
    for (const kind of ["access", "refresh"]) {
      const raw = await this.store.get(`${kind}:${d}`);
      // Only the client the token was issued to may revoke it (RFC 7009 2.1); others are ignored silently.
      if (raw && (JSON.parse(raw) as Holder).clientId === client.client_id)
        await this.store.delete(`${kind}:${d}`);
    }
  }

  private async issue(holder: Holder): Promise<OAuthTokens> {
    const access = randomToken();
    const refresh = randomToken();
    const base: Holder = {
      clientId: holder.clientId,
      agentId: holder.agentId,
      agentName: holder.agentName,
      scopes: holder.scopes,
      resource: holder.resource,
    };
    const expiresAt = Math.floor((Date.now() + ACCESS_TTL_MS) / 1000);
    await this.store.set(`access:${digest(access)}`, JSON.stringify({ ...base, expiresAt }), ACCESS_TTL_MS);
    await this.store.set(`refresh:${digest(refresh)}`, JSON.stringify(base), REFRESH_TTL_MS);
    return {
      access_token: access,
      token_type: "Bearer",
      expires_in: ACCESS_TTL_MS / 1000,
      refresh_token: refresh,
      ...(holder.scopes.length ? { scope: holder.scopes.join(" ") } : {}),
    };
  }

  /** GET /api/Agent/me with the new token: the agent this sign-in acts as. */
  private async whoSignedIn(access: string): Promise<{ id: number; name: string }> {
    const http = new HaloHttp(this.config, {
      limiter: this.limiter,
      tokens: () => ({
        requests: 0,
        get: async () => access,
        invalidate: () => undefined,
        resolveTokenUrl: (signal) => this.signIn.tokenUrl(signal),
      }),
    });
    try {
      const res = await http.request<Record<string, unknown>>({ method: "GET", path: "/Agent/me" });
      const id = Number(res.data?.id);
      const name = typeof res.data?.name === "string" ? res.data.name : "";
      if (!Number.isInteger(id) || id <= 0)
        throw new HaloError("authentication", "Halo did not say which agent signed in (GET /Agent/me).", {
          hint: "Sign in with an agent account.",
        });
      return { id, name: name || `agent ${id}` };
    } finally {
      await http.close();
    }
  }
}
