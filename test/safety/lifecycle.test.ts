/**
 * Process lifecycle of the built server: it leaves promptly and cleanly when
 * the client goes away (stdin closes) or it is signalled, even with a Halo
 * request hanging, and a failure inside one tool stays inside that tool.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RpcProcess, textOf } from "../../bench/lib/rpc.js";
import { type FakeHalo, startFakeHalo } from "../../src/sandbox/fake-halo.js";
import { BUNDLE, CLIENT_ID, SECRET } from "../helpers/e2e.js";
import { serverEnv, T0 } from "./lib/env.js";

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
