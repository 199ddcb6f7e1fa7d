/** Input pieces shared by many tools, so the same argument reads the same everywhere. */
import { z } from "zod";

/**
 * An ID or a name; names resolve case-insensitively. Without `what` the field
 * name says what it is: tools/list is paid for in every conversation.
 */
export const idOrName = (what?: string) =>
  z
    .union([z.number().int().positive(), z.string().trim().min(1).max(200)])
    .describe(what ? `${what}: ID/name` : "ID/name");

/** An agent; "me" is the API agent itself. */
export const agentInput = idOrName().describe('ID, name or "me"');

export const recordId = (what: string) => z.number().int().positive().describe(`${what} ID`);

/** What every search answers beside its rows (see paging() in util/format.ts). */
export const pagingShape = {
  total: z.number(),
  page: z.number(),
  shown: z.number(),
  next_page: z.number().optional(),
};

export const limit = (max = 100, dflt = 25) =>
  z.number().int().min(1).max(max).default(dflt).describe("Page size");

export const page = z.number().int().min(1).max(1000).default(1).describe("Page number");

export const dryRun = z.boolean().default(false).describe("Preview");

export const fields = z.array(z.string().min(1).max(80)).max(30).optional().describe("Extra raw fields");

/** Custom field values keyed by label, name (CF...) or field ID. */
export const customFields = z
  .record(z.string().min(1).max(100), z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]))
  .optional()
  .describe("{label/ID: value}, merged");

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?Z?)?$/, "use YYYY-MM-DD or YYYY-MM-DDTHH:mm")
  .describe("Date, YYYY-MM-DD");

export const email = z.string().trim().email("not a valid email address").max(254);

const PHONE = /^\+?[0-9 ()./-]{5,25}(\s*(x|ext\.?)\s*\d{1,6})?$/i;
// At least 5 digits before any extension: "-----" or "( )" is not a number.
const isPhone = (v: string) => PHONE.test(v) && (v.split(/x|ext/i)[0]?.match(/\d/g)?.length ?? 0) >= 5;
export const phone = z.string().trim().refine(isPhone, "not a valid phone number").describe("Phone");

/**
 * Update fields where "" clears the value Halo holds ("remove the mobile
 * number"); anything else is checked as on create.
 */
export const clearable = {
  phone: z
    .string()
    .trim()
    .refine((v) => v === "" || isPhone(v), "not a valid phone number")
    .describe("Phone"),
  email: z
    .string()
    .trim()
    .max(254)
    .refine((v) => v === "" || email.safeParse(v).success, "not a valid email address"),
  text: (what: string) => z.string().trim().max(500).describe(what),
};
