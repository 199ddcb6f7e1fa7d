/**
 * The read-only long tail (invoices, quotes, opportunities, projects,
 * appointments, items, KB, suppliers, timesheets, licences): seed and reads.
 */
import { REFERENCE_MS } from "../clock.js";
import type { Rng } from "../prng.js";
import { byId, ordered, type ReadDef } from "../read.js";
import type { Client, FakeDb, LongTailName, WireObject } from "../types.js";
import { contains, DAY, HOUR, iso } from "../util.js";
import { sitesOf } from "./sites.js";
import { FIRST_NAMES, SURNAMES } from "./users.js";

export function seedLongTail(db: FakeDb, rng: Rng): void {
  const clients = [...db.clients.values()].filter((c) => !c.inactive);
  const agents = [...db.agents.values()].filter((a) => !a.isdisabled);
  const tickets = [...db.tickets.values()];
  const put = (name: LongTailName, row: WireObject): void => {
    db.longTail[name].set(row.id as number, row);
  };
  const clientRef = (c: Client) => ({ client_id: c.id, client_name: c.name });

  const suppliers = ["Ingram Micro", "TD SYNNEX", "Dell Technologies", "Pax8"];
  suppliers.forEach((name, k) => {
    put("Supplier", {
      id: 20 + k,
      name,
      contact_name: `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`,
      email_address: `orders@${name.toLowerCase().replace(/[^a-z]/g, "")}.example`,
      phone_number: `+44 20 7946 0${600 + k}`,
      website: `https://www.${name.toLowerCase().replace(/[^a-z]/g, "")}.example`,
      inactive: false,
      address: `${rng.int(1, 99)} Trade Park, Reading`,
      notes: "",
      accounts_id: `SUP${100 + k}`,
    });
  });
  const items: Array<[string, number, number]> = [
    ["Microsoft 365 Business Premium (monthly)", 18.1, 15.5],
    ["Dell Latitude 5440 laptop", 899, 720],
    ["24in monitor", 149, 110],
    ["Managed backup per server", 45, 20],
    ["On-site engineer day", 650, 0],
    ["FortiGate 60F firewall", 720, 560],
    ["Brother toner TN-426BK", 95, 70],
    ["Remote support hour", 85, 0],
  ];
  items.forEach(([name, price, cost], k) => {
    put("Item", {
      id: 40 + k,
      name,
      description: name,
      baseprice: price,
      costprice: cost,
      quantity_in_stock: cost > 0 && !name.includes("per") ? rng.int(0, 12) : 0,
      supplier_id: 20 + (k % suppliers.length),
      supplier_name: suppliers[k % suppliers.length],
      assetgroup_name: k === 1 || k === 2 || k === 5 ? "Hardware" : "Services",
      supplier_part_code: `P-${1000 + k}`,
      recurringprice: name.includes("monthly") ? price : 0,
      taxcode_name: "Standard 20%",
      note: "",
    });
  });
  for (let k = 0; k < 8; k++) {
    const c = clients[k % clients.length]!;
    const date = REFERENCE_MS - (k * 9 + 3) * DAY;
    const total = rng.pick([450, 900, 1250, 2400, 3600]) * 1.2;
    const paid = k > 2;
    put("Invoice", {
      id: 800 + k,
      invoicenumber: `INV-${String(2400 + k).padStart(6, "0")}`,
      thirdpartyinvoicenumber: "",
      ...clientRef(c),
      invoice_date: iso(date),
      duedate: iso(date + 30 * DAY),
      total,
      amountdue: paid ? 0 : total,
      amountpaid: paid ? total : 0,
      datepaid: paid ? iso(date + rng.int(5, 25) * DAY) : "1900-01-01T00:00:00",
      reference: `Managed services ${iso(date).slice(0, 7)}`,
      notes_1: "",
      contract_id: [...db.contracts.values()].find((x) => x.client_id === c.id)?.id ?? 0,
      ticket_id: 0,
      lines: [
        {
          id: 1,
          item_shortdescription: "Managed Services",
          qty_order: 1,
          unit_price: total / 1.2,
          net_amount: total / 1.2,
        },
      ],
    });
  }
  for (let k = 0; k < 5; k++) {
    const c = clients[(k * 2) % clients.length]!;
    const agent = agents[k % agents.length]!;
    put("Quotation", {
      id: 60 + k,
      title: rng.pick([
        "Laptop refresh",
        "Firewall replacement",
        "Microsoft 365 migration",
        "Wi-Fi upgrade",
        "Backup expansion",
      ]),
      ...clientRef(c),
      date: iso(REFERENCE_MS - (k * 6 + 2) * DAY),
      expiry_date: iso(REFERENCE_MS + (30 - k * 6) * DAY),
      total: rng.pick([1800, 4200, 7600, 12500]),
      assigned_agent: agent.id,
      assigned_agent_name: agent.name,
      ticket_id: tickets[k]?.id ?? 0,
      user_id: 0,
      user_name: "",
      note: "",
      lines: [{ id: 1, name: "Hardware and labour", quantity: 1, total_price: 1800 }],
    });
  }
  const ticketLike = (
    name: LongTailName,
    base: number,
    n: number,
    summaries: string[],
    extra: (k: number) => WireObject,
  ) => {
    for (let k = 0; k < n; k++) {
      const c = clients[(k * 3 + 1) % clients.length]!;
      const agent = agents[(k + 2) % agents.length]!;
      put(name, {
        id: base + k,
        summary: summaries[k % summaries.length],
        details: "",
        ...clientRef(c),
        site_id: sitesOf(db, c.id)[0]?.id ?? 0,
        agent_id: agent.id,
        agent_name: agent.name,
        status_id: k % 3 === 2 ? 9 : 2,
        status_name: k % 3 === 2 ? "Closed" : "In Progress",
        dateoccurred: iso(REFERENCE_MS - (k * 11 + 5) * DAY),
        use: name === "Projects" ? "project" : "opportunity",
        ...extra(k),
      });
    }
  };
  ticketLike(
    "Opportunities",
    5001,
    4,
    ["Managed services proposal", "Security awareness training", "VoIP migration", "Extra site onboarding"],
    (k) => ({
      oppcompanyname: clients[(k * 3 + 1) % clients.length]!.name,
      oppvalue: [12000, 3500, 8000, 6000][k],
      oppconversionprobability: [60, 30, 45, 80][k],
      pipeline_stage_name: ["Qualified", "Proposal", "Negotiation", "Verbal Yes"][k],
      oppcontactname: "",
      oppemailaddress: "",
      targetdate: iso(REFERENCE_MS + (k + 1) * 14 * DAY),
    }),
  );
  ticketLike(
    "Projects",
    6001,
    3,
    ["Office move", "Microsoft 365 tenant migration", "Network refresh"],
    (k) => ({
      startdate: iso(REFERENCE_MS - (k + 2) * 20 * DAY),
      targetdate: iso(REFERENCE_MS + (k + 1) * 20 * DAY),
      projecttimepercentage: [35, 70, 10][k],
      projecttimebudget: [40, 80, 120][k],
      projecttimeactual: [14, 56, 12][k],
      projectmoneybudget: [4000, 9000, 15000][k],
      projectmoneyactual: [1200, 6100, 900][k],
    }),
  );
  for (let k = 0; k < 6; k++) {
    const c = clients[k % clients.length]!;
    const agent = agents[k % agents.length]!;
    const start = REFERENCE_MS + (k - 2) * DAY + 9 * HOUR;
    put("Appointment", {
      id: 900 + k,
      subject: rng.pick([
        "On-site visit",
        "Quarterly review",
        "Laptop rollout",
        "Firewall install",
        "Training session",
      ]),
      start_date: iso(start),
      end_date: iso(start + 2 * HOUR),
      agent_id: agent.id,
      agent_name: agent.name,
      ...clientRef(c),
      ticket_id: tickets[k + 5]?.id ?? 0,
      appointment_type_name: "Site Visit",
      appointment_location_name: sitesOf(db, c.id)[0]?.name ?? "",
      note: "",
      is_task: false,
      allday: false,
    });
  }
  const kb: Array<[string, string, string]> = [
    [
      "How to reset your password",
      "password, self-service",
      "Use the self-service portal and follow the e-mailed link.",
    ],
    [
      "Connecting to the VPN",
      "vpn, remote",
      "Install the VPN client, sign in with your work account, approve the MFA prompt.",
    ],
    ["Printer troubleshooting", "printer", "Check power and network cable, then restart the print spooler."],
    ["Setting up MFA", "mfa, security", "Install Microsoft Authenticator and scan the QR code."],
    [
      "Requesting new equipment",
      "hardware, request",
      "Raise a Service Request with the item and business reason.",
    ],
  ];
  kb.forEach(([name, tags, resolution], k) => {
    put("KBArticle", {
      id: 300 + k,
      name,
      tag_string: tags,
      view_count: rng.int(5, 400),
      date_created: iso(REFERENCE_MS - (200 - k * 20) * DAY),
      date_edited: iso(REFERENCE_MS - (40 - k * 5) * DAY),
      inactive: false,
      description: `<p>${name}.</p>`,
      resolution: `<p>${resolution}</p>`,
      creator_name: "Alice Admin",
      type: 0,
    });
  });
  agents.forEach((agent, k) => {
    const day = REFERENCE_MS - DAY;
    put("Timesheet", {
      id: 700 + k,
      agent_id: agent.id,
      agent_name: agent.name,
      date: iso(day),
      start_time: iso(day + 9 * HOUR),
      end_time: iso(day + 17 * HOUR),
      target_hours: 7.5,
      actual_hours: 6 + (k % 3) * 0.5,
      chargeable_hours: 4 + (k % 3) * 0.5,
      events: [
        {
          subject: "Ticket work",
          start_date: iso(day + 9 * HOUR),
          end_date: iso(day + 11 * HOUR),
          timetaken: 2,
          ticket_id: tickets[k]?.id ?? 0,
          customer: clients[0]?.name ?? "",
        },
      ],
    });
  });
  const licences: Array<[string, string, number]> = [
    ["Microsoft 365 Business Premium", "Microsoft", 25],
    ["Microsoft 365 Business Basic", "Microsoft", 10],
    ["Adobe Acrobat Pro", "Adobe", 5],
    ["Sophos Intercept X", "Sophos", 30],
    ["Veeam Backup for Microsoft 365", "Veeam", 25],
    ["Windows Server 2022 Standard", "Microsoft", 2],
  ];
  licences.forEach(([name, vendor, count], k) => {
    const c = clients[k % clients.length]!;
    put("SoftwareLicence", {
      id: 400 + k,
      name,
      ...clientRef(c),
      site_id: 0,
      count,
      licences_in_use: Math.max(0, count - rng.int(0, 4)),
      vendor,
      manufacturer: vendor,
      start_date: iso(REFERENCE_MS - 200 * DAY),
      end_date: iso(REFERENCE_MS + (k === 2 ? -10 : 165) * DAY),
      status: k === 2 ? "Expired" : "Active",
      billing_cycle: "Monthly",
      term_duration: "P1Y",
      price: rng.pick([4.5, 9.9, 18.1]),
      autorenew: k !== 2,
      supplier_id: 23,
      supplier_name: "Pax8",
      notes: "",
      type: 0,
    });
  });
}
// ---------- long tail ----------

