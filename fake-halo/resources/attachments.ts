/**
 * Attachments: seeded files, wire shape, GET /Attachment (list, and the file
 * itself or the record with base64 data) and POST /Attachment (base64 JSON).
 */
import { byId, ordered, type ReadDef } from "../read.js";
import { badRequest, file, notFound } from "../reply.js";
import type { Attachment, FakeDb, WireObject } from "../types.js";
import { has, iso, merge, num, str } from "../util.js";
import { assign, checkRef, itemId, nextId, type WriteDef } from "../write.js";

/** A 1x1 PNG, for an image attachment a client can decode. */
const PNG_1X1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

export function seedAttachments(db: FakeDb): void {
  const acme = [...db.tickets.values()].filter((t) => t.client_id === 12).slice(0, 2);
  const files: Array<[string, string, Buffer]> = [
    ["error-screenshot.png", "image/png", Buffer.from(PNG_1X1, "base64")],
    [
      "event-log.txt",
      "text/plain",
      Buffer.from("2026-10-20 09:14:02 ERROR Spooler: printer ACME-PR-001 not responding\n", "utf8"),
    ],
    [
      "network-diagram.pdf",
      "application/pdf",
      Buffer.from("%PDF-1.4\n% sandbox placeholder\n%%EOF\n", "latin1"),
    ],
  ];
  let id = 3001;
  files.forEach(([filename, type, bytes], k) => {
    const ticket = acme[k % Math.max(1, acme.length)];
    if (!ticket) return;
    db.attachments.set(id, {
      id,
      ticket_id: ticket.id,
      action_id: 0,
      filename,
      content_type: type,
      datecreated: ticket.dateoccurred,
      note: "",
      bytes,
      guid: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    });
    id++;
  });
  db.nextId.attachment = id;
}

export function wireAttachment(a: Attachment, withData: boolean): WireObject {
  const { bytes, ...meta } = a;
  return merge(
    {
      third_party_id: "",
    },
    meta,
    {
      filesize: bytes.length,
      type: 0,
      unique_id: 0,
      desc: a.filename,
      isimage: a.content_type.startsWith("image/"),
    },
    withData ? { data: bytes.toString("base64") } : {},
    {
      user_id: -1,
      agent_id: 1,
      showforusers: false,
      showonchild: false,
      showonrelated: false,
    },
  );
}
export const attachments: ReadDef<FakeDb["attachments"] extends Map<number, infer A> ? A : never> = {
  key: "attachments",
  label: "Attachment",
  find({ db, q }) {
    const ticketId = q.int("ticket_id");
    const actionId = q.int("action_id");
    const rows = [...db.attachments.values()].filter(
      (a) =>
        (ticketId === undefined || a.ticket_id === ticketId) &&
        (actionId === undefined || a.action_id === actionId),
    );
    return ordered(rows, q, "id", false);
  },
  render: (_ctx, a) => wireAttachment(a, false),
  one({ db, tenant }, id) {
    const a = byId(db.attachments, id);
    if (!a || tenant.attachmentDownload === "json") return a && wireAttachment(a, true);
    return file(a.bytes, a.content_type, a.filename);
  },
};

const MIME: Record<string, string> = {
  txt: "text/plain",
  log: "text/plain",
  csv: "text/csv",
  json: "application/json",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  pdf: "application/pdf",
  zip: "application/zip",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export const attachmentsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.attachments.get(id) : undefined;
    if (id && !existing) return notFound("Attachment", id);
    let bytes: Buffer | undefined;
    if (!existing) {
      if (!has(item, "ticket_id")) return badRequest("Please select a Ticket (ticket_id).");
      if (!str(item.filename)) return badRequest("Please enter a Filename (filename).");
      const data = typeof item.data === "string" ? item.data.replace(/\s+/g, "") : "";
      if (!data || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1)
        return badRequest("Please provide the file content as base64 (data).");
      bytes = Buffer.from(data, "base64");
    }
    const error = checkRef(item, "ticket_id", "Ticket", (n) => db.tickets.has(n));
    if (error) return error;
    return () => {
      const filename = str(item.filename) || existing?.filename || "file";
      const ext = filename.split(".").pop()?.toLowerCase() ?? "";
      const att: Attachment = existing ?? {
        id: nextId(db, "attachment", 3001),
        ticket_id: num(item.ticket_id),
        action_id: 0,
        filename,
        content_type: str(item.content_type) || MIME[ext] || "application/octet-stream",
        datecreated: iso(ctx.now()),
        note: "",
        bytes: bytes ?? Buffer.alloc(0),
        guid: `00000000-0000-4000-8000-${String(db.nextId.attachment ?? 0).padStart(12, "0")}`,
      };
      assign(att, item, ["data", "bytes", "ticket_id", "action_id"]);
      if (has(item, "action_id")) att.action_id = num(item.action_id) || 0;
      att.filename = filename;
      db.attachments.set(att.id, att);
      return wireAttachment(att, true);
    };
  },
  remove: ({ db }, id) => db.attachments.delete(id),
};
