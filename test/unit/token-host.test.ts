import { describe, expect, it } from "vitest";
import { HaloError } from "../../src/halo/errors.js";
import { assertTokenHost, sameSite } from "../../src/halo/token-host.js";

describe("sameSite: where the client secret may go", () => {
  it.each([
    ["acme.halopsa.com", "acme.halopsa.com"],
    ["ACME.halopsa.com.", "acme.halopsa.com"],
    ["auth.halopsa.com", "acme.halopsa.com"],
    ["login.support.example.com", "support.example.com"],
    ["127.0.0.1", "127.0.0.1"],
    ["[::1]", "[::1]"],
    ["localhost", "localhost"],
  ])("%s may receive the secret of %s", async (candidate, halo) => {
    expect(await sameSite(candidate, halo)).toBe(true);
  });

  it.each([
    ["evil.example.com", "acme.halopsa.com"],
    ["halopsa.com.evil.net", "acme.halopsa.com"],
    // A public suffix is not a registered domain: two .co.uk companies are strangers.
    ["evil.co.uk", "acme.co.uk"],
    // Private PSL entries count too: two Heroku apps belong to different people.
    ["evil.herokuapp.com", "acme.herokuapp.com"],
    // IP addresses and single-label names must match exactly.
    ["127.0.0.2", "127.0.0.1"],
    ["10.0.0.2", "10.0.0.1"],
    ["localhost", "127.0.0.1"],
    ["[::2]", "[::1]"],
    ["intranet", "halo"],
  ])("%s may not receive the secret of %s", async (candidate, halo) => {
    expect(await sameSite(candidate, halo)).toBe(false);
  });
});

describe("assertTokenHost", () => {
  const base = "https://acme.halopsa.com";
  const refused = async (check: Parameters<typeof assertTokenHost>[0]) => {
    try {
      await assertTokenHost(check);
    } catch (err) {
      if (err instanceof HaloError) return err;
      throw err;
    }
    throw new Error("expected a refusal");
  };

  it("refuses a configured token host off the domain unless HALOPSA_AUTH_URL is a real environment variable", async () => {
    const tokenUrl = "https://login.evil.example/auth/token";
    const err = await refused({
      tokenUrl,
      baseUrl: base,
      source: "configured",
      trusted: false,
      authUrlFrom: "env file /home/a/.config/halopsa-mcp/.env",
    });
    expect(err.kind).toBe("configuration");
    expect(err.notSent).toBe(true);
    expect(err.transient).toBe(false);
    expect(err.message).toContain("HALOPSA_AUTH_URL (from env file /home/a/.config/halopsa-mcp/.env)");
    expect(err.message).toContain("login.evil.example");
    expect(err.hint).toContain("environment variable");
    await expect(
      assertTokenHost({ tokenUrl, baseUrl: base, source: "configured", trusted: true }),
    ).resolves.toBe(undefined);
  });

  it("refuses a discovered token host off the domain, naming HALOPSA_AUTH_URL as the way out", async () => {
    const err = await refused({
      tokenUrl: "https://evil.example/auth/token",
      baseUrl: base,
      source: "discovered",
      trusted: true,
    });
    expect(err.message).toContain("/api/authinfo names the authorisation server evil.example");
    expect(err.hint).toContain("HALOPSA_AUTH_URL");
    await expect(
      assertTokenHost({
        tokenUrl: "https://auth.halopsa.com/auth/token",
        baseUrl: base,
        source: "discovered",
        trusted: false,
      }),
    ).resolves.toBe(undefined);
  });
});
