/** Environments for servers the safety suites spawn themselves (raw stdio, no SDK client). */
import { baseEnv } from "../../bench/lib/rpc.js";
import { CLIENT_ID, SECRET } from "./e2e.js";

/** Fast retries and no client-side throttling: the suites make thousands of calls. */
export const FAST = { HALOPSA_RETRY_BASE_MS: "20", HALOPSA_RATE_LIMIT: "100000/1s" };

/**
 * Our server's environment against a fake at `url`; `undefined` leaves the
 * credentials out (the configuration-error mode).
 */
export function serverEnv(
  url: string | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  const creds = url
    ? { HALOPSA_BASE_URL: url, HALOPSA_CLIENT_ID: CLIENT_ID, HALOPSA_CLIENT_SECRET: SECRET }
    : {};
  return baseEnv({ ...creds, HALOPSA_LOG_LEVEL: "debug", ...FAST, ...extra });
}

/** The first few IDs of a fake's records (the seed numbers them from e.g. 1001 for tickets). */
export function someIds(records: Map<number, unknown>, n = 5): number[] {
  return [...records.keys()].slice(0, n);
}

/** The fake numbers its seeded records from fixed starts, whatever the seed (tickets 1001…, clients 12…). */
export const T0 = 1001;
export const C0 = 12;
