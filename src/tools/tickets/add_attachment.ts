import { readFile, realpath, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, isAbsolute, join, sep } from "node:path";
import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { R } from "../../halo/resources.js";
import { compact, ref } from "../../util/format.js";
import { dryRun, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { attachmentRow, attachmentRowShape, formatBytes, type Row, ticketRef } from "./action-projection.js";
import { dataSummary, requireTicket } from "./activity-shared.js";
import { decodeBase64, UPLOAD_MAX_BYTES } from "./attachment-content.js";

const LIMIT = formatBytes(UPLOAD_MAX_BYTES);

/** A local file's bytes, with errors that say which path and why. */
export async function readUpload(path: string): Promise<{ bytes: Buffer; filename: string }> {
  const full = path.startsWith("~/") ? join(homedir(), path.slice(2)) : path;
  if (!isAbsolute(full)) {
    throw inputError(
      `path: "${path}" is relative; give the file's absolute path.`,
      "e.g. /home/me/report.pdf",
    );
  }
  await refuseSecretLike(path, full);
  let size: number;
  try {
    const st = await stat(full);
    if (!st.isFile())
      throw inputError(`path: "${path}" is not a file.`, "Give the path of a file, not a directory.");
    size = st.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw inputError(`path: no file at "${path}".`, "Check the path and spelling.");
    if (code === "EACCES" || code === "EPERM")
      throw inputError(`path: "${path}" is not readable (permission denied).`);
    throw err;
  }
  if (size > UPLOAD_MAX_BYTES) {
    throw inputError(
      `path: "${path}" is ${formatBytes(size)}, over the ${LIMIT} upload limit.`,
      "Attach a smaller file or compress it.",
    );
  }
  if (size === 0) throw inputError(`path: "${path}" is empty.`);
  try {
    return { bytes: await readFile(full), filename: basename(full) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw inputError(`path: "${path}" could not be read (${code ?? (err as Error).message}).`);
  }
}

const SECRET_NAME =
  /^(id_[a-z0-9]+(\.pub)?|.*\.(pem|key|p12|pfx|kdbx|keychain)|credentials(\.json)?|secrets?\.(json|ya?ml|txt))$/i;

/**
 * A model can be talked into attaching ~/.ssh/id_rsa or .env to a customer
 * ticket. Hidden files and folders and key-like names are refused, after
 * following symlinks, so the user has to move such a file deliberately.
 */
async function refuseSecretLike(path: string, full: string): Promise<void> {
  const real = await realpath(full).catch(() => full);
  for (const candidate of [full, real]) {
    const parts = candidate.split(sep).filter(Boolean);
    if (parts.some((p) => p.startsWith(".")) || SECRET_NAME.test(parts.at(-1) ?? "")) {
      throw inputError(
        `path: "${path}" is a hidden or credential-like file; it will not be uploaded.`,
        "If the user really wants it attached, ask them to copy it to an ordinary folder and name that path.",
      );
    }
  }
}

export const addAttachment = defineTool({
  name: "add_attachment",
  title: "Attach file",
  description: `Attach a local file or base64 (max ${LIMIT}) to a ticket.`,
  toolset: "tickets",
  effect: "create",
  input: {
    ticket_id: recordId("Ticket"),
    path: z.string().trim().min(1).max(1000).optional().describe("Absolute local path"),
    base64: z.string().min(1).optional().describe("Or: content, base64"),
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
    let file: { bytes: Buffer; filename: string };
    if (args.path !== undefined) {
      file = await readUpload(args.path);
    } else {
      if (!args.filename) throw inputError('filename: required with base64 (e.g. "screenshot.png").');
      const decoded = decodeBase64(args.base64 ?? "");
      if ("error" in decoded)
        throw inputError(`base64: the content ${decoded.error}.`, "Send the file bytes base64-encoded.");
      if (decoded.bytes.length > UPLOAD_MAX_BYTES) {
        throw inputError(
          `base64: the file is ${formatBytes(decoded.bytes.length)}, over the ${LIMIT} upload limit.`,
        );
      }
      file = { bytes: decoded.bytes, filename: args.filename };
    }
    const filename = args.filename ?? file.filename;
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
      action: args.action_id ? ref("", args.action_id) : undefined,
    }) as Record<string, string>;
    const preview = {
      dry_run: true,
      would_send: { ...meta, data: dataSummary(file.bytes.length) },
      resolved,
    };
    if (args.dry_run) return { data: preview };
    await ctx.confirm({ action: `Attach ${filename} to ticket ${resolved.ticket}`, preview });
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
