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

import { createHash, timingSafeEqual } from "node:crypto";
import type { OAuthRegisteredClientsStore } from "@modelcontextprotocol/sdk/server/auth/clients.js";
import {
  InvalidClientMetadataError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidTargetError,
  InvalidTokenError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
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

/** A registered client is kept this long after its last sign-in or refresh… */
const CLIENT_TTL_MS = 180 * 24 * 3_600_000;
/** …and a client never used for a sign-in only a day: registration is open to anyone. */
export const CLIENT_UNUSED_TTL_MS = 24 * 3_600_000;
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
  /** The authorization request named redirect_uri: the token request must repeat it (RFC 6749 4.1.3). */
  redirectUriGiven?: boolean;
  /** Epoch ms: the pending sign-in ends then, however often it is rewritten. */
  expiresAt: number;
  /** Digest of the cookie of the browser that was shown the consent page. */
  browser?: string;
  /** The person allowed it, in that browser. */
  approved?: boolean;
}

/** What the consent page shows. */
export interface ConsentView {
  /** The cookie value that ties this browser to the sign-in. */
  browserSecret: string;
  clientName?: string;
  redirectUri: string;
}

/** Registration limits: a client's metadata is stored for months and its name is shown to people. */
export const CLIENT_LIMITS = { metadataBytes: 8_192, redirectUris: 10, uriChars: 1_000, nameChars: 200 };

/**
 * A redirect URI we will send codes to: https; http only to this machine
 * (RFC 8252 loopback); or an app's private scheme (cursor://, vscode://).
 * Never a fragment (RFC 6749 3.1.2) or user info (an address that reads as
 * one host and goes to another), never a scheme a browser runs or reads
 * locally.
 */
export function redirectUriProblem(uri: string): string | undefined {
  if (uri.length > CLIENT_LIMITS.uriChars) return "is too long";
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return "is not a URL";
  }
  if (u.hash || uri.includes("#")) return "has a fragment";
  if (u.username || u.password) return "has user info";
  const scheme = u.protocol.slice(0, -1).toLowerCase();
  if (scheme === "https") return u.hostname ? undefined : "has no host";
  if (scheme === "http")
    return ["127.0.0.1", "[::1]", "localhost"].includes(u.hostname)
      ? undefined
      : "is plain http to another machine (https or a loopback address only)";
  if (
    [
      "javascript",
      "data",
      "vbscript",
      "file",
      "blob",
      "about",
      "filesystem",
      "ftp",
      "ws",
      "wss",
      "mailto",
      "chrome",
      "view-source",
    ].includes(scheme)
  )
    return `uses the ${scheme}: scheme`;
  return undefined;
}

/** Who a code or token belongs to. */
export interface Holder {
  clientId: string;
  agentId: number;
  agentName: string;
  scopes: string[];
  resource?: string;
  /** The sign-in this token descends from: revoked together (refresh-token reuse, RFC 7009). */
  family?: string;
}

