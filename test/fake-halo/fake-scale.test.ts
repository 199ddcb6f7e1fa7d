/**
 * The fake's tenant sizes (tenantSize): deterministic, the size asked for, a
 * year of tickets shaped like a real tenant's, and GET /Tickets answering
 * record_count and filters over them as the spec documents (undocumented
 * parameters ignored, as Halo ignores them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeHalo,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  startFakeHalo,
  TENANT_SIZES,
} from "../../fake-halo/index.js";

type Envelope = {
  page_no: number;
  page_size: number;
  record_count: number;
  tickets: Array<Record<string, unknown>>;
};

async function tokenFor(fake: FakeHalo): Promise<string> {
  const res = await fetch(`${fake.url}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: SANDBOX_CLIENT_ID,
      client_secret: SANDBOX_CLIENT_SECRET,
    }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

let fake: FakeHalo;
let token = "";
const tickets = async (query: string): Promise<Envelope> => {
  const res = await fetch(`${fake.url}/api/Tickets?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status, query).toBe(200);
  return (await res.json()) as Envelope;
};

beforeAll(async () => {
  fake = await startFakeHalo({ tenantSize: "10k", rateLimit: false });
  token = await tokenFor(fake);
});
afterAll(async () => {
  await fake.close();
});

describe("tenant sizes", () => {
  it("holds the size asked for, the same tenant for the same seed", async () => {
    expect(fake.db.tickets.size).toBe(10_000);
    expect(fake.db.clients.size).toBe(TENANT_SIZES["10k"].clients);
    const again = await startFakeHalo({ tenantSize: "10k", rateLimit: false });
    try {
      const pick = (f: FakeHalo) =>
        [...f.db.tickets.values()]
          .filter((t) => t.id % 997 === 0)
          .map((t) => [t.id, t.client_id, t.status_id, t.agent_id, t.dateoccurred]);
      expect(pick(again)).toEqual(pick(fake));
    } finally {
      await again.close();
    }
  });

  it("spreads a year of tickets, most of them closed, over a long tail of clients", () => {
    const all = [...fake.db.tickets.values()];
    const open = all.filter((t) => !t.dateclosed).length;
    expect(open).toBeGreaterThan(100);
    expect(open).toBeLessThan(1000);
    const dates = all.map((t) => Date.parse(t.dateoccurred));
    expect((Math.max(...dates) - Math.min(...dates)) / 86_400_000).toBeGreaterThan(300);
    const perClient = new Map<number, number>();
    for (const t of all) perClient.set(t.client_id, (perClient.get(t.client_id) ?? 0) + 1);
    const sizes = [...perClient.values()].sort((a, b) => b - a);
    expect(sizes[0]).toBeGreaterThan(10 * (sizes.at(-1) as number));
    // Only records that exist are referenced.
    for (const t of all.slice(-50)) {
      expect(fake.db.clients.has(t.client_id)).toBe(true);
      expect(fake.db.statuses.has(t.status_id)).toBe(true);
    }
  });

  it("answers record_count for one row a page, with documented filters applied", async () => {
    const closed9 = [...fake.db.tickets.values()].filter((t) => t.status_id === 9).length;
    const byStatus = await tickets("pageinate=true&page_size=1&page_no=1&status_id=9");
    expect(byStatus.record_count).toBe(closed9);
    expect(byStatus.tickets).toHaveLength(1);
    expect(byStatus.tickets[0]?.status_id).toBe(9);
    const team2 = [...fake.db.tickets.values()].filter((t) => t.team_id === 2 && !t.dateclosed).length;
    const byTeam = await tickets("pageinate=true&page_size=1&team=2&open_only=true");
    expect(byTeam.record_count).toBe(team2);
  });

  it("ignores a parameter GET /Tickets does not document (team_id), as Halo does", async () => {
    const all = await tickets("pageinate=true&page_size=1&team_id=2");
    expect(all.record_count).toBe(10_000);
  });
});
