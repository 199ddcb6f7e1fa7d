// `halopsa-mcp doctor` from the built bundle against the fake Halo: a good
// configuration passes every check, a wrong secret fails naming the
// variable to fix, and neither the secret nor a token is ever printed.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { BUNDLE, CLIENT_ID, SECRET } from "../helpers/e2e.js";

const WRONG_SECRET = "wr0ng-secret-value-never-print-me";
// An empty folder, so a developer's .env cannot leak into the run.
const CWD = mkdtempSync(join(tmpdir(), "halopsa-doctor-"));

function doctor(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, "doctor"], {
      cwd: CWD,
      env: { PATH: process.env.PATH ?? "", HALOPSA_RETRY_BASE_MS: "20", ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** A proxy in front of the fake that answers 403 for the given API paths (the fake has no permission model). */
async function forbidding(
  target: string,
  paths: string[],
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (paths.some((p) => req.url?.toLowerCase().startsWith(`/api/${p.toLowerCase()}`))) {
      res
        .writeHead(403, { "content-type": "application/json" })
        .end(JSON.stringify("You do not have access to this area"));
      return;
    }
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

describe("halopsa-mcp doctor", () => {
  let fake: FakeHalo;
  let base: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET });
    base = { HALOPSA_BASE_URL: fake.url, HALOPSA_CLIENT_ID: CLIENT_ID, HALOPSA_CLIENT_SECRET: SECRET };
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("passes every check with good settings and exits 0", async () => {
    const r = await doctor(base);
    expect(r.code, r.out + r.err).toBe(0);
    for (const step of [
      "authinfo",
      "token",
      "agent",
      "tickets",
      "clients",
      "assets",
      "contracts",
      "records",
    ]) {
      expect(r.out).toMatch(new RegExp(`✔ ${step}\\b`));
    }
    expect(r.out).toMatch(/All \d+ checks passed/);
    expect(r.out).not.toContain("✘");
    expect(r.out + r.err).not.toContain(SECRET);
  });

  it("with a wrong secret exits non-zero, names HALOPSA_CLIENT_SECRET and never prints either secret", async () => {
    const r = await doctor({ ...base, HALOPSA_CLIENT_SECRET: WRONG_SECRET });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/✘ token/);
    expect(r.out).toContain("HALOPSA_CLIENT_SECRET");
    expect(r.out).toContain("invalid_client");
    expect(r.out + r.err).not.toContain(WRONG_SECRET);
    expect(r.out + r.err).not.toContain(SECRET);
  });

  it("reports missing settings with their fix and makes no request", async () => {
    const before = fake.requests.length;
    const r = await doctor({ HALOPSA_BASE_URL: fake.url });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("HALOPSA_CLIENT_ID");
    expect(r.out).toContain("HALOPSA_CLIENT_SECRET");
    expect(r.out).toContain("Configuration > Integrations > HaloPSA API");
    expect(fake.requests.length).toBe(before);
  });

  it("an unreachable Halo fails at authinfo with a fix naming HALOPSA_BASE_URL", async () => {
    const r = await doctor({ ...base, HALOPSA_BASE_URL: "http://127.0.0.1:9" });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/✘ authinfo/);
    expect(r.out).toContain("HALOPSA_BASE_URL");
  });

  it("a 403 on the records probe is a warning naming the permission; on a core toolset a failure", async () => {
    const proxy = await forbidding(fake.url, ["KBArticle", "ClientContract"]);
    try {
      const r = await doctor({ ...base, HALOPSA_BASE_URL: proxy.url });
      expect(r.out).toMatch(/! records\b.*403/);
      expect(r.out).toContain("read access to the knowledge base");
      expect(r.out).toMatch(/✘ contracts\b.*403/);
      expect(r.out).toContain("read access to contracts");
      expect(r.out).toContain('remove "contracts" from HALOPSA_TOOLSETS');
      expect(r.code).toBe(1);
      const onlyRecords = await doctor({
        ...base,
        HALOPSA_BASE_URL: proxy.url,
        HALOPSA_TOOLSETS: "tickets,records",
      });
      expect(onlyRecords.code, onlyRecords.out).toBe(0);
      expect(onlyRecords.out).toMatch(/All \d+ checks passed \(1 warning\)/);
    } finally {
      await proxy.close();
    }
  });

  it("probes the time, billing, reports and kb areas where their tools read", async () => {
    const proxy = await forbidding(fake.url, ["TimesheetEvent", "Invoice"]);
    try {
      const r = await doctor({ ...base, HALOPSA_BASE_URL: proxy.url, HALOPSA_TOOLSETS: "all" });
      expect(r.out).toMatch(/✘ time\b.*403/);
      expect(r.out).toContain('remove "time" from HALOPSA_TOOLSETS');
      expect(r.out).toMatch(/✘ billing\b.*403/);
      expect(r.out).toMatch(/✔ reports\b.*GET \/api\/Report works/);
      expect(r.out).toMatch(/✔ kb\b.*GET \/api\/KBArticle works/);
      expect(r.code).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it("only probes the enabled toolsets", async () => {
    const r = await doctor({ ...base, HALOPSA_TOOLSETS: "tickets" });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/✔ tickets\b/);
    expect(r.out).not.toMatch(/✔ clients\b/);
    expect(r.out).toContain("Not enabled (HALOPSA_TOOLSETS): clients, assets, contracts, records.");
  });
});
