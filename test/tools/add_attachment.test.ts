/**
 * add_attachment: a file from the working folder (a stranger's repository) or
 * base64 goes onto a ticket; hidden and key-like files are refused unread, so a
 * secret in the folder never reaches Halo.
 */
import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeHalo } from "../../fake-halo/index.js";
import { type E2E, startE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";

let e2e: E2E;

let fake: FakeHalo;

let dir: string;

const { attachmentNamed } = seed(() => e2e.fake);

/** The ticket with the seeded screenshot: it has actions, system ones included. */
const ticketId = () => attachmentNamed("error-screenshot.png").ticket_id;

const posts = (path: string) =>
  fake.requests.filter((r) => r.method === "POST" && r.path.toLowerCase() === path);

const lastPostBody = (path: string) =>
  ((posts(path).at(-1)?.body ?? []) as Array<Record<string, unknown>>)[0] ?? {};

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
