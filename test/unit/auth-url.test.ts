import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type HaloConfig, loadConfig } from "../../src/config/config.js";
import { HaloError } from "../../src/halo/errors.js";
import { TokenCache } from "../../src/halo/token-cache.js";
import type { RawExchange, RawRequest } from "../../src/halo/transport.js";
import { setLogLevel } from "../../src/util/log.js";

const ENV = {
  HALOPSA_BASE_URL: "https://acme.halopsa.com",
  HALOPSA_CLIENT_ID: "id",
  HALOPSA_CLIENT_SECRET: "review-secret-123456",
};

function config(env: Record<string, string> = {}): HaloConfig {
  const r = loadConfig({ ...ENV, ...env });
  if (!r.ok) throw new Error(r.problems.join(" "));
  return r.config;
}

describe("HALOPSA_AUTH_URL pasted with a query", () => {
  it("drops the query and keeps its tenant when HALOPSA_TENANT is unset", () => {
    const c = config({ HALOPSA_AUTH_URL: "https://acme.halopsa.com/auth/token?tenant=acme" });
    expect(c.authUrl).toBe("https://acme.halopsa.com/auth");
    expect(c.tenant).toBe("acme");
  });

  it("lets HALOPSA_TENANT win over the pasted tenant", () => {
    const c = config({ HALOPSA_AUTH_URL: "https://acme.halopsa.com/auth?tenant=old", HALOPSA_TENANT: "new" });
    expect(c.tenant).toBe("new");
  });

  it("builds a well-formed token URL from it", async () => {
    const c = config({ HALOPSA_AUTH_URL: "https://acme.halopsa.com/auth/token/?tenant=acme" });
    const tokens = new TokenCache(c, vi.fn<RawExchange>());
    expect(await tokens.resolveTokenUrl()).toBe("https://acme.halopsa.com/auth/token?tenant=acme");
  });
});

describe("auth server discovery", () => {
  const answering =
    (body: unknown, status = 200): RawExchange =>
    async () => ({ status, headers: {}, text: JSON.stringify(body), bytes: 0 });

  beforeAll(() => setLogLevel("silent"));
  afterAll(() => setLogLevel("info"));

  it("never sends the secret to a clear-text auth server named by authinfo", async () => {
    const tokens = new TokenCache(config(), answering({ auth_url: "http://evil.example.com/auth" }));
    expect(await tokens.resolveTokenUrl()).toBe("https://acme.halopsa.com/auth/token");
  });

  it("accepts an https auth server, with or without /token and a query", async () => {
    const tokens = new TokenCache(
      config({ HALOPSA_TENANT: "acme" }),
      answering({ auth_url: "https://auth.acme.example.com/auth/token" }),
    );
    expect(await tokens.resolveTokenUrl()).toBe("https://auth.acme.example.com/auth/token?tenant=acme");
  });

  it("asks again (after a pause) after a failed (network) discovery instead of caching the fallback", async () => {
    let calls = 0;
    let now = 1_000_000;
    const exchange: RawExchange = async (req: RawRequest) => {
      calls++;
      if (calls === 1) throw new HaloError("network", "ECONNRESET talking to acme.halopsa.com.");
      expect(req.url).toBe("https://acme.halopsa.com/api/authinfo");
      return {
        status: 200,
        headers: {},
        text: '{"auth_url":"https://login.acme.example.com/auth"}',
        bytes: 0,
      };
    };
    const tokens = new TokenCache(config(), exchange, () => now);
    expect(await tokens.resolveTokenUrl()).toBe("https://acme.halopsa.com/auth/token");
    // Meanwhile the fallback is used without waiting on authinfo again.
    expect(await tokens.resolveTokenUrl()).toBe("https://acme.halopsa.com/auth/token");
    expect(calls).toBe(1);
    now += 60_000;
    expect(await tokens.resolveTokenUrl()).toBe("https://login.acme.example.com/auth/token");
    expect(await tokens.resolveTokenUrl()).toBe("https://login.acme.example.com/auth/token");
    expect(calls).toBe(2);
  });
});
