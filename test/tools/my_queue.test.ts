/** my_queue: its tests against the fake Halo, in-process, with a scripted person answering the confirmation forms (test/helpers/confirm-harness.ts). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeHalo, startFakeHalo } from "../../fake-halo/index.js";
import { ACCEPT, type ConfirmRig, startConfirmRig } from "../helpers/confirm-harness.js";

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
