/**
 * Every path the fake answers, by lower-case name: the resources' reads and
 * writes, and the POST/DELETE answers built from them.
 */
import type { ReadDef } from "./read.js";
import { badRequest, empty, isReply, json, notFound, type Reply } from "./reply.js";
import { actions, actionsWrite } from "./resources/actions.js";
import { assets, assetsWrite, assetTypes, fields } from "./resources/assets.js";
import { attachments, attachmentsWrite } from "./resources/attachments.js";
import { clients, clientsWrite, topLevels } from "./resources/clients.js";
import { contracts, contractsWrite } from "./resources/contracts.js";
import { fieldInfo } from "./resources/custom-fields.js";
import { LONG_TAIL_KEYS, longTail } from "./resources/long-tail.js";
import { agents, outcomes, priorities, statuses, teams } from "./resources/lookups.js";
import { sites, sitesWrite } from "./resources/sites.js";
import { ticketTypes } from "./resources/ticket-types.js";
import { tickets, ticketsWrite } from "./resources/tickets.js";
import { TIME_BILLING_READS, TIME_BILLING_WRITES } from "./resources/time-billing.js";
import { users, usersWrite } from "./resources/users.js";
import type { LongTailName, WireObject } from "./types.js";
import type { WriteContext, WriteDef } from "./write.js";

/** Every readable resource, by lower-case path. */
export const READS: Record<string, ReadDef<never>> = Object.fromEntries(
  Object.entries({
    Tickets: tickets,
    Client: clients,
    Site: sites,
    Users: users,
    Asset: assets,
    ClientContract: contracts,
    Actions: actions,
    Attachment: attachments,
    Status: statuses,
    Priority: priorities,
    TicketType: ticketTypes,
    Agent: agents,
    Team: teams,
    Outcome: outcomes,
    AssetType: assetTypes,
    Field: fields,
    FieldInfo: fieldInfo,
    TopLevel: topLevels,
    ...Object.fromEntries((Object.keys(LONG_TAIL_KEYS) as LongTailName[]).map((n) => [n, longTail(n)])),
  }).map(([path, def]) => [path.toLowerCase(), def as unknown as ReadDef<never>]),
);
// Time, billing, KB and reports (resources/time-billing.ts) replace the plain long-tail reads of the same paths.
Object.assign(READS, TIME_BILLING_READS);
/** Writable resources by lower-case path; the rest answer 405 (the sandbox keeps lookups fixed). */
export const WRITES: Record<string, WriteDef & { path: string; label: string }> = {
  tickets: { ...ticketsWrite, path: "Tickets", label: "Ticket" },
  client: { ...clientsWrite, path: "Client", label: "Client" },
  site: { ...sitesWrite, path: "Site", label: "Site" },
  users: { ...usersWrite, path: "Users", label: "User" },
  asset: { ...assetsWrite, path: "Asset", label: "Asset" },
  clientcontract: { ...contractsWrite, path: "ClientContract", label: "Contract" },
  actions: { ...actionsWrite, path: "Actions", label: "Action" },
  attachment: { ...attachmentsWrite, path: "Attachment", label: "Attachment" },
  ...TIME_BILLING_WRITES,
};

/** POST /X: validates every item, then saves them in order. */
export function postReply(ctx: WriteContext, resource: string, body: unknown): Reply {
  const def = WRITES[resource];
  if (!def) return json(405, { Message: "The requested resource does not support http method 'POST'." });
  if (!Array.isArray(body))
    return badRequest("The request body must be a JSON array of records, e.g. [{...}].");
  if (body.length === 0) return badRequest("The request body must contain at least one record.");
  const commits: Array<() => WireObject> = [];
  for (const item of body) {
    if (!item || typeof item !== "object" || Array.isArray(item))
      return badRequest("Each item must be a JSON object.");
    const prepared = def.prepare(ctx, item as WireObject);
    if (isReply(prepared)) return prepared;
    commits.push(prepared);
  }
  const saved = commits.map((commit) => commit());
  return json(201, saved.length === 1 ? saved[0] : saved);
}

/** DELETE /X/{id}; Tickets take a `reason`, which is kept in db.deletions. */
export function deleteReply(ctx: WriteContext, resource: string, id: number): Reply {
  const def = WRITES[resource];
  if (!def?.remove)
    return json(405, { Message: "The requested resource does not support http method 'DELETE'." });
  const done = def.remove(ctx, id);
  if (typeof done !== "boolean") return done;
  if (!done) return notFound(def.label, id);
  ctx.db.deletions.push({ resource: def.path, id, reason: ctx.q.str("reason"), at: ctx.now() });
  return empty(200);
}
