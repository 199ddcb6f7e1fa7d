/**
 * The core ticket tools end to end: the built server over stdio against the
 * fake Halo. Assertions check the data the model reads against the fake's
 * database, the requests Halo received, and the size budgets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E, type ToolCall } from "../helpers/e2e.js";

type Row = Record<string, unknown>;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e.close();
});

const db = () => e2e.fake.db;
const closedStatus = (id: number) => db().statuses.get(id)?.closed === true;
const siteId = (name: string) => [...db().sites.values()].find((s) => s.name === name)?.id as number;
const userId = (name: string) => [...db().users.values()].find((u) => u.name === name)?.id as number;
const ticketsOf = (data: Row | undefined) => (data?.tickets ?? []) as Row[];
/** Calls a tool (the harness checks every successful result against its declared output). */
async function call(
  name: string,
  args: Record<string, unknown> = {},
  opts?: Parameters<E2E["call"]>[2],
  on: E2E = e2e,
): Promise<ToolCall> {
  const r = await on.call(name, args, opts);
  return r;
}
/** A result's data, or {} (an error result has none). */
const d = (r: { data: Row | undefined }): Row => r.data ?? {};
/** Requests Halo received while `fn` ran. */
async function requestsDuring<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; requests: typeof e2e.fake.requests }> {
  const before = e2e.fake.requests.length;
  const result = await fn();
  return { result, requests: e2e.fake.requests.slice(before) };
}
/** The first item of the last POST body Halo received on `path`. */
const lastPost = (path: string) =>
  (
    e2e.fake.requests.filter((r) => r.method === "POST" && r.path === path).at(-1)?.body as Row[] | undefined
  )?.[0];
/** An open ticket of the seeded tenant with a non-empty value in at least `n` custom fields. */
function ticketWithFields(n: number, skip: number[] = []): number {
  for (const t of db().tickets.values()) {
    if (skip.includes(t.id) || closedStatus(t.status_id)) continue;
    if (t.customfields.filter((f) => f.value !== "" && f.value !== false).length >= n) return t.id;
  }
  throw new Error("no such ticket in the seed");
}

