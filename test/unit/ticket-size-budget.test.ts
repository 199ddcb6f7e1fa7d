/**
 * Size targets on real-tenant data (long summaries and names, HTML details,
 * dozens of custom fields, long email recipients): 25 search rows ≤ 8 KB,
 * get_ticket ≤ 4 KB. The fake's data is kinder than real tenants'.
 */
import { describe, expect, it } from "vitest";
import { actionRow } from "../../src/tools/tickets/action-projection.js";
import { fitTicket } from "../../src/tools/tickets/get_ticket.js";
import { ticketDetail, ticketRows } from "../../src/tools/tickets/projection.js";
import { paging } from "../../src/util/format.js";

const long = (n: number, w = "Printer on the third floor is offline again ") =>
  w.repeat(Math.ceil(n / w.length)).slice(0, n);

const names = {
  statuses: new Map([[21, "Waiting on Customer Response"]]),
  priorities: new Map([[2, "P2 - High Business Impact"]]),
  ticket_types: new Map([[28, "Export Support Service Request"]]),
  agents: new Map([[17, "Christopher Wolstenholme"]]),
};

const ticket = (id: number): Record<string, unknown> => ({
  id,
  summary: long(250),
  status_id: 21,
  priority_id: 2,
  tickettype_id: 28,
  client_id: 1234,
  client_name: "Department for Business and Trade - Export Support",
  user_id: 45678,
  user_name: "Alexandra Catherine Montgomery-Smythe",
  agent_id: 17,
  team: "Export Digital Enquiry Service",
  team_id: 18,
  dateoccurred: "2024-08-12T15:54:54Z",
  lastactiondate: "2024-08-13T15:54:54Z",
  slaactiondate: "2024-08-16T07:30:00Z",
  slatimeleft: -3.2,
  site_id: 99,
  site_name: "UK Trade Head Office London",
  details_html: `<p>${long(6000, "Line with <b>bold</b> &amp; text<br>\n")}</p>`,
  sla_id: 4,
  sla_name: "EDES SLA",
  fixbydate: "2024-08-20T10:00:00Z",
  user_email: "alexandra.montgomery-smythe@businessandtrade.gov.uk",
  customfields: Array.from({ length: 40 }, (_, i) => ({
    id: 100 + i,
    name: `CFField${i}`,
    label: `Custom field label number ${i}`,
    type: 0,
    value: long(400, "value text "),
  })),
});

describe("ticket size budgets", () => {
  it("keeps 25 long search rows under 8 KB, IDs intact", () => {
    const { rows, omitted } = ticketRows(
      Array.from({ length: 25 }, (_, i) => ticket(100_000 + i)),
      names,
    );
    const text = JSON.stringify({
      ...paging(3000, 1, 25, 25),
      resolved: { client: "Department for Business and Trade - Export Support #1234" },
      tickets: rows,
      omitted,
    });
    expect(text.length).toBeLessThanOrEqual(8 * 1024);
    expect(rows[0]?.client).toMatch(/ #1234$/);
    expect(rows[0]?.contact).toMatch(/ #45678$/);
    expect(String(rows[0]?.summary).length).toBeGreaterThanOrEqual(40);
  });

  it("keeps the sorted-by column on a lean page and says which columns it left out", () => {
    const items = Array.from({ length: 25 }, (_, i) => ticket(100_000 + i));
    const lean = ticketRows(items, names);
    expect(lean.omitted).toEqual(["type", "updated"]);
    expect(lean.rows[0]).not.toHaveProperty("updated");
    const byUpdate = ticketRows(items, names, ["updated"]);
    expect(byUpdate.omitted).toEqual(["type"]);
    expect(byUpdate.rows[0]?.updated).toBe("2024-08-13 15:54");
  });

  it("gives a page of 100 rows the same room per row as a page of 25", () => {
    const items = Array.from({ length: 100 }, (_, i) => ({
      ...ticket(100_000 + i),
      summary: long(40, "Printer "),
      client_name: "Acme",
      user_name: "Bo",
      team: "Desk",
    }));
    const short = {
      statuses: new Map([[21, "Open"]]),
      priorities: new Map([[2, "High"]]),
      ticket_types: new Map([[28, "Incident"]]),
      agents: new Map([[17, "Chris"]]),
    };
    const quarter = ticketRows(items.slice(0, 25), short);
    const whole = ticketRows(items, short);
    expect(quarter.omitted).toBeUndefined();
    // Not cut harder because more rows were asked for.
    expect(whole.rows[0]?.summary).toBe(quarter.rows[0]?.summary);
    expect(whole.omitted).toEqual(quarter.omitted);
  });

  it("leaves short rows untouched", () => {
    const t = { ...ticket(7), summary: "Printer offline", client_name: "Acme", user_name: "Bo" };
    const [row] = ticketRows([t], names).rows;
    expect(row).toMatchObject({
      summary: "Printer offline",
      client: "Acme #1234",
      type: "Export Support Service Request",
      updated: "2024-08-13 15:54",
    });
  });

  it("caps custom fields in a detail and says how many are left out", () => {
    const d = ticketDetail(ticket(1), names);
    const cf = d.custom_fields as Record<string, unknown>;
    expect(JSON.stringify(cf).length).toBeLessThanOrEqual(1100);
    expect(cf["(more)"]).toMatch(/^\d+ more not shown$/);
  });

  it("fits get_ticket in 4 KB with long details and 5 long actions", () => {
    const a = {
      id: 999_999,
      datetime: "2024-08-12T15:54:54Z",
      who: "Christopher Wolstenholme",
      outcome: "Email User",
      note_html: long(2000),
      timetaken: 0.5,
      hiddenfromuser: true,
      emailtonew: `${long(300, "someone.else@businessandtrade.gov.uk; ")}`,
      new_status: 21,
      new_status_name: "Waiting on Customer Response",
    };
    const acts = Array.from({ length: 5 }, () => actionRow(a, {}, 200));
    const out = fitTicket(ticket(1), names, acts);
    expect(JSON.stringify({ ticket: out }).length).toBeLessThanOrEqual(4 * 1024);
    expect(String(out.details).length).toBeGreaterThanOrEqual(300);
    expect(out.latest_actions?.length).toBeGreaterThanOrEqual(1);
  });
});
