/**
 * A team deployment: two replicas of the built server behind a balancer that
 * sends each request to the next replica (no stickiness), sharing a real
 * Redis/Valkey for tokens, sessions and the Halo rate budget. Many people
 * at once stay within Halo's budget (the fake's limiter answers no 429 and no
 * call fails for it); each call leaves an audit line with no secret in it;
 * when a replica dies mid-write, the other takes the session up and the
 * write is not made twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import {
  type Balancer,
  mcpClient,
  type Replica,
  type SignedIn,
  STORE_KEY,
  signIn,
  startBalancer,
  startReplica,
  TEAM_SECRET,
  textOf,
} from "../helpers/team.js";

const BUDGET = { max: 40, windowMs: 3_000 };
let redis: TestRedis;
let fake: FakeHalo;
let balancer: Balancer;
let a: Replica;
let b: Replica;
const issued: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
  fake = await startFakeHalo({ clientId: "svc", clientSecret: TEAM_SECRET, auth: {}, rateLimit: BUDGET });
  balancer = await startBalancer();
  const common = {
    fake,
    clientId: fake.auth.clientId,
    redisUrl: redis.url,
    env: {
      HALOPSA_PUBLIC_URL: balancer.url,
      HALOPSA_RATE_LIMIT: `${BUDGET.max}/${BUDGET.windowMs}ms`,
      HALOPSA_CONFIRM: "never",
    },
  };
  [a, b] = await Promise.all([
    startReplica({ ...common, name: "a" }),
    startReplica({ ...common, name: "b" }),
  ]);
  balancer.targets.push(a.url, b.url);
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await balancer?.close();
  await fake?.close();
  await redis?.stop();
});

const people = () =>
  [...fake.db.agents.values()].filter((x) => !x.isdisabled).slice(0, 6) as Array<{
    id: number;
    name: string;
    email: string;
  }>;

/** What a technician does in a few minutes: who am I, my tickets, one ticket, a note, its actions. */
async function workflow(person: SignedIn, ticketId: number, note: string): Promise<string[]> {
  const { client } = await mcpClient(balancer.url, person.access);
  const failures: string[] = [];
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = textOf(await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 }));
    if (r.isError) failures.push(`${name}: ${r.text}`);
    return r;
  };
  try {
    await call("whoami", {});
    await call("search_tickets", { agent: "me", limit: 5 });
    await call("get_ticket", { id: ticketId });
    await call("add_ticket_action", { ticket_id: ticketId, note });
    await call("list_ticket_actions", { ticket_id: ticketId, limit: 5 });
  } finally {
    await client.close();
  }
  return failures;
}

describe("two replicas, one Redis", () => {
  it("keeps many people within one Halo budget, with no call failing for it", async () => {
    const team = people();
    const signed = await Promise.all(
      team.map((p) => signIn(balancer.url, fake, p.email, fake.auth.password)),
    );
    for (const s of signed) issued.push(s.access, s.refresh);
    const tickets = [...fake.db.tickets.keys()];
    const before = fake.count();
    const failures = (
      await Promise.all(signed.map((s, i) => workflow(s, tickets[i] as number, `replica note ${i}`)))
    ).flat();
    expect(failures).toEqual([]);
    // More than one window's worth went through (so the budget was what held them back)...
    expect(fake.count() - before).toBeGreaterThan(BUDGET.max);
    // ...and Halo never had to refuse one.
    expect(fake.rateLimited).toBe(0);
    // Each note is under its author's name.
    signed.forEach((_, i) => {
      const action = (fake.db.actions.get(tickets[i] as number) ?? []).find(
        (x) => x.note === `replica note ${i}`,
      );
      expect(action?.who_agentid).toBe(team[i]?.id);
    });
  });

  it("writes one audit line per call, naming who, tool, effect, record and outcome, and no secret", () => {
    const lines = `${a.stderr()}${b.stderr()}`
      .split("\n")
      .filter((l) => l.includes("] audit "))
      .map((l) => JSON.parse(l.slice(l.indexOf("{"))) as Record<string, unknown>);
    const writes = lines.filter((l) => l.tool === "add_ticket_action");
    expect(writes).toHaveLength(people().length);
    for (const w of writes) {
      expect(w).toMatchObject({ effect: "create", outcome: "ok" });
      expect(String(w.record)).toMatch(/^ticket_id=\d+$/);
      expect(people().map((p) => p.id)).toContain(w.agent);
    }
    // Both replicas served calls.
    expect(a.stderr()).toContain("] audit ");
    expect(b.stderr()).toContain("] audit ");
    const all = `${a.stderr()}${b.stderr()}`;
    for (const secret of [TEAM_SECRET, STORE_KEY, ...issued]) expect(all).not.toContain(secret);
  });

  it("when a replica dies mid-write, the other takes the session up and the write is made once", async () => {
    const person = people()[0] as { email: string };
    const signed = await signIn(balancer.url, fake, person.email, fake.auth.password);
    const ticketId = [...fake.db.tickets.keys()][1] as number;
    const { client } = await mcpClient(balancer.url, signed.access);
    // Halo saves the note, then its answer never comes: the replica is mid-call when it dies.
    fake.addFault({ method: "POST", path: "/Actions", kind: "hang", afterProcessing: true });
    balancer.targets.splice(0, balancer.targets.length, a.url);
    const posts = () =>
      fake.requests.filter((r) => r.method === "POST" && /^\/actions$/i.test(r.path)).length;
    const before = posts();
    const pending = client
      .callTool({ name: "add_ticket_action", arguments: { ticket_id: ticketId, note: "mid-call note" } })
      .then(
        () => "answered",
        () => "failed",
      );
    for (let i = 0; i < 200 && posts() === before; i++) await new Promise((r) => setTimeout(r, 25));
    expect(posts()).toBe(before + 1);
    balancer.targets.splice(0, balancer.targets.length, a.url, b.url);
    await a.kill();
    expect(await pending).toBe("failed");
    // The same session, answered by the other replica.
    const r = textOf(
      await client.callTool({ name: "list_ticket_actions", arguments: { ticket_id: ticketId } }),
    );
    expect(r.isError, r.text).toBe(false);
    expect(r.text.split("mid-call note").length - 1).toBe(1);
    expect(b.stderr()).toMatch(/taken up by replica b/);
    // Nobody sent the write again.
    expect(posts()).toBe(before + 1);
    await client.close().catch(() => undefined);
  });
});
