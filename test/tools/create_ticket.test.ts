/**
 * create_ticket: every name resolves to the right ID and exactly one ticket is
 * saved; the same open summary for the same client is refused unless
 * allow_duplicate, because a double ticket means double work for the team.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { d, type Row, toolChecks } from "../helpers/tool-checks.js";

const { call, db } = toolChecks(() => e2e);

const e2e = useE2E();

const siteId = (name: string) => [...db().sites.values()].find((s) => s.name === name)?.id as number;

const userId = (name: string) => [...db().users.values()].find((u) => u.name === name)?.id as number;

/** The first item of the last POST body Halo received on `path`. */
const lastPost = (path: string) =>
  (
    e2e.fake.requests.filter((r) => r.method === "POST" && r.path === path).at(-1)?.body as Row[] | undefined
  )?.[0];

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
