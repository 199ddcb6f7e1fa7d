/**
 * Counting at tenant sizes: ticket_stats by status, agent, client and SLA
 * state on fakes of 1k, 10k and 100k tickets (the fake's tenantSize knob),
 * beside the previous approach, reading every row 100 a request up to a
 * 50-request ceiling (measured here by paging the same fake directly, as
 * that code did). Requests are counted by the fake; the share is of the
 * tenant's 300 requests per 5 minutes, which the whole team shares.
 */
import { startFakeHalo, type TenantSize } from "../../fake-halo/index.js";
import { DirectHalo } from "./halo-direct.js";
import { type Figure, ratio, type Section } from "./report.js";
import { textOf } from "./rpc.js";
import { CLIENT_ID, CLIENT_SECRET, serverEnv, startOurs } from "./servers.js";
import { ms, timed } from "./stats.js";

const GROUPINGS = ["status", "agent", "client", "sla"] as const;
/** Halo-hosted tenants: 300 requests per rolling 5 minutes. */
const WINDOW = 300;
/** The previous ticket_stats: 100 rows a request, at most 50 requests (5,000 tickets). */
const OLD_CEILING = 50;

const pct = (n: number) => `${Math.round((n / WINDOW) * 100)}%`;

/** The previous approach: every row, page by page, until all are read or the ceiling stops it. */
async function rowsPaging(direct: DirectHalo): Promise<{ requests: number; read: number; total: number }> {
  let read = 0;
  let total = 0;
  let requests = 0;
  for (let page = 1; page <= OLD_CEILING; page++) {
    const res = await direct.get(
      `/api/Tickets?pageinate=true&page_size=100&page_no=${page}&includeslaactiondate=true&includeslatimer=true`,
    );
    requests++;
    const body = JSON.parse(res.text) as { record_count?: number; tickets?: unknown[] };
    read += body.tickets?.length ?? 0;
    total = body.record_count ?? read;
    if (!body.tickets?.length || read >= total) break;
  }
  return { requests, read, total };
}

export async function measureCounting(sizes: TenantSize[]): Promise<Section> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const size of sizes) {
    // Our server keeps its default limiter (300 per 5 min); the fake counts, without limiting,
    // so the previous approach's pages and ours can be measured on one tenant.
    const fake = await startFakeHalo({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      tenantSize: size,
      rateLimit: false,
      fullSizeTickets: false,
      seed: 3,
    });
    const direct = new DirectHalo(fake.url);
    const p = await startOurs(serverEnv(fake.url, { HALOPSA_RATE_LIMIT: undefined }));
    try {
      await p.callTool("whoami", {});
      const before = fake.count();
      const old = await timed(() => rowsPaging(direct));
      const oldRequests = fake.count() - before;
      const oldExact = old.value.read >= old.value.total;
      const oldShown = `${oldRequests} req, ${ms(old.ms)}${oldExact ? "" : `, stops at ${old.value.read} of ${old.value.total}`}`;
      for (const group of GROUPINGS) {
        // The previous code also read one lookup for names (statuses, agents).
        const against = oldRequests + (group === "status" || group === "agent" ? 1 : 0);
        const start = fake.count();
        const t = await timed(() => p.callTool("ticket_stats", { status: "any", group_by: group }, 300_000));
        const requests = fake.count() - start;
        const data = t.value.structuredContent as { total?: number; left_out?: string } | undefined;
        const ok = !t.value.isError && data?.total === fake.db.tickets.size;
        figures.push({
          id: `counting.${size}.${group}.requests`,
          label: `ticket_stats by ${group}, ${size} tickets: Halo requests (share of 300/5 min)`,
          value: requests,
          shown: `${requests} (${pct(requests)})${data?.left_out ? ", part stated as not counted" : ", exact"}`,
          against: {
            label: "rows paging",
            value: against,
            shown: `${against} (${pct(against)})${oldExact ? "" : ", inexact"}`,
          },
          ratio: ratio(requests, against),
          target: "≤ 60 (a fifth), exact or stated",
          pass: ok && requests <= 60,
        });
        figures.push({
          id: `counting.${size}.${group}.wall_ms`,
          label: `ticket_stats by ${group}, ${size} tickets: wall time`,
          value: t.ms,
          shown: ms(t.ms),
          against: { label: "rows paging", value: old.ms, shown: ms(old.ms) },
          ratio: ratio(t.ms, old.ms),
        });
        if (t.value.isError) notes.push(`${size} ${group}: failed: ${textOf(t.value).slice(0, 200)}`);
        else if (data?.left_out) notes.push(`${size} ${group}: ${data.left_out}`);
      }
      notes.push(`${size}: rows paging ${oldShown} (the same pages for every grouping).`);
    } finally {
      await p.close();
      await direct.close();
      await fake.close();
    }
  }
  return { title: "Counting at tenant sizes (ticket_stats vs rows paging)", figures, notes };
}
