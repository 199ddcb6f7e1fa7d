/**
 * Finding records of the fake's seeded tenant by their stable properties
 * (a client's name, an asset type, a file name) rather than by hard-coded
 * IDs, written once for every test file. `seed(() => fake)` takes a getter
 * because a file starts its fake in beforeAll, after these are made.
 */
import type { Asset, Contract, FakeHalo } from "../../fake-halo/index.js";

export function seed(fake: () => FakeHalo) {
  const db = () => fake().db;
  const clientId = (name: string) => [...db().clients.values()].find((c) => c.name === name)?.id as number;
  const closedStatus = (id: number) => db().statuses.get(id)?.closed === true;
  return {
    clientId,
    typeId: (name: string) => [...db().assetTypes.values()].find((t) => t.name === name)?.id as number,
    fieldId: (name: string) => [...db().assetFields.values()].find((f) => f.name === name)?.id as number,
    assetsOf: (client: string): Asset[] =>
      [...db().assets.values()].filter((a) => a.client_id === clientId(client)),
    contractsOf: (client: string): Contract[] =>
      [...db().contracts.values()].filter((c) => c.client_id === clientId(client)),
    closedStatus,
    /** Tickets in neither of the seed's closed statuses (8 Resolved, 9 Closed). */
    openTickets: () => [...db().tickets.values()].filter((t) => t.status_id !== 9 && t.status_id !== 8),
    /** A ticket's actions in the fake (empty when none). */
    actionsOf: (id: number) => db().actions.get(id) ?? [],
    /** An open ticket with a non-empty value in at least `n` custom fields. */
    ticketWithFields(n: number, skip: number[] = []): number {
      for (const t of db().tickets.values()) {
        if (skip.includes(t.id) || closedStatus(t.status_id)) continue;
        if (t.customfields.filter((f) => f.value !== "" && f.value !== false).length >= n) return t.id;
      }
      throw new Error("no such ticket in the seed");
    },
    /** Ticket time in the fake: every non-system action with time, with its ticket's client (the expected figures of the time tools come from here, never from their code). */
    ticketTime() {
      const out: Array<{
        ticket: number;
        action: number;
        agent: number;
        client: number;
        at: number;
        hours: number;
        billable: boolean;
        invoiced: boolean;
      }> = [];
      for (const [ticketId, list] of db().actions) {
        const t = db().tickets.get(ticketId);
        for (const a of list) {
          if (a.system || !(a.timetaken > 0)) continue;
          out.push({
            ticket: ticketId,
            action: a.id,
            agent: a.who_agentid,
            client: t?.client_id ?? 0,
            at: Date.parse(a.datetime) - a.timetaken * 3_600_000,
            hours: a.timetaken,
            billable: a.actisbillable !== false,
            invoiced: typeof a.actioninvoicenumber === "string" && a.actioninvoicenumber !== "",
          });
        }
      }
      return out;
    },
    attachmentNamed(name: string) {
      const a = [...db().attachments.values()].find((x) => x.filename === name);
      if (!a) throw new Error(`seed has no ${name}`);
      return a;
    },
  };
}
