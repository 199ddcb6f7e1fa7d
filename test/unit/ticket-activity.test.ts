import { describe, expect, it } from "vitest";
import { filenameOf } from "../../src/halo/decode.js";
import {
  defaultNoteOutcome,
  hoursFromMinutes,
  minutesFromHours,
  newestFirst,
} from "../../src/tools/support/ticket-actions.js";
import {
  actionRow,
  attachmentRow,
  formatBytes,
  typeFromFilename,
} from "../../src/tools/tickets/action-projection.js";
import { dataSummary } from "../../src/tools/tickets/activity-shared.js";
import {
  contentOf,
  decodeBase64,
  IMAGE_MAX_BYTES,
  looksLikeText,
  sniffImage,
  TEXT_MAX_CHARS,
} from "../../src/tools/tickets/attachment-content.js";
import { readDownload } from "../../src/tools/tickets/get_attachment.js";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("actionRow", () => {
  // Field names as in Halo's Actions schema and the ticket sample ("who").
  const raw = {
    id: 7,
    ticket_id: 42,
    outcome: "Private Note",
    outcome_id: 3,
    who: "Admin",
    who_agentid: 1,
    datetime: "2026-03-02T09:15:27.123Z",
    note_html: "<p>Rebooted the <b>printer</b>&nbsp;&amp; tested.</p>",
    note: "ignored when note_html is present",
    timetaken: 0.25,
    hiddenfromuser: true,
    emailtonew: "",
    dateemailed: "1900-01-01T00:00:00",
    new_status: 0,
    important: false,
    attachment_count: 0,
  };

  it("keeps what a person reads and drops empties", () => {
    expect(actionRow(raw)).toEqual({
      id: 7,
      when: "2026-03-02 09:15",
      who: "Admin",
      outcome: "Private Note",
      text: "Rebooted the printer & tested.",
      time_taken_minutes: 15,
      hidden: true,
    });
  });

  it("fills names from lookups when Halo left them out, and shows status changes and emails", () => {
    const row = actionRow(
      { id: 8, outcome_id: 4, who_agentid: 2, note: "Emailed the fix", new_status: 9, emailto: "a@b.com" },
      {
        outcomes: new Map([[4, "Email User"]]),
        agents: new Map([[2, "Jo Agent"]]),
        statuses: new Map([[9, "Closed"]]),
      },
    );
    expect(row).toMatchObject({
      outcome: "Email User",
      who: "Jo Agent",
      new_status: "Closed",
      emailed: "a@b.com",
    });
    expect(row.hidden).toBeUndefined();
  });

  it("clips long notes to an excerpt", () => {
    const row = actionRow({ id: 1, note: "x".repeat(1000) });
    expect(row.text?.length).toBeLessThan(340);
    expect(row.text).toContain("[+700 chars]");
  });

  it("sorts newest first, by date then ID", () => {
    const rows = [
      { id: 1, datetime: "2026-01-01T10:00:00" },
      { id: 3, datetime: "2026-01-02T10:00:00" },
      { id: 2, datetime: "2026-01-02T10:00:00" },
    ].sort(newestFirst);
    expect(rows.map((r) => r.id)).toEqual([3, 2, 1]);
  });
});

describe("time units", () => {
  it("converts Halo hours to minutes and back", () => {
    expect(minutesFromHours(1.5)).toBe(90);
    expect(minutesFromHours(0)).toBeUndefined();
    expect(minutesFromHours(null)).toBeUndefined();
    expect(hoursFromMinutes(30)).toBe(0.5);
    expect(hoursFromMinutes(20)).toBe(0.3333);
    expect(minutesFromHours(hoursFromMinutes(20))).toBe(20);
  });
});

describe("attachmentRow", () => {
  it("projects Halo's Attachment (real POST response keys)", () => {
    const raw = {
      third_party_id: "",
      content_type: "text/plain",
      id: 2967,
      filename: "short-text.txt",
      datecreated: "2024-07-02T08:31:38.7600102Z",
      note: "",
      filesize: 20,
      type: 0,
      desc: "short-text.txt",
      isimage: false,
      data: "Tm93IGlzIHRoZSB3aW50ZXLigKY=",
      ticket_id: 0,
      action_id: 0,
      showforusers: false,
    };
    expect(attachmentRow(raw)).toEqual({
      id: 2967,
      filename: "short-text.txt",
      size: "20 B",
      type: "text/plain",
      when: "2024-07-02 08:31",
    });
  });

  it("guesses the type from the name when Halo says octet-stream", () => {
    expect(
      attachmentRow({ id: 1, filename: "shot.PNG", content_type: "application/octet-stream" }).type,
    ).toBe("image/png");
    expect(typeFromFilename("x.unknown")).toBeUndefined();
  });

  it("formats sizes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MB");
    expect(dataSummary(2048)).toBe("<base64 of 2,048 bytes (2 KB), not shown>");
  });
});

describe("defaultNoteOutcome", () => {
  const o = (id: number, name: string) => ({ id, name });
  it("prefers Private Note, then Note, then another private note type", () => {
    expect(defaultNoteOutcome([o(1, "Email User"), o(2, "Note"), o(3, "Private Note")])?.id).toBe(3);
    expect(defaultNoteOutcome([o(1, "Email User"), o(2, "note ")])?.id).toBe(2);
    expect(defaultNoteOutcome([o(1, "Email User"), o(5, "Internal tech note")])?.id).toBe(5);
  });
  it("never picks an emailing or public type, and gives up when nothing fits", () => {
    expect(defaultNoteOutcome([o(1, "Email Note"), o(2, "Public Note")])).toBeUndefined();
    expect(defaultNoteOutcome([o(1, "Phone Call")])).toBeUndefined();
  });
});

