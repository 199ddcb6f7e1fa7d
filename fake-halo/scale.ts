/**
 * Tenant sizes for counting at scale: a year of tickets at a small, mid-size
 * or large MSP (1k, 10k, 100k). The usual seeded tenant stays as it is (its
 * tickets have actions, custom-field values, attachments); the rest are bulk
 * tickets: the same record shape, generated in one cheap pass from their own
 * seed, sharing one empty custom-field list (writes replace the list, never
 * edit it) and with no actions until someone adds one. 100,000 of them take
 * about half a second and tens of MB, and GET /Tickets filters them like
 * any other ticket.
 *
 * Shape of a year, so counts look like a real tenant's: opened dates spread
 * over 365 days (ids rising with them); a ticket is likely open only when it
 * is recent (a few thousand open at 100k); clients weighted by a long tail
 * (a few large clients, many small ones); agents from the ticket type's team;
 * a share of new tickets unassigned.
 */
import { SANDBOX_REFERENCE_DATE } from "./clock.js";
import { Rng } from "./prng.js";
import { SUMMARIES } from "./resources/tickets.js";
import type { CustomFieldValue, FakeDb, Ticket } from "./types.js";

export type TenantSize = "1k" | "10k" | "100k";

/** Tickets and clients per size; the clients grow with the tenant, as MSPs do. */
export const TENANT_SIZES: Record<TenantSize, { tickets: number; clients: number }> = {
  "1k": { tickets: 1_000, clients: 40 },
  "10k": { tickets: 10_000, clients: 150 },
  "100k": { tickets: 100_000, clients: 600 },
};

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Adds tickets until the tenant holds `total`; deterministic for a seed. */
export function addBulkTickets(db: FakeDb, seed: number, total: number): void {
  const count = total - db.tickets.size;
  if (count <= 0) return;
  const rng = new Rng(seed * 7919 + 17);
  const ref = Date.parse(SANDBOX_REFERENCE_DATE);
  const clients = [...db.clients.values()].filter((c) => !c.inactive);
  // A long tail: client k weighs 1/(k+1)^0.9, so the first few clients hold a large share.
  const pickClient = cumulative(clients.map((c, k) => [c, 1 / (k + 1) ** 0.9] as const));
  const siteOf = new Map<number, number>();
  const usersOfSite = new Map<number, number[]>();
  for (const s of db.sites.values()) if (!siteOf.has(s.client_id)) siteOf.set(s.client_id, s.id);
  for (const u of db.users.values()) {
    const list = usersOfSite.get(u.site_id) ?? [];
    list.push(u.id);
    usersOfSite.set(u.site_id, list);
  }
  const statuses = [...db.statuses.values()];
  const pickOpen = cumulative(
    statuses.filter((s) => !s.closed).map((s) => [s.id, s.id === 2 ? 4 : 1] as const),
  );
  const pickClosed = cumulative(
    statuses.filter((s) => s.closed).map((s) => [s.id, s.name === "Closed" ? 3 : 1] as const),
  );
  const pickType = cumulative(
    [...db.ticketTypes.values()].map((t) => [t, t.id === 1 ? 5 : t.id === 3 ? 4 : 1] as const),
  );
  const active = [...db.agents.values()].filter((a) => !a.isdisabled);
  const teamAgents = new Map(
    [...db.ticketTypes.values()].map((t) => {
      const mine = active.filter((a) => a.team_ids.includes(t.default_team_id));
      return [t.id, mine.length ? mine : active] as const;
    }),
  );
  const emptyFields: CustomFieldValue[] = [...db.fields.values()]
    .filter((f) => f.usage === 1)
    .map((f) => ({ id: f.id, name: f.name, label: f.label, type: f.type, value: "", display: "" }));
  Object.freeze(emptyFields);
  // Summaries without the {site}/{client} blanks the seeded tickets fill in: one string per template.
  const summaries = new Map(
    Object.entries(SUMMARIES).map(([k, list]) => [Number(k), list.map((x) => x.replace(/\s*\{\w+\}/g, ""))]),
  );
  const pickPriority = cumulative([
    [1, 1],
    [2, 2],
    [3, 5],
    [4, 3],
  ] as const);

  let id = Math.max(db.nextId.ticket ?? 1001, ...[...db.tickets.keys()].map((k) => k + 1));
  const span = 365 * DAY;
  for (let i = 0; i < count; i++, id++) {
    // Opened dates rise with the id across the year, with a little jitter.
    const occurred = ref - span + Math.floor(((i + rng.float()) / count) * (span - DAY));
    const age = ref - occurred;
    const isOpen = rng.chance(0.6 * Math.exp(-age / (7 * DAY)) + 0.01);
    const statusId = (isOpen ? pickOpen : pickClosed)(rng.float());
    const type = pickType(rng.float());
    const client = pickClient(rng.float());
    const siteId = siteOf.get(client.id) ?? 0;
    const users = usersOfSite.get(siteId) ?? [];
    const userId = users.length ? rng.pick(users) : 0;
    const unassigned = statusId === 1 && rng.chance(0.5);
    const agentId = unassigned ? 0 : rng.pick(teamAgents.get(type.id) ?? active).id;
    const updated = Math.min(ref - MINUTE, occurred + rng.int(5, 10 * 24 * 60) * MINUTE);
    const summary = rng.pick(summaries.get(type.id) ?? ["Support request"]);
    const updatedAt = iso(updated);
    const ticket: Ticket = {
      id,
      summary,
      details: summary,
      client_id: client.id,
      site_id: siteId,
      user_id: userId,
      agent_id: agentId,
      team_id: type.default_team_id,
      status_id: statusId,
      priority_id: pickPriority(rng.float()),
      tickettype_id: type.id,
      sla_id: client.sla_id,
      dateoccurred: iso(occurred),
      last_update: updatedAt,
      lastactiondate: updatedAt,
      customfields: emptyFields,
    };
    if (!isOpen) ticket.dateclosed = updatedAt;
    db.tickets.set(id, ticket);
  }
  db.nextId.ticket = id;
}

const days = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** toISOString at whole seconds, the day part cached: Date formatting was a fifth of the time at 100k. */
function iso(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = days.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    days.set(day, prefix);
  }
  const sec = Math.floor((ms - day * DAY) / 1000);
  return `${prefix}${two(Math.floor(sec / 3600))}:${two(Math.floor(sec / 60) % 60)}:${two(sec % 60)}.000Z`;
}

/** A weighted pick in O(log n) (Rng.weighted is linear, too slow for 600 clients × 100k tickets). */
function cumulative<T>(items: ReadonlyArray<readonly [T, number]>): (r: number) => T {
  const sums: number[] = [];
  let total = 0;
  for (const [, w] of items) {
    total += w;
    sums.push(total);
  }
  return (r) => {
    const x = r * total;
    let lo = 0;
    let hi = sums.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sums[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return (items[lo] as readonly [T, number])[0];
  };
}
