import { inputError } from "../../halo/errors.js";
import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { customFields, dryRun, idOrName, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { mergeTicketCustomFields } from "../support/custom-fields.js";
import { dryRunResult, requireChanges } from "../support/writes.js";
import {
  agentOf,
  clientOf,
  contactOf,
  detailsText,
  loadTicketNames,
  priorityOf,
  siteOf,
  statusOf,
  type TicketNames,
  teamOf,
  ticketDetail,
  ticketWriteShape,
  typeOf,
} from "./projection.js";
import { detailsInput, resolveTicketRefs, summaryInput, ticketWriteInput } from "./ticket-write.js";

const FIELDS = "summary, details, status, priority, type, agent, team, client, site, contact, custom_fields";

export const updateTicket = defineTool({
  name: "update_ticket",
  title: "Update ticket",
  description: "Change a ticket; only fields given change. Notes: add_ticket_action.",
  toolset: "tickets",
  effect: "update",
  input: {
    id: recordId("Ticket"),
    summary: summaryInput.optional(),
    details: detailsInput.optional().describe("Replaces it"),
    client: idOrName().optional(),
    ...ticketWriteInput,
    custom_fields: customFields,
    dry_run: dryRun,
  },
  output: ticketWriteShape("updated"),
  async handler(args, ctx) {
    const { signal } = ctx;
    const [current, names] = await Promise.all([
      ctx.halo.resources.get<Row>(R.tickets, args.id, {}, { signal }),
      loadTicketNames(ctx),
    ]);
    const { fields, refs } = await resolveTicketRefs(ctx, args, current);
    // A value the ticket already has is not a change: leave it out of the post and the preview.
    const unchanged = dropUnchanged(current, fields, refs);
    const payload: Row = {
      id: args.id,
      ...(args.summary === undefined ? {} : { summary: args.summary }),
      ...(args.details === undefined ? {} : { details: args.details }),
      ...fields,
      ...(args.custom_fields
        ? { customfields: await mergeTicketCustomFields(ctx, current.customfields, args.custom_fields) }
        : {}),
    };
    if (unchanged.length > 0 && Object.keys(payload).length === 1 && !args.summary && !args.details) {
      throw inputError(`nothing to change: ticket #${args.id} already has ${unchanged.join(", ")}.`);
    }
    requireChanges(payload, FIELDS);
    const preview = dryRunResult(
      [payload],
      { ticket: ref(current.summary, args.id), ...refs },
      { changes: changes(current, names, args, refs) },
    );
    if (args.dry_run) return preview;
    await ctx.confirm({ action: `Update ticket ${ref(current.summary, args.id)}`, preview: preview.data });
    const saved = await ctx.halo.resources.save<Row>(R.tickets, payload, { signal });
    return { data: { updated: ticketDetail({ ...current, ...saved }, names) } };
  },
});

/** Ticket fields whose resolved ID equals the current one, by the argument that set them. */
const ID_FIELDS: Array<[string, string]> = [
  ["client_id", "client"],
  ["site_id", "site"],
  ["user_id", "contact"],
  ["tickettype_id", "type"],
  ["priority_id", "priority"],
  ["status_id", "status"],
  ["agent_id", "agent"],
  ["team_id", "team"],
];

function dropUnchanged(current: Row, fields: Row, refs: Record<string, string>): string[] {
  const same: string[] = [];
  for (const [key, arg] of ID_FIELDS) {
    if (!(key in fields) || Number(current[key]) !== Number(fields[key])) continue;
    same.push(`${arg} ${refs[arg] ?? `#${String(fields[key])}`}`);
    delete fields[key];
    if (key === "team_id") delete fields.team;
    delete refs[arg];
  }
  return same;
}

const short = (s: string, max = 60) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** field → "old → new" for the dry-run preview. */
function changes(
  current: Row,
  names: TicketNames,
  args: { summary?: string; details?: string; custom_fields?: Record<string, unknown> },
  refs: Record<string, string>,
): Record<string, string> {
  const before: Record<string, string | undefined> = {
    client: clientOf(current),
    site: siteOf(current),
    contact: contactOf(current),
    type: typeOf(current, names),
    priority: priorityOf(current, names),
    status: statusOf(current, names),
    agent: agentOf(current, names),
    team: teamOf(current, names),
  };
  const out: Record<string, string> = {};
  if (args.summary !== undefined)
    out.summary = `${short(String(current.summary ?? ""))} → ${short(args.summary)}`;
  if (args.details !== undefined) out.details = `${short(detailsText(current))} → ${short(args.details)}`;
  for (const [field, now] of Object.entries(refs)) {
    if (field in before) out[field] = `${before[field] ?? "(none)"} → ${now}`;
  }
  if (args.custom_fields) {
    const view = (current.customfields ?? []) as Array<{
      id: number;
      name?: string;
      label?: string;
      value?: unknown;
      display?: unknown;
    }>;
    for (const [key, value] of Object.entries(args.custom_fields)) {
      const k = key.trim().toLowerCase();
      const f = view.find(
        (c) =>
          String(c.id) === k ||
          (c.label ?? "").trim().toLowerCase() === k ||
          (c.name ?? "").toLowerCase() === k,
      );
      const old = f ? f.display || f.value : undefined;
      out[`custom_fields.${f?.label?.trim() ?? key}`] =
        `${old === undefined || old === null || old === "" ? "(empty)" : short(String(old))} → ${value === null ? "(empty)" : short(String(value))}`;
    }
  }
  return out;
}
