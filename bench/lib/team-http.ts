/**
 * The team server (`serve --http`) against the fake Halo: what a call costs
 * over Streamable HTTP (bearer check, session, SSE answer) next to the same
 * call over stdio, and how many Halo requests a technician's typical
 * workflow takes per person at 1, 10 and 50 people signed in at once (each
 * with their own lookups: nothing is shared across people, by design).
 */
import { startFakeHalo } from "../../fake-halo/index.js";
import { mcpClient, signIn, startReplica, textOf } from "../../test/helpers/team.js";
import type { Figure, Section } from "./report.js";
import { CLIENT_SECRET, serverEnv, startOurs } from "./servers.js";
import { median, ms, timed } from "./stats.js";

export async function measureTeamHttp(opts: { runs: number; users: number[] }): Promise<Section> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const fake = await startFakeHalo({
    clientId: "svc",
    clientSecret: CLIENT_SECRET,
    auth: {},
    rateLimit: false,
  });
  const replica = await startReplica({
    fake,
    name: "bench",
    clientId: fake.auth.clientId,
    // Counted, not throttled: 50 people's workflows exceed a 300/5 min budget, and waiting out
    // the window would measure the budget, not the requests.
    env: { HALOPSA_CONFIRM: "never", HALOPSA_RATE_LIMIT: "100000/300s" },
  });
  try {
    // Per-call overhead: get_ticket, warm, over HTTP and over stdio, interleaved.
    const id = [...fake.db.tickets.keys()][3] as number;
    const agents = [...fake.db.agents.values()].filter((a) => !a.isdisabled);
    const first = agents[0] as { email: string };
    const person = await signIn(replica.url, fake, first.email, fake.auth.password);
    const http = await mcpClient(replica.url, person.access);
    const stdio = await startOurs(serverEnv(fake.url));
    try {
      for (let i = 0; i < 3; i++) {
        await http.client.callTool({ name: "get_ticket", arguments: { id } });
        await stdio.callTool("get_ticket", { id });
      }
      const overHttp: number[] = [];
      const overStdio: number[] = [];
      for (let i = 0; i < opts.runs; i++) {
        const h = await timed(() => http.client.callTool({ name: "get_ticket", arguments: { id } }));
        if (textOf(h.value).isError) throw new Error(`get_ticket over HTTP failed: ${textOf(h.value).text}`);
        overHttp.push(h.ms);
        overStdio.push((await timed(() => stdio.callTool("get_ticket", { id }))).ms);
      }
      const h = median(overHttp);
      const s = median(overStdio);
      figures.push({
        id: "team.http_call_ms",
        label: `get_ticket over Streamable HTTP (median of ${opts.runs})`,
        value: h,
        shown: ms(h),
        against: { label: "the same call over stdio", value: s, shown: ms(s) },
        ratio: h / s,
        note: `+${ms(h - s)} a call`,
      });
    } finally {
      await http.client.close().catch(() => undefined);
      await stdio.close();
    }

    // Halo requests per person for one typical workflow, everybody at once.
    const tickets = [...fake.db.tickets.keys()];
    for (const n of opts.users) {
      const people = Array.from({ length: n }, (_, i) => agents[i % agents.length] as { email: string });
      const beforeSignIn = fake.count();
      const signed = await Promise.all(
        people.map((p) => signIn(replica.url, fake, p.email, fake.auth.password)),
      );
      const signInRequests = fake.count() - beforeSignIn;
      const before = fake.count();
      const started = Date.now();
      await Promise.all(
        signed.map(async (who, i) => {
          const { client } = await mcpClient(replica.url, who.access);
          const ticket = tickets[i % tickets.length] as number;
          try {
            for (const [name, args] of [
              ["whoami", {}],
              ["search_tickets", { agent: "me", limit: 10 }],
              ["get_ticket", { id: ticket }],
              ["add_ticket_action", { ticket_id: ticket, note: `bench note ${n}/${i}` }],
              ["list_ticket_actions", { ticket_id: ticket, limit: 5 }],
            ] as const) {
              const r = textOf(
                await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 }),
              );
              if (r.isError) throw new Error(`${name} failed for person ${i}: ${r.text}`);
            }
          } finally {
            await client.close().catch(() => undefined);
          }
        }),
      );
      const wall = Date.now() - started;
      const perUser = (fake.count() - before) / n;
      figures.push({
        id: `team.requests_per_user.${n}`,
        label: `Halo requests per person, typical workflow (5 calls), ${n} at once`,
        value: perUser,
        shown: perUser.toFixed(1),
        against: {
          label: "sign-in, per person",
          value: signInRequests / n,
          shown: (signInRequests / n).toFixed(1),
        },
        note: `${n * perUser} requests in ${ms(wall)}; ${((n * perUser * 100) / 300).toFixed(0)}% of a 300/5 min budget; ${new Set(people).size} distinct agents (the fake has ${agents.length}: more people than that share an agent and its lookups)`,
      });
    }
    notes.push(
      'Workflow: whoami, search_tickets agent=me, get_ticket, add_ticket_action, list_ticket_actions. Each person\'s lookups ("me", statuses, outcomes) are their own, so they are fetched once per person, never shared.',
    );
  } finally {
    await replica.stop();
    await fake.close();
  }
  return { title: "Team server (serve --http)", figures, notes };
}