interface CodeRecord extends Holder {
  redirectUri: string;
  redirectUriGiven?: boolean;
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
    /** Our public URL (no trailing slash): the consent page and the resource (RFC 8707) we issue tokens for. */
    private readonly publicUrl: string,
  ) {
    this.clientsStore = {
      getClient: async (id: string) => {
        const raw = await store.get(`client:${id}`);
        return raw ? (JSON.parse(raw) as OAuthClientInformationFull) : undefined;
      },
      registerClient: async (client) => {
        const full = client as OAuthClientInformationFull;
        checkRegistration(full);
        await store.set(`client:${full.client_id}`, JSON.stringify(full), CLIENT_UNUSED_TTL_MS);
        return full;
      },
    };
  }

  /** A resource (RFC 8707) naming this server: its MCP endpoint or its base URL. */
  isOurs(resource: string | URL | undefined): boolean {
    if (resource === undefined) return true;
    const href = (typeof resource === "string" ? resource : resource.href).replace(/\/$/, "");
    return href === `${this.publicUrl}/mcp` || href === this.publicUrl;
  }

  /**
   * The person is first shown our consent page (consent.ts): which client
   * asks and where its answer goes. Only after they allow it, in that
   * browser, does the browser go to Halo.
   */
  async authorize(
    client: OAuthClientInformationFull,
    params: AuthorizationParams,
    res: { redirect(url: string): void },
  ): Promise<void> {
    // A token for another resource would be refused at /mcp anyway; say so now (RFC 8707 invalid_target).
    if (!this.isOurs(params.resource))
      throw new InvalidTargetError("This server issues tokens for itself only.");
    // The SDK matched it to a registered one ignoring the fragment and user info; neither may ride along.
    const presented = new URL(params.redirectUri);
    if (presented.hash || params.redirectUri.includes("#") || presented.username || presented.password)
      throw new InvalidRequestError("redirect_uri must not carry a fragment or user info.");
    const tx = randomToken();
    const pending: PendingSignIn = {
      clientId: client.client_id,
      redirectUri: params.redirectUri,
      codeChallenge: params.codeChallenge,
      state: params.state,
      scopes: params.scopes ?? [],
      resource: params.resource?.href,
      verifier: pkcePair().verifier,
      expiresAt: Date.now() + SIGNIN_TTL_MS,
      redirectUriGiven: (res as { locals?: Record<string, unknown> }).locals?.redirectUriGiven === true,
    };
    await this.putPending(tx, pending);
    res.redirect(`${this.publicUrl}/oauth/consent?tx=${encodeURIComponent(tx)}`);
  }

  private async putPending(tx: string, pending: PendingSignIn): Promise<void> {
    const left = pending.expiresAt - Date.now();
    if (left > 0) await this.store.set(`signin:${digest(tx)}`, JSON.stringify(pending), left);
  }

  private async getPending(tx: unknown): Promise<PendingSignIn | undefined> {
    if (typeof tx !== "string" || !tx || tx.length > 100) return undefined;
    const raw = await this.store.get(`signin:${digest(tx)}`);
    return raw ? (JSON.parse(raw) as PendingSignIn) : undefined;
  }

  /**
   * The consent page is shown: this browser (a new cookie) becomes the one
   * the sign-in belongs to, and any earlier approval is void — a link one
   * person approved cannot be finished by whoever opens the page next.
   */
  async startConsent(tx: unknown): Promise<ConsentView> {
    const pending = await this.getPending(tx);
    if (!pending) throw expired();
    const browserSecret = randomToken();
    await this.putPending(tx as string, { ...pending, browser: digest(browserSecret), approved: false });
    const client = await this.clientsStore.getClient(pending.clientId);
    return { browserSecret, clientName: client?.client_name, redirectUri: pending.redirectUri };
  }

  /** The person allowed or denied, in the browser that was shown the page. Answers where the browser goes next. */
  async decide(tx: unknown, browserSecret: string | undefined, allow: boolean): Promise<string> {
    const pending = await this.getPending(tx);
    if (!pending) throw expired();
    if (!sameBrowser(pending, browserSecret)) throw otherBrowser();
    if (!allow) {
      await this.store.delete(`signin:${digest(tx as string)}`);
      const back = new URL(pending.redirectUri);
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_description", "The person did not allow access.");
      if (pending.state !== undefined) back.searchParams.set("state", pending.state);
      return back.toString();
    }
    await this.putPending(tx as string, { ...pending, approved: true });
    // Our PKCE pair for Halo: the verifier stays in the pending record.
    return this.signIn.authorizeUrl(tx as string, challengeOf(pending.verifier));
  }

  /**
   * Halo redirected back: redeem its code, learn who signed in, keep the
   * grant under that agent, and send the browser back to the MCP client with
   * our own code. Answers the URL to redirect to, or throws for a page.
   */
  async completeSignIn(query: Record<string, unknown>, browserSecret: string | undefined): Promise<string> {
    const state = typeof query.state === "string" && query.state.length <= 100 ? query.state : "";
    const raw = state ? await this.store.take(`signin:${digest(state)}`) : undefined;
    if (!raw) throw expired();
    const pending = JSON.parse(raw) as PendingSignIn;
    // Halo's answer counts only in the browser where the person allowed this client.
    if (!pending.approved || !sameBrowser(pending, browserSecret)) throw otherBrowser();
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
      redirectUriGiven: pending.redirectUriGiven,
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
    if (!record) {
      // A code redeemed before and presented again was intercepted, or is replayed:
      // the tokens it gave are revoked (RFC 6749 4.1.2).
      const used = await this.store.get(`used-code:${digest(code)}`);
      if (used) await this.revokeFamily(used, "an authorization code was presented twice", client.client_id);
      throw new InvalidGrantError("Invalid authorization code");
    }
    if (record.clientId !== client.client_id) throw new InvalidGrantError("Invalid authorization code");
    return record.codeChallenge;
  }

  async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
    _verifier?: string,
    redirectUri?: string,
    resource?: URL,
  ): Promise<OAuthTokens> {
    // Taken, not read: a code is redeemed once, even if two replicas get it at the same moment.
    const raw = await this.store.take(`code:${digest(code)}`);
    const record = raw ? (JSON.parse(raw) as CodeRecord) : undefined;
    if (!record || record.clientId !== client.client_id)
      throw new InvalidGrantError("Invalid authorization code");
    if (redirectUri !== undefined ? redirectUri !== record.redirectUri : record.redirectUriGiven)
      throw new InvalidGrantError("redirect_uri does not match the authorization request");
    if (
      !this.isOurs(resource) ||
      (resource && record.resource && !sameResource(resource.href, record.resource))
    )
      throw new InvalidTargetError("The resource differs from the authorization request's.");
    const family = randomToken();
    await this.store.set(`used-code:${digest(code)}`, familyNote(family, record), CODE_TTL_MS);
    await this.keepClient(client);
    return this.issue({ ...record, family, resource: record.resource ?? resource?.href });
  }

  /**
   * Refresh tokens rotate; the one presented is retired. A retired one
   * presented again means two parties hold it (a copy was stolen): the whole
   * grant — every access and refresh token descended from that sign-in — is
   * revoked (RFC 9700 4.14.2), and the person signs in again.
   */
  async exchangeRefreshToken(
    client: OAuthClientInformationFull,
    refreshToken: string,
    _scopes?: string[],
    resource?: URL,
  ): Promise<OAuthTokens> {
    const d = digest(refreshToken);
    const seen = await this.store.get(`refresh:${d}`);
    if (!seen) {
      const retired = await this.store.get(`retired:${d}`);
      if (retired)
        await this.revokeFamily(retired, "a retired refresh token was presented again", client.client_id);
      throw new InvalidGrantError("Invalid refresh token");
    }
    // Another client's token is refused without spending it.
    if ((JSON.parse(seen) as Holder).clientId !== client.client_id)
      throw new InvalidGrantError("Invalid refresh token");
    const raw = await this.store.take(`refresh:${d}`);
    const holder = raw ? (JSON.parse(raw) as Holder) : undefined;
    if (!holder) throw new InvalidGrantError("Invalid refresh token");
    if (holder.family)
      await this.store.set(`retired:${d}`, familyNote(holder.family, holder), REFRESH_TTL_MS);
    if (await this.familyRevoked(holder)) throw new InvalidGrantError("Invalid refresh token");
    if (
      !this.isOurs(resource) ||
      (resource && holder.resource && !sameResource(resource.href, holder.resource))
    )
      throw new InvalidTargetError("The resource differs from the one this grant was issued for.");
    if (!(await readGrant(this.store, holder.agentId)))
      throw new InvalidGrantError("The Halo sign-in has ended; sign in again");
    await this.keepClient(client);
    return this.issue(holder);
  }

  /** A client in use is kept for months; one nobody signed in with goes after a day. */
  private keepClient(client: OAuthClientInformationFull): Promise<void> {
    return this.store.set(`client:${client.client_id}`, JSON.stringify(client), CLIENT_TTL_MS);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const raw = await this.store.get(`access:${digest(token)}`);
    const rec = raw ? (JSON.parse(raw) as AccessRecord) : undefined;
    if (!rec || rec.expiresAt * 1000 <= Date.now()) throw new InvalidTokenError("Invalid or expired token");
    if (await this.familyRevoked(rec)) throw new InvalidTokenError("Invalid or expired token");
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

  /**
   * RFC 7009. Only the client the token was issued to may revoke it (2.1);
   * others are ignored silently. A refresh token takes its whole grant with it
   * (2.1: the access tokens of the same grant too).
   */
  async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest): Promise<void> {
    const d = digest(request.token);
    for (const kind of ["access", "refresh"]) {
      const raw = await this.store.get(`${kind}:${d}`);
      const holder = raw ? (JSON.parse(raw) as Holder) : undefined;
      if (!holder || holder.clientId !== client.client_id) continue;
      await this.store.delete(`${kind}:${d}`);
      if (kind === "refresh" && holder.family) await this.revokeFamily(familyNote(holder.family, holder));
    }
  }

  /**
   * Ends every token of a grant. `note` is what was remembered of it
   * (familyNote); `why` and the presenting client go to the log, so an admin
   * sees whose grant ended and why (a replay is a stolen token or a client
   * that refreshed twice at once).
   */
  private async revokeFamily(note: string, why?: string, presentedBy?: string): Promise<void> {
    const { family, agentId, clientId } = readFamilyNote(note);
    // Outlives every token of the family: the longest is a refresh token.
    await this.store.set(`revoked:${family}`, "1", REFRESH_TTL_MS);
    if (why)
      log.warn(
        `token grant revoked: ${why} (agent ${agentId ?? "?"}, issued to client ${clientId ?? "?"}${presentedBy && presentedBy !== clientId ? `, presented by client ${presentedBy}` : ""}); that person signs in again.`,
      );
  }

  private async familyRevoked(holder: Holder): Promise<boolean> {
    return holder.family !== undefined && (await this.store.get(`revoked:${holder.family}`)) !== undefined;
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
      family: holder.family,
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

const expired = () =>
  new HaloError(
    "input",
    "this sign-in link has expired or was already used; start again from your MCP client.",
  );

const otherBrowser = () =>
  new HaloError(
    "input",
    "this sign-in was not allowed in this browser; start again from your MCP client and allow it on this server's page.",
  );

function sameBrowser(pending: PendingSignIn, browserSecret: string | undefined): boolean {
  if (!pending.browser || !browserSecret) return false;
  const a = Buffer.from(pending.browser);
  const b = Buffer.from(digest(browserSecret));
  return a.length === b.length && timingSafeEqual(a, b);
}

const challengeOf = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

const sameResource = (a: string, b: string) => a.replace(/\/$/, "") === b.replace(/\/$/, "");

/** RFC 7591 metadata within bounds; every redirect URI one we would send a code to. */
function checkRegistration(client: OAuthClientInformationFull): void {
  const size = Buffer.byteLength(JSON.stringify(client));
  if (size > CLIENT_LIMITS.metadataBytes)
    throw new InvalidClientMetadataError(
      `Client metadata is limited to ${CLIENT_LIMITS.metadataBytes} bytes.`,
    );
  const uris = client.redirect_uris ?? [];
  if (uris.length === 0 || uris.length > CLIENT_LIMITS.redirectUris)
    throw new InvalidClientMetadataError(
      `Between 1 and ${CLIENT_LIMITS.redirectUris} redirect_uris are accepted.`,
    );
  for (const uri of uris) {
    const problem = redirectUriProblem(String(uri));
    if (problem)
      throw new InvalidClientMetadataError(
        `redirect_uri ${JSON.stringify(String(uri).slice(0, 100))} ${problem}.`,
      );
  }
  if (client.client_name !== undefined && client.client_name.length > CLIENT_LIMITS.nameChars)
    throw new InvalidClientMetadataError(`client_name is limited to ${CLIENT_LIMITS.nameChars} characters.`);
}

/** What is remembered of a grant where a replay could show up: its family, whose it is, which client. */
function familyNote(family: string, holder: Pick<Holder, "agentId" | "clientId">): string {
  return JSON.stringify({ family, agentId: holder.agentId, clientId: holder.clientId });
}

function readFamilyNote(note: string): { family: string; agentId?: number; clientId?: string } {
  try {
    const v = JSON.parse(note) as { family?: unknown; agentId?: unknown; clientId?: unknown };
    if (typeof v.family === "string")
      return {
        family: v.family,
        agentId: typeof v.agentId === "number" ? v.agentId : undefined,
        clientId: typeof v.clientId === "string" ? v.clientId : undefined,
      };
  } catch {
    // a bare family ID
  }
  return { family: note };
}
