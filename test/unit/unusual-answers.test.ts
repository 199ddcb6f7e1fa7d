/**
 * Answers and failures that must not be retried or misread: TLS certificate
 * errors, redirects (API and token endpoint), Retry-After on 503 and on the
 * token endpoint, and configuration values Node timers cannot hold.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { decode } from "../../src/halo/decode.js";
import { readTokenAnswer, type TokenEndpoint } from "../../src/halo/token-cache.js";
import type { RawResponse } from "../../src/halo/transport.js";
import { transportError } from "../../src/halo/transport.js";
import { thrown } from "../helpers/thrown.js";

const answer = (status: number, headers: RawResponse["headers"] = {}, text = ""): RawResponse => ({
  status,
  headers,
  text,
  bytes: text.length,
});

describe("TLS certificate failures", () => {
  const req = { method: "POST" as const, url: "https://halo.acme.example/api/Tickets" };
  const tlsError = (code: string, wrapped: boolean) => {
    const err = Object.assign(new Error(`certificate problem ${code}`), { code });
    return wrapped ? new TypeError("fetch failed", { cause: err }) : err;
  };

  it.each([
    ["DEPTH_ZERO_SELF_SIGNED_CERT", false],
    ["SELF_SIGNED_CERT_IN_CHAIN", true],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", false],
    ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", true],
    ["CERT_HAS_EXPIRED", false],
    ["ERR_TLS_CERT_ALTNAME_INVALID", false],
    ["CERT_UNTRUSTED", true],
  ])("%s is permanent, not sent, and the hint names the host and what to do", (code, wrapped) => {
    const err = transportError(tlsError(code, wrapped), req, { timeoutMs: 1000, timedOut: false });
    expect(err.transient).toBe(false);
    expect(err.notSent).toBe(true);
    expect(err.message).toContain("halo.acme.example");
    expect(err.message).toContain(code);
    expect(err.message).toContain("certificate");
    expect(err.hint).not.toContain("Check the network");
    if (code === "ERR_TLS_CERT_ALTNAME_INVALID") expect(err.hint).toContain("HALOPSA_BASE_URL");
    else expect(err.hint).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("a reset or a TLS handshake timeout is still worth retrying", () => {
    for (const code of ["ECONNRESET", "ERR_TLS_HANDSHAKE_TIMEOUT"]) {
      const err = transportError(tlsError(code, false), req, { timeoutMs: 1000, timedOut: false });
      expect(err.transient).toBe(true);
      expect(err.notSent).toBe(false);
    }
  });
});

describe("redirects", () => {
  it("an API 3xx names where it points (without the query) and HALOPSA_BASE_URL, and is not retried", () => {
    const err = thrown(() =>
      decode(
        { method: "GET", path: "/Tickets" },
        answer(302, {
          location:
            "https://login.microsoftonline.com/common/oauth2/authorize?client_id=x&state=opaque-state",
        }),
      ),
    );
    expect(err.status).toBe(302);
    expect(err.transient).toBe(false);
    expect(err.message).toContain(
      "redirected (302) to https://login.microsoftonline.com/common/oauth2/authorize",
    );
    expect(err.message).not.toContain("opaque-state");
    expect(err.hint).toContain("HALOPSA_BASE_URL");
    expect(err.hint).not.toContain("method, size or format");
  });

  it("a 3xx from the token endpoint says where it went, the URL tried and the settings to check", () => {
    const endpoint: TokenEndpoint = {
      url: "https://halo.acme.example/auth/token?tenant=acme",
      source: "fallback",
    };
    const err = thrown(() =>
      readTokenAnswer(answer(301, { location: "/sso/login?next=%2Fauth" }), endpoint, {
        tenant: "acme",
        scope: "all",
      }),
    );
    expect(err.transient).toBe(false);
    expect(err.message).toContain("redirected (301) to https://halo.acme.example/sso/login");
    expect(err.message).toContain("POST https://halo.acme.example/auth/token?tenant=acme");
    expect(err.hint).toContain("HALOPSA_BASE_URL");
    expect(err.hint).toContain("HALOPSA_AUTH_URL");
  });
});

describe("Retry-After beyond the API's 429", () => {
  it("an API 503 carries the server's wait", () => {
    const err = thrown(() =>
      decode({ method: "GET", path: "/Tickets" }, answer(503, { "retry-after": "7" })),
    );
    expect(err.kind).toBe("server");
    expect(err.retryAfterMs).toBe(7000);
  });

  it.each([429, 503])("a %i from the token endpoint carries the server's wait", (status) => {
    const endpoint: TokenEndpoint = { url: "https://halo.acme.example/auth/token", source: "configured" };
    const err = thrown(() =>
      readTokenAnswer(answer(status, { "retry-after": "12" }), endpoint, { scope: "all" }),
    );
    expect(err.transient).toBe(true);
    expect(err.notSent).toBe(true);
    expect(err.retryAfterMs).toBe(12_000);
  });

  it("a token 404 from a configured URL names it, without suggesting HALOPSA_AUTH_URL as a fix", () => {
    const endpoint: TokenEndpoint = { url: "https://id.acme.example/auth/token", source: "configured" };
    const err = thrown(() =>
      readTokenAnswer(answer(404), endpoint, { scope: "all", authUrl: "https://id.acme.example/auth" }),
    );
    expect(err.message).toContain("POST https://id.acme.example/auth/token");
    expect(err.hint).not.toContain("set HALOPSA_AUTH_URL to it");
  });
});

describe("values Node timers cannot hold", () => {
  const BASE = {
    HALOPSA_BASE_URL: "https://acme.halopsa.com",
    HALOPSA_CLIENT_ID: "id",
    HALOPSA_CLIENT_SECRET: "secret-value-123456",
  };
  const problems = (env: Record<string, string>) => {
    const r = loadConfig({ ...BASE, ...env });
    return r.ok ? "" : r.problems.join(" ");
  };

  it.each([
    ["HALOPSA_TIMEOUT_MS", "2147483648", "600000"],
    ["HALOPSA_TIMEOUT_MS", "600001", "600000"],
    ["HALOPSA_RETRY_BASE_MS", "99999999999", "60000"],
    ["HALOPSA_RETRY_BUDGET_MS", "3600001", "3600000"],
  ])("%s=%s is refused naming the variable and the range", (name, bad, max) => {
    const text = problems({ [name]: bad });
    expect(text).toContain(`${name}="${bad}"`);
    expect(text).toContain(`1 to ${max}`);
    expect(problems({ [name]: max })).toBe("");
  });

  it("a HALOPSA_RATE_LIMIT window over a day is refused; a day is fine", () => {
    for (const bad of ["300/48h", "300/25h", "10/2147483648ms"]) {
      const text = problems({ HALOPSA_RATE_LIMIT: bad });
      expect(text).toContain(`HALOPSA_RATE_LIMIT="${bad}"`);
    }
    expect(problems({ HALOPSA_RATE_LIMIT: "300/25h" })).toContain("up to 24h");
    expect(problems({ HALOPSA_RATE_LIMIT: "300/24h" })).toBe("");
  });
});
