import { z } from "zod";
import { compact, num, type Row, ref } from "../../util/format.js";
import { idOrName, isoDate, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { haloMs, parseDay } from "../support/dates.js";
import { dateMs } from "../support/verify-rows.js";
import { INVOICES, invoiceRow, money } from "./projection.js";

/** Invoices read per search without a start date: the newest, filtered here. */
const READ_MAX = 200;
/**
 * Pages read at most to reach a start date: the spec has no invoice date
 * filter (invoicedatestart/end are booleans), so a period is reached by
 * reading newest first until past its start.
 */
const RANGE_PAGES = 20;

export const searchInvoices = defineTool({
  name: "search_invoices",
  title: "Search invoices",
  description: "Invoices by client or contract, newest first; unpaid_only, dates from–to (invoice date).",
  toolset: "billing",
  effect: "read",
  input: {
    client: idOrName().optional(),
    contract: recordId("Contract").optional(),
    unpaid_only: z.boolean().default(false),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.number().int().min(1).max(100).default(25),
  },
  output: {
    client: z.string().optional(),
    invoices: z.array(z.record(z.string(), z.unknown())),
    total: z.number(),
    shown: z.number(),
    totals: z.object({ total: z.number(), amount_due: z.number() }),
    note: z.string().optional(),
  },
  async handler(args, ctx) {
    const client =
      args.client === undefined
        ? undefined
        : await ctx.halo.names.resolve("client", args.client, "client", {}, ctx.signal);
    // invoicedatestart/invoicedateend are booleans in the spec ("include the field"), not date
    // filters: the period is applied to the rows here.
    const from = args.from === undefined ? undefined : parseDay(args.from, "from");
    const to = args.to === undefined ? undefined : parseDay(args.to, "to") + 86_400_000;
    // Newest first (the spec's `order` takes any field name), checked on the rows: only while
    // the order holds may a row dated before `from` end the read.
    let ordered = true;
    let last = Number.POSITIVE_INFINITY;
    const pastFrom = (page: Row[]) => {
      for (const r of page) {
        const at = dateMs(r.invoice_date);
        if (typeof at !== "number") continue;
        if (at > last) ordered = false;
        last = at;
      }
      return from !== undefined && ordered && last < from;
    };
    const got = await ctx.halo.resources.listAll<Row>(
      INVOICES,
      { client_id: client?.id, contract_id: args.contract, order: "invoice_date", orderdesc: true },
      { maxPages: from === undefined ? READ_MAX / 100 : RANGE_PAGES, until: pastFrom, signal: ctx.signal },
    );
    const rows = got.items
      .filter((r) => {
        const at = haloMs(r.invoice_date);
        return (
          (client === undefined || num(r.client_id) === client.id) &&
          (args.contract === undefined || num(r.contract_id) === args.contract) &&
          (from === undefined || at >= from) &&
          (to === undefined || at < to) &&
          (!args.unpaid_only || (money(r.amountdue) ?? 0) > 0)
        );
      })
      .sort((a, b) => String(b.invoice_date ?? "").localeCompare(String(a.invoice_date ?? "")));
    const shown = rows.slice(0, args.limit);
    const sum = (k: string) => Math.round(rows.reduce((a, r) => a + (money(r[k]) ?? 0), 0) * 100) / 100;
    const notes: string[] = [];
    if (got.truncated)
      notes.push(
        ordered
          ? `only the newest ${got.items.length} invoices were read; narrow by client or contract.`
          : `Halo did not return invoices newest first, and only ${got.items.length} of them were read: invoices of the period may be missing; narrow by client or contract.`,
      );
    return {
      data: {
        ...compact({ client: client && ref(client.name, client.id) }),
        invoices: shown.map(invoiceRow),
        total: rows.length,
        shown: shown.length,
        totals: { total: sum("total"), amount_due: sum("amountdue") },
        ...(notes.length ? { note: notes.join(" ") } : {}),
      },
    };
  },
});
