/**
 * stdout is the protocol: every byte the server writes there must be a
 * JSON-RPC message. The SDK client would only report a stray line as an
 * onerror, so these tests spawn the built server themselves, write JSON-RPC
 * by hand, keep every stdout byte and parse every line — in normal mode with
 * debug logging, in the configuration-error mode and in --sandbox mode.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RpcProcess, textOf } from "../../bench/lib/rpc.js";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { BUNDLE, CLIENT_ID, SECRET } from "../helpers/e2e.js";
import { C0, serverEnv, T0 } from "../helpers/safety-env.js";

function expectPureStdout(p: RpcProcess): void {
  expect(p.stdout.length).toBeGreaterThan(0);
  // Nothing after the last newline: no half-written line.
  expect(p.stdout.endsWith("\n")).toBe(true);
  const bad: string[] = [];
  for (const line of p.stdout.split("\n").slice(0, -1)) {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      bad.push(line);
      continue;
    }
    if (
      !msg ||
      typeof msg !== "object" ||
      Array.isArray(msg) ||
      (msg as { jsonrpc?: unknown }).jsonrpc !== "2.0"
    ) {
      bad.push(line);
    }
  }
  expect(bad, "non-JSON-RPC lines on stdout").toEqual([]);
}

/** A session exercising listing, reads, errors of every layer and writes. */
async function session(p: RpcProcess, opts: { configured: boolean }): Promise<void> {
  const init = await p.initialize();
  expect(init.result?.serverInfo).toMatchObject({ name: "halopsa" });
  expect((await p.request("ping")).result).toEqual({});
  const tools = await p.listTools();
  expect(tools.length).toBeGreaterThan(5);
  // Unknown method → a JSON-RPC error, still on one JSON line.
  expect((await p.request("no/such/method")).error?.code).toBe(-32601);
  // A garbage line on stdin must not make the server print garbage back.
  p.child.stdin.write("this is not json\n");
  p.child.stdin.write('{"jsonrpc":"2.0","id":"x","method":\n');

  const calls: Array<[string, Record<string, unknown>]> = [
    ["get_ticket", { id: T0 }],
    ["get_ticket", { id: 987_654 }],
    ["get_ticket", { id: "not a number" }],
    ["search_tickets", { limit: 5 }],
    ["list_lookups", { kind: "statuses" }],
    ["list_ticket_actions", { ticket_id: T0 }],
    ["search_clients", { query: "a" }],
    ["whoami", {}],
    ["create_ticket", { summary: "stdout purity dry run", client: C0, dry_run: true }],
    ["create_ticket", { summary: "stdout purity", client: C0 }],
    ["add_ticket_action", { ticket_id: T0, note: "purity check" }],
    ["no_such_tool", {}],
  ];
  let errors = 0;
  let successes = 0;
  for (const [name, args] of calls) {
    const r = await p.callTool(name, args);
    expect(Array.isArray(r.content)).toBe(true);
    expect(textOf(r).length).toBeGreaterThan(0);
    if (r.isError) errors++;
    else successes++;
  }
  expect(errors).toBeGreaterThanOrEqual(3);
  if (opts.configured) expect(successes).toBeGreaterThanOrEqual(6);
  else expect(successes).toBe(0);
  // Concurrent calls: answers interleave on stdout but each stays one line.
  await Promise.all(Array.from({ length: 20 }, (_, i) => p.callTool("get_ticket", { id: T0 + (i % 5) })));
}

describe("stdout carries only JSON-RPC", () => {
  let fake: FakeHalo;
  beforeAll(async () => {
    fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET, rateLimit: false, seed: 3 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("in normal mode with debug logging, through reads, writes, errors and Halo faults", async () => {
    const p = new RpcProcess(
      process.execPath,
      [BUNDLE],
      serverEnv(fake.url, { HALOPSA_ALLOW_RAW_API: "true" }),
    );
    await session(p, { configured: true });
    // Faults make the server log warnings (also sent as MCP log notifications).
    fake.addFault({
      method: "GET",
      path: `/Tickets/${T0 + 2}`,
      kind: "html",
      times: Number.POSITIVE_INFINITY,
    });
    const html = await p.callTool("get_ticket", { id: T0 + 2 });
    expect(html.isError).toBe(true);
    fake.clearFaults();
    const raw = await p.callTool("api_request", { method: "GET", path: "Status" });
    expect(raw.isError ?? false).toBe(false);
    const exit = await p.close();
    expect(exit.code).toBe(0);
    expectPureStdout(p);
    // The logs went somewhere: stderr, prefixed.
    expect(p.stderr).toMatch(/\[halopsa\] (debug|info):/);
  });

  it("in the configuration-error mode (no credentials)", async () => {
    const p = new RpcProcess(process.execPath, [BUNDLE], serverEnv(undefined));
    await session(p, { configured: false });
    const r = await p.callTool("get_ticket", { id: T0 });
    expect(textOf(r)).toMatch(/HALOPSA_BASE_URL/);
    expect((await p.close()).code).toBe(0);
    expectPureStdout(p);
    expect(p.stderr).toMatch(/not configured/);
  });

  it("in --sandbox mode (the embedded fake Halo shares the process)", async () => {
    const p = new RpcProcess(
      process.execPath,
      [BUNDLE, "--sandbox"],
      serverEnv(undefined, { HALOPSA_LOG_LEVEL: "debug" }),
    );
    await session(p, { configured: true });
    expect((await p.close()).code).toBe(0);
    expectPureStdout(p);
    expect(p.stderr).toMatch(/sandbox mode/);
  });
});
