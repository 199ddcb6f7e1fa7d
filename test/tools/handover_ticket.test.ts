/** handover_ticket: its tests against the fake Halo, in-process, with a scripted person answering the confirmation forms (test/helpers/confirm-harness.ts). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { ACCEPT, type ConfirmRig, DECLINE, startConfirmRig } from "../helpers/confirm-harness.js";

/**
 * The one-call workflows end to end against the fake Halo: close_ticket,
 * handover_ticket (each one preview, one confirmation, nothing on decline) and
 * my_queue (SLA order, what changed since the last look, remembered in a state
 * file outside the working folder).
 */
let fake: FakeHalo;

let stateHome: string;

const savedXdg = process.env.XDG_STATE_HOME;

const rigs: ConfirmRig[] = [];

beforeAll(async () => {
  fake = await startFakeHalo({ clientId: "confirm", clientSecret: "confirm-secret-1234" });
  stateHome = mkdtempSync(join(tmpdir(), "halopsa-state-"));
  process.env.XDG_STATE_HOME = stateHome;
});

afterAll(async () => {
  await fake.close();
  if (savedXdg === undefined) delete process.env.XDG_STATE_HOME;
  else process.env.XDG_STATE_HOME = savedXdg;
  rmSync(stateHome, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.close()));
});

async function rig(opts: Parameters<typeof startConfirmRig>[0] = {}) {
  const r = await startConfirmRig({ fake, ...opts });
  rigs.push(r);
  return r;
}

const CLOSED = 9;

const isOpen = (statusId: number) => statusId !== CLOSED && statusId !== 8;

const openTickets = () => [...fake.db.tickets.values()].filter((t) => isOpen(t.status_id));

const actionsOf = (id: number) => fake.db.actions.get(id) ?? [];

describe("handover_ticket", () => {
  it("reassigns and adds a private handoff note, after one confirmation", async () => {
    const r = await rig({ person: ACCEPT });
    const t = openTickets().find((x) => x.agent_id !== 4 && x.team_id !== 6)!;
    const actions = actionsOf(t.id).length;
    const res = await r.call("handover_ticket", {
      id: t.id,
      agent: "Chloe Davies",
      team: "Field Engineers",
      note: "Needs an on-site visit; customer is in on Tuesday.",
    });
    expect(res.isError, res.text).toBe(false);
    expect(r.forms).toHaveLength(1);
    expect(r.forms[0]?.message).toContain("→ Chloe Davies #4");
    expect(r.forms[0]?.message).toContain("Sent to Halo (2 of 2):");
    const saved = fake.db.tickets.get(t.id)!;
    expect(saved.agent_id).toBe(4);
    expect(saved.team_id).toBe(6);
    expect(actionsOf(t.id)).toHaveLength(actions + 1);
    expect(actionsOf(t.id).at(-1)).toMatchObject({
      note: "Needs an on-site visit; customer is in on Tuesday.",
      hiddenfromuser: true,
      sendemail: false,
    });
    expect(res.data).toMatchObject({ agent: "Chloe Davies #4", team: "Field Engineers #6" });
  });

  it("declined: neither the reassignment nor the note lands", async () => {
    const r = await rig({ person: DECLINE });
    const t = openTickets().find((x) => x.agent_id !== 5)!;
    const agent = t.agent_id;
    const actions = actionsOf(t.id).length;
    const writes = r.writes();
    const res = await r.call("handover_ticket", { id: t.id, agent: "Dev Patel", note: "over to you" });
    expect(res.data).toMatchObject({ sent: false, outcome: "declined" });
    expect(r.writes()).toBe(writes);
    expect(fake.db.tickets.get(t.id)?.agent_id).toBe(agent);
    expect(actionsOf(t.id)).toHaveLength(actions);
  });

  it("refuses a handover that changes nothing, or names nobody", async () => {
    const r = await rig({ person: ACCEPT });
    const t = openTickets().find((x) => x.agent_id === 5)!;
    const same = await r.call("handover_ticket", { id: t.id, agent: "Dev Patel", note: "x" });
    expect(same.isError).toBe(true);
    expect(same.text).toContain("nothing to hand over");
    const nobody = await r.call("handover_ticket", { id: t.id, note: "x" });
    expect(nobody.isError).toBe(true);
    expect(r.forms).toHaveLength(0);
  });
});
