/**
 * Compact views of ticket actions (notes, emails, phone logs) and ticket
 * attachments, shared by list_ticket_actions, add_ticket_action, the
 * attachment tools and get_ticket's "latest actions". Halo's action object
 * has ~440 fields; a row keeps what a person reads in the ticket's timeline.
 */

import { z } from "zod";
import { clip, compact, num, type Row, ref, str, when, yes } from "../../util/format.js";
import { actionText, minutesFromHours } from "../support/ticket-actions.js";

/** Lookup tables that fill names Halo left out (e.g. an action carrying only outcome_id). */
export interface ActionNames {
  outcomes?: Map<number, string>;
  agents?: Map<number, string>;
  statuses?: Map<number, string>;
}

export const ACTION_TEXT_MAX = 300;

/** Where an action was emailed: the recipients, or true when only the send date is known. */
function emailed(a: Row): string | true | undefined {
  const to = str(a.emailtonew) ?? str(a.emailto);
  if (to) return clip(to, 100);
  return when(a.dateemailed) ? true : undefined;
}

/**
 * One action as a timeline row: id, when, who, outcome (the action type),
 * a text excerpt, minutes logged, and flags that change what it means
 * (hidden from the end user, emailed, status change, attachments).
 */
export function actionRow(a: Row, names: ActionNames = {}, textMax = ACTION_TEXT_MAX) {
  const text = actionText(a);
  const outcomeId = num(a.outcome_id);
  const agentId = num(a.who_agentid) ?? num(a.actionby_agent_id);
  const statusId = num(a.new_status);
  return compact({
    id: num(a.id),
    when: when(a.datetime) ?? when(a.actiondatecreated),
    who: str(a.who) ?? (agentId ? names.agents?.get(agentId) : undefined),
    outcome: str(a.outcome) ?? (outcomeId ? names.outcomes?.get(outcomeId) : undefined),
    text: text ? clip(text, textMax) : undefined,
    time_taken_minutes: minutesFromHours(a.timetaken),
    hidden: yes(a.hiddenfromuser),
    emailed: emailed(a),
    new_status: statusId ? (str(a.new_status_name) ?? names.statuses?.get(statusId)) : undefined,
    important: yes(a.important),
    attachments: num(a.attachment_count),
  });
}

export const actionRowShape = z.object({
  id: z.number().optional(),
  when: z.string().optional(),
  who: z.string().optional(),
  outcome: z.string().optional(),
  text: z.string().optional(),
  time_taken_minutes: z.number().optional(),
  hidden: z.literal(true).optional(),
  emailed: z.union([z.string(), z.literal(true)]).optional(),
  new_status: z.string().optional(),
  important: z.literal(true).optional(),
  attachments: z.number().optional(),
});

// ── attachments ─────────────────────────────────────────────────────────

/** "20 B", "12.3 KB", "4.1 MB". */
export function formatBytes(n: unknown): string | undefined {
  const b = typeof n === "number" ? n : Number(n);
  if (!Number.isFinite(b) || b < 0) return undefined;
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${(b / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}

const EXT_TYPES: Record<string, string> = {
  txt: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  xml: "application/xml",
  html: "text/html",
  htm: "text/html",
  yaml: "application/yaml",
  yml: "application/yaml",
  ini: "text/plain",
  conf: "text/plain",
  cfg: "text/plain",
  ps1: "text/plain",
  sh: "text/x-shellscript",
  eml: "message/rfc822",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  pdf: "application/pdf",
  zip: "application/zip",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  msg: "application/vnd.ms-outlook",
};

/** A MIME type from a file name's extension; undefined when unknown. */
export function typeFromFilename(filename: unknown): string | undefined {
  const m = typeof filename === "string" ? /\.([a-z0-9]{1,8})$/i.exec(filename.trim()) : null;
  return m?.[1] ? EXT_TYPES[m[1].toLowerCase()] : undefined;
}

/** The attachment's MIME type: Halo's content_type unless it is the generic octet-stream. */
export function attachmentType(a: Row): string | undefined {
  const ct = str(a.content_type)?.split(";")[0]?.trim().toLowerCase();
  if (ct && ct !== "application/octet-stream") return ct;
  return typeFromFilename(a.filename) ?? ct;
}

export function attachmentRow(a: Row) {
  const filename = str(a.filename);
  const note = str(a.note) ?? str(a.desc);
  return compact({
    id: num(a.id),
    filename,
    size: formatBytes(a.filesize),
    type: attachmentType(a),
    when: when(a.datecreated),
    action_id: num(a.action_id),
    ticket_id: num(a.ticket_id),
    note: note && note !== filename ? clip(note, 200) : undefined,
    visible_to_user: yes(a.showforusers),
  });
}

export const attachmentRowShape = z.object({
  id: z.number().optional(),
  filename: z.string().optional(),
  size: z.string().optional(),
  type: z.string().optional(),
  when: z.string().optional(),
  action_id: z.number().optional(),
  ticket_id: z.number().optional(),
  note: z.string().optional(),
  visible_to_user: z.literal(true).optional(),
});

/** "Printer offline #123" for a ticket, the way resolved references read. */
export const ticketRef = (t: Row) => ref(t.summary, t.id);
