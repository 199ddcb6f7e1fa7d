/** Contract inputs shared by create and update: billing terms and date checks. */
import { z } from "zod";
import { inputError } from "../../halo/errors.js";
import { isoDate } from "../common.js";

export const contractTerms = {
  start_date: isoDate.optional().describe("Start date, YYYY-MM-DD"),
  end_date: isoDate.optional().describe("End date, after start"),
  billing_period: z.number().int().min(0).max(50).optional().describe("Halo code, 2 = monthly"),
  period_charge: z.number().min(0).optional().describe("Charge per period"),
  note: z.string().max(4000).optional().describe("Contract note"),
};

/** The Halo fields for the terms given (undefined where not given; callers drop those). */
export function termsPayload(args: {
  start_date?: string;
  end_date?: string;
  billing_period?: number;
  period_charge?: number;
  note?: string;
}) {
  return {
    start_date: args.start_date,
    end_date: args.end_date,
    billingperiod: args.billing_period,
    periodchargeamount: args.period_charge,
    note: args.note,
  };
}

const validDay = (d: string) => {
  const t = Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d.slice(0, 10);
};

/** Calendar-valid dates, end strictly after start; `existing` supplies the side not being changed. */
export function checkDates(
  start: string | undefined,
  end: string | undefined,
  existing: { start?: string; end?: string } = {},
) {
  for (const [field, d] of [
    ["start_date", start],
    ["end_date", end],
  ] as const) {
    if (d !== undefined && !validDay(d))
      throw inputError(`${field}: ${d} is not a calendar date.`, "Use YYYY-MM-DD.");
  }
  const s = (start ?? existing.start)?.slice(0, 10);
  const e = (end ?? existing.end)?.slice(0, 10);
  if (s && e && e <= s) {
    const which = end !== undefined ? "end_date" : "start_date";
    throw inputError(
      `${which}: the contract would end (${e}) on or before it starts (${s}).`,
      "The end date must be after the start date.",
    );
  }
}
