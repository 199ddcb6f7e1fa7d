/**
 * Compactness: what the model reads (the tool result's text, which is the
 * JSON of structuredContent) against what Halo sent the server for it.
 *
 * The fake records requests but not response sizes, so the raw side is
 * measured by re-fetching every GET the server made during the call (same
 * path and query, with our own token) and summing the bytes: exactly the
 * bodies the server received. "Pretty" is the same JSON pretty-printed, the
 * way raw-passthrough servers hand it to the model.
 */
import type { FakeHalo } from "../../fake-halo/index.js";
import type { DirectHalo } from "./halo-direct.js";
import { type Figure, ratio, type Section } from "./report.js";
import { type RpcProcess, textOf } from "./rpc.js";
import { kb } from "./stats.js";

interface Case {
  tool: string;
  args: Record<string, unknown>;
  /** A different call of the same tool first, so caches (lookups, token) are warm for both sides alike. */
  warm: Record<string, unknown>;
  maxBytes?: number;
}

export interface RawWeight {
  requests: number;
  bytes: number;
  prettyBytes: number;
}

/** Re-fetches the GETs recorded at the fake since `from` and weighs their bodies. */
export async function rawWeight(fake: FakeHalo, direct: DirectHalo, from: number): Promise<RawWeight> {
  const recorded = fake.requests.slice(from).filter((r) => r.path !== "/auth/token");
  let bytes = 0;
  let prettyBytes = 0;
  for (const r of recorded) {
    if (r.method !== "GET") continue;
    const qs = new URLSearchParams(r.query).toString();
    const res = await direct.get(`/api${r.path}${qs ? `?${qs}` : ""}`);
    bytes += res.bytes;
    try {
      prettyBytes += Buffer.byteLength(JSON.stringify(JSON.parse(res.text), null, 2));
    } catch {
      prettyBytes += res.bytes;
    }
  }
  return { requests: recorded.length, bytes, prettyBytes };
}

export async function measureCompactness(
  p: RpcProcess,
  fake: FakeHalo,
  direct: DirectHalo,
): Promise<Section> {
  const tickets = [...fake.db.tickets.keys()];
  const clients = [...fake.db.clients.keys()];
  const assets = [...fake.db.assets.keys()];
  const contracts = [...fake.db.contracts.keys()];
  // A ticket with a full timeline, for list_ticket_actions.
  const busy = tickets.reduce((a, b) =>
    (fake.db.actions.get(b)?.length ?? 0) > (fake.db.actions.get(a)?.length ?? 0) ? b : a,
  );
  const cases: Case[] = [
    { tool: "search_tickets", args: { limit: 25 }, warm: { limit: 5, page: 2 }, maxBytes: 8 * 1024 },
    { tool: "get_ticket", args: { id: tickets[0] }, warm: { id: tickets[1] }, maxBytes: 4 * 1024 },
    { tool: "list_ticket_actions", args: { ticket_id: busy }, warm: { ticket_id: tickets[2] } },
    { tool: "get_client", args: { client: clients[0] }, warm: { client: clients[1] }, maxBytes: 3 * 1024 },
    { tool: "get_asset", args: { id: assets[0] }, warm: { id: assets[1] }, maxBytes: 3 * 1024 },
    { tool: "search_contacts", args: { limit: 25 }, warm: { limit: 5, page: 2 }, maxBytes: 6 * 1024 },
    // A month of one client's time, every agent: the events plus each ticket's actions for billing.
    {
      tool: "time_entries",
      args: { client: clients[0], from: "2026-10-01", to: "2026-10-31" },
      warm: { by: "day", from: "2026-10-26", to: "2026-11-01" },
      maxBytes: 8 * 1024,
    },
    { tool: "run_report", args: { report: "SLA compliance" }, warm: { report: 42 }, maxBytes: 4 * 1024 },
    { tool: "search_kb", args: { query: "VPN drops" }, warm: { query: "printer" }, maxBytes: 3 * 1024 },
    {
      tool: "contract_billing",
      args: { contract: contracts[0] },
      warm: { contract: contracts[1] },
      maxBytes: 4 * 1024,
    },
  ];
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const c of cases) {
    const warm = await p.callTool(c.tool, c.warm);
    if (warm.isError) notes.push(`${c.tool} warm-up failed: ${textOf(warm).slice(0, 120)}`);
    const from = fake.requests.length;
    const r = await p.callTool(c.tool, c.args);
    const text = textOf(r);
    if (r.isError) {
      figures.push({
        id: `compact.${c.tool}`,
        label: `${c.tool} ${JSON.stringify(c.args)}`,
        value: Number.NaN,
        shown: "ERROR",
        pass: false,
        note: text.slice(0, 200),
      });
      notes.push(`${c.tool} failed: ${text.slice(0, 200)}`);
      continue;
    }
    const bytes = Buffer.byteLength(text);
    const raw = await rawWeight(fake, direct, from);
    figures.push({
      id: `compact.${c.tool}`,
      label: `${c.tool} ${JSON.stringify(c.args)}`,
      value: bytes,
      shown: kb(bytes),
      against: {
        label: `raw Halo, ${raw.requests} req (pretty ${kb(raw.prettyBytes)})`,
        value: raw.bytes,
        shown: kb(raw.bytes),
      },
      ratio: ratio(bytes, raw.bytes),
      ...(c.maxBytes ? { target: `≤ ${c.maxBytes / 1024} KB`, pass: bytes <= c.maxBytes } : {}),
    });
  }
  notes.push(
    "Content = the tool result's text (= JSON of structuredContent, what Claude Code shows the model). Raw = bodies of the GETs the server made for that call, re-fetched from the fake with the same path and query (the fake does not record response sizes); lookups were warmed by a previous call of the same tool, so they are not counted.",
  );
  return { title: "Compactness (content vs raw Halo bytes)", figures, notes };
}
