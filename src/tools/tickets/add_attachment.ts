import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { R } from "../../halo/resources.js";
import { compact, type Row, ref } from "../../util/format.js";
import { dryRun, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { requireTicket } from "../support/ticket-actions.js";
import { attachmentRow, attachmentRowShape, formatBytes, ticketRef } from "./action-projection.js";
import { dataSummary } from "./activity-shared.js";
import { BASE64_MAX_BYTES, BASE64_MAX_CHARS, decodeBase64, UPLOAD_MAX_BYTES } from "./attachment-content.js";
import { readUpload, refuseCredential, uploadName } from "./upload-source.js";

const LIMIT = formatBytes(UPLOAD_MAX_BYTES);
const B64_LIMIT = formatBytes(BASE64_MAX_BYTES);

export const addAttachment = defineTool({
  name: "add_attachment",
  title: "Attach file",
  description: `Attach a file to a ticket: only a file the person named. A path in the project folder or HALOPSA_UPLOAD_DIRS (max ${LIMIT}), or base64 (max ${B64_LIMIT}).`,
  toolset: "tickets",
  effect: "create",
  input: {
    ticket_id: recordId("Ticket"),
    path: z.string().trim().min(1).max(1000).optional().describe("Local path (absolute or in the project)"),
    base64: z
      .string()
      .min(1)
      // Bounded here so an oversized paste is refused by name, not by the transport.
      .max(
        BASE64_MAX_CHARS,
        `over the ${B64_LIMIT} limit for base64 content; attach the file by path instead`,
      )
      .optional()
      .describe("Or: content, base64"),
    filename: z.string().trim().min(1).max(255).optional().describe("Needed with base64"),
    action_id: recordId("Action").optional(),
    note: z.string().max(500).optional().describe("Note"),
    dry_run: dryRun,
  },
  output: {
    attachment: attachmentRowShape.optional(),
    dry_run: z.literal(true).optional(),
    would_send: z.record(z.string(), z.unknown()).optional(),
    resolved: z.record(z.string(), z.string()).optional(),
  },
  async handler(args, ctx) {
    if ((args.path === undefined) === (args.base64 === undefined)) {
      throw inputError(
        "path, base64: give exactly one of them (a local file path, or base64 content with filename).",
      );
    }
    let file: { bytes: Buffer; filename: string; source?: string };
    if (args.path !== undefined) {
      const read = await readUpload(args.path);
      file = { ...read, filename: uploadName(args.filename, read.filename) };
    } else {
      if (!args.filename) throw inputError('filename: required with base64 (e.g. "screenshot.png").');
      const decoded = decodeBase64(args.base64 ?? "");
      if ("error" in decoded)
        throw inputError(`base64: the content ${decoded.error}.`, "Send the file bytes base64-encoded.");
      if (decoded.bytes.length > BASE64_MAX_BYTES) {
        throw inputError(
          `base64: the file is ${formatBytes(decoded.bytes.length)}, over the ${B64_LIMIT} limit for base64 content.`,
          "Attach the file by path instead.",
        );
      }
      refuseCredential(decoded.bytes, "base64: the content");
      file = { bytes: decoded.bytes, filename: uploadName(args.filename, args.filename) };
    }
    const filename = file.filename;
    const ticket = await requireTicket(ctx, args.ticket_id, { summary: args.dry_run });
    const meta: Row = {
      ticket_id: args.ticket_id,
      filename,
      ...(args.action_id ? { action_id: args.action_id } : {}),
      ...(args.note ? { note: args.note } : {}),
    };
    const resolved = compact({
      ticket: ticketRef({ ...ticket, id: ticket.id ?? args.ticket_id }),
      file: `${filename}, ${formatBytes(file.bytes.length)}`,
      source: file.source,
      action: args.action_id ? ref("", args.action_id) : undefined,
    }) as Record<string, string>;
    const preview = {
      dry_run: true,
      would_send: { ...meta, data: dataSummary(file.bytes.length) },
      resolved,
    };
    if (args.dry_run) return { data: preview };
    // The confirmation names the source file, so the person sees what leaves the machine.
    await ctx.confirm({
      action: `Attach ${filename}${file.source ? ` (from ${file.source})` : ""} to ticket ${resolved.ticket}`,
      preview,
      // A local file read by the server (Claude Code's read permissions do not cover it) cannot be
      // called back once it left the machine: asked even under HALOPSA_CONFIRM=destructive.
      destructive: file.source !== undefined,
    });
    const saved = await ctx.halo.resources.save<Row>(
      R.attachments,
      { ...meta, data: file.bytes.toString("base64") },
      { signal: ctx.signal },
    );
    // Halo echoes the file back as base64; the row never carries it.
    return {
      data: { attachment: attachmentRow({ ...saved, filesize: saved.filesize ?? file.bytes.length }) },
    };
  },
});
