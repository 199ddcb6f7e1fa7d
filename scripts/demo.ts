/**
 * `npm run demo`: a scripted technician session against the built server in
 * sandbox mode (fake HaloPSA, demo data), over real stdio with the MCP SDK
 * client — exactly how Claude Code talks to it. Prints each call and a short
 * view of its result; exits 1 if a step fails unexpectedly.
 */
import { resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const BUNDLE = resolve(import.meta.dirname, "../dist/halopsa-mcp.js");
type Data = Record<string, unknown>;

const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = paint("1");
const dim = paint("2");
const cyan = paint("36");
const red = paint("31");
const green = paint("32");

const WIDTH = 110;
const clip = (s: string, n = WIDTH) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const cell = (v: unknown) =>
  v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);

/** A result as a few readable lines: a small table for lists, key: value for records. */
function render(data: Data): string[] {
  const lines: string[] = [];
  // One-row arrays (a dry run's would_send) read better as fields than as a table.
  for (const [k, v] of Object.entries(data)) {
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === "object") data[k] = v[0];
  }
  const list = Object.entries(data).find(
    ([, v]) => Array.isArray(v) && v.length > 0 && typeof v[0] === "object",
  );
  const scalars = Object.entries(data).filter(([, v]) => v === null || typeof v !== "object");
  if (scalars.length) lines.push(dim(clip(scalars.map(([k, v]) => `${k}: ${cell(v)}`).join("  "))));
  if (list) {
    const rows = (list[1] as Data[]).slice(0, 5);
    const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, 6);
    const widths = cols.map((c) => Math.min(28, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
    const fmt = (vals: string[]) =>
      clip(vals.map((v, i) => clip(v, widths[i]).padEnd(widths[i] ?? 0)).join("  "));
    lines.push(bold(fmt(cols)));
    for (const r of rows) lines.push(fmt(cols.map((c) => cell(r[c]))));
    const total = (list[1] as Data[]).length;
    if (total > rows.length) lines.push(dim(`… ${total - rows.length} more rows`));
  }
  for (const [k, v] of Object.entries(data)) {
    if (v === null || typeof v !== "object" || (list && k === list[0])) continue;
    if (Array.isArray(v)) {
      lines.push(clip(`${k}: ${v.map(cell).join(", ")}`));
      continue;
    }
    lines.push(`${k}:`);
    const entries = Object.entries(v as Data);
    const flat = entries.filter(([, vv]) => !Array.isArray(vv));
    for (const [kk, vv] of flat.slice(0, 10)) lines.push(clip(`  ${kk}: ${cell(vv)}`));
    if (flat.length > 10) lines.push(dim(`  … ${flat.length - 10} more fields`));
    // Nested lists (a ticket's latest actions): one line per item.
    for (const [kk, vv] of entries.filter(([, x]) => Array.isArray(x)) as Array<[string, unknown[]]>) {
      lines.push(`  ${kk}:`);
      for (const item of vv.slice(0, 3)) {
        const text =
          item && typeof item === "object" ? Object.values(item).map(cell).join(" · ") : cell(item);
        lines.push(clip(`    - ${text}`));
      }
      if (vv.length > 3) lines.push(dim(`    … ${vv.length - 3} more`));
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const started = Date.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE, "--sandbox"],
    env: { PATH: process.env.PATH ?? "", HALOPSA_LOG_LEVEL: "warn" },
    stderr: "ignore",
  });
  const client = new Client({ name: "halopsa-demo", version: "1.0.0" });
  await client.connect(transport);
  const tools = (await client.listTools()).tools;
  console.log(bold(`HaloPSA MCP demo — sandbox (fake Halo, demo data), ${tools.length} tools\n`));

  let step = 0;
  const call = async (title: string, name: string, args: Data): Promise<Data> => {
    step++;
    console.log(`${bold(`${step}. ${title}`)}\n${cyan(`   › ${name} ${JSON.stringify(args)}`)}`);
    const r = await client.callTool({ name, arguments: args });
    const text = ((r.content ?? []) as Array<{ type: string; text?: string }>)
      .map((c) => c.text ?? "")
      .join("\n");
    if (r.isError) {
      console.log(red(`   ✘ ${text.split("\n").join("\n     ")}`));
      throw new Error(`step ${step} (${name}) failed`);
    }
    const data = (r.structuredContent ?? JSON.parse(text)) as Data;
    for (const line of render(data)) console.log(`   ${line}`);
    console.log("");
    return data;
  };

  try {
    const found = await call("Find the client", "search_clients", { query: "Acme" });
    const acme = (found.clients as Data[] | undefined)?.[0];
    if (!acme) throw new Error("the sandbox has no client matching Acme");
    const clientId = Number(acme.id);

    await call("Its open tickets", "search_tickets", { client: clientId, status: "open", limit: 5 });
    await call("Open tickets per agent", "ticket_stats", { group_by: "agent", status: "open" });

    const draft = {
      client: clientId,
      summary: "Printer on 2nd floor shows paper jam",
      details: "Reported by phone; cleared tray 2, jam returns after a few pages.",
      dry_run: true,
    };
    await call("Create a ticket — preview first (dry_run)", "create_ticket", draft);
    const created = await call("…confirmed: create it", "create_ticket", { ...draft, dry_run: false });
    const ticket = (created.created ?? created.ticket) as Data | undefined;
    const ticketId = Number(ticket?.id);
    if (!Number.isInteger(ticketId)) throw new Error("create_ticket returned no ticket id");

    await call("Log a private note with 15 minutes", "add_ticket_action", {
      ticket_id: ticketId,
      note: "Replaced the pickup roller; test pages OK.",
      time_taken_minutes: 15,
    });
    await call("Read it back", "get_ticket", { id: ticketId });

    console.log(
      green(bold(`✔ demo finished: ${step} calls in ${((Date.now() - started) / 1000).toFixed(1)} s`)),
    );
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(red(`demo failed: ${err instanceof Error ? err.message : String(err)}`));
  process.exit(1);
});
