/**
 * Compact views of Halo clients (the `Area` schema), sites and contacts
 * (`Users`), shared by the search, get and write tools. Related records are
 * refs ("Acme Corporation #12"); empty fields and Halo's placeholders
 * (-1 IDs, 1899 dates, "") are dropped.
 */
import { z } from "zod";
import { clip, compact, num, type Row, ref, str, stripHtml, yes } from "../../util/format.js";
import { customFieldsView } from "../support/custom-fields.js";

const notes = (v: unknown, max = 300) => {
  const text = stripHtml(v);
  return text ? clip(text, max) : undefined;
};

/**
 * The query for reading one client, site or contact with its custom fields.
 * The spec says includedetails "include[s] extra objects in the response"
 * and nowhere that customfields come without it (the real /Users/{id} sample
 * does not say how it was read), so every read that shows or merges custom
 * fields asks for them.
 */
export const WITH_CUSTOM_FIELDS = { includedetails: true } as const;

/** At most this many custom fields per record, values clipped: keeps a profile within ~3 KB. */
const MAX_CUSTOM_FIELDS = 12;
const MAX_CUSTOM_VALUE = 100;
const MAX_CUSTOM_CHARS = 1500;

/** Non-empty custom fields, label -> readable value, bounded; `more` counts the fields left out. */
export function customFieldsOf(fields: unknown): {
  custom_fields?: Record<string, unknown>;
  custom_fields_more?: number;
} {
  const all = Object.entries(customFieldsView(fields) ?? {});
  if (all.length === 0) return {};
  // Long labels can outweigh the values: stop at a character budget, not only a count.
  const shown: Array<readonly [string, unknown]> = [];
  let chars = 0;
  for (const [k, v] of all.slice(0, MAX_CUSTOM_FIELDS)) {
    const entry = [k, typeof v === "string" ? clip(v, MAX_CUSTOM_VALUE) : v] as const;
    chars += JSON.stringify(entry).length;
    if (chars > MAX_CUSTOM_CHARS && shown.length > 0) break;
    shown.push(entry);
  }
  return compact({
    custom_fields: Object.fromEntries(shown),
    custom_fields_more: all.length > shown.length ? all.length - shown.length : undefined,
  });
}

/** Address lines and postcode from an AddressStore object, or Halo's flat delivery_address_lineN fields. */
export function addressOf(site: Row): { address?: string[]; postcode?: string } {
  const a = (
    site.delivery_address && typeof site.delivery_address === "object" ? site.delivery_address : {}
  ) as Row;
  const lines = [1, 2, 3, 4, 5]
    .map((i) => str(a[`line${i}`]) ?? str(site[`delivery_address_line${i}`]))
    .filter((l): l is string => l !== undefined);
  return compact({ address: lines, postcode: str(a.postcode) ?? str(site.postcode) });
}

// ── clients ─────────────────────────────────────────────────────────────

export function clientRow(c: Row) {
  return compact({
    id: num(c.id),
    name: str(c.name),
    top_level: str(c.toplevel_name),
    phone: str(c.main_phonenumber),
    inactive: yes(c.inactive),
  });
}

export interface ClientCounts {
  sites?: number;
  contacts?: number;
  open_tickets?: number;
  active_contracts?: number;
}

export function clientView(c: Row, counts?: ClientCounts) {
  return compact({
    id: num(c.id),
    name: str(c.name),
    inactive: yes(c.inactive),
    top_level: ref(c.toplevel_name, c.toplevel_id),
    main_site: ref(c.main_site_name, c.main_site_id),
    phone: str(c.main_phonenumber),
    email: str(c.accountsemailaddress),
    website: str(c.website),
    account_manager: ref(c.accountmanagertech_name, c.accountmanagertech),
    notes: notes(c.notes),
    ...customFieldsOf(c.customfields),
    counts: counts ? compact({ ...counts }) : undefined,
  });
}

// ── sites ───────────────────────────────────────────────────────────────

export function siteRow(s: Row) {
  return compact({
    id: num(s.id),
    name: str(s.name),
    client: ref(s.client_name, s.client_id),
    phone: str(s.phonenumber),
    inactive: yes(s.inactive),
  });
}

export interface SiteCounts {
  contacts?: number;
  open_tickets?: number;
}

export function siteView(s: Row, counts?: SiteCounts) {
  return compact({
    id: num(s.id),
    name: str(s.name),
    client: ref(s.client_name, s.client_id),
    inactive: yes(s.inactive),
    ...addressOf(s),
    phone: str(s.phonenumber),
    main_contact: ref(s.maincontact_name, s.maincontact_id),
    notes: notes(s.notes),
    ...customFieldsOf(s.customfields),
    counts: counts ? compact({ ...counts }) : undefined,
  });
}

