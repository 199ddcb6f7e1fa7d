import { z } from "zod";
import type { HaloDownload } from "../../halo/http.js";
import { R } from "../../halo/resources.js";
import { compact, type Row } from "../../util/format.js";
import { recordId } from "../common.js";
import { defineTool, type ExtraContent } from "../define.js";
import { attachmentRow, attachmentRowShape, attachmentType } from "./action-projection.js";
import { contentOf, IMAGE_MAX_BYTES } from "./attachment-content.js";

/** Enough for a 1 MB image even when Halo wraps it as base64 in JSON (+33%). */
const DOWNLOAD_MAX_BYTES = Math.ceil(IMAGE_MAX_BYTES * 1.5);

/**
 * Halo answers GET /Attachment/{id} with the file itself (raw bytes, name in
 * Content-Disposition); some versions and proxies answer the Attachment JSON
 * with the file as base64 `data`. Both become metadata + bytes here.
 */
export function readDownload(id: number, dl: HaloDownload): { meta: Row; bytes: Buffer; complete: boolean } {
  const head = dl.body.subarray(0, 1).toString();
  if (head === "{" && (!dl.contentType || /json/.test(dl.contentType))) {
    if (!dl.truncated) {
      try {
        const o = JSON.parse(dl.body.toString("utf8")) as unknown;
        if (o && typeof o === "object" && !Array.isArray(o)) {
          const rec = o as Row;
          const data = typeof rec.data === "string" ? rec.data : rec.data_base64;
          if (typeof data === "string" && ("filename" in rec || "id" in rec)) {
            const bytes = Buffer.from(data, "base64");
            return {
              meta: { ...rec, id: rec.id ?? id, filesize: rec.filesize ?? bytes.length },
              bytes,
              complete: true,
            };
          }
        }
      } catch {
        // not Halo's wrapper: a JSON file served raw
      }
    } else {
      // A wrapped file too big to parse: its metadata fields come before `data`.
      const text = dl.body.subarray(0, 4096).toString("utf8");
      const field = (k: string) => new RegExp(`"${k}"\\s*:\\s*("((?:[^"\\\\]|\\\\.)*)"|\\d+)`).exec(text);
      const filename = field("filename")?.[2];
      if (filename !== undefined) {
        const size = field("filesize")?.[1];
        return {
          meta: {
            id,
            filename,
            content_type: field("content_type")?.[2],
            filesize: size ? Number(size) : undefined,
          },
          bytes: Buffer.alloc(0),
          complete: false,
        };
      }
    }
  }
  const meta: Row = {
    id,
    filename: dl.filename,
    content_type: dl.contentType,
    filesize: dl.length ?? (dl.truncated ? undefined : dl.body.length),
  };
  return { meta, bytes: dl.body, complete: !dl.truncated };
}

export const getAttachment = defineTool({
  name: "get_attachment",
  title: "Get attachment",
  description: "An attachment; text clipped, images up to 1 MB inline.",
  toolset: "tickets",
  effect: "read",
  input: { id: recordId("Attachment") },
  output: {
    attachment: attachmentRowShape,
    text: z.string().optional(),
    clipped: z.literal(true).optional(),
    image: z.string().optional(),
    note: z.string().optional(),
  },
  async handler(args, ctx) {
    const dl = await ctx.halo.resources.download(R.attachments, args.id, {
      maxBytes: DOWNLOAD_MAX_BYTES,
      signal: ctx.signal,
    });
    const { meta, bytes, complete } = readDownload(args.id, dl);
    const attachment = attachmentRow(meta);
    const size = typeof meta.filesize === "number" ? meta.filesize : undefined;
    const content =
      bytes.length === 0 && !complete
        ? { kind: "none" as const, reason: "the file is too big to show here; open it in Halo." }
        : contentOf({ bytes, type: attachmentType(meta), filename: attachment.filename, size, complete });
    const extra: ExtraContent[] = [];
    if (content.kind === "image")
      extra.push({ type: "image", data: content.data, mimeType: content.mimeType });
    return {
      data: compact({
        attachment,
        text: content.kind === "text" ? content.text : undefined,
        clipped: content.kind === "text" && content.clipped ? (true as const) : undefined,
        image: content.kind === "image" ? `${content.mimeType} attached as an image block` : undefined,
        note: content.kind === "none" ? `Content not shown: ${content.reason}` : undefined,
      }),
      extra,
    };
  },
});
