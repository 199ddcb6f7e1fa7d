// The sandbox's clock: the seed is built around a fixed instant (tests stay
// deterministic) and, for the demo, moved so that instant is now. Moving must
// shift every date by the same amount and keep every relative state — SLA
// time left, breached or not, contracts started or expired — exactly as seeded.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";
import { anchorTo, REFERENCE_MS } from "../../fake-halo/clock.js";
import { wireContract } from "../../fake-halo/resources/contracts.js";
import { wireTicket } from "../../fake-halo/resources/tickets.js";
import { createDb } from "../../fake-halo/seed.js";
import { BUNDLE, startE2E } from "../helpers/e2e.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const opts = { seed: 1, tickets: 120, clients: 12 };

describe("the sandbox clock", () => {
  const offset = 37 * DAY + 5 * HOUR;
  const reference = createDb(opts);
  const movedTo = (now: number) => {
    const db = createDb(opts);
    anchorTo(db, now);
    return db;
  };
  const moved = movedTo(REFERENCE_MS + offset);

  it("shifts every timestamp by the offset and every date-only value by whole days", () => {
    for (const [id, t] of reference.tickets) {
      const m = moved.tickets.get(id);
      expect(Date.parse(m?.dateoccurred ?? "") - Date.parse(t.dateoccurred)).toBe(offset);
      expect(Date.parse(m?.last_update ?? "") - Date.parse(t.last_update)).toBe(offset);
    }
    const followUp = (t: { customfields: Array<{ name: string; value: unknown }> }) =>
      String(t.customfields.find((f) => f.name === "CFFollowUpDate")?.value ?? "");
    const dated = [...reference.tickets.values()].filter((t) => followUp(t));
    expect(dated.length).toBeGreaterThan(0);
    for (const t of dated) {
      const m = moved.tickets.get(t.id);
      expect(followUp(m ?? t)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Date.parse(followUp(m ?? t)) - Date.parse(followUp(t))).toBe(37 * DAY);
    }
    // Not a date: left alone.
    expect([...moved.contracts.values()].map((c) => c.ref)).toEqual(
      [...reference.contracts.values()].map((c) => c.ref),
    );
  });

  it("keeps SLA time left and contract states exactly as seeded", () => {
    for (const [id, t] of reference.tickets) {
      const before = wireTicket(reference, t, false);
      const after = wireTicket(moved, moved.tickets.get(id) ?? t, false);
      expect(after.slatimeleft, `ticket ${id}`).toBe(before.slatimeleft);
    }
    const states = (db: typeof reference) =>
      [...db.contracts.values()].map((c) => {
        const row = wireContract(db, c);
        return `${row.started} ${row.expired}`;
      });
    expect(states(moved)).toEqual(states(reference));
    expect(states(reference)).toContain("true true");
  });

  it("is deterministic for a given clock", () => {
    const again = movedTo(REFERENCE_MS + offset);
    expect([...again.tickets.values()]).toEqual([...moved.tickets.values()]);
  });

  it("--sandbox builds the demo around the real time: same SLA picture as the seed, recent activity", async () => {
    const reference = await startE2E();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BUNDLE, "--sandbox"],
      env: { PATH: process.env.PATH ?? "", HALOPSA_LOG_LEVEL: "error" },
      cwd: "/",
      stderr: "ignore",
    });
    const sandbox = new Client({ name: "clock", version: "1.0.0" });
    await sandbox.connect(transport);
    try {
      const stats = async (call: (args: Record<string, unknown>) => Promise<unknown>) =>
        JSON.stringify(await call({ group_by: "sla" }));
      const seeded = await stats(async (a) => (await reference.call("ticket_stats", a)).data);
      const live = await stats(
        async (a) => (await sandbox.callTool({ name: "ticket_stats", arguments: a })).structuredContent,
      );
      expect(live).toBe(seeded);
      // The newest activity is from the last two days, not months before.
      const r = await sandbox.callTool({ name: "search_tickets", arguments: { status: "any", limit: 100 } });
      const dates = JSON.stringify(r.structuredContent).match(/\d{4}-\d{2}-\d{2}/g) ?? [];
      expect(dates.length, JSON.stringify(r.content)).toBeGreaterThan(0);
      const newest = Math.max(...dates.map((d) => Date.parse(d)));
      expect(Date.now() - newest).toBeLessThan(2 * DAY);
    } finally {
      await sandbox.close();
      await reference.close();
    }
  });
});
