// The README's Claude Desktop block, run as Claude Desktop runs it: the
// command, args and env from the JSON exactly, with only the path and the
// values replaced (the path by this bundle, the Halo by the fake). The server
// must list its tools and pass its own setup check.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { README } from "../../scripts/readme-tools.js";
import { BUNDLE } from "../helpers/e2e.js";

interface DesktopServer {
  command: string;
  args: string[];
  env: Record<string, string>;
}

function desktopBlock(): DesktopServer {
  const readme = readFileSync(README, "utf8");
  const section = readme.slice(readme.indexOf("### Claude Desktop"));
  const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!json) throw new Error("README has no JSON block under ### Claude Desktop");
  const server = (JSON.parse(json) as { mcpServers: Record<string, DesktopServer> }).mcpServers.halopsa;
  if (!server) throw new Error("the Claude Desktop block declares no halopsa server");
  return server;
}

describe("README: the Claude Desktop configuration", () => {
  let fake: FakeHalo;
  const values: Record<string, string> = {
    HALOPSA_CLIENT_ID: "desktop-client",
    HALOPSA_CLIENT_SECRET: "desktop-secret-value",
    HALOPSA_TENANT: "yourcompany",
  };

  beforeAll(async () => {
    fake = await startFakeHalo({
      clientId: values.HALOPSA_CLIENT_ID,
      clientSecret: values.HALOPSA_CLIENT_SECRET,
    });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("declares node on the bundle with the four connection variables", () => {
    const server = desktopBlock();
    expect(server.command).toBe("node");
    expect(server.args).toEqual(["/absolute/path/to/halopsa-mcp/dist/halopsa-mcp.js"]);
    expect(Object.keys(server.env).sort()).toEqual(
      ["HALOPSA_BASE_URL", "HALOPSA_CLIENT_ID", "HALOPSA_CLIENT_SECRET", "HALOPSA_TENANT"].sort(),
    );
  });

  it("started as written, lists its tools and passes check_setup", async () => {
    const server = desktopBlock();
    const env = Object.fromEntries(
      Object.keys(server.env).map((k) => [k, k === "HALOPSA_BASE_URL" ? fake.url : (values[k] ?? "")]),
    );
    const transport = new StdioClientTransport({
      command: server.command === "node" ? process.execPath : server.command,
      args: server.args.map((a) => (a.endsWith("/dist/halopsa-mcp.js") ? BUNDLE : a)),
      // Claude Desktop passes the block's env on top of a minimal environment.
      env: { PATH: process.env.PATH ?? "", ...env },
      cwd: "/",
      stderr: "ignore",
    });
    const client = new Client({ name: "desktop", version: "1.0.0" });
    await client.connect(transport);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain("search_tickets");
      expect(tools).toContain("check_setup");
      const r = await client.callTool({ name: "check_setup", arguments: {} });
      const data = r.structuredContent as { ok: boolean; summary: string };
      expect(data.ok, JSON.stringify(r.content)).toBe(true);
    } finally {
      await client.close();
    }
  });
});
