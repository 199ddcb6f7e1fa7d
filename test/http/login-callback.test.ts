/**
 * `halopsa-mcp login`'s loopback listener when its port is taken (another
 * program, a second login): a clear sentence with the next step, not
 * Node's "listen EADDRINUSE".
 */

import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { runLogin } from "../../src/cli/login.js";

let fake: FakeHalo;
let configHome: string;

beforeAll(async () => {
  fake = await startFakeHalo({
    clientId: "svc",
    clientSecret: "s".repeat(20),
    auth: { clientId: "native-app" },
  });
  configHome = mkdtempSync(join(tmpdir(), "halopsa-login-port-"));
});
afterAll(async () => {
  await fake?.close();
  rmSync(configHome, { recursive: true, force: true });
});

describe("login's loopback port", () => {
  it("says the port is in use and what to do, and writes nothing", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    let out = "";
    try {
      const code = await runLogin(
        { XDG_CONFIG_HOME: configHome, HALOPSA_BASE_URL: fake.url, HALOPSA_CLIENT_ID: "native-app" },
        { port, noBrowser: true, waitMs: 1_000, out: (t) => (out += t) },
      );
      expect(code).toBe(1);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    expect(out).toMatch(new RegExp(`port ${port} .*in use`));
    expect(out).toMatch(/--port/);
    expect(out).not.toMatch(/EADDRINUSE/);
    expect(out).not.toMatch(/auth\/authorize\?/);
  });
});
