/**
 * One signed-in person's Halo tokens, shared by every replica: the grant
 * (access token, its expiry, the refresh token) lives in the store under
 * that person's agent ID only. A refresh is single-flight in this process
 * and, through a store lock, across replicas, so Halo's refresh token is
 * redeemed once even when it rotates.
 */
import { HaloError } from "../halo/errors.js";
import type { TokenSource } from "../halo/http.js";
import { registerSecret } from "../util/log.js";
import type { HaloGrant, HaloSignIn } from "./halo-signin.js";
import type { SharedStore } from "./store.js";

export interface StoredGrant extends HaloGrant {
  agentId: number;
  agentName: string;
  /** When this access token was stored (epoch ms): a 401 after it means a newer one is needed. */
  storedAt?: number;
}

/** A grant lasts while it is used: each refresh extends it this long. */
export const GRANT_TTL_MS = 30 * 24 * 3_600_000;
/** Tokens are refreshed this long before they expire. */
const SKEW_MS = 60_000;
/** Longest a refresh may hold the lock (a Halo round trip within the transport's timeout). */
const LOCK_MS = 30_000;
const LOCK_POLL_MS = 100;

export const grantKey = (agentId: number) => `grant:${agentId}`;

export async function readGrant(store: SharedStore, agentId: number): Promise<StoredGrant | undefined> {
  const raw = await store.get(grantKey(agentId));
  if (!raw) return undefined;
  const grant = JSON.parse(raw) as StoredGrant;
  // A grant is only ever this user's: the key and the record must agree (the store also binds value to key).
  return grant.agentId === agentId ? grant : undefined;
}

export function writeGrant(store: SharedStore, grant: StoredGrant): Promise<void> {
  return store.set(grantKey(grant.agentId), JSON.stringify({ ...grant, storedAt: Date.now() }), GRANT_TTL_MS);
}

export const signedOut = () =>
  new HaloError("authentication", "your Halo sign-in has ended (signed out, expired or revoked).", {
    hint: "Sign in again: reconnect this MCP server in your client, which opens Halo's sign-in page.",
  });

export class UserTokens implements TokenSource {
  requests = 0;
  private cached: { value: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  /** A token Halo refused (401): not to be used again even if the store still holds it. */
  private dead: string | undefined;
  /**
   * When Halo last refused a token: Halo may have ended every token of this
   * person (expiry, an admin), so only a grant stored after that is trusted;
   * an older one is refreshed.
   */
  private refusedAt: number | undefined;

  constructor(
    private readonly store: SharedStore,
    private readonly signIn: HaloSignIn,
    readonly agentId: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(signal?: AbortSignal): Promise<string> {
    const c = this.cached;
    if (c && this.now() < c.refreshAt) return Promise.resolve(c.value);
    this.inflight ??= this.load(signal).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  invalidate(value: string): void {
    if (this.cached?.value === value) this.cached = undefined;
    this.dead = value;
    this.refusedAt = Date.now();
  }

  resolveTokenUrl(signal?: AbortSignal): Promise<string> {
    return this.signIn.tokenUrl(signal);
  }

  private usable(g: StoredGrant): boolean {
    if (g.access === this.dead || this.now() >= g.accessExpiresAt - SKEW_MS) return false;
    return this.refusedAt === undefined || (g.storedAt ?? 0) > this.refusedAt;
  }

  private remember(g: StoredGrant): string {
    registerSecret(g.access);
    this.cached = { value: g.access, refreshAt: g.accessExpiresAt - SKEW_MS };
    return g.access;
  }

  private async load(signal?: AbortSignal): Promise<string> {
    const deadline = this.now() + LOCK_MS;
    for (;;) {
      const grant = await readGrant(this.store, this.agentId);
      if (!grant) throw signedOut();
      if (this.usable(grant)) return this.remember(grant);
      const unlock = await this.store.lock(`refresh:${this.agentId}`, LOCK_MS);
      if (!unlock) {
        // Another replica is refreshing: its new grant shows up in the store.
        if (this.now() > deadline)
          throw new HaloError("timeout", "waiting for another replica to refresh the Halo token.", {
            notSent: true,
          });
        await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
        continue;
      }
      try {
        const latest = await readGrant(this.store, this.agentId);
        if (!latest) throw signedOut();
        if (this.usable(latest)) return this.remember(latest);
        if (!latest.refresh) {
          await this.store.delete(grantKey(this.agentId));
          throw signedOut();
        }
        this.requests++;
        let fresh: HaloGrant;
        try {
          fresh = await this.signIn.refresh(latest.refresh, signal);
        } catch (err) {
          // Halo said the sign-in is over: forget it everywhere, so every replica asks for a new sign-in.
          if (err instanceof HaloError && err.kind === "authentication")
            await this.store.delete(grantKey(this.agentId));
          throw err;
        }
        const next: StoredGrant = { ...latest, ...fresh, refresh: fresh.refresh ?? latest.refresh };
        await writeGrant(this.store, next);
        return this.remember(next);
      } finally {
        await unlock();
      }
    }
  }
}
