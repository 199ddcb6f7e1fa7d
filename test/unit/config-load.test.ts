import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ConfigResult,
  type HaloConfig,
  loadConfig,
  loadDotenv,
  normaliseBaseUrl,
} from "../../src/config/config.js";
import { TOOLSET_NAMES } from "../../src/config/toolsets.js";

const BASE = {
  HALOPSA_BASE_URL: "https://acme.halopsa.com",
  HALOPSA_CLIENT_ID: "client-id",
  HALOPSA_CLIENT_SECRET: "client-secret-value",
};

/** "${NAME}": what a launcher passes when it had nothing to substitute. */
const unexpanded = (name: string) => ["$", "{", name, "}"].join("");

function ok(result: ConfigResult): HaloConfig {
  if (!result.ok) throw new Error(`expected a valid configuration, got: ${result.problems.join(" | ")}`);
  return result.config;
}

function problems(result: ConfigResult): string {
  if (result.ok) throw new Error("expected configuration problems");
  return result.problems.join("\n");
}

describe("normaliseBaseUrl", () => {
  it.each([
    ["https://acme.halopsa.com", "https://acme.halopsa.com"],
    ["https://acme.halopsa.com/", "https://acme.halopsa.com"],
    ["https://acme.halopsa.com//", "https://acme.halopsa.com"],
    ["https://acme.halopsa.com/api", "https://acme.halopsa.com"],
    ["https://acme.halopsa.com/api/", "https://acme.halopsa.com"],
    ["https://acme.halopsa.com/API/Tickets", "https://acme.halopsa.com"],
    ["https://acme.halopsa.com/auth", "https://acme.halopsa.com"],
    ["https://acme.halopsa.com/auth/token", "https://acme.halopsa.com"],
    ["acme.halopsa.com", "https://acme.halopsa.com"],
    ["  acme.halopsa.com/api  ", "https://acme.halopsa.com"],
    ["https://support.example.com/halo/api", "https://support.example.com/halo"],
    ["https://support.example.com:8443/", "https://support.example.com:8443"],
    ["http://localhost:8080/api", "http://localhost:8080"],
    ["http://127.0.0.1:3000", "http://127.0.0.1:3000"],
    ["http://[::1]:3000/", "http://[::1]:3000"],
  ])("%s -> %s", (input, expected) => {
    expect(normaliseBaseUrl(input)).toEqual({ url: expected });
  });

  it("refuses plain http for a non-loopback host, naming the variable and the https fix", () => {
    const r = normaliseBaseUrl("http://acme.halopsa.com/api");
    expect(r.url).toBeUndefined();
    expect(r.problem).toContain("HALOPSA_BASE_URL must use https://");
    expect(r.problem).toContain("https://acme.halopsa.com/api");
    expect(r.problem).toContain("localhost");
  });

  it.each(["not a url", "https://", "https://exa mple.com", "ftp//nohost"])("refuses garbage %j", (input) => {
    const r = normaliseBaseUrl(input);
    expect(r.url).toBeUndefined();
    expect(r.problem).toMatch(/HALOPSA_BASE_URL=".*" (is not a URL|has no valid host name)/);
    expect(r.problem).toContain("https://yourcompany.halopsa.com");
  });

  it("refuses a bare word without a domain", () => {
    expect(normaliseBaseUrl("acme").problem).toContain("has no valid host name");
  });

  it("names the variable it was asked about", () => {
    expect(normaliseBaseUrl("http://auth.example.com", "HALOPSA_AUTH_URL").problem).toContain(
      "HALOPSA_AUTH_URL must use https://",
    );
  });
});

