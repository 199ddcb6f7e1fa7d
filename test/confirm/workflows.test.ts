/**
 * The one-call workflows end to end against the fake Halo: close_ticket,
 * handover_ticket (each one preview, one confirmation, nothing on decline) and
 * my_queue (SLA order, what changed since the last look, remembered in a state
 * file outside the working folder).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { ACCEPT, type ConfirmRig, DECLINE, startConfirmRig } from "../helpers/confirm-harness.js";

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

describe("close_ticket", () => {
  it("closes with the note, the time and the closed status in one action, after one confirmation", async () => {
    const r = await rig({ person: ACCEPT });
    const t = openTickets()[30]!;
    const before = actionsOf(t.id).length;
    const writes = r.writes();
    const res = await r.call("close_ticket", {
      id: t.id,
      note: "Replaced the toner.",
      time_taken_minutes: 30,
    });
    expect(res.isError, res.text).toBe(false);
    expect(r.forms).toHaveLength(1);
    expect(r.forms[0]?.message).toMatch(/^Close ticket .*#\d+\?/);
    expect(r.forms[0]?.message).toContain("→ Closed #9");
    expect(r.forms[0]?.message).toContain("time_logged: 30 min");
    expect(r.writes()).toBe(writes + 1);
    expect(fake.db.tickets.get(t.id)?.status_id).toBe(CLOSED);
    const added = actionsOf(t.id).at(-1)!;
    expect(actionsOf(t.id)).toHaveLength(before + 1);
    expect(added).toMatchObject({
      note: "Replaced the toner.",
      timetaken: 0.5,
      sendemail: false,
      hiddenfromuser: true,
    });
    expect(res.data).toMatchObject({ status: "Closed #9" });
    expect((res.data.note as { time_taken_minutes: number }).time_taken_minutes).toBe(30);
  });

  it("declined: the ticket stays open and no note is added", async () => {
    const r = await rig({ person: DECLINE });
    const t = openTickets()[31]!;
    const status = t.status_id;
    const actions = actionsOf(t.id).length;
    const writes = r.writes();
    const res = await r.call("close_ticket", { id: t.id, note: "x", email_customer: true });
    expect(res.data).toMatchObject({ sent: false, outcome: "declined" });
    expect(r.forms[0]?.message).toContain("This emails the customer.");
    expect(r.writes()).toBe(writes);
    expect(fake.db.tickets.get(t.id)?.status_id).toBe(status);
    expect(actionsOf(t.id)).toHaveLength(actions);
  });

  it("emails the note only when asked, and refuses an open status or a closed ticket", async () => {
    const r = await rig({ person: ACCEPT });
    const t = openTickets()[32]!;
    const open = await r.call("close_ticket", { id: t.id, note: "x", status: "In Progress" });
    expect(open.isError).toBe(true);
    expect(open.text).toContain("is not a closed status");
    const res = await r.call("close_ticket", {
      id: t.id,
      note: "All fixed, closing.",
      email_customer: true,
      status: "Resolved",
    });
    expect(res.isError, res.text).toBe(false);
    expect(actionsOf(t.id).at(-1)).toMatchObject({ sendemail: true, hiddenfromuser: false });
    expect(fake.db.tickets.get(t.id)?.status_id).toBe(8);
    const again = await r.call("close_ticket", { id: t.id, note: "x", status: "Resolved" });
    expect(again.isError).toBe(true);
    expect(again.text).toContain("already has status Resolved");
  });

  it("without forms: dry_run previews and sends nothing; the real call closes", async () => {
    const r = await rig();
    const t = openTickets()[33]!;
    const writes = r.writes();
    const preview = await r.call("close_ticket", { id: t.id, note: "Done", dry_run: true });
    expect(preview.data).toMatchObject({ dry_run: true, would_send: { new_status: CLOSED, note: "Done" } });
    expect(r.writes()).toBe(writes);
    const res = await r.call("close_ticket", { id: t.id, note: "Done" });
    expect(res.isError, res.text).toBe(false);
    expect(fake.db.tickets.get(t.id)?.status_id).toBe(CLOSED);
  });
});

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

describe("my_queue", () => {
  it("lists my open tickets, breached and soonest due first; the next look marks what changed", async () => {
    const r = await rig({ person: ACCEPT, env: { HALOPSA_CONFIRM: "never" } });
    const first = await r.call("my_queue", {});
    expect(first.isError, first.text).toBe(false);
    const me = fake.db.apiAgentId;
    const mine = [...fake.db.tickets.values()].filter((t) => t.agent_id === me && isOpen(t.status_id));
    expect(first.data.total).toBe(mine.length);
    const rows = first.data.tickets as Array<{
      id: number;
      breached?: true;
      sla_due?: string;
      changed?: string;
      news?: string[];
    }>;
    expect(rows.length).toBe(Math.min(25, mine.length));
    expect(first.data.note).toContain("First look");
    // Breached first, then by the next deadline.
    const firstNotBreached = rows.findIndex((t) => !t.breached);
    if (firstNotBreached >= 0) expect(rows.slice(firstNotBreached).some((t) => t.breached)).toBe(false);
    const dues = rows
      .slice(Math.max(0, firstNotBreached))
      .filter((t) => t.sla_due && t.sla_due !== "on hold")
      .map((t) => t.sla_due!);
    expect(dues).toEqual([...dues].sort());
    expect(rows.every((t) => t.changed === undefined)).toBe(true);

    // The state file lives in the user's state folder, private, without customer text.
    const dir = join(stateHome, "halopsa-mcp");
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const file = join(dir, files[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, "utf8");
    expect(stored).not.toContain(String(mine[0]?.summary));

    // Changes since: a customer reply, a status change, a new ticket, one that left.
    const target = rows[0]!.id;
    await r.call("add_ticket_action", {
      ticket_id: target,
      note: "Customer says it works again now",
      new_status: "Waiting on Customer",
    });
    const gone = rows[1]!.id;
    await r.call("update_ticket", { id: gone, agent: "Ben Carter" });
    const created = await r.call("create_ticket", {
      summary: "Queue newcomer",
      client: 12,
      agent: "me",
      priority: "Critical",
    });
    const newId = (created.data.created as { id: number }).id;

    const second = await r.call("my_queue", { limit: 100 });
    expect(second.data.since).toBeTruthy();
    const after = second.data.tickets as typeof rows;
    const changed = after.find((t) => t.id === target)!;
    expect(changed.changed).toContain("status");
    expect(changed.changed).toContain("→ Waiting on Customer");
    expect(changed.news?.join(" ")).toContain("Customer says it works again now");
    expect(after.find((t) => t.id === newId)?.changed).toBe("new in the queue");
    expect(second.data.left_queue).toContain(gone);
    expect(after.find((t) => t.id === rows[2]!.id)?.changed).toBeUndefined();

    // A third look right away: nothing new.
    const third = await r.call("my_queue", { limit: 100 });
    expect((third.data.tickets as typeof rows).every((t) => t.changed === undefined)).toBe(true);
    expect(third.data.left_queue).toBeUndefined();
  });

  it("another agent's queue by name, remembered separately", async () => {
    const r = await rig();
    const res = await r.call("my_queue", { agent: "Dev Patel", limit: 5 });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.agent).toBe("Dev Patel #5");
    const rows = res.data.tickets as Array<{ agent?: string }>;
    expect(rows.every((t) => t.agent?.startsWith("Dev Patel"))).toBe(true);
    expect(readdirSync(join(stateHome, "halopsa-mcp")).length).toBe(2);
  });
});
