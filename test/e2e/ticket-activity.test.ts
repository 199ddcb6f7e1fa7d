/**
 * Ticket activity tools end to end: the built server over stdio against the
 * fake Halo. Seed facts used here: outcomes Private Note #1, Public Note #2,
 * Email User #3 (emails by default), Phone Call #4, Remote Session #5;
 * statuses include "Waiting on Customer" #21; attachments error-screenshot.png
 * (1x1 PNG), event-log.txt and network-diagram.pdf on Acme tickets.
 */
import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeHalo } from "../../fake-halo/index.js";
import { type E2E, startE2E } from "../helpers/e2e.js";

let e2e: E2E;
let fake: FakeHalo;
let dir: string;

const attachmentNamed = (name: string) => {
  const a = [...fake.db.attachments.values()].find((x) => x.filename === name);
  if (!a) throw new Error(`seed has no ${name}`);
  return a;
};
/** The ticket with the seeded screenshot: it has actions, system ones included. */
const ticketId = () => attachmentNamed("error-screenshot.png").ticket_id;
const posts = (path: string) =>
  fake.requests.filter((r) => r.method === "POST" && r.path.toLowerCase() === path);
const lastPostBody = (path: string) =>
  ((posts(path).at(-1)?.body ?? []) as Array<Record<string, unknown>>)[0] ?? {};
const addedId = (r: { data?: Record<string, unknown> }) => (r.data?.added as { id?: number } | undefined)?.id;
const storedAction = (ticket: number, id: unknown) => fake.db.actions.get(ticket)?.find((a) => a.id === id);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "halo-attach-"));
  // The upload folder is the server's working folder, as a project is in Claude Code.
  e2e = await startE2E({ cwd: dir });
  fake = e2e.fake;
});

