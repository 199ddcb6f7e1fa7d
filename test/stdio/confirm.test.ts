/**
 * The built bundle over stdio with a client that can show forms and declines
 * every one (as the independent checks do): no write reaches Halo, each
 * answer says nothing was sent; a read is unaffected.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { BUNDLE } from "../helpers/e2e.js";

let fake: FakeHalo;
let client: Client;
let forms = 0;
beforeAll(async () => {
  fake = await startFakeHalo({ clientId: "stdio-confirm", clientSecret: "stdio-confirm-secret-99" });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: "/nonexistent-home",
      HALOPSA_BASE_URL: fake.url,
      HALOPSA_CLIENT_ID: "stdio-confirm",
      HALOPSA_CLIENT_SECRET: "stdio-confirm-secret-99",
    },
    stderr: "pipe",
    cwd: "/",
  });
  client = new Client({ name: "declines", version: "1" }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async () => {
    forms++;
    return { action: "decline" };
  });
  await client.connect(transport);
});
afterAll(async () => {
  await client.close().catch(() => undefined);
  await fake.close();
});

it("declines every write: nothing reaches Halo, every answer says so", async () => {
  const open = [...fake.db.tickets.values()].filter((t) => t.status_id !== 9 && t.status_id !== 8);
  const calls: Array<[string, Record<string, unknown>]> = [
    ["create_ticket", { summary: "stdio decline", client: 12 }],
    ["update_ticket", { id: open[0]!.id, status: "Closed" }],
    ["delete_ticket", { id: open[1]!.id, reason: "x", confirm: true }],
    ["add_ticket_action", { ticket_id: open[2]!.id, note: "hi", send_email: true }],
    ["close_ticket", { id: open[3]!.id, note: "done", time_taken_minutes: 15 }],
    [
      "handover_ticket",
      { id: open[4]!.id, team: open[4]!.team_id === 6 ? "Projects" : "Field Engineers", note: "x" },
    ],
  ];
  for (const [name, args] of calls) {
    const r = await client.callTool({ name, arguments: args });
    expect(r.structuredContent, name).toMatchObject({ sent: false, outcome: "declined" });
    expect(r.isError, name).toBeFalsy();
  }
  expect(forms).toBe(calls.length);
  expect(fake.count({ method: "POST" }) + fake.count({ method: "DELETE" })).toBe(0);
  const read = await client.callTool({ name: "search_tickets", arguments: { limit: 1 } });
  expect(read.isError).toBeFalsy();
  expect(forms).toBe(calls.length);
});

it("a client answering accept without the box (no content, or {}) writes nothing", async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: "/nonexistent-home",
      HALOPSA_BASE_URL: fake.url,
      HALOPSA_CLIENT_ID: "stdio-confirm",
      HALOPSA_CLIENT_SECRET: "stdio-confirm-secret-99",
    },
    stderr: "pipe",
    cwd: "/",
  });
  const lax = new Client({ name: "accepts-blank", version: "1" }, { capabilities: { elicitation: {} } });
  const answers = [{ action: "accept" as const }, { action: "accept" as const, content: {} }];
  let i = 0;
  lax.setRequestHandler(ElicitRequestSchema, async () => answers[i++ % answers.length]!);
  await lax.connect(transport);
  try {
    const open = [...fake.db.tickets.values()].filter((t) => t.status_id !== 9 && t.status_id !== 8);
    for (const _ of answers) {
      const r = await lax.callTool({
        name: "add_ticket_action",
        arguments: { ticket_id: open[5]!.id, note: "x" },
      });
      expect(r.structuredContent).toMatchObject({ sent: false });
    }
    expect(fake.count({ method: "POST" }) + fake.count({ method: "DELETE" })).toBe(0);
  } finally {
    await lax.close().catch(() => undefined);
  }
});
