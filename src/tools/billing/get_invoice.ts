import { z } from "zod";
import { compact, type Row, str } from "../../util/format.js";
import { recordId } from "../common.js";
import { defineTool } from "../define.js";
import { INVOICES, invoiceRow, linesOf } from "./projection.js";

export const getInvoice = defineTool({
  name: "get_invoice",
  title: "Get invoice",
  description: "One invoice with its lines.",
  toolset: "billing",
  effect: "read",
  input: { id: recordId("Invoice") },
  output: {
    invoice: z.record(z.string(), z.unknown()),
    lines: z.array(z.record(z.string(), z.unknown())),
    more_lines: z.number().optional(),
  },
  async handler(args, ctx) {
    const r = await ctx.halo.resources.get<Row>(
      INVOICES,
      args.id,
      { includedetails: true },
      { signal: ctx.signal },
    );
    const all = Array.isArray(r.lines) ? (r.lines as Row[]).length : 0;
    const lines = linesOf(r, 50);
    return {
      data: {
        invoice: compact({ ...invoiceRow(r), notes: str(r.notes_1) }),
        lines,
        ...(all > lines.length ? { more_lines: all - lines.length } : {}),
      },
    };
  },
});