afterAll(async () => {
  await e2e?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("list_ticket_actions", () => {
  it("lists the timeline newest first, without system actions by default", async () => {
    const t = ticketId();
    const r = await e2e.call("list_ticket_actions", { ticket_id: t });
    expect(r.isError).toBe(false);
    const actions = r.data?.actions as Array<Record<string, unknown>>;
    const seeded = fake.db.actions.get(t) ?? [];
    expect(actions.length).toBe(seeded.filter((a) => !a.system).length);
    expect(actions.map((a) => a.id)).toEqual([...actions.map((a) => a.id as number)].sort((a, b) => b - a));
    const first = actions[0] ?? {};
    expect(first).toMatchObject({
      who: expect.any(String),
      outcome: expect.any(String),
      when: expect.any(String),
    });
    // Halo's timetaken is hours; rows speak minutes.
    const timed = seeded.find((a) => !a.system && a.timetaken > 0);
    if (timed) {
      expect(actions.find((a) => a.id === timed.id)?.time_taken_minutes).toBe(
        Math.round(timed.timetaken * 60),
      );
    }
    const sent = fake.requests
      .filter((q) => q.path.toLowerCase() === "/actions" && q.method === "GET")
      .at(-1);
    expect(sent?.query).toMatchObject({ ticket_id: String(t), excludesys: "true", count: "20" });
    expect(r.text).not.toContain("note_html");
  });

  it("includes system actions on request and honours limit", async () => {
    const t = ticketId();
    const all = await e2e.call("list_ticket_actions", { ticket_id: t, include_system: true });
    const seeded = fake.db.actions.get(t) ?? [];
    expect(all.data?.actions).toHaveLength(seeded.length);
    const one = await e2e.call("list_ticket_actions", { ticket_id: t, include_system: true, limit: 1 });
    const newest = Math.max(...seeded.map((a) => a.id));
    expect(one.data).toMatchObject({ shown: 1, actions: [{ id: newest }] });
  });

  it("names a missing ticket", async () => {
    const r = await e2e.call("list_ticket_actions", { ticket_id: 999_999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 999999");
  });

  it("rejects a limit over 100 before calling Halo", async () => {
    const r = await e2e.call("list_ticket_actions", { ticket_id: ticketId(), limit: 500 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/limit/);
  });
});

describe("add_ticket_action", () => {
  it("adds a private note by default: hidden from the user, no email, minutes sent as hours", async () => {
    const t = ticketId();
    const r = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Checked the spooler.",
      time_taken_minutes: 30,
    });
    expect(r.isError).toBe(false);
    expect(lastPostBody("/actions")).toEqual({
      ticket_id: t,
      outcome_id: 1,
      outcome: "Private Note",
      note: "Checked the spooler.",
      hiddenfromuser: true,
      sendemail: false,
      timetaken: 0.5,
    });
    const added = r.data?.added as Record<string, unknown>;
    expect(added).toMatchObject({ outcome: "Private Note", time_taken_minutes: 30, hidden: true });
    const stored = storedAction(t, added.id);
    expect(stored).toMatchObject({
      hiddenfromuser: true,
      sendemail: false,
      timetaken: 0.5,
      note: "Checked the spooler.",
    });
  });

  it("sends sendemail: true only when send_email is true", async () => {
    const t = ticketId();
    // Email User emails by default in Halo; without send_email the flag is still sent as false.
    const quiet = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Update",
      outcome: "Email User",
    });
    expect(lastPostBody("/actions")).toMatchObject({ outcome_id: 3, sendemail: false });
    expect(storedAction(t, addedId(quiet))?.sendemail).toBe(false);

    const loud = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Your printer is fixed.",
      outcome: "email user",
      visible_to_user: true,
      send_email: true,
    });
    expect(loud.isError).toBe(false);
    expect(lastPostBody("/actions")).toMatchObject({ outcome_id: 3, sendemail: true, hiddenfromuser: false });
    expect(storedAction(t, addedId(loud))).toMatchObject({
      sendemail: true,
      hiddenfromuser: false,
    });
  });

  it("converts 20 minutes to Halo hours and changes status by name", async () => {
    const t = ticketId();
    const r = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Waiting for the user to test.",
      outcome: 4,
      time_taken_minutes: 20,
      new_status: "waiting on customer",
    });
    expect(r.isError).toBe(false);
    expect(lastPostBody("/actions")).toMatchObject({ outcome_id: 4, timetaken: 0.3333, new_status: 21 });
    expect(r.data).toMatchObject({
      added: { outcome: "Phone Call", time_taken_minutes: 20, new_status: "Waiting on Customer" },
      ticket_status: "Waiting on Customer #21",
    });
    expect(fake.db.tickets.get(t)?.status_id).toBe(21);
  });

  it("dry_run resolves names and sends nothing", async () => {
    const t = ticketId();
    const before = fake.count({ method: "POST", path: "/Actions" });
    const r = await e2e.call("add_ticket_action", {
      ticket_id: t,
      note: "Preview",
      new_status: "Closed",
      time_taken_minutes: 90,
      dry_run: true,
    });
    expect(r.isError).toBe(false);
    expect(r.data).toMatchObject({
      dry_run: true,
      would_send: {
        ticket_id: t,
        outcome_id: 1,
        sendemail: false,
        hiddenfromuser: true,
        timetaken: 1.5,
        new_status: 9,
      },
      resolved: {
        outcome: "Private Note #1",
        new_status: "Closed #9",
        ticket: expect.stringContaining(`#${t}`),
      },
    });
    expect(fake.count({ method: "POST", path: "/Actions" })).toBe(before);
  });

  it("names a missing ticket and sends nothing", async () => {
    const before = fake.count({ method: "POST", path: "/Actions" });
    const r = await e2e.call("add_ticket_action", { ticket_id: 999_999, note: "x" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 999999");
    expect(fake.count({ method: "POST", path: "/Actions" })).toBe(before);
  });

  it("refuses an unknown action type with the valid ones", async () => {
    const r = await e2e.call("add_ticket_action", {
      ticket_id: ticketId(),
      note: "x",
      outcome: "Carrier pigeon",
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Check the arguments: outcome:/);
    expect(r.text).toContain("Private Note");
  });

  it("passes Halo's validation message through", async () => {
    // The outcome is deleted in Halo after this server cached the list: Halo itself rejects it.
    const removed = fake.db.outcomes.get(5);
    fake.db.outcomes.delete(5);
    try {
      const r = await e2e.call("add_ticket_action", { ticket_id: ticketId(), note: "x", outcome: 5 });
      expect(r.isError).toBe(true);
      expect(r.text).toContain("Invalid outcome_id: there is no Outcome with ID 5.");
    } finally {
      if (removed) fake.db.outcomes.set(5, removed);
    }
  });
});

describe("list_ticket_attachments", () => {
  it("lists a ticket's files", async () => {
    const png = attachmentNamed("error-screenshot.png");
    const r = await e2e.call("list_ticket_attachments", { ticket_id: png.ticket_id });
    expect(r.isError).toBe(false);
    const rows = r.data?.attachments as Array<Record<string, unknown>>;
    expect(rows).toContainEqual(
      expect.objectContaining({
        id: png.id,
        filename: "error-screenshot.png",
        type: "image/png",
        size: `${png.bytes.length} B`,
      }),
    );
    expect(rows.every((a) => !("data" in a))).toBe(true);
    const expected = [...fake.db.attachments.values()].filter((a) => a.ticket_id === png.ticket_id).length;
    expect(rows.length).toBe(expected);
  });

  it("names a missing ticket", async () => {
    const r = await e2e.call("list_ticket_attachments", { ticket_id: 999_999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 999999");
  });
});

describe("get_attachment", () => {
  it("returns a text file's text", async () => {
    const log = attachmentNamed("event-log.txt");
    const r = await e2e.call("get_attachment", { id: log.id });
    expect(r.isError).toBe(false);
    // Halo sends the file itself: its name comes from Content-Disposition.
    expect(r.data).toMatchObject({
      attachment: { id: log.id, filename: "event-log.txt", type: "text/plain" },
      text: log.bytes.toString("utf8"),
    });
  });

  it("reads the Attachment JSON form too (base64 data), with its metadata", async () => {
    const other = await startE2E({ fake: { attachmentDownload: "json" } });
    try {
      const log = [...other.fake.db.attachments.values()].find((a) => a.filename === "event-log.txt");
      if (!log) throw new Error("seed");
      const r = await other.call("get_attachment", { id: log.id });
      expect(r.isError, r.text).toBe(false);
      expect(r.data).toMatchObject({
        attachment: { id: log.id, filename: "event-log.txt", type: "text/plain", ticket_id: log.ticket_id },
        text: log.bytes.toString("utf8"),
      });
    } finally {
      await other.close();
    }
  });

  it("returns a PNG as an image content block", async () => {
    const png = attachmentNamed("error-screenshot.png");
    const r = await e2e.call("get_attachment", { id: png.id });
    expect(r.isError).toBe(false);
    const blocks = r.raw.content as Array<{ type: string; data?: string; mimeType?: string }>;
    expect(blocks).toContainEqual({
      type: "image",
      data: png.bytes.toString("base64"),
      mimeType: "image/png",
    });
    // The model's JSON never carries the base64.
    expect(r.text).not.toContain(png.bytes.toString("base64"));
  });

  it("gives metadata only for a PDF, with a note", async () => {
    const pdf = attachmentNamed("network-diagram.pdf");
    const r = await e2e.call("get_attachment", { id: pdf.id });
    expect(r.data?.attachment).toMatchObject({ filename: "network-diagram.pdf", type: "application/pdf" });
    expect(r.data?.text).toBeUndefined();
    expect(r.data?.note).toMatch(/not shown/);
  });

  it("names a missing attachment", async () => {
    const r = await e2e.call("get_attachment", { id: 999_999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no attachment with ID 999999");
  });
});

describe("add_attachment", () => {
  it("uploads a local file; Halo stores the same bytes", async () => {
    const t = ticketId();
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13, 65]);
    const path = join(dir, "dump.bin");
    await writeFile(path, bytes);
    const r = await e2e.call("add_attachment", { ticket_id: t, path, note: "memory dump" });
    expect(r.isError).toBe(false);
    const row = r.data?.attachment as Record<string, unknown>;
    expect(row).toMatchObject({ filename: "dump.bin", size: "8 B", ticket_id: t, note: "memory dump" });
    expect(fake.db.attachments.get(row.id as number)?.bytes.equals(bytes)).toBe(true);
    expect(lastPostBody("/attachment")).toMatchObject({
      ticket_id: t,
      filename: "dump.bin",
      data: bytes.toString("base64"),
    });
    expect(r.text).not.toContain(bytes.toString("base64"));
  });

  it("refuses hidden and key-like files without reading them", async () => {
    const before = fake.count({ method: "POST", path: "/Attachment" });
    await mkdir(join(dir, ".ssh"), { recursive: true });
    await writeFile(join(dir, ".ssh", "notes.txt"), "secret");
    await writeFile(join(dir, "id_rsa"), "secret");
    for (const path of [join(dir, ".ssh", "notes.txt"), join(dir, "id_rsa")]) {
      const r = await e2e.call("add_attachment", { ticket_id: ticketId(), path });
      expect(r.isError).toBe(true);
      expect(r.text).toContain("credential-like");
    }
    expect(fake.count({ method: "POST", path: "/Attachment" })).toBe(before);
  });

  it("uploads base64 with a filename, to an action", async () => {
    const t = ticketId();
    const content = Buffer.from("name,qty\nprinter,1\n");
    const r = await e2e.call("add_attachment", {
      ticket_id: t,
      base64: content.toString("base64"),
      filename: "parts.csv",
      action_id: 1,
    });
    expect(r.isError).toBe(false);
    const row = r.data?.attachment as Record<string, unknown>;
    expect(row).toMatchObject({ filename: "parts.csv", type: "text/csv", action_id: 1 });
    expect(fake.db.attachments.get(row.id as number)?.bytes.equals(content)).toBe(true);
    // And it reads back as text.
    const back = await e2e.call("get_attachment", { id: row.id as number });
    expect(back.data?.text).toBe(content.toString());
  });

  it("dry_run shows a size summary instead of the data and sends nothing", async () => {
    const before = fake.count({ method: "POST", path: "/Attachment" });
    const r = await e2e.call("add_attachment", {
      ticket_id: ticketId(),
      base64: Buffer.alloc(2048, 7).toString("base64"),
      filename: "blob.bin",
      dry_run: true,
    });
    expect(r.isError).toBe(false);
    expect(r.data).toMatchObject({
      dry_run: true,
      would_send: { filename: "blob.bin", data: "<base64 of 2,048 bytes (2 KB), not shown>" },
      resolved: { file: "blob.bin, 2 KB" },
    });
    expect(fake.count({ method: "POST", path: "/Attachment" })).toBe(before);
  });

  it("explains bad paths and inputs without calling Halo", async () => {
    const before = fake.count({ method: "POST", path: "/Attachment" });
    const missing = await e2e.call("add_attachment", { ticket_id: ticketId(), path: join(dir, "nope.txt") });
    expect(missing.text).toContain("path: no file at");
    // A relative path is read from the working folder.
    const relative = await e2e.call("add_attachment", { ticket_id: ticketId(), path: "notes.txt" });
    expect(relative.text).toContain(`path: no file at "${join(dir, "notes.txt")}"`);
    const folder = await e2e.call("add_attachment", { ticket_id: ticketId(), path: dir });
    expect(folder.text).toContain("is not a regular file");
    const big = join(dir, "big.iso");
    await writeFile(big, "");
    await truncate(big, 11 * 1024 * 1024);
    const tooBig = await e2e.call("add_attachment", { ticket_id: ticketId(), path: big });
    expect(tooBig.text).toContain("over the 10 MB upload limit");
    const both = await e2e.call("add_attachment", { ticket_id: ticketId(), path: big, base64: "AAAA" });
    expect(both.text).toContain("exactly one");
    const noName = await e2e.call("add_attachment", { ticket_id: ticketId(), base64: "AAAA" });
    expect(noName.text).toContain("filename: required");
    const junk = await e2e.call("add_attachment", { ticket_id: ticketId(), base64: "@@@", filename: "x" });
    expect(junk.text).toContain("not valid base64");
    for (const r of [missing, relative, folder, tooBig, both, noName, junk]) expect(r.isError).toBe(true);
    expect(fake.count({ method: "POST", path: "/Attachment" })).toBe(before);
  });

  it("names a missing ticket", async () => {
    const r = await e2e.call("add_attachment", { ticket_id: 999_999, base64: "AAAA", filename: "a.bin" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 999999");
  });

  it("passes Halo's validation message through", async () => {
    // The ticket is deleted in Halo between the ticket check and the upload.
    const t = ticketId();
    const tickets = fake.db.tickets;
    const has = tickets.has.bind(tickets);
    tickets.has = (id: number) => id !== t && has(id);
    try {
      const r = await e2e.call("add_attachment", { ticket_id: t, base64: "AAAA", filename: "a.bin" });
      expect(r.isError).toBe(true);
      expect(r.text).toContain(`Invalid ticket_id: there is no Ticket with ID ${t}.`);
    } finally {
      tickets.has = has;
    }
  });
});

describe("list_lookups", () => {
  it("lists every kind as Name #id", async () => {
    const r = await e2e.call("list_lookups", {});
    expect(r.isError).toBe(false);
    expect(r.data).toMatchObject({
      statuses: expect.arrayContaining(["New #1", "Waiting on Customer #21", "Closed #9"]),
      outcomes: expect.arrayContaining(["Private Note #1", "Email User #3"]),
      // Where an SLA names a priority number its own way, both names show.
      priorities: expect.arrayContaining(["Critical #1 (SLA 2: P1 - Critical)"]),
    });
    for (const k of ["ticket_types", "agents", "teams", "asset_types"])
      expect(r.data?.[k]).toBeInstanceOf(Array);
    // System outcomes (Status Change) are not offered as action types.
    expect(r.data?.outcomes).not.toContainEqual(expect.stringContaining("Status Change"));
  });

  it("lists one kind", async () => {
    const r = await e2e.call("list_lookups", { kind: "teams" });
    expect(Object.keys(r.data ?? {})).toEqual(["teams"]);
    expect(r.data?.teams).toContain("Service Desk #1");
  });

  it("rejects an unknown kind", async () => {
    const r = await e2e.call("list_lookups", { kind: "colours" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/kind/);
  });
});

describe("whoami", () => {
  it("names the API agent, the URL, read-only mode and toolsets", async () => {
    const r = await e2e.call("whoami");
    expect(r.isError).toBe(false);
    const me = fake.db.agents.get(fake.db.apiAgentId);
    expect(r.data).toEqual({
      agent: `${me?.name} #${me?.id}`,
      email: me?.email,
      halo_url: fake.url,
      read_only: false,
      toolsets: ["tickets", "clients", "assets", "contracts", "time", "records"],
      token_host: new URL(fake.url).host,
      auth: "API application's client credentials (acts as the application's agent)",
      // Settings left at their default are not listed.
      settings_from: {
        HALOPSA_BASE_URL: "environment",
        HALOPSA_CLIENT_ID: "environment",
        HALOPSA_CLIENT_SECRET: "environment",
        HALOPSA_LOG_LEVEL: "environment",
        HALOPSA_RETRY_BASE_MS: "environment",
      },
    });
  });
});

/** Failures Halo (or its proxy) answers, on a fresh server so cached lookups cannot hide them. */
describe("Halo failures reach the model", () => {
  let failing: E2E;
  beforeAll(async () => {
    failing = await startE2E({
      env: {
        HALOPSA_READ_ONLY: "true",
        HALOPSA_TOOLSETS: "tickets",
        HALOPSA_RETRY_BASE_MS: "5",
        HALOPSA_RETRY_BUDGET_MS: "300",
      },
    });
  });
  afterAll(async () => {
    await failing?.close();
  });

  it("list_lookups reports a failed kind and still lists the rest", async () => {
    failing.fake.addFault({ method: "GET", path: "/Agent", kind: "500", times: Number.POSITIVE_INFINITY });
    const r = await failing.call("list_lookups", {});
    failing.fake.clearFaults();
    expect(r.isError).toBe(false);
    expect(r.data?.statuses).toContain("New #1");
    expect(r.data?.errors).toEqual({ agents: expect.stringMatching(/GET \/api\/Agent failed with 500/) });
  });

  it("whoami and the read tools say what Halo answered", async () => {
    failing.fake.addFault({ method: "GET", path: "/Agent/me", kind: "503", times: Number.POSITIVE_INFINITY });
    const who = await failing.call("whoami");
    failing.fake.clearFaults();
    expect(who.isError).toBe(true);
    expect(who.text).toMatch(/Agent\/me failed with 503/);

    failing.fake.addFault({
      method: "GET",
      path: "/Attachment",
      kind: "html",
      times: Number.POSITIVE_INFINITY,
    });
    const list = await failing.call("list_ticket_attachments", { ticket_id: ticketId() });
    failing.fake.clearFaults();
    expect(list.isError).toBe(true);
    expect(list.text).toMatch(/Attachment/);
  });

  it("in read-only mode whoami says so and the write tools are absent", async () => {
    const r = await failing.call("whoami");
    expect(r.data).toMatchObject({ read_only: true, toolsets: ["tickets"] });
    const { tools } = await failing.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["list_ticket_actions", "get_attachment", "list_lookups", "whoami"]),
    );
    expect(names).not.toContain("add_ticket_action");
    expect(names).not.toContain("add_attachment");
  });
});
