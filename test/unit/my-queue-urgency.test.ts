/**
 * my_queue's ranking on rows shaped like real Halo answers: unset dates are
 * Halo's placeholder ("1900-01-01T00:00:00", as in the real ticket sample's
 * targetdate), and dates may come without an offset (UTC).
 */
import { describe, expect, it } from "vitest";
import { urgency } from "../../src/tools/tickets/my_queue.js";

const NOW = Date.parse("2026-11-01T12:00:00Z");
const rank = (rows: Array<Record<string, unknown>>) =>
  [...rows].sort((a, b) => urgency(a, NOW) - urgency(b, NOW)).map((r) => r.id);

describe("my_queue urgency", () => {
  it("a ticket whose SLA dates are Halo's placeholder ranks after those with a deadline", () => {
    const rows = [
      {
        id: 1,
        priority_id: 2,
        slaactiondate: "1900-01-01T00:00:00",
        fixbydate: "1900-01-01T00:00:00",
        slatimeleft: 0,
      },
      { id: 2, priority_id: 3, slaactiondate: "2026-11-03T09:00:00Z", slatimeleft: 45 },
      { id: 3, priority_id: 1, slaactiondate: "2026-10-30T09:00:00Z", slatimeleft: -51 },
    ];
    expect(rank(rows)).toEqual([3, 2, 1]);
  });

  it("falls back to fixbydate when the SLA action date is a placeholder, and reads dates without Z as UTC", () => {
    const rows = [
      { id: 1, slaactiondate: "1900-01-01T00:00:00", fixbydate: "2026-11-02T08:00:00" },
      { id: 2, slaactiondate: "2026-11-02T09:00:00Z" },
    ];
    expect(rank(rows)).toEqual([1, 2]);
    expect(urgency(rows[0] as Record<string, unknown>, NOW)).toBe(Date.parse("2026-11-02T08:00:00Z"));
  });
});
