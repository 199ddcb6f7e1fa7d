/**
 * get_attachment: text comes back as text, a PNG as an image block and a PDF as
 * metadata only, from either of Halo's download forms.
 */
import { describe, expect, it } from "vitest";
import { startE2E, useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";

const e2e = useE2E();

const { attachmentNamed } = seed(() => e2e.fake);

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