describe("loadConfig", () => {
  it("builds a full configuration with documented defaults", () => {
    const c = ok(loadConfig({ ...BASE, HALOPSA_BASE_URL: "https://acme.halopsa.com/api/" }));
    expect(c.baseUrl).toBe("https://acme.halopsa.com");
    expect(c.apiUrl).toBe("https://acme.halopsa.com/api");
    expect(c.authUrl).toBeUndefined();
    expect(c.tenant).toBeUndefined();
    expect(c.scope).toBe("all");
    expect(c.timeoutMs).toBe(30_000);
    expect(c.retryBudgetMs).toBe(30_000);
    expect(c.retryBaseMs).toBe(500);
    expect(c.rateLimit).toEqual({ max: 300, windowMs: 300_000 });
    expect(c.readOnly).toBe(false);
    expect(c.allowRawApi).toBe(false);
    expect(c.logLevel).toBe("info");
    expect(c.toolsets).toEqual(TOOLSET_NAMES);
  });

  it("names every missing variable and how to get them, without failing hard", () => {
    const r = loadConfig({});
    expect(r.ok).toBe(false);
    const text = problems(r);
    expect(text).toContain("HALOPSA_BASE_URL");
    expect(text).toContain("HALOPSA_CLIENT_ID");
    expect(text).toContain("HALOPSA_CLIENT_SECRET");
    expect(text).toContain("Configuration > Integrations > HaloPSA API");
    expect(text).toContain(".env");
    // Settings are still usable so the server can start and list tools.
    expect(r.settings.toolsets).toEqual(TOOLSET_NAMES);
  });

  it("names only the variables that are missing", () => {
    const text = problems(loadConfig({ HALOPSA_BASE_URL: BASE.HALOPSA_BASE_URL, HALOPSA_CLIENT_ID: "id" }));
    expect(text).toContain("Missing HALOPSA_CLIENT_SECRET.");
    expect(text).not.toContain("HALOPSA_BASE_URL");
    expect(text).not.toContain("HALOPSA_CLIENT_ID");
  });

  it("treats empty and whitespace values as unset", () => {
    const text = problems(loadConfig({ ...BASE, HALOPSA_CLIENT_ID: "   ", HALOPSA_CLIENT_SECRET: "" }));
    expect(text).toContain("HALOPSA_CLIENT_ID");
    expect(text).toContain("HALOPSA_CLIENT_SECRET");
  });

  it("treats an unexpanded placeholder (dollar-brace VAR) as unset", () => {
    const text = problems(
      loadConfig({
        HALOPSA_BASE_URL: unexpanded("HALOPSA_BASE_URL"),
        HALOPSA_CLIENT_ID: unexpanded("user_config.client_id"),
        HALOPSA_CLIENT_SECRET: unexpanded(""),
      }),
    );
    expect(text).toMatch(/Missing HALOPSA_BASE_URL .*HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET/);
    expect(text).not.toContain("is not a URL");
  });

  it("falls back to CLAUDE_PLUGIN_OPTION_* values; HALOPSA_* wins when both are set", () => {
    const c = ok(
      loadConfig({
        CLAUDE_PLUGIN_OPTION_BASE_URL: "acme.halopsa.com",
        CLAUDE_PLUGIN_OPTION_CLIENT_ID: "plugin-id",
        CLAUDE_PLUGIN_OPTION_CLIENT_SECRET: "plugin-secret",
        CLAUDE_PLUGIN_OPTION_TENANT: "acme",
        HALOPSA_CLIENT_ID: "env-id",
      }),
    );
    expect(c.baseUrl).toBe("https://acme.halopsa.com");
    expect(c.clientId).toBe("env-id");
    expect(c.clientSecret).toBe("plugin-secret");
    expect(c.tenant).toBe("acme");
  });

  it("uses the plugin option when the HALOPSA_* variable is an unexpanded placeholder", () => {
    const c = ok(
      loadConfig({
        ...BASE,
        HALOPSA_CLIENT_ID: unexpanded("CLIENT_ID"),
        CLAUDE_PLUGIN_OPTION_CLIENT_ID: "plugin-id",
      }),
    );
    expect(c.clientId).toBe("plugin-id");
  });

  it("rejects a non-loopback http:// base URL, naming the variable and the fix", () => {
    const text = problems(loadConfig({ ...BASE, HALOPSA_BASE_URL: "http://acme.halopsa.com" }));
    expect(text).toContain("HALOPSA_BASE_URL must use https://");
    expect(text).toContain("https://acme.halopsa.com");
  });

  it("rejects a garbage base URL", () => {
    expect(problems(loadConfig({ ...BASE, HALOPSA_BASE_URL: "not a url" }))).toContain(
      'HALOPSA_BASE_URL="not a url"',
    );
  });

  it("accepts http:// on loopback (the fake and local proxies)", () => {
    expect(ok(loadConfig({ ...BASE, HALOPSA_BASE_URL: "http://127.0.0.1:9999/api" })).apiUrl).toBe(
      "http://127.0.0.1:9999/api",
    );
  });

  describe("HALOPSA_AUTH_URL", () => {
    it.each([
      ["https://auth.example.com/auth", "https://auth.example.com/auth"],
      ["https://auth.example.com/auth/", "https://auth.example.com/auth"],
      ["https://auth.example.com/auth/token", "https://auth.example.com/auth"],
      ["https://auth.example.com/auth/token/", "https://auth.example.com/auth"],
      ["auth.example.com/auth", "https://auth.example.com/auth"],
      ["http://127.0.0.1:4000/auth", "http://127.0.0.1:4000/auth"],
    ])("%s is used as the auth root %s", (input, expected) => {
      expect(ok(loadConfig({ ...BASE, HALOPSA_AUTH_URL: input })).authUrl).toBe(expected);
    });

    it("is checked like the base URL", () => {
      expect(problems(loadConfig({ ...BASE, HALOPSA_AUTH_URL: "http://auth.example.com/auth" }))).toContain(
        "HALOPSA_AUTH_URL must use https://",
      );
      expect(problems(loadConfig({ ...BASE, HALOPSA_AUTH_URL: "nonsense here" }))).toContain(
        "HALOPSA_AUTH_URL=",
      );
    });

    it("is left unset (discovered at run time) when absent or an unexpanded placeholder", () => {
      expect(ok(loadConfig({ ...BASE, HALOPSA_AUTH_URL: unexpanded("AUTH") })).authUrl).toBeUndefined();
    });
  });

  describe("HALOPSA_TOOLSETS", () => {
    it("defaults to all and accepts all explicitly", () => {
      expect(ok(loadConfig({ ...BASE, HALOPSA_TOOLSETS: "all" })).toolsets).toEqual(TOOLSET_NAMES);
    });

    it("accepts a comma list, case and spaces ignored", () => {
      expect(ok(loadConfig({ ...BASE, HALOPSA_TOOLSETS: " Tickets, clients ,," })).toolsets).toEqual([
        "tickets",
        "clients",
      ]);
    });

    it("names an unknown toolset and the valid ones", () => {
      const r = loadConfig({ ...BASE, HALOPSA_TOOLSETS: "tickets,invoices" });
      const text = problems(r);
      expect(text).toContain('HALOPSA_TOOLSETS names an unknown toolset "invoices"');
      for (const name of TOOLSET_NAMES) expect(text).toContain(name);
      expect(r.settings.toolsets).toEqual(["tickets"]);
    });
  });

  describe("HALOPSA_RATE_LIMIT", () => {
    it.each([
      ["300/300s", { max: 300, windowMs: 300_000 }],
      ["300/5m", { max: 300, windowMs: 300_000 }],
      ["100/60s", { max: 100, windowMs: 60_000 }],
      ["100/60000ms", { max: 100, windowMs: 60_000 }],
      ["100 / 60", { max: 100, windowMs: 60_000 }],
      ["1000/1h", { max: 1000, windowMs: 3_600_000 }],
      ["300", { max: 300, windowMs: 300_000 }],
    ])("%s", (text, expected) => {
      expect(ok(loadConfig({ ...BASE, HALOPSA_RATE_LIMIT: text })).rateLimit).toEqual(expected);
    });

    it.each(["fast", "0/60s", "100/0s", "-5/60s", "100/60d", "1.5/60s"])(
      "rejects %s with the format to use",
      (text) => {
        const msg = problems(loadConfig({ ...BASE, HALOPSA_RATE_LIMIT: text }));
        expect(msg).toContain(`HALOPSA_RATE_LIMIT="${text}" is not understood`);
        expect(msg).toContain("300/300s");
      },
    );
  });

  it("parses booleans and rejects others by name", () => {
    const c = ok(loadConfig({ ...BASE, HALOPSA_READ_ONLY: "TRUE", HALOPSA_ALLOW_RAW_API: "1" }));
    expect(c.readOnly).toBe(true);
    expect(c.allowRawApi).toBe(true);
    expect(ok(loadConfig({ ...BASE, HALOPSA_READ_ONLY: "off" })).readOnly).toBe(false);
    const text = problems(loadConfig({ ...BASE, HALOPSA_READ_ONLY: "maybe" }));
    expect(text).toContain('HALOPSA_READ_ONLY="maybe" is not a boolean');
  });

  it("validates numbers and the log level by name", () => {
    const c = ok(
      loadConfig({
        ...BASE,
        HALOPSA_TIMEOUT_MS: "300",
        HALOPSA_RETRY_BASE_MS: "20",
        HALOPSA_RETRY_BUDGET_MS: "5000",
      }),
    );
    expect([c.timeoutMs, c.retryBaseMs, c.retryBudgetMs]).toEqual([300, 20, 5000]);
    expect(problems(loadConfig({ ...BASE, HALOPSA_TIMEOUT_MS: "soon" }))).toContain(
      'HALOPSA_TIMEOUT_MS="soon" must be a positive',
    );
    expect(problems(loadConfig({ ...BASE, HALOPSA_RETRY_BASE_MS: "-1" }))).toContain("HALOPSA_RETRY_BASE_MS");
    expect(problems(loadConfig({ ...BASE, HALOPSA_LOG_LEVEL: "loud" }))).toContain(
      'HALOPSA_LOG_LEVEL="loud" is not one of',
    );
    expect(ok(loadConfig({ ...BASE, HALOPSA_LOG_LEVEL: "DEBUG" })).logLevel).toBe("debug");
  });

  it("passes tenant and scope through", () => {
    const c = ok(loadConfig({ ...BASE, HALOPSA_TENANT: "acme", HALOPSA_SCOPE: "read:tickets" }));
    expect(c.tenant).toBe("acme");
    expect(c.scope).toBe("read:tickets");
  });

  it("never echoes the client secret in a problem", () => {
    const text = problems(
      loadConfig({
        ...BASE,
        HALOPSA_BASE_URL: "http://acme.example.com",
        HALOPSA_RATE_LIMIT: "x",
        HALOPSA_TOOLSETS: "nope",
      }),
    );
    expect(text).not.toContain(BASE.HALOPSA_CLIENT_SECRET);
  });
});

