/**
 * Client contracts: seed, wire shapes, GET /ClientContract and POST /ClientContract.
 */
import { anchorOf, REFERENCE_MS } from "../clock.js";
import type { Rng } from "../prng.js";
import { byId, ordered, type ReadDef } from "../read.js";
import { badRequest, notFound } from "../reply.js";
import type { Contract, FakeDb, WireObject } from "../types.js";
import { contains, DAY, halodate, has, iso, merge, num } from "../util.js";
import { assign, checkRef, firstError, itemId, nextId, type WriteDef } from "../write.js";
import { type ClientSeed, mainSiteId } from "./clients.js";
import { sitesOf } from "./sites.js";

type ContractTerms = Pick<
  Contract,
  | "ref"
  | "contracttype_name"
  | "start_date"
  | "end_date"
  | "billingperiod"
  | "periodchargeamount"
  | "numberofunitsfree"
  | "sla_id"
  | "note"
  | "active"
>;

export function seedContracts(db: FakeDb, rng: Rng, seeds: Map<number, ClientSeed>): void {
  let id = 70;
  for (const client of db.clients.values()) {
    const code = seeds.get(client.id)?.code ?? "CLNT";
    const site = sitesOf(db, client.id)[0];
    // Globex's contract ran out last month and was never renewed: active, but expired.
    const start = client.name.startsWith("Globex")
      ? REFERENCE_MS - 377 * DAY
      : REFERENCE_MS - rng.int(30, 300) * DAY;
    const add = (c: ContractTerms) => {
      const contract: Contract = { id: id++, client_id: client.id, site_id: site?.id ?? 0, ...c };
      db.contracts.set(contract.id, contract);
    };
    add({
      ref: `${code}-MSP-${new Date(start).getUTCFullYear()}`,
      contracttype_name: "Managed Services",
      start_date: iso(start).slice(0, 10),
      end_date: iso(start + 365 * DAY).slice(0, 10),
      billingperiod: 2,
      periodchargeamount: rng.pick([450, 900, 1250, 2400, 3600]),
      numberofunitsfree: 0,
      sla_id: client.sla_id,
      note: "Monthly managed service: unlimited remote support, patching and monitoring.",
      active: true,
    });
    if (rng.chance(0.5) || client.name === "Acme Corporation") {
      // An expired predecessor: shown only with includeinactive=true.
      const oldStart = start - 365 * DAY;
      add({
        ref: `${code}-BLK-${new Date(oldStart).getUTCFullYear()}`,
        contracttype_name: "Block Hours",
        start_date: iso(oldStart).slice(0, 10),
        end_date: iso(start - DAY).slice(0, 10),
        billingperiod: 5,
        periodchargeamount: rng.pick([1500, 3000]),
        numberofunitsfree: rng.pick([20, 40]),
        sla_id: 1,
        note: "Prepaid block of support hours.",
        active: false,
      });
    }
    if (rng.chance(0.3)) {
      add({
        ref: `${code}-BKP-${new Date(start).getUTCFullYear()}`,
        contracttype_name: "Cloud Backup Add-on",
        start_date: iso(start + 30 * DAY).slice(0, 10),
        end_date: iso(start + 395 * DAY).slice(0, 10),
        billingperiod: 2,
        periodchargeamount: rng.pick([75, 150]),
        numberofunitsfree: 0,
        sla_id: client.sla_id,
        note: "Offsite backup of servers and Microsoft 365.",
        active: true,
      });
    }
  }
  db.nextId.contract = id;
}

export const BILLING_PERIODS: Record<number, string> = {
  1: "Weekly",
  2: "Monthly",
  3: "Quarterly",
  4: "Six-Monthly",
  5: "Yearly",
};

function isExpired(c: Contract, now: number): boolean {
  return Date.parse(c.end_date.slice(0, 10)) < now;
}