// ── contacts (Halo "Users") ─────────────────────────────────────────────

export function contactRow(u: Row) {
  return compact({
    id: num(u.id),
    name: str(u.name),
    client: ref(u.client_name, u.client_id),
    site: ref(u.site_name, u.site_id),
    email: str(u.emailaddress),
    phone: str(u.phonenumber),
    mobile: str(u.mobilenumber),
    job_title: str(u.title),
    inactive: yes(u.inactive),
  });
}

export function contactView(u: Row) {
  return compact({
    ...contactRow(u),
    main_contact: yes(u.ismaincontact),
    important: yes(u.isimportantcontact),
    notes: notes(u.notes),
    ...customFieldsOf(u.customfields),
  });
}

// ── output shapes (documentation and test checks) ───────────────────────

const optStr = z.string().optional();
const optNum = z.number().optional();
const optTrue = z.literal(true).optional();
const customFieldsOut = z.record(z.string(), z.unknown()).optional();
const customFieldsMore = z.number().optional();

export const clientRowShape = z.object({
  id: z.number(),
  name: z.string(),
  top_level: optStr,
  phone: optStr,
  inactive: optTrue,
});
export const clientShape = z.object({
  id: z.number(),
  name: z.string(),
  inactive: optTrue,
  top_level: optStr,
  main_site: optStr,
  phone: optStr,
  email: optStr,
  website: optStr,
  account_manager: optStr,
  notes: optStr,
  custom_fields: customFieldsOut,
  custom_fields_more: customFieldsMore,
  counts: z
    .object({ sites: optNum, contacts: optNum, open_tickets: optNum, active_contracts: optNum })
    .optional(),
});

export const siteRowShape = z.object({
  id: z.number(),
  name: z.string(),
  client: optStr,
  phone: optStr,
  inactive: optTrue,
});
export const siteShape = z.object({
  id: z.number(),
  name: z.string(),
  client: optStr,
  inactive: optTrue,
  address: z.array(z.string()).optional(),
  postcode: optStr,
  phone: optStr,
  main_contact: optStr,
  notes: optStr,
  custom_fields: customFieldsOut,
  custom_fields_more: customFieldsMore,
  counts: z.object({ contacts: optNum, open_tickets: optNum }).optional(),
});

export const contactRowShape = z.object({
  id: z.number(),
  name: z.string(),
  client: optStr,
  site: optStr,
  email: optStr,
  phone: optStr,
  mobile: optStr,
  job_title: optStr,
  inactive: optTrue,
});
export const contactShape = contactRowShape.extend({
  main_contact: optTrue,
  important: optTrue,
  notes: optStr,
  custom_fields: customFieldsOut,
  custom_fields_more: customFieldsMore,
});

/** Paging fields every search result carries. */

/** Write results: the saved record, or a dry-run preview. */
export const writeShape = (key: string, record: z.ZodType) => ({
  [key]: record.optional(),
  dry_run: z.literal(true).optional(),
  would_send: z.record(z.string(), z.unknown()).optional(),
  resolved: z.record(z.string(), z.string()).optional(),
  possible_duplicates: z.array(z.string()).optional(),
  warning: z.string().optional(),
});

/**
 * Moves fields every row shares (the client of a client-scoped search) to
 * the top of the result, so 25 rows do not repeat the same ref 25 times.
 */
export function liftShared<K extends string>(
  rows: Array<Record<string, unknown>>,
  keys: K[],
): { shared: Partial<Record<K, string>>; rows: Array<Record<string, unknown>> } {
  const shared: Partial<Record<K, string>> = {};
  if (rows.length < 2) return { shared, rows };
  for (const key of keys) {
    const first = rows[0]?.[key];
    if (typeof first === "string" && rows.every((r) => r[key] === first)) shared[key] = first;
  }
  const lifted = Object.keys(shared);
  if (lifted.length === 0) return { shared, rows };
  return {
    shared,
    rows: rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !lifted.includes(k)))),
  };
}

/**
 * Keeps a page of rows within `max` characters of JSON: the least needed
 * columns go first (get_contact has them all), then long values are clipped.
 */
export function fitRows(rows: Row[], max: number, dropFirst: string[]): Row[] {
  const fits = (r: Row[]) => JSON.stringify(r).length <= max;
  let out = rows;
  for (const key of dropFirst) {
    if (fits(out)) return out;
    out = out.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== key)));
  }
  if (fits(out)) return out;
  return out.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "string" ? clip(v, 40) : v])),
  );
}
