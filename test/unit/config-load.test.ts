import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ConfigResult,
  describeSource,
  type HaloConfig,
  loadConfig,
  normaliseBaseUrl,
  shownValue,
} from "../../src/config/config.js";
import {
  ENV_FILE_MAX_BYTES,
  type EnvFile,
  envFileLocation,
  readEnvFile,
  userEnvFilePath,
} from "../../src/config/env-file.js";
import { DEFAULT_TOOLSETS, TOOLSET_NAMES } from "../../src/config/toolsets.js";

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
    expect(c.timeoutMs).toBe(20_000);
    expect(c.retryBudgetMs).toBe(45_000);
    expect(c.retryBaseMs).toBe(500);
    expect(c.rateLimit).toEqual({ max: 300, windowMs: 300_000 });
    expect(c.readOnly).toBe(false);
    expect(c.allowRawApi).toBe(false);
    expect(c.logLevel).toBe("info");
    expect(c.toolsets).toEqual(DEFAULT_TOOLSETS);
  });

  it("names every missing variable and how to get them, without failing hard", () => {
    const r = loadConfig({});
    expect(r.ok).toBe(false);
    const text = problems(r);
    expect(text).toContain("HALOPSA_BASE_URL");
    expect(text).toContain("HALOPSA_CLIENT_ID");
    expect(text).toContain("HALOPSA_CLIENT_SECRET");
    expect(text).toContain("Configuration > Integrations > HaloPSA API");
    expect(text).toContain("settings file");
    // Settings are still usable so the server can start and list tools.
    expect(r.settings.toolsets).toEqual(DEFAULT_TOOLSETS);
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

  it("caps response bodies at HALOPSA_MAX_RESPONSE_MB MiB, 16 by default, 1 to 256", () => {
    expect(ok(loadConfig(BASE)).maxResponseBytes).toBe(16 * 1024 * 1024);
    expect(ok(loadConfig({ ...BASE, HALOPSA_MAX_RESPONSE_MB: "64" })).maxResponseBytes).toBe(
      64 * 1024 * 1024,
    );
    for (const bad of ["0", "-1", "1.5", "lots"])
      expect(problems(loadConfig({ ...BASE, HALOPSA_MAX_RESPONSE_MB: bad }))).toContain(
        `HALOPSA_MAX_RESPONSE_MB="${bad}" must be a positive whole number of MiB`,
      );
    expect(problems(loadConfig({ ...BASE, HALOPSA_MAX_RESPONSE_MB: "257" }))).toContain("use 1 to 256 MiB");
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

describe("readEnvFile (the per-user settings file)", () => {
  const withDir = async (fn: (dir: string) => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), "halopsa-env-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("lives in the platform's per-user config folder, never the working folder", () => {
    expect(userEnvFilePath({ XDG_CONFIG_HOME: "/x/cfg" }, "linux", "/home/a")).toBe(
      "/x/cfg/halopsa-mcp/.env",
    );
    expect(userEnvFilePath({}, "linux", "/home/a")).toBe("/home/a/.config/halopsa-mcp/.env");
    // A relative XDG_CONFIG_HOME is invalid by the XDG spec (it would resolve against the project folder).
    expect(userEnvFilePath({ XDG_CONFIG_HOME: "cfg" }, "linux", "/home/a")).toBe(
      "/home/a/.config/halopsa-mcp/.env",
    );
    expect(userEnvFilePath({}, "darwin", "/Users/a")).toBe(
      "/Users/a/Library/Application Support/halopsa-mcp/.env",
    );
    expect(envFileLocation({ HALOPSA_ENV_FILE: "/etc/halo.env" })).toEqual({
      path: "/etc/halo.env",
      explicit: true,
    });
    expect(envFileLocation({ HALOPSA_ENV_FILE: "/etc/halo.env" }, "x.env").path).toBe(
      join(process.cwd(), "x.env"),
    );
    expect(envFileLocation({ HALOPSA_ENV_FILE: "halo.env" }).problem).toContain("not an absolute path");
    // As the plugin's declaration passes it when unset: blank or unexpanded.
    expect(envFileLocation({ HALOPSA_ENV_FILE: "", XDG_CONFIG_HOME: "/x" }).path).toBe("/x/halopsa-mcp/.env");
    expect(
      envFileLocation({ HALOPSA_ENV_FILE: unexpanded("HALOPSA_ENV_FILE:-"), XDG_CONFIG_HOME: "/x" }),
    ).toEqual({
      path: "/x/halopsa-mcp/.env",
      explicit: false,
    });
  });

  it("takes HALOPSA_* keys only, names every other key, and never touches process.env or stdout", () =>
    withDir(async (dir) => {
      const path = join(dir, "settings.env");
      writeFileSync(
        path,
        "HALOPSA_CLIENT_ID=from-file\nHALOPSA_TENANT=\nNODE_TLS_REJECT_UNAUTHORIZED=0\nDOTENV_CONFIG_DEBUG=true\nhalopsa_lower=1\n",
      );
      const before = { ...process.env };
      const writes: string[] = [];
      const orig = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array) => {
        writes.push(String(chunk));
        return true;
      }) as typeof process.stdout.write;
      let file: Awaited<ReturnType<typeof readEnvFile>>;
      try {
        file = await readEnvFile({ HALOPSA_ENV_FILE: path });
      } finally {
        process.stdout.write = orig;
      }
      expect(file?.values).toEqual({ HALOPSA_CLIENT_ID: "from-file" });
      expect(file?.warnings.join("\n")).toMatch(/ignored NODE_TLS_REJECT_UNAUTHORIZED/);
      expect(file?.warnings.join("\n")).toMatch(/ignored DOTENV_CONFIG_DEBUG/);
      expect(file?.warnings.join("\n")).toMatch(/ignored halopsa_lower/);
      expect(process.env).toEqual(before);
      expect(writes.join("")).toBe("");
    }));

  it("an absent per-user file is no file; an absent named file is a problem", () =>
    withDir(async (dir) => {
      expect(await readEnvFile({ XDG_CONFIG_HOME: dir })).toBeUndefined();
      expect((await readEnvFile({ HALOPSA_ENV_FILE: join(dir, "nope.env") }))?.problem).toContain(
        "does not exist",
      );
    }));

  it("refuses a directory, a device and a file over 64 KB without reading them", () =>
    withDir(async (dir) => {
      expect((await readEnvFile({ HALOPSA_ENV_FILE: dir }))?.problem).toContain("is not a regular file");
      if (process.platform !== "win32")
        expect((await readEnvFile({ HALOPSA_ENV_FILE: "/dev/zero" }))?.problem).toContain(
          "is not a regular file",
        );
      const big = join(dir, "big.env");
      writeFileSync(big, "#".repeat(ENV_FILE_MAX_BYTES + 1));
      expect((await readEnvFile({ HALOPSA_ENV_FILE: big }))?.problem).toContain("larger than 64 KB");
      writeFileSync(big, `HALOPSA_TENANT=t\n${"#".repeat(ENV_FILE_MAX_BYTES - 20)}`);
      expect((await readEnvFile({ HALOPSA_ENV_FILE: big }))?.values).toEqual({ HALOPSA_TENANT: "t" });
    }));
});