export function wireContract(db: FakeDb, c: Contract): WireObject {
  const expired = isExpired(c, anchorOf(db));
  return {
    id: c.id,
    client_id: c.client_id,
    client_name: db.clients.get(c.client_id)?.name ?? "",
    ref: c.ref,
    refextra: "",
    start_date: halodate(c.start_date),
    end_date: halodate(c.end_date),
    started: Date.parse(c.start_date.slice(0, 10)) <= anchorOf(db),
    expired,
    numberofunitsfree: c.numberofunitsfree,
    billingperiod: c.billingperiod,
    billingdescription: 0,
    subtype: 0,
    status: c.active ? 0 : 1,
    site_id: c.site_id,
    site_name: db.sites.get(c.site_id)?.name ?? "",
    user_id: 0,
    user_name: "",
    sla_id: c.sla_id,
    periodchargeamount: c.periodchargeamount,
    note: c.note,
    contract_status: !c.active ? "Inactive" : expired ? "Expired" : "Active",
    contracttype: 0,
    contracttype_name: c.contracttype_name,
    active: c.active,
    use: "contract",
  };
}

export function wireContractDetail(db: FakeDb, c: Contract): WireObject {
  return merge(c, wireContract(db, c), {
    sla_name: db.slas.get(c.sla_id)?.name ?? "",
    billing_period_string: BILLING_PERIODS[c.billingperiod] ?? "",
    billing_description_string: "",
    chargehoursperperiod: 0,
    costperperiod: 0,
    customfields: [],
  });
}

export const contracts: ReadDef<Contract> = {
  key: "contracts",
  label: "Contract",
  find({ db, q }) {
    const search = q.str("search")?.toLowerCase();
    const client = q.int("client_id");
    const site = q.int("site_id");
    const inactive = q.bool("includeinactive");
    const rows = [...db.contracts.values()].filter(
      (c) =>
        (inactive || c.active) &&
        (client === undefined || c.client_id === client) &&
        (site === undefined || c.site_id === site) &&
        (!search ||
          contains(c.ref, search) ||
          contains(c.contracttype_name, search) ||
          contains(db.clients.get(c.client_id)?.name, search)),
    );
    return ordered(rows, q, "id", false);
  },
  render: ({ db }, c) => wireContract(db, c),
  one({ db }, id) {
    const c = byId(db.contracts, id);
    return c && wireContractDetail(db, c);
  },
};

export const contractsWrite: WriteDef = {
  prepare(ctx, item) {
    const { db } = ctx;
    const id = itemId(item);
    if (typeof id !== "number") return id;
    const existing = id ? db.contracts.get(id) : undefined;
    if (id && !existing) return notFound("Contract", id);
    if (!existing && !has(item, "client_id")) return badRequest("Please select a Client (client_id).");
    const error = firstError(
      checkRef(item, "client_id", "Client", (n) => db.clients.has(n)),
      checkRef(item, "site_id", "Site", (n) => db.sites.has(n), true),
      checkRef(item, "sla_id", "SLA", (n) => db.slas.has(n), true),
      // Billing periods are a fixed list (BILLING_PERIODS above names them); an unknown code is refused.
      checkRef(item, "billingperiod", "billing period", (n) => n in BILLING_PERIODS),
    );
    if (error) return error;
    return () => {
      const today = iso(ctx.now()).slice(0, 10);
      const clientId = has(item, "client_id") ? num(item.client_id) : (existing?.client_id ?? 0);
      const c: Contract = existing ?? {
        id: nextId(db, "contract", 70),
        client_id: clientId,
        site_id: mainSiteId(db, clientId) ?? 0,
        ref: "",
        contracttype_name: "Managed Services",
        start_date: today,
        end_date: iso(ctx.now() + 365 * 86_400_000).slice(0, 10),
        billingperiod: 2,
        periodchargeamount: 0,
        numberofunitsfree: 0,
        sla_id: db.clients.get(clientId)?.sla_id ?? 1,
        note: "",
        active: true,
      };
      assign(c, item, ["client_id", "site_id", "sla_id"]);
      for (const k of [
        "client_id",
        "site_id",
        "sla_id",
        "billingperiod",
        "periodchargeamount",
        "numberofunitsfree",
      ])
        if (has(item, k)) c[k] = num(item[k]);
      for (const k of ["start_date", "end_date"])
        if (typeof item[k] === "string") c[k] = (item[k] as string).slice(0, 10);
      if (!c.ref) c.ref = `CON-${c.id}`;
      db.contracts.set(c.id, c);
      return wireContractDetail(db, c);
    };
  },
  remove: ({ db }, id) => db.contracts.delete(id),
};
