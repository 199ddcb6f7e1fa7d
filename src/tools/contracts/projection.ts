/**
 * How a client contract reads: ref, client, dates and state for lists; the
 * billing terms (period, charge, prepay, hours, plans, schedule) for get.
 * Halo's zero amounts and placeholder dates are dropped, not shown.
 */

import { z } from "zod";
import { clip, compact, type Row, ref, str, stripHtml } from "../../util/format.js";
import { pagingShape } from "../common.js";
import { contractState } from "../support/contract-state.js";
import { customFieldsView } from "../support/custom-fields.js";
import { day, today } from "../support/dates.js";

/** A non-zero number, else undefined: Halo sends 0 for "not set". */
const amount = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v !== 0 ? v : undefined);
const arr = (v: unknown) => (Array.isArray(v) ? (v as Row[]) : []);

export function contractRef(c: Row): string | undefined {
  return ref(str(c.ref), c.id);
}

export function contractRow(c: Row, now = today()): Row {
  return compact({
    id: c.id,
    ref: str(c.ref),
    client: ref(c.client_name, c.client_id),
    site: ref(c.site_name, c.site_id),
    start: day(c.start_date),
    end: day(c.end_date),
    state: contractState(c, now),
    type: str(c.contracttype_name),
    billing: str(c.billing_period_string),
    period_charge: amount(c.periodchargeamount),
  });
}

function limited<T>(items: T[], max: number): { shown: T[]; more?: number } {
  return items.length > max ? { shown: items.slice(-max), more: items.length - max } : { shown: items };
}

export function contractDetail(c: Row, now = today()): Row {
  const plans = arr(c.billingplans).map((p) =>
    compact({
      plan: str(p.plan_name) ?? str(p.billing_plan_desc),
      ticket_type: str(p.requesttype_name),
      rate: str(p.chargerate_name),
      site: str(p.site_name),
    }),
  );
  const periods = limited(
    arr(c.periods ?? c.contract_periods).map((p) =>
      compact({
        period: str(p.name) ?? [day(p.start_date), day(p.end_date)].filter(Boolean).join(" to "),
        hours: amount(p.hours_in_period),
        used: amount(p.hours_used),
        remaining: typeof p.hours_remaining === "number" ? p.hours_remaining : undefined,
        current: p.current === true ? true : undefined,
      }),
    ),
    6,
  );
  const schedule = limited(
    arr(c.schedule).map((s) => compact({ date: day(s.date), amount: amount(s.amount), note: str(s.note) })),
    12,
  );
  const prepay = compact({
    total: amount(c.contract_prepaytotal),
    used: amount(c.contract_prepayused),
    balance: amount(c.contract_prepaybalance),
    recurring_hours: amount(c.prepayrecurringhours),
    recurring_charge: amount(c.prepayrecurringcharge),
    next_top_up: day(c.prepayrecurringchargenextdate),
  });
  return compact({
    ...contractRow(c, now),
    status: str(c.contract_status),
    contact: ref(c.user_name, c.user_id),
    sla: str(c.sla_name),
    billing_description: str(c.billing_description_string),
    cost_per_period: amount(c.costperperiod),
    asset_value: amount(c.asset_value),
    term_months: amount(c.termmonths),
    rolling: c.rollingcontract === true ? true : undefined,
    next_invoice: day(c.next_invoice_date) ?? day(c.periodicinvoicenextdate),
    hours_per_period: amount(c.chargehoursperperiod),
    units_free: amount(c.numberofunitsfree),
    prepay:
      c.allowprepay === true || Object.keys(prepay).length > 0
        ? { allowed: c.allowprepay === true, ...prepay }
        : undefined,
    billing_plans: plans.slice(0, 10).filter((p) => Object.keys(p).length > 0),
    periods: periods.shown,
    earlier_periods: periods.more,
    schedule: schedule.shown,
    earlier_schedule: schedule.more,
    note: str(c.note) ? clip(stripHtml(c.note), 500) : undefined,
    custom_fields: customFieldsView(c.customfields),
  });
}

const contractRowShape = z
  .object({
    id: z.number(),
    ref: z.string().optional(),
    client: z.string().optional(),
    site: z.string().optional(),
    start: z.string().optional(),
    end: z.string().optional(),
    state: z.enum(["active", "expired", "inactive", "not started"]),
    type: z.string().optional(),
    billing: z.string().optional(),
    period_charge: z.number().optional(),
  })
  .catchall(z.unknown());

export const contractListOutput = {
  ...pagingShape,
  filtered: z.string().optional(),
  contracts: z.array(contractRowShape),
  fallback: z.string().optional(),
};

export const contractOutput = { contract: contractRowShape };

export const contractWriteOutput = {
  contract: contractRowShape.optional(),
  dry_run: z.literal(true).optional(),
  would_send: z.record(z.string(), z.unknown()).optional(),
  resolved: z.record(z.string(), z.string()).optional(),
  possible_duplicates: z.array(z.string()).optional(),
  warning: z.string().optional(),
};