describe("configuration sources", () => {
  const file = (values: Record<string, string>): EnvFile => ({
    path: "/home/a/.config/halopsa-mcp/.env",
    explicit: false,
    values,
    warnings: [],
  });

  it("environment, then plugin settings, then the file; blank or unexpanded means unset; each source recorded", () => {
    const r = loadConfig(
      {
        HALOPSA_BASE_URL: "https://env.halopsa.com",
        HALOPSA_CLIENT_ID: "",
        CLAUDE_PLUGIN_OPTION_CLIENT_ID: "plugin-id",
        HALOPSA_CLIENT_SECRET: unexpanded("HALOPSA_CLIENT_SECRET:-"),
        CLAUDE_PLUGIN_OPTION_CLIENT_SECRET: "",
        HALOPSA_READ_ONLY: " ",
      },
      file({
        HALOPSA_BASE_URL: "https://file.halopsa.com",
        HALOPSA_CLIENT_ID: "file-id",
        HALOPSA_CLIENT_SECRET: "file-secret",
        HALOPSA_READ_ONLY: "true",
      }),
    );
    const c = ok(r);
    expect([c.baseUrl, c.clientId, c.clientSecret, c.readOnly]).toEqual([
      "https://env.halopsa.com",
      "plugin-id",
      "file-secret",
      true,
    ]);
    expect(describeSource(r.sources.HALOPSA_BASE_URL)).toBe("environment");
    expect(describeSource(r.sources.HALOPSA_CLIENT_ID)).toBe(
      "plugin settings (CLAUDE_PLUGIN_OPTION_CLIENT_ID)",
    );
    expect(describeSource(r.sources.HALOPSA_CLIENT_SECRET)).toBe("env file /home/a/.config/halopsa-mcp/.env");
    expect(describeSource(r.sources.HALOPSA_SCOPE)).toBe("default");
    expect(r.envFile).toEqual({ path: "/home/a/.config/halopsa-mcp/.env", used: true });
  });

  it("an unusable file is a problem naming it, and none of its values are used", () => {
    const r = loadConfig(BASE, { ...file({}), problem: "The settings file /x is not a regular file: …" });
    expect(problems(r)).toContain("/x is not a regular file");
    expect(r.envFile?.used).toBe(false);
  });

  it("registers every candidate secret before parsing, so no problem can echo one", () => {
    const secret = "pasted-secret-9f8e7d6c";
    const text = problems(
      loadConfig(
        {},
        file({ HALOPSA_CLIENT_SECRET: secret, HALOPSA_TOOLSETS: secret, HALOPSA_RATE_LIMIT: secret }),
      ),
    );
    expect(text).toContain("HALOPSA_TOOLSETS");
    expect(text).toContain("HALOPSA_RATE_LIMIT");
    expect(text).not.toContain(secret);
  });

  it("cuts user-info from echoed URLs and refuses credentials in a URL", () => {
    expect(shownValue("https://bob:pw@acme.halopsa.com/api")).toBe("https://acme.halopsa.com/api");
    expect(shownValue("bob:pw@acme.halopsa.com")).toBe("acme.halopsa.com");
    const r = normaliseBaseUrl("https://bob:hunter2-pw@acme.halopsa.com");
    expect(r.url).toBeUndefined();
    expect(r.problem).toContain("user name or password");
    expect(r.problem).not.toContain("hunter2");
    expect(normaliseBaseUrl("http://bob:hunter2-pw@acme.halopsa.com/x").problem).not.toContain("hunter2");
    expect(normaliseBaseUrl("bob:hunter2-pw@exa mple").problem).not.toContain("hunter2");
  });
});