describe("search_tickets", () => {
  it("refuses a misnamed argument instead of ignoring it (and listing everything)", async () => {
    const { result, requests } = await requestsDuring(() => call("search_tickets", { client_id: 12 }));
    expect(result.isError).toBe(true);
    expect(result.text).toContain("client_id: unknown argument (did you mean client?)");
    expect(requests).toHaveLength(0);
  });

  it('advertises "ID or name" fields as strings and takes a numeric string as the ID', async () => {
    const listed = (await e2e.client.listTools()).tools.find((t) => t.name === "search_tickets");
    const client = (listed?.inputSchema.properties as Record<string, unknown> | undefined)?.client;
    expect(client).toEqual({ type: "string", description: "ID/name" });
    const { result, requests } = await requestsDuring(() => call("search_tickets", { client: "12" }));
    expect(result.isError, result.text).toBe(false);
    // Used as the ID: no client search, and the filter is client 12.
    expect(requests.some((r) => r.path === "/Client")).toBe(false);
    expect(requests.find((r) => r.path === "/Tickets")?.query.client_id).toBe("12");
    // A number is still accepted.
    expect((await call("search_tickets", { client: 12 })).isError).toBe(false);
  });

  it("lists open tickets by default, newest first, with names beside IDs, in under 8 KB", async () => {
    const r = await call("search_tickets", {});
    expect(r.isError).toBe(false);
    const rows = ticketsOf(r.data);
    const open = [...db().tickets.values()].filter((t) => !closedStatus(t.status_id));
    expect(r.data?.total).toBe(open.length);
    expect(rows).toHaveLength(25);
    expect(r.data?.next_page).toBe(2);
    for (const row of rows)
      expect(closedStatus(db().tickets.get(row.id as number)?.status_id as number)).toBe(false);
    const opened = rows.map((row) => String(row.opened));
    expect([...opened].sort().reverse()).toEqual(opened);
    const first = db().tickets.get(rows[0]?.id as number);
    expect(rows[0]?.client).toBe(
      `${db().clients.get(first?.client_id as number)?.name} #${first?.client_id}`,
    );
    expect(rows[0]?.status).toBe(db().statuses.get(first?.status_id as number)?.name);
    expect(r.text.length).toBeLessThanOrEqual(8 * 1024);
    for (const row of rows) expect(JSON.stringify(row).length).toBeLessThanOrEqual(360);
  });

  it("filters by client and status names, reporting what they resolved to", async () => {
    const r = await call("search_tickets", {
      client: "acme corporation",
      status: "Waiting on Customer",
      limit: 100,
    });
    expect(r.isError).toBe(false);
    expect(r.data?.resolved).toEqual({ client: "Acme Corporation #12", status: "Waiting on Customer #21" });
    const want = [...db().tickets.values()].filter((t) => t.client_id === 12 && t.status_id === 21);
    expect(want.length).toBeGreaterThan(0);
    expect(r.data?.total).toBe(want.length);
    expect(ticketsOf(r.data).map((t) => t.id)).toEqual(expect.arrayContaining(want.map((t) => t.id)));
  });

  it("names leavers (disabled agents) but never lets them make a name ambiguous or take a ticket", async () => {
    const leaver = [...db().agents.values()].find((a) => a.isdisabled);
    if (!leaver) throw new Error("seed");
    // A partial name an active agent shares with the leaver picks the active one.
    const er = await call("search_tickets", { agent: "er", status: "any", limit: 1 });
    expect(er.isError, er.text).toBe(false);
    const picked = String((er.data?.resolved as Row | undefined)?.agent);
    expect(picked).toMatch(/ #\d+$/);
    expect(picked).not.toContain(`#${leaver.id}`);
    // The leaver by name is found for searching...
    const old = await call("search_tickets", { agent: leaver.name, status: "any", limit: 1 });
    expect((old.data?.resolved as Row | undefined)?.agent).toBe(`${leaver.name} #${leaver.id}`);
    // ...but refused as an assignee.
    const assign = await call("update_ticket", {
      id: ticketWithFields(1),
      agent: leaver.name,
      dry_run: true,
    });
    expect(assign.isError).toBe(true);
    expect(assign.text).toContain("is disabled in Halo and cannot take tickets");
  });

  it("groups by SLA state, asking Halo for the SLA fields list rows leave out by default", async () => {
    const { result: r, requests } = await requestsDuring(() =>
      call("ticket_stats", { status: "any", group_by: "sla" }),
    );
    expect(r.isError, r.text).toBe(false);
    const groups = (r.data?.groups ?? []) as Array<{ name: string; count: number }>;
    const closed = [...db().tickets.values()].filter((t) => t.dateclosed).length;
    expect(groups.find((g) => g.name === "closed")?.count).toBe(closed);
    expect(groups.map((g) => g.name)).toContain("breached");
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(r.data?.total);
    expect(requests.find((x) => x.path === "/Tickets")?.query).toMatchObject({
      includeslaactiondate: "true",
      includeslatimer: "true",
    });
  });

  it('says that status "closed" is the group of every closed status', async () => {
    const r = await call("ticket_stats", { status: "Closed", group_by: "status" });
    expect(r.isError, r.text).toBe(false);
    expect((r.data?.resolved as Row | undefined)?.status).toContain("every closed status");
    // More than one closed status is counted, which the note makes plain.
    expect(((r.data?.groups ?? []) as unknown[]).length).toBeGreaterThan(1);
  });

  it("filters by closed date (closed tickets only) with Halo's datecleared", async () => {
    const { result, requests } = await requestsDuring(() =>
      call("search_tickets", { closed_after: "2026-10-01", closed_before: "2026-11-01", limit: 100 }),
    );
    expect(result.isError, result.text).toBe(false);
    expect(requests.find((r) => r.path === "/Tickets")?.query).toMatchObject({
      datesearch: "datecleared",
      startdate: "2026-10-01T00:00:00",
      enddate: "2026-11-01T00:00:00",
      closed_only: "true",
    });
    const rows = ticketsOf(result.data) as Array<{ id: number; closed?: string }>;
    const expected = [...db().tickets.values()].filter(
      (t) => t.dateclosed && t.dateclosed >= "2026-10-01" && t.dateclosed < "2026-11-01",
    );
    expect(rows.length).toBe(expected.length);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.closed?.slice(0, 7)).toBe("2026-10");
  });

  it('maps agent "me", team, type and priority to Halo filters', async () => {
    const { result, requests } = await requestsDuring(() =>
      call("search_tickets", {
        agent: "me",
        team: "Service Desk",
        type: "Service Request",
        priority: "Low",
        status: "any",
      }),
    );
    expect(result.isError).toBe(false);
    const q = requests.find((x) => x.path === "/Tickets")?.query;
    expect(q).toMatchObject({ agent_id: "1", team: "1", requesttype_id: "3", priority: "4" });
    expect(q).not.toHaveProperty("open_only");
    for (const row of ticketsOf(result.data)) {
      const t = db().tickets.get(row.id as number);
      expect([t?.agent_id, t?.team_id, t?.tickettype_id, t?.priority_id]).toEqual([1, 1, 3, 4]);
    }
  });

  it("searches a date range on the opened date and sorts as asked", async () => {
    const { result, requests } = await requestsDuring(() =>
      call("search_tickets", {
        status: "closed",
        opened_after: "2026-10-01",
        opened_before: "2026-10-15",
        sort: "id",
        descending: false,
        limit: 100,
      }),
    );
    expect(result.isError).toBe(false);
    expect(requests.find((x) => x.path === "/Tickets")?.query).toMatchObject({
      closed_only: "true",
      datesearch: "dateoccured",
      startdate: "2026-10-01T00:00:00",
      enddate: "2026-10-15T00:00:00",
      order: "id",
      orderdesc: "false",
    });
    const rows = ticketsOf(result.data);
    expect(rows.length).toBeGreaterThan(0);
    const ids = rows.map((row) => row.id as number);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    for (const row of rows) {
      const t = db().tickets.get(row.id as number);
      const opened = String(t?.dateoccurred);
      expect(opened >= "2026-10-01" && opened < "2026-10-15").toBe(true);
      expect(closedStatus(t?.status_id as number)).toBe(true);
    }
  });

  it("refuses opened and closed ranges in one call before asking Halo", async () => {
    const { result, requests } = await requestsDuring(() =>
      call("search_tickets", { opened_after: "2026-10-01", closed_before: "2026-10-20" }),
    );
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/opened_after.*closed_after.*not both/);
    expect(requests.filter((x) => x.path === "/Tickets")).toHaveLength(0);
  });

  it("says a client ID does not exist rather than answering no tickets", async () => {
    const r = await call("search_tickets", { client: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("client: no client with ID 99999");
  });

  it("passes Halo's validation message to the model", async () => {
    const r = await call("search_tickets", { opened_after: "2026-10-01T25:00" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("Invalid startdate: 2026-10-01T25:00:00");
    // The updated range is applied here (no documented datesearch value), so checked here.
    const u = await call("search_tickets", { updated_after: "2026-10-01T25:00" });
    expect(u.isError).toBe(true);
    expect(u.text).toContain('updated_after: "2026-10-01T25:00:00" is not a valid date');
  });
});

describe("get_ticket", () => {
  it("returns a compact ticket (under 4 KB from ~80 KB) with refs, custom fields and latest actions", async () => {
    const id = ticketWithFields(3);
    const t = db().tickets.get(id);
    const { result: r, requests } = await requestsDuring(() => call("get_ticket", { id }));
    expect(r.isError).toBe(false);
    const ticket = r.data?.ticket as Row;
    expect(ticket.id).toBe(id);
    expect(ticket.summary).toBe(t?.summary);
    expect(ticket.details).toBe(t?.details);
    expect(ticket.status).toBe(`${db().statuses.get(t?.status_id as number)?.name} #${t?.status_id}`);
    expect(ticket.client).toBe(`${db().clients.get(t?.client_id as number)?.name} #${t?.client_id}`);
    expect(ticket.type).toBe(
      `${db().ticketTypes.get(t?.tickettype_id as number)?.name} #${t?.tickettype_id}`,
    );
    const filled = t?.customfields.filter((f) => f.display !== "") ?? [];
    for (const f of filled) expect((ticket.custom_fields as Row)[f.label]).toBe(f.display);
    expect(Object.keys(ticket.custom_fields as Row)).toHaveLength(filled.length);
    expect((ticket.sla as Row).name).toMatch(/SLA #\d+$/);
    const actions = ticket.latest_actions as Row[];
    const human = (db().actions.get(id) ?? []).filter((a) => !a.system);
    expect(actions.length).toBe(Math.min(5, human.length));
    expect(actions[0]).toHaveProperty("when");
    expect(requests.find((x) => x.path === "/Actions")?.query).toMatchObject({
      ticket_id: String(id),
      count: "5",
      excludesys: "true",
    });
    // The fake answers the full-size ticket, as Halo does.
    const raw = requests.find((x) => x.path === `/Tickets/${id}`);
    expect(raw?.status).toBe(200);
    expect(r.text.length).toBeLessThanOrEqual(4 * 1024);
  });

  it("clips long details and adds raw fields on request", async () => {
    const id = ticketWithFields(1);
    const t = db().tickets.get(id);
    if (!t) throw new Error("seed");
    const saved = t.details;
    t.details = `${"Lots of logs. ".repeat(500)}`;
    try {
      const r = await call("get_ticket", { id, fields: ["reference", "source"] });
      const ticket = r.data?.ticket as Row;
      expect(String(ticket.details)).toMatch(/… \[\+\d+ chars\]$/);
      expect((ticket.fields as Row).source).toBe(3);
      expect(r.text.length).toBeLessThanOrEqual(4 * 1024);
    } finally {
      t.details = saved;
    }
  });

  it("says a ticket ID does not exist", async () => {
    const r = await call("get_ticket", { id: 987654 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 987654");
  });
});

describe("create_ticket", () => {
  it("resolves every name to the right ID and saves one ticket", async () => {
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    const r = await call("create_ticket", {
      summary: "Printer jammed on floor 2",
      details: "Paper jam, error 13.B2.",
      client: "Acme Corporation",
      site: "Acme Manchester",
      contact: "Priya Shah",
      type: "Service Request",
      priority: "High",
      status: "Waiting on Customer",
      team: "Second Line",
      agent: "Ben Carter",
      custom_fields: { Service: "Printing", "Customer Reference": "PO-4242" },
    });
    expect(r.isError).toBe(false);
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts + 1);
    const created = r.data?.created as Row;
    const t = db().tickets.get(created.id as number);
    expect(t).toMatchObject({
      summary: "Printer jammed on floor 2",
      client_id: 12,
      site_id: siteId("Acme Manchester"),
      user_id: userId("Priya Shah"),
      tickettype_id: 3,
      priority_id: 2,
      status_id: 21,
      team_id: 2,
      agent_id: 3,
    });
    const service = t?.customfields.find((f) => f.name === "CFService");
    expect(service?.display).toBe("Printing");
    expect(created).toMatchObject({
      client: "Acme Corporation #12",
      status: "Waiting on Customer #21",
      agent: "Ben Carter #3",
      custom_fields: { Service: "Printing", "Customer Reference": "PO-4242" },
    });
    expect(created).not.toHaveProperty("latest_actions");
  });

  it("refuses the same summary open for the same client again unless allow_duplicate", async () => {
    const summary = "Scanner on floor 3 jams on every page";
    const first = await call("create_ticket", { summary, client: 12 });
    expect(first.isError, first.text).toBe(false);
    const firstId = (d(first).created as Row).id as number;
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });

    // Case and spacing aside it is the same ticket: refused, naming the open one.
    const again = await call("create_ticket", {
      summary: "scanner on floor 3  jams on every page",
      client: 12,
    });
    expect(again.isError).toBe(true);
    expect(again.text).toContain("allow_duplicate: refused to create a likely duplicate ticket");
    expect(again.text).toContain(`#${firstId}`);
    const preview = await call("create_ticket", { summary, client: 12, dry_run: true });
    expect(preview.data?.possible_duplicates).toEqual([expect.stringContaining(`#${firstId}`)]);
    expect(preview.data?.warning).toContain("allow_duplicate");
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);

    // Another client's ticket of that summary is not a duplicate; an explicit yes creates another.
    expect((await call("create_ticket", { summary, client: 14 })).isError).toBe(false);
    const forced = await call("create_ticket", { summary, client: 12, allow_duplicate: true });
    expect(forced.isError, forced.text).toBe(false);
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts + 2);
  });

  it("emails the contact Halo's acknowledgement only when asked", async () => {
    // Every seeded ticket type defaults to sending one, as many tenants do.
    const emailed = (id: number) =>
      (db().actions.get(id) ?? []).filter((a) => a.sendemail && a.note.startsWith("Acknowledgement"));
    const quiet = await call("create_ticket", { summary: "Quiet", client: 12, contact: "Tom Baker" });
    const quietId = (d(quiet).created as Row).id as number;
    expect(lastPost("/Tickets")).toMatchObject({ sendack: false });
    expect(db().tickets.get(quietId)?.sendack).toBe(false);
    expect(emailed(quietId)).toHaveLength(0);

    const loud = await call("create_ticket", {
      summary: "Tell them",
      client: 12,
      contact: "Tom Baker",
      send_acknowledgement: true,
    });
    const loudId = (d(loud).created as Row).id as number;
    expect(lastPost("/Tickets")).toMatchObject({ sendack: true });
    expect(emailed(loudId)).toHaveLength(1);
  });

  it("files a new ticket at the contact's site when no site is given", async () => {
    const r = await call("create_ticket", { summary: "Phone dead", client: 12, contact: "Tom Baker" });
    expect(r.isError).toBe(false);
    const t = db().tickets.get((d(r).created as Row).id as number);
    expect([t?.user_id, t?.site_id]).toEqual([userId("Tom Baker"), siteId("Acme London")]);
  });

  it("dry_run previews the exact payload and resolved names, and sends nothing", async () => {
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    const r = await call("create_ticket", {
      summary: "Preview only",
      client: "Acme Corporation",
      status: "In Progress",
      agent: "me",
      dry_run: true,
    });
    expect(r.isError).toBe(false);
    expect(r.data).toEqual({
      dry_run: true,
      would_send: [{ summary: "Preview only", client_id: 12, status_id: 2, agent_id: 1, sendack: false }],
      resolved: { client: "Acme Corporation #12", status: "In Progress #2", agent: "Alice Admin #1" },
    });
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
  });

  it("answers an ambiguous client name with the candidates and their IDs", async () => {
    const r = await call("create_ticket", { summary: "Which Acme?", client: "Acme" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('"Acme Corporation" (ID 12)');
    expect(r.text).toContain('"Acme Logistics Ltd" (ID 13)');
  });

  it("refuses a site of another client", async () => {
    const r = await call("create_ticket", {
      summary: "Wrong site",
      client: "Acme Corporation",
      site: siteId("Felixstowe Depot"),
      dry_run: true,
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(
      /site: Felixstowe Depot #\d+ belongs to client Acme Logistics Ltd #13, not Acme Corporation #12/,
    );
  });

  it("says a client ID does not exist", async () => {
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    const r = await call("create_ticket", { summary: "Nobody", client: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("client: no client with ID 99999");
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
  });

  it("passes Halo's validation message to the model", async () => {
    // The agent list is cached for minutes; an agent disabled since then is refused by Halo itself.
    await call("search_tickets", { agent: "Farid Khan" });
    const farid = db().agents.get(7);
    if (!farid) throw new Error("seed");
    farid.isdisabled = true;
    try {
      const r = await call("create_ticket", { summary: "For Farid", client: 12, agent: "Farid Khan" });
      expect(r.isError).toBe(true);
      expect(r.text).toContain("Invalid agent_id: there is no Agent with ID 7.");
    } finally {
      farid.isdisabled = false;
    }
  });
});

describe("update_ticket", () => {
  it("posts only the changed fields and returns the updated ticket", async () => {
    const id = ticketWithFields(1);
    const { result: r, requests } = await requestsDuring(() =>
      call("update_ticket", { id, status: "In Progress", agent: "Dev Patel", priority: 1 }),
    );
    expect(r.isError).toBe(false);
    const post = requests.find((x) => x.method === "POST" && x.path === "/Tickets");
    expect(post?.body).toEqual([{ id, status_id: 2, priority_id: 1, agent_id: 5 }]);
    expect(db().tickets.get(id)).toMatchObject({ status_id: 2, agent_id: 5, priority_id: 1 });
    // The name is the one the ticket's own SLA gives priority 1.
    const sla = db().tickets.get(id)?.sla_id;
    expect(r.data?.updated).toMatchObject({
      id,
      status: "In Progress #2",
      agent: "Dev Patel #5",
      priority: sla === 2 ? "P1 - Critical #1" : "Critical #1",
    });
  });

  it("moving a ticket to another client needs that client's contact, and takes the contact's site", async () => {
    const id = [...db().tickets.values()].find((t) => t.client_id === 12 && t.user_id > 0)?.id as number;
    const refused = await call("update_ticket", { id, client: 14, dry_run: true });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/client: moving the ticket to .*#14 leaves its contact .* on it\./);
    const contact = [...db().users.values()].find((u) => db().sites.get(u.site_id)?.client_id === 14);
    if (!contact) throw new Error("seed");
    const moved = await call("update_ticket", { id, client: 14, contact: contact.id, dry_run: true });
    expect(moved.isError, moved.text).toBe(false);
    expect(moved.data?.would_send).toEqual([
      { id, client_id: 14, user_id: contact.id, site_id: contact.site_id },
    ]);
  });

  it("turns yes/no into a checkbox's boolean and refuses words for a date", async () => {
    const id = ticketWithFields(1);
    const yes = await call("update_ticket", { id, custom_fields: { Billable: "Yes" }, dry_run: true });
    expect(yes.isError, yes.text).toBe(false);
    const sent = (((yes.data?.would_send ?? []) as Row[])[0]?.customfields ?? []) as Array<{
      id: number;
      value: unknown;
    }>;
    expect(sent.find((f) => f.id === 207)?.value).toBe(true);
    const when = await call("update_ticket", { id, custom_fields: { "Follow-up Date": "next friday" } });
    expect(when.isError).toBe(true);
    expect(when.text).toContain('custom_fields.Follow-up Date: "next friday" is not a date.');
  });

  it("refuses a selection value that is not one of the field's options", async () => {
    const id = ticketWithFields(1);
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    const r = await call("update_ticket", { id, custom_fields: { Service: "Email" } });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('custom_fields.Service: "Email" is not one of its options.');
    expect(r.text).toContain("Printing");
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
  });

  it("keeps every other custom field when one changes", async () => {
    const id = ticketWithFields(3);
    const t = db().tickets.get(id);
    const before = new Map(t?.customfields.map((f) => [f.id, f.value]));
    const r = await call("update_ticket", { id, custom_fields: { "Customer Reference": "PO-77777" } });
    expect(r.isError).toBe(false);
    const after = db().tickets.get(id)?.customfields ?? [];
    expect(after).toHaveLength(before.size);
    for (const f of after) {
      if (f.name === "CFCustomerRef") expect(f.value).toBe("PO-77777");
      else expect(f.value).toEqual(before.get(f.id));
    }
    expect(((d(r).updated as Row).custom_fields as Row)["Customer Reference"]).toBe("PO-77777");
  });

  it("sets a selection field by its option name", async () => {
    const id = ticketWithFields(2);
    const r = await call("update_ticket", { id, custom_fields: { Service: "Cloud Backup" } });
    expect(r.isError).toBe(false);
    const service = db()
      .tickets.get(id)
      ?.customfields.find((f) => f.name === "CFService");
    expect(service?.display).toBe("Cloud Backup");
    expect(typeof service?.value).toBe("number");
  });

  it("dry_run shows old → new and sends nothing", async () => {
    const id = ticketWithFields(1);
    const t = db().tickets.get(id);
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    // A team other than the ticket's own (an unchanged one is left out of the post).
    const team = [...db().teams.values()].find((x) => x.id !== t?.team_id);
    if (!team) throw new Error("seed");
    const r = await call("update_ticket", { id, summary: "Renamed", team: team.name, dry_run: true });
    expect(r.isError).toBe(false);
    expect(r.data?.would_send).toEqual([{ id, summary: "Renamed", team_id: team.id, team: team.name }]);
    expect(r.data?.changes).toEqual({
      summary: `${t?.summary} → Renamed`,
      team: `${db().teams.get(t?.team_id as number)?.name} #${t?.team_id} → ${team.name} #${team.id}`,
    });
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
    expect(db().tickets.get(id)?.summary).toBe(t?.summary);
  });

  it("leaves values the ticket already has out, and says so when nothing else changes", async () => {
    const id = ticketWithFields(1);
    const t = db().tickets.get(id);
    const posts = e2e.fake.count({ method: "POST", path: "/Tickets" });
    const same = await call("update_ticket", { id, status: t?.status_id, priority: t?.priority_id });
    expect(same.isError).toBe(true);
    expect(same.text).toContain(`nothing to change: ticket #${id} already has priority `);
    expect(same.text).toContain(", status ");
    expect(e2e.fake.count({ method: "POST", path: "/Tickets" })).toBe(posts);
  });

  it("refuses an update with nothing to change", async () => {
    const r = await call("update_ticket", { id: ticketWithFields(1) });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("nothing to change");
  });

  it("says a ticket ID does not exist", async () => {
    const r = await call("update_ticket", { id: 987654, status: "New" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 987654");
  });

  it("passes Halo's validation message to the model", async () => {
    await call("search_tickets", { status: "Awaiting Parts", limit: 1 });
    // The tenant dropped a status after this process cached the list: Halo refuses it.
    const parts = db().statuses.get(22);
    if (!parts) throw new Error("seed");
    db().statuses.delete(22);
    try {
      const r = await call("update_ticket", { id: ticketWithFields(1), status: "Awaiting Parts" });
      expect(r.isError).toBe(true);
      expect(r.text).toContain("Invalid status_id: there is no Status with ID 22.");
    } finally {
      db().statuses.set(22, parts);
    }
  });
});

describe("delete_ticket", () => {
  it("deletes with the reason after confirmation, naming what was deleted", async () => {
    const created = await call("create_ticket", { summary: "Duplicate of 1001", client: 12 });
    const id = (d(created).created as Row).id as number;
    const r = await call("delete_ticket", { id, reason: "Duplicate", confirm: true });
    expect(r.isError).toBe(false);
    expect(r.data).toEqual({ deleted: id, summary: "Duplicate of 1001" });
    expect(db().tickets.has(id)).toBe(false);
    expect(db().deletions.at(-1)).toMatchObject({ id, reason: "Duplicate" });
  });

  it("refuses without confirm: true, telling the model to ask the user", async () => {
    const id = ticketWithFields(1);
    const deletes = e2e.fake.count({ method: "DELETE" });
    const r = await call("delete_ticket", { id, reason: "Not needed" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/confirm: deleting ticket .* #\d+ is permanent/);
    expect(r.text).toContain("Ask the user to confirm");
    expect(e2e.fake.count({ method: "DELETE" })).toBe(deletes);
    expect(db().tickets.has(id)).toBe(true);
  });

  it("requires a reason", async () => {
    const r = await call("delete_ticket", { id: ticketWithFields(1), reason: "  ", confirm: true });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("reason");
  });

  it("says a ticket ID does not exist", async () => {
    const r = await call("delete_ticket", { id: 987654, reason: "Gone", confirm: true });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 987654");
  });
});

describe("ticket_stats", () => {
  it("counts every matching ticket by status by default", async () => {
    const r = await call("ticket_stats", { status: "any" });
    expect(r.isError).toBe(false);
    expect(r.data?.total).toBe(db().tickets.size);
    const want = new Map<string, number>();
    for (const t of db().tickets.values()) {
      const name = `${db().statuses.get(t.status_id)?.name} #${t.status_id}`;
      want.set(name, (want.get(name) ?? 0) + 1);
    }
    const groups = r.data?.groups as Array<{ name: string; count: number }>;
    expect(new Map(groups.map((g) => [g.name, g.count]))).toEqual(want);
    const counts = groups.map((g) => g.count);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
  });

  it("groups open tickets by agent, with the unassigned together", async () => {
    const r = await call("ticket_stats", { group_by: "agent", client: "Acme Corporation" });
    expect(r.isError).toBe(false);
    const open = [...db().tickets.values()].filter((t) => t.client_id === 12 && !closedStatus(t.status_id));
    expect(r.data?.total).toBe(open.length);
    const groups = r.data?.groups as Array<{ name: string; count: number }>;
    const unassigned = open.filter((t) => !t.agent_id).length;
    if (unassigned) expect(groups.find((g) => g.name === "Unassigned")?.count).toBe(unassigned);
    const alice = open.filter((t) => t.agent_id === 1).length;
    if (alice) expect(groups.find((g) => g.name === "Alice Admin #1")?.count).toBe(alice);
  });

  it("says a client ID does not exist", async () => {
    const r = await call("ticket_stats", { client: 99999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("client: no client with ID 99999");
  });

  it("passes Halo's validation message to the model", async () => {
    const r = await call("ticket_stats", { opened_before: "2026-10-01T24:30" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("Invalid enddate: 2026-10-01T24:30:00");
  });
});

describe("ticket_stats over 3,000 tickets", () => {
  let big: E2E;
  beforeAll(async () => {
    big = await startE2E({ fake: { tickets: 3000 } });
    // Connect first (auth discovery, token, /Agent/me), so the count below is the tool's own.
    await big.call("whoami");
    big.fake.resetCounters();
  });
  afterAll(async () => {
    await big.close();
  });

  it("counts 3,000 tickets with one request per status, reporting progress", async () => {
    const progress: Array<{ progress: number; total?: number }> = [];
    const r = await call(
      "ticket_stats",
      { status: "any", group_by: "status" },
      { onprogress: (p) => progress.push(p as { progress: number; total?: number }) },
      big,
    );
    expect(r.isError).toBe(false);
    expect(r.data?.total).toBe(3000);
    expect(r.data).not.toHaveProperty("left_out");
    const sum = (d(r).groups as Array<{ count: number }>).reduce((s, g) => s + g.count, 0);
    expect(sum).toBe(3000);
    const statuses = big.fake.db.statuses.size;
    // The total, then one count per status, and the status lookup.
    expect(big.fake.count({ path: "/Tickets" })).toBe(1 + statuses);
    expect(big.fake.count()).toBeLessThanOrEqual(2 + statuses);
    // At most one notification per request, counting up. The SDK client dispatches
    // notifications a microtask after they arrive but handles a response at once and
    // then forgets the call's progress handler, so notifications read in the same
    // chunk as the result are dropped: how many arrive depends on the machine's load.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(1 + statuses);
    const values = progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
    for (const p of progress) expect(p.total).toBeGreaterThanOrEqual(p.progress);
  });

  it("groups by team with one count per team", async () => {
    big.fake.resetCounters();
    const r = await call("ticket_stats", { status: "any", group_by: "team" }, undefined, big);
    expect(r.isError).toBe(false);
    expect(big.fake.count({ path: "/Tickets" })).toBe(1 + big.fake.db.teams.size);
    const teams = new Set([...big.fake.db.teams.values()].map((t) => `${t.name} #${t.id}`));
    for (const g of d(r).groups as Array<{ name: string }>) expect(teams.has(g.name)).toBe(true);
  });
});
