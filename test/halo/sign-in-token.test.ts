/**
 * The signed-in grant inside the one token cache: the token host guard
 * covers every sign-in endpoint (authorize, token, revoke), and a refresh that
 * meets a passing fault at the token endpoint is retried without losing the
 * rotated refresh token.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FakeHalo } from "../../fake-halo/index.js";
import { pkceChallenge, pkceVerifier } from "../../src/cli/login.js";
import { loadConfig } from "../../src/config/config.js";
import { readSignIn, writeSignIn } from "../../src/config/sign-in-store.js";
import { createHalo } from "../../src/halo/index.js";
import { R } from "../../src/halo/resources.js";
import { TokenCache } from "../../src/halo/token-cache.js";
import { createTransport } from "../../src/halo/transport.js";
import { caught, startFake, useCoreHarness } from "../helpers/halo-client.js";

useCoreHarness();

const NATIVE = "native-core";
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The code flow by hand (the browser's part included): a refresh token for agent `agentId`. */
async function signInAt(
  fake: FakeHalo,
  agentId: number,
  secret?: string,
): Promise<{ refresh: string; access: string }> {
  const verifier = pkceVerifier();
  const redirect = "http://127.0.0.1:9/callback";
  const form = new URLSearchParams({
    response_type: "code",
    client_id: NATIVE,
    redirect_uri: redirect,
    scope: "all offline_access",
    state: "x",
    code_challenge: pkceChallenge(verifier),
    code_challenge_method: "S256",
    username: fake.db.agents.get(agentId)?.email as string,
    password: fake.auth.password,
  });
  const res = await fetch(`${fake.url}/auth/authorize`, { method: "POST", body: form, redirect: "manual" });
  const code = new URL(res.headers.get("location") as string).searchParams.get("code") as string;
  const token = await fetch(`${fake.url}/auth/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: NATIVE,
      code,
      redirect_uri: redirect,
      code_verifier: verifier,
      ...(secret ? { client_secret: secret } : {}),
    }),
  });
  const body = (await token.json()) as { refresh_token: string; access_token: string };
  return { refresh: body.refresh_token, access: body.access_token };
}

describe("the token host guard covers every sign-in endpoint", () => {
  it("an auth server named by the settings file on another domain gets neither the authorise step nor the revocation", async () => {
    const fake = await startFake({ tickets: 1 });
    const loaded = loadConfig(
      { HALOPSA_BASE_URL: fake.url, HALOPSA_CLIENT_ID: NATIVE },
      {
        path: "/x/.env",
        explicit: true,
        values: { HALOPSA_AUTH_URL: "https://login.evil.example/auth" },
        warnings: [],
      },
      { forLogin: true },
    );
    if (!loaded.ok) throw new Error(loaded.problems.join(" "));
    const t = createTransport(2000);
    try {
      const cache = new TokenCache(loaded.config, t.exchange);
      for (const leaf of ["authorize", "token", "revoke"] as const) {
        const err = await caught(cache.authEndpoint(leaf));
        expect(err.kind).toBe("configuration");
        expect(err.message).toContain("login.evil.example");
      }
    } finally {
      await t.close();
    }
  });
});

describe("a signed-in person's token", () => {
  it("a 503 from the token endpoint during a refresh is retried; the rotated refresh token is kept", async () => {
    const fake = await startFake({ tickets: 3, auth: { clientId: NATIVE } });
    const { refresh } = await signInAt(fake, 4);
    const dir = mkdtempSync(join(tmpdir(), "halopsa-signin-"));
    dirs.push(dir);
    const file = join(dir, "sign-in.json");
    // No access token stored: the first call must refresh.
    writeSignIn(file, {
      v: 1,
      baseUrl: fake.url,
      clientId: NATIVE,
      agent: { id: 4, name: fake.db.agents.get(4)?.name as string },
      refreshToken: refresh,
      signedInAt: new Date().toISOString(),
    });
    const loaded = loadConfig({ HALOPSA_BASE_URL: fake.url, HALOPSA_RETRY_BASE_MS: "20" }, undefined, {
      signIn: () => ({ file, data: readSignIn(file) as NonNullable<ReturnType<typeof readSignIn>> }),
    });
    if (!loaded.ok) throw new Error(loaded.problems.join(" "));
    expect(loaded.config.grant).toBe("authorization_code");
    expect(loaded.config.clientId).toBe(NATIVE);
    fake.addFault({ method: "POST", path: "/auth/token", kind: "503" });
    const halo = createHalo(loaded.config);
    try {
      const me = await halo.lookups.me();
      expect(me.id).toBe(4);
      expect(fake.auth.counts.refreshes).toBe(1);
      const after = readSignIn(file);
      expect(after?.refreshToken).not.toBe(refresh);
      expect(after?.accessToken).toBeTruthy();
      // The ticket list is read as agent 4 too (the same token).
      await halo.resources.list(R.tickets, {}, { pageSize: 1 });
      expect(fake.auth.counts.refreshes).toBe(1);
    } finally {
      await halo.close();
    }
  });
});

describe("a confidential application (its secret configured beside its client ID)", () => {
  const SECRET = "confidential-app-secret-0123";

  async function halfSignedIn(env: Record<string, string>) {
    const fake = await startFake({ tickets: 1, auth: { clientId: NATIVE, clientSecret: SECRET } });
    const { refresh } = await signInAt(fake, 4, SECRET);
    const dir = mkdtempSync(join(tmpdir(), "halopsa-signin-"));
    dirs.push(dir);
    const file = join(dir, "sign-in.json");
    writeSignIn(file, {
      v: 1,
      baseUrl: fake.url,
      clientId: NATIVE,
      agent: { id: 4, name: fake.db.agents.get(4)?.name as string },
      refreshToken: refresh,
      signedInAt: new Date().toISOString(),
    });
    const loaded = loadConfig(
      { HALOPSA_BASE_URL: fake.url, HALOPSA_RETRY_BASE_MS: "20", ...env },
      undefined,
      {
        signIn: () => ({ file, data: readSignIn(file) as NonNullable<ReturnType<typeof readSignIn>> }),
      },
    );
    if (!loaded.ok) throw new Error(loaded.problems.join(" "));
    return { fake, halo: createHalo(loaded.config), config: loaded.config };
  }

  it("refreshes with the secret, as at login: the person stays signed in past the first hour", async () => {
    const { fake, halo, config } = await halfSignedIn({
      HALOPSA_CLIENT_ID: NATIVE,
      HALOPSA_CLIENT_SECRET: SECRET,
    });
    try {
      expect(config.grant).toBe("authorization_code");
      expect((await halo.lookups.me()).id).toBe(4);
      expect(fake.auth.counts.refreshes).toBe(1);
    } finally {
      await halo.close();
    }
  });

  it("a secret configured for another client ID is not sent with this sign-in's refresh", async () => {
    const { fake, halo } = await halfSignedIn({
      HALOPSA_CLIENT_ID: "service-app",
      HALOPSA_CLIENT_SECRET: SECRET,
    });
    try {
      const err = await caught(halo.lookups.me());
      expect(err.kind).toBe("authentication");
      expect(fake.auth.counts.refreshes).toBe(0);
      // Halo refused it for want of the secret (invalid_client), so every process now says to log in again.
      expect(err.message).toContain("invalid_client");
    } finally {
      await halo.close();
    }
  });
});
