/**
 * handover_ticket: the new agent or team and a private handoff note in one
 * confirmed write, so the next person sees why the ticket came to them; a
 * decline writes nothing.
 */
import { describe, expect, it } from "vitest";
import { ACCEPT, DECLINE, useConfirmRigs } from "../helpers/confirm-harness.js";
import { seed } from "../helpers/seed.js";

const { fake, rig } = useConfirmRigs();

const { actionsOf, openTickets } = seed(() => fake);

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