describe("loadDotenv", () => {
  it("fills unset variables from .env without overriding the environment, and prints nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "halopsa-env-"));
    try {
      const path = join(dir, ".env");
      writeFileSync(path, "HALOPSA_CLIENT_ID=from-file\nHALOPSA_TENANT=file-tenant\n");
      const env: Record<string, string | undefined> = { HALOPSA_CLIENT_ID: "from-env" };
      const writes: string[] = [];
      const orig = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array) => {
        writes.push(String(chunk));
        return true;
      }) as typeof process.stdout.write;
      try {
        await loadDotenv(env, path);
      } finally {
        process.stdout.write = orig;
      }
      expect(env.HALOPSA_CLIENT_ID).toBe("from-env");
      expect(env.HALOPSA_TENANT).toBe("file-tenant");
      expect(writes.join("")).toBe("");
      // A missing file is fine.
      await loadDotenv(env, join(dir, "absent.env"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fills variables the plugin's .mcp.json passes blank or unexpanded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "halopsa-env-"));
    try {
      const path = join(dir, ".env");
      writeFileSync(path, "HALOPSA_BASE_URL=https://acme.halopsa.com\nHALOPSA_CLIENT_ID=from-file\n");
      const env: Record<string, string | undefined> = {
        HALOPSA_BASE_URL: "",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an unexpanded placeholder, as Claude Code may pass it
        HALOPSA_CLIENT_ID: "${HALOPSA_CLIENT_ID:-}",
      };
      await loadDotenv(env, path);
      expect(env).toEqual({ HALOPSA_BASE_URL: "https://acme.halopsa.com", HALOPSA_CLIENT_ID: "from-file" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
