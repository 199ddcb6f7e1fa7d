/**
 * Runtime figures against the fake: call overhead versus a direct request,
 * token requests under a cold burst, bulk work inside the rate limit, and
 * memory over many calls.
 */
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import type { DirectHalo } from "./halo-direct.js";
import { type Figure, ratio, type Section } from "./report.js";
import { type RpcProcess, textOf } from "./rpc.js";
import { CLIENT_ID, CLIENT_SECRET, serverEnv, startOurs } from "./servers.js";
import { mb, median, ms, timed } from "./stats.js";

/** The exact GET the server makes for get_ticket(id), as recorded by the fake. */
async function ticketRequestOf(p: RpcProcess, fake: FakeHalo, id: number): Promise<string> {
  const from = fake.requests.length;
  await p.callTool("get_ticket", { id });
  const hit = fake.requests
    .slice(from)
    .find((r) => r.method === "GET" && r.path.toLowerCase() === `/tickets/${id}`);
  const qs = hit ? new URLSearchParams(hit.query).toString() : "";
  return `/api/Tickets/${id}${qs ? `?${qs}` : ""}`;
}

export async function measureOverhead(
  p: RpcProcess,
  fake: FakeHalo,
  direct: DirectHalo,
  opts: { runs: number; warm: number },
): Promise<Section> {
  const id = [...fake.db.tickets.keys()][3] as number;
  const path = await ticketRequestOf(p, fake, id);
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const latency of [0, 20]) {
    fake.setLatency(latency);
    for (let i = 0; i < opts.warm; i++) {
      await p.callTool("get_ticket", { id });
      await direct.get(path);
    }
    const viaMcp: number[] = [];
    const viaDirect: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const a = await timed(() => p.callTool("get_ticket", { id }));
      if (a.value.isError) throw new Error(`get_ticket failed: ${textOf(a.value)}`);
      viaMcp.push(a.ms);
      viaDirect.push((await timed(() => direct.get(path))).ms);
    }
    const m = median(viaMcp);
    const d = median(viaDirect);
    const r = ratio(m, d);
    figures.push({
      id: `overhead.latency_${latency}ms`,
      label: `get_ticket via MCP, fake latency ${latency} ms (median of ${opts.runs})`,
      value: m,
      shown: ms(m),
      against: { label: "direct undici GET", value: d, shown: ms(d) },
      ratio: r,
      ...(latency === 20 ? { target: "≤ 1.3×", pass: r <= 1.3 } : {}),
    });
  }
  fake.setLatency(0);
  notes.push(
    `Direct = one undici request (keep-alive, bearer token) to ${path.replace(/\/\d+/, "/{id}")}, body read and JSON-parsed. MCP = tools/call get_ticket over stdio (its Halo requests run in parallel: the ticket and its latest actions), timed from write to answer. Interleaved, after ${opts.warm} warm-up calls each.`,
  );
  return { title: "Call overhead", figures, notes };
}

export async function measureTokenBurst(fake: FakeHalo, calls: number): Promise<Section> {
  const p = await startOurs(serverEnv(fake.url));
  try {
    const before = fake.tokenRequests;
    const apiBefore = fake.count();
    const ids = [...fake.db.tickets.keys()];
    const results = await Promise.all(
      Array.from({ length: calls }, (_, i) => p.callTool("get_ticket", { id: ids[i % ids.length] })),
    );
    const failed = results.filter((r) => r.isError).length;
    const tokens = fake.tokenRequests - before;
    return {
      title: "Token behaviour",
      figures: [
        {
          id: "tokens.cold_burst",
          label: `token requests for ${calls} concurrent cold get_ticket calls`,
          value: tokens,
          shown: String(tokens),
          target: "= 1",
          pass: tokens === 1 && failed === 0,
        },
      ],
      notes: [`fresh server process; ${fake.count() - apiBefore} API requests; ${failed} calls failed.`],
    };
  } finally {
    await p.close();
  }
}

export async function measureBulk(tickets: number): Promise<Section> {
  // Halo's own limit ON at the fake (300 / 5 min) and the server's default client-side limit.
  const fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tickets, seed: 3 });
  const p = await startOurs(serverEnv(fake.url, { HALOPSA_RATE_LIMIT: undefined }));
  try {
    // One small call first: the process's one-time set-up (auth discovery, token) is not the bulk work's cost.
    await p.callTool("whoami", {});
    const setup = fake.count();
    const apiBefore = setup;
    const t = await timed(() => p.callTool("ticket_stats", { status: "any" }, 300_000));
    const text = textOf(t.value);
    const data = t.value.structuredContent as { total?: number } | undefined;
    const requests = fake.count() - apiBefore;
    const limited = fake.rateLimited;
    const maxRequests = Math.ceil(tickets / 100) + 1;
    const figures: Figure[] = [
      {
        id: "bulk.requests",
        label: `ticket_stats over ${tickets} tickets: Halo API requests`,
        value: requests,
        shown: String(requests),
        target: `≤ ${maxRequests}`,
        pass: !t.value.isError && requests <= maxRequests,
      },
      {
        id: "bulk.http_429",
        label: "ticket_stats: 429s received",
        value: limited,
        shown: String(limited),
        target: "0",
        pass: limited === 0,
      },
      {
        id: "bulk.wall_ms",
        label: "ticket_stats: wall time",
        value: t.ms,
        shown: ms(t.ms),
      },
    ];
    return {
      title: "Bulk under the rate limit",
      figures,
      notes: [
        t.value.isError
          ? `ticket_stats failed: ${text.slice(0, 200)}`
          : `counted total ${data?.total ?? "?"}; fake's rate limit on (300 / 5 min); the server's own limiter at its default (300/300s); counted after a whoami warm-up that made ${setup} API request(s) (auth discovery, /Agent/me) and ${fake.tokenRequests} token request(s).`,
      ],
    };
  } finally {
    await p.close();
    await fake.close();
  }
}

export async function measureMemory(fake: FakeHalo, calls: number): Promise<Section> {
  const p = await startOurs(serverEnv(fake.url));
  try {
    await p.listTools();
    const atStart = p.rss();
    const tickets = [...fake.db.tickets.keys()];
    const clients = [...fake.db.clients.keys()];
    const mix: Array<(i: number) => [string, Record<string, unknown>]> = [
      (i) => ["get_ticket", { id: tickets[i % 40] }],
      (i) => ["search_tickets", { limit: 10, page: (i % 3) + 1 }],
      (i) => ["list_lookups", { kind: ["statuses", "priorities", "agents"][i % 3] }],
      (i) => ["get_client", { client: clients[i % clients.length] }],
      (i) => ["list_ticket_actions", { ticket_id: tickets[i % 20] }],
    ];
    let errors = 0;
    for (let i = 0; i < calls; i++) {
      const [name, args] = mix[i % mix.length]!(i);
      if ((await p.callTool(name, args)).isError) errors++;
    }
    const after = p.rss();
    return {
      title: "Memory",
      figures: [
        {
          id: "memory.rss_start_bytes",
          label: "RSS after start (initialize + tools/list)",
          value: atStart,
          shown: mb(atStart),
        },
        {
          id: "memory.rss_after_calls_bytes",
          label: `RSS after ${calls} calls`,
          value: after,
          shown: mb(after),
          against: { label: "after start", value: atStart, shown: mb(atStart) },
          ratio: ratio(after, atStart),
        },
      ],
      notes: [
        `mix of get_ticket, search_tickets, list_lookups, get_client, list_ticket_actions; ${errors} errors; RSS from /proc/<pid>/status VmRSS.`,
      ],
    };
  } finally {
    await p.close();
  }
}