describe("attachment content", () => {
  it("sniffs images by their bytes", () => {
    expect(sniffImage(PNG)).toBe("image/png");
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImage(Buffer.from("GIF89a"))).toBe("image/gif");
    expect(sniffImage(Buffer.from("hello"))).toBeUndefined();
  });

  it("returns text files as text", () => {
    const c = contentOf({ bytes: Buffer.from("\uFEFFline 1\nline 2"), type: "text/plain", complete: true });
    expect(c).toEqual({ kind: "text", text: "line 1\nline 2", clipped: false });
  });

  it("reads JSON/CSV by type and unknown types by sniffing", () => {
    expect(contentOf({ bytes: Buffer.from('{"a":1}'), type: "application/json", complete: true }).kind).toBe(
      "text",
    );
    expect(contentOf({ bytes: Buffer.from("a,b\n1,2"), filename: "x.csv", complete: true }).kind).toBe(
      "text",
    );
    expect(contentOf({ bytes: Buffer.from("plain words"), complete: true }).kind).toBe("text");
  });

  it("clips long text and says when only part of the file was read", () => {
    const long = contentOf({
      bytes: Buffer.from("a".repeat(TEXT_MAX_CHARS + 10)),
      type: "text/plain",
      complete: true,
    });
    expect(long).toMatchObject({ kind: "text", clipped: true });
    const part = contentOf({ bytes: Buffer.from("abc"), type: "text/plain", size: 10, complete: false });
    expect(part).toEqual({ kind: "text", text: "abc… [+7 bytes not read]", clipped: true });
  });

  it("returns small viewable images as image data, whatever the declared type", () => {
    const c = contentOf({ bytes: PNG, type: "application/octet-stream", filename: "a.bin", complete: true });
    expect(c).toEqual({ kind: "image", data: PNG.toString("base64"), mimeType: "image/png" });
  });

  it("refuses big or unviewable images and binary files with a reason", () => {
    expect(contentOf({ bytes: PNG, size: IMAGE_MAX_BYTES + 1, complete: true }).kind).toBe("none");
    expect(contentOf({ bytes: Buffer.from("BM.."), type: "image/bmp", complete: true })).toMatchObject({
      kind: "none",
    });
    const pdf = contentOf({ bytes: Buffer.from("%PDF-1.7\0\0"), type: "application/pdf", complete: true });
    expect(pdf.kind).toBe("none");
    expect(looksLikeText(Buffer.from([0x00, 0x01]))).toBe(false);
    expect(contentOf({ bytes: Buffer.from([0, 1, 2]), type: "text/plain", complete: true }).kind).toBe(
      "none",
    );
  });

  it("decodes base64 as people paste it", () => {
    const ok = decodeBase64("data:text/plain;base64,aGVs\nbG8=");
    expect("bytes" in ok && ok.bytes.toString()).toBe("hello");
    expect(decodeBase64("not base64!")).toEqual({ error: "is not valid base64" });
    expect(decodeBase64("  ")).toEqual({ error: "is empty" });
  });
});

describe("readDownload", () => {
  const dl = (body: Buffer, extra: Partial<Parameters<typeof readDownload>[1]> = {}) => ({
    status: 200,
    body,
    truncated: false,
    ...extra,
  });

  it("reads raw bytes with the name from Content-Disposition", () => {
    const r = readDownload(
      5,
      dl(PNG, { contentType: "image/png", filename: "shot.png", length: PNG.length }),
    );
    expect(r.meta).toEqual({ id: 5, filename: "shot.png", content_type: "image/png", filesize: PNG.length });
    expect(r.bytes.equals(PNG)).toBe(true);
    expect(r.complete).toBe(true);
  });

  it("unwraps Halo's JSON with base64 data", () => {
    const body = Buffer.from(
      JSON.stringify({
        id: 9,
        filename: "a.txt",
        content_type: "text/plain",
        data: Buffer.from("hi").toString("base64"),
      }),
    );
    const r = readDownload(9, dl(body, { contentType: "application/json" }));
    expect(r.bytes.toString()).toBe("hi");
    expect(r.meta).toMatchObject({ id: 9, filename: "a.txt", filesize: 2 });
  });

  it("keeps a raw JSON file as the file", () => {
    const r = readDownload(
      3,
      dl(Buffer.from('{"setting":true}'), { contentType: "application/json", filename: "c.json" }),
    );
    expect(r.bytes.toString()).toBe('{"setting":true}');
    expect(r.meta.filename).toBe("c.json");
  });

  it("reads the metadata of a wrapped file too big to parse", () => {
    const body = Buffer.from(
      '{"id":4,"filename":"big.zip","content_type":"application/zip","filesize":99999,"data":"AAAA',
    );
    const r = readDownload(4, dl(body, { contentType: "application/json", truncated: true }));
    expect(r.meta).toEqual({ id: 4, filename: "big.zip", content_type: "application/zip", filesize: 99999 });
    expect(r.complete).toBe(false);
  });
});

describe("filenameOf", () => {
  it("reads Content-Disposition names", () => {
    expect(filenameOf('attachment; filename="report 1.pdf"')).toBe("report 1.pdf");
    expect(filenameOf("attachment; filename=log.txt")).toBe("log.txt");
    expect(filenameOf("attachment; filename=x.txt; filename*=UTF-8''r%C3%A9sum%C3%A9.txt")).toBe(
      "résumé.txt",
    );
    expect(filenameOf(undefined)).toBeUndefined();
  });
});
