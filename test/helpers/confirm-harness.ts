/**
 * The real server (createServer) over an in-memory MCP link to an SDK Client,
 * against the fake Halo over HTTP. The client declares elicitation (or not)
 * and answers confirmation forms with a scripted person, so suites can assert
 * what reaches Halo for every answer. In-process so the form timeout can be
 * shortened (a person who never answers).
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { loadConfig } from "../../src/config/config.js";
import { createServer } from "../../src/server/server.js";
import { expectDeclaredOutput } from "./output.js";

export type Person = (params: ElicitRequest["params"]) => ElicitResult | Promise<ElicitResult>;

export const ACCEPT: Person = () => ({ action: "accept", content: { confirm: true } });
export const DECLINE: Person = () => ({ action: "decline" });
export const CANCEL: Person = () => ({ action: "cancel" });

export interface ConfirmRig {
  fake: FakeHalo;
  client: Client;
  /** Every form the server showed, in order. */
  forms: ElicitRequest["params"][];
  /** The scripted person; replace between calls. */
  person: Person;
  call(
    name: string,
    args?: Record<string, unknown>,
  ): Promise<{ isError: boolean; text: string; data: Record<string, unknown> }>;
  /** POST and DELETE requests that reached the fake Halo. */
  writes(): number;
  close(): Promise<void>;
}

export async function startConfirmRig(
  opts: {
    /** undefined: the client declares no elicitation capability. */
    person?: Person;
    env?: Record<string, string>;
    timeoutMs?: number;
    fake?: FakeHalo;
  } = {},
): Promise<ConfirmRig> {
  const fake =
    opts.fake ?? (await startFakeHalo({ clientId: "confirm", clientSecret: "confirm-secret-1234" }));
  const config = loadConfig({
    HALOPSA_BASE_URL: fake.url,
    HALOPSA_CLIENT_ID: "confirm",
    HALOPSA_CLIENT_SECRET: "confirm-secret-1234",
    HALOPSA_RETRY_BASE_MS: "20",
    HALOPSA_LOG_LEVEL: "silent",
    ...opts.env,
  });
  const mcp = createServer({ config, version: "test", confirmTimeoutMs: opts.timeoutMs });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client(
    { name: "confirm-test", version: "1" },
    { capabilities: opts.person ? { elicitation: { form: {} } } : {} },
  );
  const rig: ConfirmRig = {
    fake,
    client,
    forms: [],
    person: opts.person ?? DECLINE,
    async call(name, args = {}) {
      const r = await client.callTool({ name, arguments: args });
      const text = ((r.content ?? []) as Array<{ type: string; text?: string }>)
        .map((c) => c.text ?? "")
        .join("\n");
      if (r.isError !== true) expectDeclaredOutput(name, r.structuredContent);
      return {
        isError: r.isError === true,
        text,
        data: (r.structuredContent ?? {}) as Record<string, unknown>,
      };
    },
    writes: () => fake.count({ method: "POST" }) + fake.count({ method: "DELETE" }),
    async close() {
      await client.close().catch(() => undefined);
      await mcp.close();
      if (!opts.fake) await fake.close();
    },
  };
  if (opts.person) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      rig.forms.push(request.params);
      return rig.person(request.params);
    });
  }
  await mcp.server.connect(serverSide);
  await client.connect(clientSide);
  return rig;
}

/**
 * One fake Halo for the enclosing file (started in beforeAll, closed in
 * afterAll) and `rig(opts)` for confirm rigs against it, each closed after its
 * test. `stateHome: true` also points XDG_STATE_HOME at a fresh folder for the
 * file, so a tool that remembers things (my_queue) writes there and never into
 * the real user's state. `fake` stands for the fake once started.
 */
export function useConfirmRigs(opts: { stateHome?: boolean } = {}) {
  let fake: FakeHalo | undefined;
  let stateHome: string | undefined;
  const savedXdg = process.env.XDG_STATE_HOME;
  const rigs: ConfirmRig[] = [];
  beforeAll(async () => {
    fake = await startFakeHalo({ clientId: "confirm", clientSecret: "confirm-secret-1234" });
    if (opts.stateHome) {
      stateHome = mkdtempSync(join(tmpdir(), "halopsa-state-"));
      process.env.XDG_STATE_HOME = stateHome;
    }
  });
  afterAll(async () => {
    await fake?.close();
    if (stateHome === undefined) return;
    if (savedXdg === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = savedXdg;
    rmSync(stateHome, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(rigs.splice(0).map((r) => r.close()));
  });
  const started = (): FakeHalo => {
    if (!fake) throw new Error("the fake starts in beforeAll: use it inside a test or hook");
    return fake;
  };
  return {
    fake: new Proxy({} as FakeHalo, {
      get(_target, prop) {
        const value = Reflect.get(started(), prop);
        return typeof value === "function" ? value.bind(started()) : value;
      },
    }),
    /** The XDG_STATE_HOME of this file (with `stateHome: true`). */
    stateHome(): string {
      if (stateHome === undefined)
        throw new Error("useConfirmRigs({ stateHome: true }) makes the state folder");
      return stateHome;
    },
    async rig(rigOpts: Parameters<typeof startConfirmRig>[0] = {}): Promise<ConfirmRig> {
      const r = await startConfirmRig({ fake: started(), ...rigOpts });
      rigs.push(r);
      return r;
    },
  };
}
