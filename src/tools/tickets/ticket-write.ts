/**
 * What create_ticket and update_ticket share: the input fields that name
 * related records, their resolution to IDs (site and contact within the
 * ticket's client).
 */
import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import type { Agent, TicketType } from "../../halo/lookups.js";
import type { Named } from "../../halo/match.js";
import { num, type Row, ref, str } from "../../util/format.js";
import { agentInput, idOrName } from "../common.js";
import type { ToolContext } from "../define.js";

export const ticketWriteInput = {
  site: idOrName("In client").optional(),
  contact: idOrName("In client").optional(),
  type: idOrName().optional(),
  priority: idOrName().optional(),
  status: idOrName().optional(),
  agent: agentInput.optional(),
  team: idOrName().optional(),
};

export const summaryInput = z.string().trim().min(1).max(500).describe("One line");
export const detailsInput = z.string().trim().min(1).max(20_000).describe("Plain text");

interface RefArgs {
  client?: string | number;
  site?: string | number;
  contact?: string | number;
  type?: string | number;
  priority?: string | number;
  status?: string | number;
  agent?: string | number;
  team?: string | number;
}

export interface ResolvedRefs {
  /** Halo fields for the payload (only those given). */
  fields: Row;
  /** field → "Name #id", for dry runs and change previews. */
  refs: Record<string, string>;
  client?: Named;
}

const show = (r: Named) => ref(r.name, r.id) ?? `#${r.id}`;

/**
 * Resolves every related record given. `current` is the ticket being updated:
 * a site or contact is then checked against its client unless a new client
 * is given too.
 */
export async function resolveTicketRefs(
  ctx: ToolContext,
  args: RefArgs,
  current?: Row,
): Promise<ResolvedRefs> {
  const { halo, signal } = ctx;
  const fields: Row = {};
  const refs: Record<string, string> = {};

  let client: Named | undefined;
  if (args.client !== undefined) {
    client = await halo.names.resolve("client", args.client, "client", {}, signal);
    fields.client_id = client.id;
    refs.client = show(client);
  } else if (current && num(current.client_id)) {
    client = { id: num(current.client_id) as number, name: String(current.client_name ?? "") };
  }

  let siteId: number | undefined;
  if (args.site !== undefined) {
    const site = await halo.names.resolve("site", args.site, "site", { clientId: client?.id }, signal);
    requireSameClient("site", site, client);
    fields.site_id = siteId = site.id;
    refs.site = show(site);
  }

  if (args.contact !== undefined) {
    const contact = await halo.names.resolve(
      "contact",
      args.contact,
      "contact",
      { clientId: client?.id },
      signal,
    );
    requireSameClient("contact", contact, client);
    fields.user_id = contact.id;
    refs.contact = show(contact);
    // A new ticket, or one moved to another client, goes to the contact's site unless a site was given.
    if ((!current || movedClient(current, client)) && siteId === undefined && contact.siteId) {
      fields.site_id = contact.siteId;
      refs.site = ref(contact.siteName, contact.siteId) ?? `#${contact.siteId}`;
    }
  }

  if (current && movedClient(current, client) && args.contact === undefined && num(current.user_id)) {
    // Halo would keep the old client's contact (and maybe site) on the moved ticket.
    throw inputError(
      `client: moving the ticket to ${ref(client?.name, client?.id)} leaves its contact ${ref(str(current.user_name), num(current.user_id))} of ${ref(str(current.client_name), num(current.client_id))} on it.`,
      "Pass contact (a contact of the new client, see search_contacts) with the client; site defaults to that contact's site.",
    );
  }

  const lookup = async (
    kind: "ticket_types" | "statuses" | "teams" | "agents",
    field: string,
    given: string | number | undefined,
  ) => {
    if (given === undefined) return undefined;
    const hit = await halo.lookups.resolve(kind, given, field, signal);
    refs[field] = show(hit);
    return hit;
  };

  const type = await lookup("ticket_types", "type", args.type);
  if (type) fields.tickettype_id = type.id;
  if (args.priority !== undefined) {
    // Priority names are per SLA: the ticket's own SLA when updating, else the new type's default SLA.
    const slaId = num(current?.sla_id) || (type as TicketType | undefined)?.slaId || undefined;
    const priority = await halo.lookups.resolvePriority(args.priority, "priority", slaId, signal);
    fields.priority_id = priority.id;
    refs.priority = show(priority);
  }
  const status = await lookup("statuses", "status", args.status);
  if (status) fields.status_id = status.id;
  const team = await lookup("teams", "team", args.team);
  // Tickets carry the team by name (`team`) beside team_id; send both so either is honoured.
  if (team) Object.assign(fields, { team_id: team.id, team: team.name });

  if (args.agent !== undefined) {
    const agent: Agent =
      String(args.agent).trim().toLowerCase() === "me"
        ? await halo.lookups.me(signal)
        : await halo.lookups.resolve("agents", args.agent, "agent", signal);
    if (agent.disabled) {
      throw inputError(
        `agent: ${show(agent)} is disabled in Halo and cannot take tickets.`,
        "Pick an active agent (list_lookups kind=agents).",
      );
    }
    fields.agent_id = agent.id;
    refs.agent = show(agent);
  }

  return { fields, refs, client };
}

/** An update that gives a client other than the ticket's own. */
const movedClient = (current: Row, client: Named | undefined) =>
  client !== undefined && num(current.client_id) !== undefined && client.id !== num(current.client_id);

function requireSameClient(
  field: "site" | "contact",
  rec: Named & { clientId?: number; clientName?: string },
  client: Named | undefined,
): void {
  if (!client || rec.clientId === undefined || rec.clientId === client.id) return;
  throw inputError(
    `${field}: ${show(rec)} belongs to client ${ref(rec.clientName, rec.clientId)}, not ${ref(client.name, client.id) ?? `#${client.id}`}.`,
    `Pick a ${field} of that client (search_${field}s with client), or change the client too.`,
  );
}
