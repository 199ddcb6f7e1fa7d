/**
 * Builds the sandbox tenant from a seed. Cheap enough for 3,000 tickets in
 * a few tens of milliseconds: records hold only meaningful fields, and the
 * bulky parts of Halo's objects are added when a record is rendered. Each
 * resource seeds itself (resources/); the order of the calls below is part
 * of the seed: every draw comes from one generator.
 */
import { REFERENCE_MS } from "./clock.js";
import { Rng } from "./prng.js";
import { seedAssets, seedAssetTypes } from "./resources/assets.js";
import { seedAttachments } from "./resources/attachments.js";
import { seedClients } from "./resources/clients.js";
import { seedContracts } from "./resources/contracts.js";
import { seedFieldDefs } from "./resources/custom-fields.js";
import { seedLongTail } from "./resources/long-tail.js";
import { seedLookups, seedOutcomes } from "./resources/lookups.js";
import { seedTicketTypes } from "./resources/ticket-types.js";
import { seedTickets } from "./resources/tickets.js";
import { emptyTimeBilling, seedTimeBilling } from "./resources/time-billing.js";
import type { FakeDb, LongTailName, WireObject } from "./types.js";

export interface SeedOptions {
  seed: number;
  tickets: number;
  clients: number;
}

export function createDb(opts: SeedOptions): FakeDb {
  const rng = new Rng(opts.seed);
  const db = emptyDb();
  seedLookups(db, rng);
  seedTicketTypes(db, rng);
  seedOutcomes(db, rng);
  seedAssetTypes(db, rng);
  seedFieldDefs(db, rng);
  const clientSeeds = seedClients(db, rng, Math.max(1, opts.clients));
  seedAssets(db, rng, clientSeeds);
  seedContracts(db, rng, clientSeeds);
  seedTickets(db, rng, Math.max(0, opts.tickets), clientSeeds);
  seedAttachments(db);
  seedLongTail(db, rng);
  seedTimeBilling(db, REFERENCE_MS);
  // Defined after the seeded records (no random draws, so every other record keeps its
  // seed): a multiple selection no ticket has filled yet, so it is not on their records.
  db.fields.set(211, {
    id: 211,
    name: "CFAffectedSystems",
    label: "Affected Systems",
    type: 3,
    usage: 1,
    values: ["Email", "VPN", "Printing", "Phones"].map((name, k) => ({ id: 901 + k, name })),
    guid: "5f1c2a77-0d3e-4b8a-9c11-2a6e0f4b9211",
  });
  return db;
}

function emptyDb(): FakeDb {
  const longTail = {} as Record<LongTailName, Map<number, WireObject>>;
  for (const n of [
    "Invoice",
    "Quotation",
    "Opportunities",
    "Projects",
    "Appointment",
    "Item",
    "KBArticle",
    "Supplier",
    "Timesheet",
    "SoftwareLicence",
  ] as LongTailName[])
    longTail[n] = new Map();
  return {
    tickets: new Map(),
    actions: new Map(),
    attachments: new Map(),
    clients: new Map(),
    sites: new Map(),
    users: new Map(),
    assets: new Map(),
    contracts: new Map(),
    agents: new Map(),
    teams: new Map(),
    statuses: new Map(),
    priorities: [],
    slas: new Map(),
    ticketTypes: new Map(),
    outcomes: new Map(),
    assetTypes: new Map(),
    assetFields: new Map(),
    fields: new Map(),
    longTail,
    timeBilling: emptyTimeBilling(),
    deletions: [],
    apiAgentId: 1,
    nextId: {},
  };
}
