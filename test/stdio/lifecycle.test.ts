/**
 * Process lifecycle of the built server: it leaves promptly and cleanly when
 * the client goes away (stdin closes) or it is signalled, even with a Halo
 * request hanging, and a failure inside one tool stays inside that tool.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RpcProcess, textOf } from "../../bench/lib/rpc.js";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { loadConfig } from "../../src/config/config.js";
import type { Halo } from "../../src/halo/index.js";
import { createServer } from "../../src/server/server.js";
import { setLogLevel } from "../../src/util/log.js";
import { BUNDLE, CLIENT_ID, SECRET } from "../helpers/e2e.js";
import { serverEnv, T0 } from "../helpers/safety-env.js";

let fake: FakeHalo;
beforeAll(async () => {
  fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET, rateLimit: false, seed: 7 });
});
afterAll(async () => {
  await fake?.close();
});

async function started(env = serverEnv(fake.url)): Promise<RpcProcess> {
  const p = new RpcProcess(process.execPath, [BUNDLE], env);
  const init = await p.initialize();
  expect(init.error).toBeUndefined();
  return p;
}

async function exitTime(
  p: RpcProcess,
  leave: () => void,
): Promise<{ ms: number; code: number | null; signal: string | null }> {
  const t0 = performance.now();
  leave();
  const killer = setTimeout(() => p.child.kill("SIGKILL"), 10_000);
  const exit = await p.exited;
  clearTimeout(killer);
  return { ms: performance.now() - t0, code: exit.code, signal: exit.signal };
}

describe("lifecycle", () => {
  it("exits with code 0 within 3 s when stdin closes", async () => {
    const p = await started();
    const r = await p.callTool("get_ticket", { id: T0 });
    expect(r.isError ?? false, textOf(r)).toBe(false);
    const exit = await exitTime(p, () => p.child.stdin.end());
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(3_000);
  });

  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    it(`exits with code 0 within 3 s on ${signal}`, async () => {
      const p = await started();
      await p.listTools();
      const exit = await exitTime(p, () => p.child.kill(signal));
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.ms).toBeLessThan(3_000);
    });
  }

  it("exits promptly even while a Halo request hangs", async () => {
    fake.addFault({
      method: "GET",
      path: `/Tickets/${T0 + 1}`,
      kind: "hang",
      times: Number.POSITIVE_INFINITY,
    });
    try {
      const p = await started(serverEnv(fake.url, { HALOPSA_TIMEOUT_MS: "20000" }));
      const pending = p.callTool("get_ticket", { id: T0 + 1 }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      const exit = await exitTime(p, () => p.child.stdin.end());
      expect(exit.code).toBe(0);
      expect(exit.ms).toBeLessThan(3_000);
      void pending;
    } finally {
      fake.clearFaults();
    }
  });

  it("exits with code 0 on stdin close in the configuration-error mode too", async () => {
    const p = await started(serverEnv(undefined));
    const r = await p.callTool("get_ticket", { id: T0 });
    expect(r.isError).toBe(true);
    const exit = await exitTime(p, () => p.child.stdin.end());
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(3_000);
  });
});

describe("a failure inside a tool handler", () => {
  /**
   * The fake cannot be made to crash a tool (the projections are defensive:
   * malformed records in the fake's db make the fake answer 500 instead), so
   * this runs the server in-process with Halo services whose every method
   * throws a TypeError, the kind of bug a handler could have.
   */
  it("becomes that tool's isError, and the server keeps answering", async () => {
    setLogLevel("silent");
    const broken = (): never => {
      throw new TypeError("Cannot read properties of undefined (reading 'tickets')");
    };
    const service = new Proxy(broken, { get: broken, apply: broken });
    const halo = new Proxy({} as Halo, {
      get: (_t, prop) => (prop === "close" ? async () => undefined : service),
    });
    const config = loadConfig({
      HALOPSA_BASE_URL: "http://127.0.0.1:9",
      HALOPSA_CLIENT_ID: "x",
      HALOPSA_CLIENT_SECRET: "y-secret",
    });
    const mcp = createServer({ config, version: "test", halo });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "lifecycle", version: "1" });
    await mcp.server.connect(serverSide);
    await client.connect(clientSide);
    try {
      for (const [name, args] of [
        ["get_ticket", { id: 5 }],
        ["search_clients", {}],
        ["create_ticket", { summary: "x", client: 1 }],
      ] as const) {
        const r = await client.callTool({ name, arguments: args });
        expect(r.isError, name).toBe(true);
        const text = (r.content as Array<{ text: string }>)[0]?.text ?? "";
        expect(text).toMatch(/^Unexpected error: Cannot read properties of undefined/);
        expect(text).toMatch(/\nNext step: /);
      }
      // Still serving.
      expect((await client.listTools()).tools.length).toBeGreaterThan(5);
    } finally {
      await client.close();
      await mcp.close();
      setLogLevel("info");
    }
  });
});
