/** Invoices, recurring invoices and their lines as compact rows (schemas InvoiceHeader, InvoiceDetail). */

import { clip, compact, num, type Row, ref, str } from "../../util/format.js";
import { day } from "../support/dates.js";

export const INVOICES = { path: "Invoice", key: "invoices", label: "invoice" };
export const RECURRING = { path: "RecurringInvoice", key: "invoices", label: "recurring invoice" };
export const PREPAY = { path: "ClientPrepay", key: "prepays", label: "prepay record" };

/** Money rounded to cents; undefined for none. */
export const money = (v: unknown): number | undefined => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : undefined;
};

export function lineRow(l: Row) {
  return compact({
    item: clip(str(l.item_shortdescription) ?? str(l.item_code) ?? "", 80) || undefined,
    code: str(l.item_code),
    qty: money(l.qty_order),
    price: money(l.unit_price),
    net: money(l.net_amount),
    tax: money(l.tax_amount) || undefined,
    from: day(l.startdate),
    to: day(l.enddate),
  });
}

export const linesOf = (r: Row, max = 30) =>
  (Array.isArray(r.lines) ? (r.lines as Row[]) : []).slice(0, max).map(lineRow);

/** An invoice header: number, dates, client, totals, paid state. */
export function invoiceRow(r: Row) {
  const total = money(r.total);
  const due = money(r.amountdue);
  return compact({
    id: num(r.id),
    number: str(r.invoicenumber) ?? str(r.thirdpartyinvoicenumber),
    date: day(r.invoice_date),
    due_date: day(r.duedate),
    client: ref(r.client_name, r.client_id),
    contract: ref(r.contract_ref, r.contract_id),
    reference: str(r.reference) ? clip(str(r.reference) as string, 80) : undefined,
    total,
    amount_due: due,
    paid: due === 0 && (total ?? 0) > 0 ? true : undefined,
    paid_on: day(r.datepaid),
    currency: str(r.currency),
  });
}

/** A recurring invoice: what it bills, how often, and next. */
export function recurringRow(r: Row) {
  return compact({
    id: num(r.id),
    reference: str(r.reference),
    contract: ref(r.contract_ref, r.contract_id),
    period: str(r.periodname),
    next: day(r.nextcreationdate),
    last: day(r.lastcreated),
    total: money(r.total),
    lines: linesOf(r),
  });
}
