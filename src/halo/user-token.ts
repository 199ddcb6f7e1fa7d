/**
 * Access tokens for a person who signed in (grant authorization_code): got
 * from the stored sign-in's refresh token, exclusively (the sign-in file's lock
 * on one machine, SignInStore elsewhere), so
 * however many processes of the user need a token at once, one refreshes
 * and the others take the token it stored. Refresh tokens rotate: the new one
 * replaces the old in the file before the lock is let go.
 *
 * The TokenCache calls this in place of the client-credentials request; its
 * single-flight and refresh-ahead apply unchanged.
 */
import type { HaloConfig } from "../config/config.js";
import type { SignInStore, StoredSignIn } from "../config/sign-in-store.js";
import { registerSecret } from "../util/log.js";
import { HaloError } from "./errors.js";
import { readTokenAnswer, type TokenEndpoint } from "./token-cache.js";
import type { RawExchange } from "./transport.js";

const AUTH_ANSWER_MAX_BYTES = 1024 * 1024;
const LOGIN_AGAIN =
  "Run `halopsa-mcp login` to sign in again (or `halopsa-mcp logout` to go back to the API application's client credentials), then restart Claude Code.";

/** Reuse a stored access token only while this much of its life is left (as the cache's refresh-ahead). */
const skewOf = (ttlMs: number) => Math.min(60_000, ttlMs * 0.1);

function refusedError(stored: Pick<StoredSignIn, "agent">, reason: string): HaloError {
  return new HaloError(
    "authentication",
    `Halo no longer accepts your sign-in as ${stored.agent.name} (${reason}): it was revoked, expired or replaced.`,
    { permanent: true, notSent: true, hint: LOGIN_AGAIN },
  );
}

/**
 * A valid access token for the signed-in person. `rejected`: a token the API
 * just refused (401), never to be handed out again even if the file still has it.
 */
export async function signedInToken(
  store: SignInStore,
  config: HaloConfig,
  exchange: RawExchange,
  endpoint: TokenEndpoint,
  rejected: string | undefined,
  now: () => number,
): Promise<{ access: string; ttlMs: number }> {
  // Held across the refresh request: one transport timeout at most.
  const bound = config.timeoutMs + 30_000;
  return store.exclusive(async () => {
    const stored = await store.read();
    if (!stored)
      throw new HaloError("authentication", "you are signed out of Halo (the stored sign-in is gone).", {
        permanent: true,
        notSent: true,
        hint: LOGIN_AGAIN,
      });
    if (stored.refused) throw refusedError(stored, stored.refused.reason);
    const t = now();
    const ttl = stored.accessTtlMs ?? 3_600_000;
    // Another process refreshed a moment ago: its token serves this one too.
    if (
      stored.accessToken &&
      stored.accessToken !== rejected &&
      stored.accessExpiresAt !== undefined &&
      t < stored.accessExpiresAt - skewOf(ttl)
    )
      return { access: stored.accessToken, ttlMs: stored.accessExpiresAt - t };

    const form = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: stored.clientId,
      refresh_token: stored.refreshToken,
    });
    // A confidential application (its secret configured for this client ID) authenticates every refresh.
    if (config.clientSecret && config.clientId === stored.clientId)
      form.set("client_secret", config.clientSecret);
    const res = await exchange({
      method: "POST",
      url: endpoint.url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      limitBytes: AUTH_ANSWER_MAX_BYTES,
    });
    let code: string | undefined;
    try {
      const body = JSON.parse(res.text) as { error?: unknown };
      code = typeof body.error === "string" ? body.error : undefined;
    } catch {
      code = undefined;
    }
    if (code === "invalid_grant" || code === "invalid_client" || code === "unauthorized_client") {
      // Remembered, so every process of this user says the same thing until login or logout.
      await store.write({
        ...stored,
        accessToken: undefined,
        refused: { at: new Date().toISOString(), reason: code },
      });
      throw refusedError(stored, code);
    }
    const { access, ttlMs } = readTokenAnswer(res, endpoint, config);
    let rotated: string | undefined;
    try {
      const r = (JSON.parse(res.text) as { refresh_token?: unknown }).refresh_token;
      rotated = typeof r === "string" && r ? r : undefined;
    } catch {
      rotated = undefined;
    }
    registerSecret(rotated);
    const after = now();
    await store.write({
      ...stored,
      refreshToken: rotated ?? stored.refreshToken,
      accessToken: access,
      accessExpiresAt: after + ttlMs,
      accessTtlMs: ttlMs,
      refreshedAt: new Date(after).toISOString(),
    });
    return { access, ttlMs };
  }, bound);
}
