/** The row checks of tools/support/verify-rows.ts and the defensive /Agent/me reading, as pure functions. */
import { describe, expect, it } from "vitest";
import { HaloError } from "../../src/halo/errors.js";
import { agentOfMe } from "../../src/halo/lookups.js";
import {
  dateCheck,
  dateMs,
  dateOrder,
  failedChecks,
  idCheck,
  inOrder,
  numberOrder,
  sortRows,
} from "../../src/tools/support/verify-rows.js";

describe("row checks", () => {
  it("names the filters some row contradicts, never one a row cannot tell", () => {
    const checks = [idCheck("agent", "agent_id", [3]), idCheck("team", "team_id", [5])];
    expect(failedChecks([{ agent_id: 3, team_id: 5 }], checks)).toEqual([]);
    expect(failedChecks([{ agent_id: 3 }, { agent_id: 4, team_id: 5 }], checks)).toEqual(["agent"]);
    expect(failedChecks([{}], checks)).toEqual([]);
    // A filter applied here by design is never reported as ignored.
    expect(failedChecks([{ agent_id: 4 }], [{ ...checks[0], local: true } as never])).toEqual([]);
  });

  it("reads Halo dates as UTC with or without Z, and its placeholders as no date", () => {
    expect(dateMs("2026-01-02T03:04:05")).toBe(Date.parse("2026-01-02T03:04:05Z"));
    expect(dateMs("2026-01-02T03:04:05.1234567Z")).toBe(Date.parse("2026-01-02T03:04:05.123Z"));
    expect(dateMs("1900-01-01T00:00:00")).toBeNull();
    expect(dateMs("0001-01-01T00:00:00")).toBeNull();
    expect(dateMs(42)).toBeUndefined();
    expect(dateMs("2026-01-02")).toBe(Date.parse("2026-01-02T00:00:00Z"));
    expect(dateMs("2026-01-02T03:04:05+02:00")).toBe(Date.parse("2026-01-02T01:04:05Z"));
    const opened = dateCheck("opened", "dateoccurred", "2026-01-01T00:00:00", "2026-02-01T00:00:00");
    expect(opened.test({ dateoccurred: "2026-01-15T00:00:00Z" })).toBe(true);
    expect(opened.test({ dateoccurred: "2026-02-01T00:00:00" })).toBe(true);
    expect(opened.test({ dateoccurred: "2026-02-01T00:00:01" })).toBe(false);
    expect(opened.test({})).toBeUndefined();
  });

  it("checks an order page by page and sorts by it", () => {
    const desc = dateOrder("sort", "d", true);
    const rows = [
      { id: 1, d: "2026-01-03" },
      { id: 2, d: "2026-01-02" },
      { id: 3 },
      { id: 4, d: "2026-01-02" },
    ];
    expect(inOrder(rows, desc)).toBe(true);
    expect(inOrder([...rows].reverse(), desc)).toBe(false);
    const asc = numberOrder("sort", "p", false);
    expect(sortRows([{ id: 1, p: 3 }, { id: 2 }, { id: 3, p: 1 }], asc).map((r) => r.id)).toEqual([3, 1, 2]);
  });
});

describe("GET /Agent/me", () => {
  it("takes the agent from the object, or from a list of one", () => {
    expect(agentOfMe({ id: 7, name: "API", email: "a@x" })).toEqual({ id: 7, name: "API", email: "a@x" });
    expect(agentOfMe([{ id: 7, name: "API" }])).toMatchObject({ id: 7 });
  });

  it("refuses an answer without an agent ID, naming what came back", () => {
    const fail = (data: unknown) => {
      try {
        agentOfMe(data);
      } catch (err) {
        expect(err).toBeInstanceOf(HaloError);
        return (err as HaloError).message;
      }
      throw new Error("accepted");
    };
    expect(fail({ name: "API", email: "a@x" })).toMatch(
      /without an agent ID \(keys: name, email; id: absent\)/,
    );
    expect(fail({ id: 0, name: "API" })).toMatch(/id: 0/);
    expect(fail([])).toMatch(/a list of 0 item/);
    expect(fail("")).toMatch(/an empty answer/);
    expect(fail({ id: "x" })).toMatch(/"me" cannot be resolved/);
  });
});
