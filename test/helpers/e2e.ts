/**
 * End-to-end harness: a fake Halo on 127.0.0.1 and the BUILT server
 * (dist/halopsa-mcp.js) spawned over stdio, driven by the SDK Client exactly
 * as Claude Code drives it. Everything the server writes to stdout/stderr is
 * kept so suites can assert stdout purity and secret hygiene.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type FakeHalo, type FakeHaloOptions, startFakeHalo } from "../../fake-halo/index.js";
import { expectDeclaredOutput } from "./output.js";

export const BUNDLE = resolve(import.meta.dirname, "../../dist/halopsa-mcp.js");

export interface ToolCall {
  isError: boolean;
  text: string;
  data: Record<string, unknown> | undefined;
  raw: Awaited<ReturnType<Client["callTool"]>>;
}

export interface E2E {
  fake: FakeHalo;
  client: Client;
  stderr: () => string;
  /** Calls a tool and returns its text, structured data and error flag. */
  call(
    name: string,
    args?: Record<string, unknown>,
    opts?: { onprogress?: (p: unknown) => void; timeout?: number },
  ): Promise<ToolCall>;
  close(): Promise<void>;
}

/** Secrets a suite hands out, checked against all output by `assertNoSecrets`. */
export const SECRET = "s3cr3t-client-secret-value-for-tests";
export const CLIENT_ID = "e2e-client";

export async function startE2E(
  opts: {
    env?: Record<string, string>;
    fake?: FakeHaloOptions;
    fakeInstance?: FakeHalo;
    /** The server's working folder (Claude Code: the person's project); "/" unless given. */
    cwd?: string;
  } = {},
): Promise<E2E> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  const fake =
    opts.fakeInstance ?? (await startFakeHalo({ clientId: CLIENT_ID, clientSecret: SECRET, ...opts.fake }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    // No developer's own per-user settings file (~/.config/halopsa-mcp/.env) leaks into a run.
    XDG_CONFIG_HOME: "/nonexistent-halopsa-test-config",
    HALOPSA_BASE_URL: fake.url,
    HALOPSA_CLIENT_ID: CLIENT_ID,
    HALOPSA_CLIENT_SECRET: SECRET,
    HALOPSA_RETRY_BASE_MS: "50",
    HALOPSA_LOG_LEVEL: "debug",
    ...opts.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === "") delete env[k];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE],
    env,
    stderr: "pipe",
    cwd: opts.cwd ?? "/",
  });
  let err = "";
  transport.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(transport);
  recordOutput(() => err);
  return {
    fake,
    client,
    stderr: () => err,
    async call(name, args = {}, callOpts = {}) {
      const raw = await client.callTool({ name, arguments: args }, undefined, {
        onprogress: callOpts.onprogress as never,
        timeout: callOpts.timeout ?? 60_000,
      });
      const content = (raw.content ?? []) as Array<{ type: string; text?: string }>;
      const text = content
        .filter((c) => c.type === "text")
        .map((c) => c.text ?? "")
        .join("\n");
      recordOutput(() => text);
      if (raw.isError !== true) expectDeclaredOutput(name, raw.structuredContent);
      return {
        isError: raw.isError === true,
        text,
        data: raw.structuredContent as Record<string, unknown> | undefined,
        raw,
      };
    },
    async close() {
      await client.close().catch(() => undefined);
      if (!opts.fakeInstance) await fake.close();
    },
  };
}

/** Every output of every server in this test file, for secret checks. */
const outputs: Array<() => string> = [];
function recordOutput(get: () => string) {
  outputs.push(get);
}
export function allRecordedOutput(): string {
  return outputs.map((f) => f()).join("\n");
}
