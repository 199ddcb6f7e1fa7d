/**
 * Oversized messages over stdio: the server answers them with an error and
 * keeps serving. Before, a 9 MB file sent as base64 (12 MB of JSON-RPC)
 * overflowed the SDK's 10 MiB read buffer, the transport closed and the
 * server exited silently with every tool gone for the session.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelopeOf, LineReader } from "../../src/server/stdio.js";
import { type E2E, startStdioE2E } from "../helpers/e2e.js";
import { T0 } from "../helpers/safety-env.js";

describe("LineReader", () => {
  it("splits lines across chunks and skips an oversized one without losing the next", () => {
    const r = new LineReader(16);
    expect(r.push(Buffer.from('{"a":1}\n{"b"'))).toEqual([{ line: '{"a":1}' }]);
    expect(r.push(Buffer.from(":2}\r\n"))).toEqual([{ line: '{"b":2}' }]);
    const big = `{"method":"tools/call","params":"${"x".repeat(100)}","id":7}`;
    expect(r.push(Buffer.from(big.slice(0, 40)))).toEqual([]);
    const items = r.push(Buffer.from(`${big.slice(40)}\n{"c":3}\n`));
    expect(items).toEqual([{ oversize: { bytes: big.length, head: big, tail: big } }, { line: '{"c":3}' }]);
  });

  it("reads the id and method of a skipped request from its head or tail", () => {
    const sdk = `{"method":"tools/call","params":{"arguments":{"id":99,"base64":"AAAA"}},"jsonrpc":"2.0","id":7}`;
    expect(envelopeOf(sdk.slice(0, 30), sdk.slice(-40))).toEqual({ id: 7, method: "tools/call" });
    const idFirst = `{"jsonrpc":"2.0","id":"r-1","method":"tools/call","params":{"x":"${"A".repeat(50)}"}}`;
    expect(envelopeOf(idFirst.slice(0, 60), idFirst.slice(-20))).toEqual({ id: "r-1", method: "tools/call" });
    // An id inside params is not the request's.
    const nested = `{"method":"x","params":{"a":{"id":9}}}`;
    expect(envelopeOf(nested.slice(0, 14), nested.slice(-12))).toEqual({ method: "x" });
  });
});

describe("oversized requests over stdio", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startStdioE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });
  const uploads = () =>
    e2e.fake.requests.filter((r) => r.method === "POST" && /attachment/i.test(r.path)).length;

  it("a 9 MB file as base64 is refused with a clear error, and the server still answers", async () => {
    const before = uploads();
    const r = await e2e.call("add_attachment", {
      ticket_id: T0,
      base64: randomBytes(9 * 1024 * 1024).toString("base64"),
      filename: "big.bin",
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/The request was 12\.0 MB, over the 10\.0 MB a message to this server may be/);
    expect(r.text).toMatch(/Next step: attach large files with add_attachment's path/);
    expect(e2e.stderr()).toMatch(/transport: message of \d+ bytes \(tools\/call\) skipped/);
    const next = await e2e.call("get_ticket", { id: T0 });
    expect(next.isError, next.text).toBe(false);
    expect(uploads()).toBe(before);
  });

  it("base64 under the transport limit but over the upload cap is refused by name", async () => {
    const before = uploads();
    const r = await e2e.call("add_attachment", {
      ticket_id: T0,
      base64: randomBytes(6 * 1024 * 1024).toString("base64"),
      filename: "big.bin",
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/base64: over the 5 MB limit for base64 content; attach the file by path instead/);
    expect(uploads()).toBe(before);
    expect((await e2e.call("whoami", {})).isError).toBe(false);
  });

  it("an unreadable line is logged and skipped", async () => {
    const transport = (
      e2e.client as unknown as { _transport: { _process: { stdin: NodeJS.WritableStream } } }
    )._transport;
    transport._process.stdin.write("this is not json\n");
    const r = await e2e.call("get_ticket", { id: T0 });
    expect(r.isError).toBe(false);
    expect(e2e.stderr()).toMatch(/transport: unreadable message skipped/);
  });
});