/** Envelope keys of the read-only long tail (the spec names none; these are Halo's). */
export const LONG_TAIL_KEYS: Record<LongTailName, string> = {
  Invoice: "invoices",
  Quotation: "quotes",
  Opportunities: "tickets",
  Projects: "tickets",
  Appointment: "appointments",
  Item: "items",
  KBArticle: "articles",
  Supplier: "suppliers",
  Timesheet: "timesheets",
  SoftwareLicence: "licences",
};

const SEARCHABLE = ["name", "summary", "subject", "title", "invoicenumber", "reference", "tag_string"];

export function longTail(name: LongTailName): ReadDef<WireObject> {
  return {
    key: LONG_TAIL_KEYS[name],
    label: name,
    find({ db, q }) {
      const search = q.str("search")?.toLowerCase();
      const client = q.int("client_id");
      const agent = q.int("agent_id");
      const agentIds = q.ids("agents");
      const ticket = q.int("ticket_id");
      const inactive = q.bool("includeinactive");
      const rows = [...db.longTail[name].values()].filter(
        (r) =>
          (inactive || r.inactive !== true) &&
          (client === undefined || r.client_id === client) &&
          (agent === undefined || r.agent_id === agent || r.assigned_agent === agent) &&
          (!agentIds || agentIds.includes(r.agent_id as number)) &&
          (ticket === undefined || r.ticket_id === ticket) &&
          (!search || SEARCHABLE.some((k) => contains(r[k], search))),
      );
      return ordered(rows, q, "id", false);
    },
    render: (_ctx, r) => {
      // Lines and events are detail: Halo lists leave them out.
      const { lines: _l, events: _e, ...row } = r;
      return row;
    },
    one({ db }, id) {
      const r = byId(db.longTail[name], id);
      return r && { ...r };
    },
  };
}
