/**
 * my_queue: my open tickets in SLA order, and what changed since my last look,
 * remembered in a state file outside the working folder (the working folder is
 * a stranger's repository). The file gets its own XDG_STATE_HOME.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACCEPT, useConfirmRigs } from "../helpers/confirm-harness.js";
import { seed } from "../helpers/seed.js";

const { fake, rig, stateHome } = useConfirmRigs({ stateHome: true });

const { openTickets } = seed(() => fake);

describe("my_queue", () => {
  it("lists my open tickets, breached and soonest due first; the next look marks what changed", async () => {
    const r = await rig({ person: ACCEPT, env: { HALOPSA_CONFIRM: "never" } });
    const first = await r.call("my_queue", {});
    expect(first.isError, first.text).toBe(false);
    const me = fake.db.apiAgentId;
    const mine = openTickets().filter((t) => t.agent_id === me);
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
    const dir = join(stateHome(), "halopsa-mcp");
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
    expect(readdirSync(join(stateHome(), "halopsa-mcp")).length).toBe(2);
  });
});
