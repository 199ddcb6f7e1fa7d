/** ticketRowMismatch: whether a row Halo returned proves it honoured each filter. */
import { describe, expect, it } from "vitest";
import { ticketRowMismatch } from "../../src/tools/support/honoured.js";

const row = {
  id: 1001,
  status_id: 2,
  agent_id: 4,
  client_id: 12,
  tickettype_id: 1,
  priority_id: 3,
  team: "Service Desk",
  dateclosed: "1900-01-01T00:00:00",
};

describe("ticketRowMismatch", () => {
  it("passes a row that carries every value asked for", () => {
    expect(
      ticketRowMismatch(row, {
        status_id: 2,
        agent_id: 4,
        client_id: 12,
        requesttype_id: 1,
        priority: "3,5",
        open_only: true,
        pageinate: true,
      }),
    ).toBeUndefined();
  });

  it("names the parameter a row contradicts and what the row has", () => {
    expect(ticketRowMismatch(row, { status_id: 9 })).toEqual({
      param: "status_id",
      asked: "9",
      got: "status_id 2",
    });
    expect(ticketRowMismatch(row, { priority: "1,5" })?.param).toBe("priority");
    expect(ticketRowMismatch(row, { requesttype_id: 3 })?.got).toBe("tickettype_id 1");
    // A row's closed date cannot prove open_only/closed_only (reopened tickets keep it).
    expect(ticketRowMismatch(row, { closed_only: true })).toBeUndefined();
  });

  it("checks a team by name when the row has no team_id, and proves nothing without the field", () => {
    const teams = new Map([
      [1, "Service Desk"],
      [2, "Second Line"],
    ]);
    expect(ticketRowMismatch(row, { team: "1" }, { teams })).toBeUndefined();
    expect(ticketRowMismatch(row, { team: "2" }, { teams })?.got).toBe('team "Service Desk"');
    expect(ticketRowMismatch({ id: 1 }, { agent_id: 4, team: "2" }, { teams })).toBeUndefined();
  });
});
