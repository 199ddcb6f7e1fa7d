import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type HaloConfig, loadConfig } from "../../src/config/config.js";
import { HaloError } from "../../src/halo/errors.js";
import { HaloHttp } from "../../src/halo/http.js";
import { Lookups } from "../../src/halo/lookups.js";
import { RollingWindowLimiter } from "../../src/halo/rate-limiter.js";
import type { HaloResources } from "../../src/halo/resources.js";
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

describe("a POST refused with a non-validation 4xx", () => {
  let server: Server;
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith("/auth/token")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ access_token: "review-token-abcdef", expires_in: 3600 }));
      } else if (req.url?.startsWith("/api/authinfo")) {
        res.writeHead(404).end();
      } else {
        res.writeHead(413, { "content-type": "application/json" }).end('"Request body too large"');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is reported as refused, not as a write that may have landed", async () => {
    const http = new HaloHttp(config({ HALOPSA_BASE_URL: url, HALOPSA_RETRY_BASE_MS: "5" }));
    try {
      const err = await http
        .request({ method: "POST", path: "/Attachment", body: [{}] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HaloError);
      expect((err as HaloError).kind).toBe("validation");
      expect((err as HaloError).status).toBe(413);
      expect((err as HaloError).message).toContain("Request body too large");
    } finally {
      await http.close();
    }
  });
});

describe("shared lookups and cancellation", () => {
  it("one caller's cancellation does not fail the others waiting on the same load", async () => {
    let finish: (rows: unknown[]) => void = () => undefined;
    const signals: (AbortSignal | undefined)[] = [];
    const resources = {
      lookup: (_path: string, _q: unknown, opts: { signal?: AbortSignal } = {}) => {
        signals.push(opts.signal);
        return new Promise<unknown[]>((resolve) => {
          finish = resolve;
        });
      },
    } as unknown as HaloResources;
    const lookups = new Lookups(resources);
    const ctl = new AbortController();
    const first = lookups.all("statuses", ctl.signal);
    const second = lookups.all("statuses");
    ctl.abort();
    await expect(first).rejects.toMatchObject({ kind: "cancelled" });
    finish([{ id: 1, name: "New" }]);
    await expect(second).resolves.toEqual([{ id: 1, name: "New" }]);
    expect(signals).toEqual([undefined]);
  });
});

describe("RollingWindowLimiter wake-up timer", () => {
  afterEach(() => vi.useRealTimers());

  it("is cleared when the last waiter gives up, so nothing holds the process open", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const limiter = new RollingWindowLimiter({ max: 1, windowMs: 300_000 }, () => Date.now());
    (await limiter.acquire())();
    const ctl = new AbortController();
    const waiting = limiter.acquire(ctl.signal);
    expect(vi.getTimerCount()).toBe(1);
    ctl.abort();
    await expect(waiting).rejects.toBeDefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
