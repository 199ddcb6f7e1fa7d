/**
 * Where the client secret may be posted: the Halo host itself, or a host
 * under the same registered domain (hosted tenants: *.halopsa.com). An IP
 * address or a single-label name (localhost) must match exactly. Only a
 * HALOPSA_AUTH_URL from a real environment variable may name another host:
 * whoever sets the process's environment already runs code as the person,
 * while the settings file and /api/authinfo's answer do not deserve that.
 *
 * "Registered domain" needs the Public Suffix List: a hand-written "last two
 * labels" would make acme.co.uk and evil.co.uk (or two *.herokuapp.com apps)
 * the same site. tldts is the maintained PSL library; it is loaded lazily,
 * on the first token request, so start-up does not pay for its tables.
 */
import { isIP } from "node:net";
import { namedExports } from "../util/lazy-import.js";
import { HaloError } from "./errors.js";

type Tldts = typeof import("tldts");
let tldts: Promise<Tldts> | undefined;

function bareHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
}

/** True when `candidate` is `halo` or shares its registered domain (private PSL entries count as suffixes). */
export async function sameSite(candidate: string, halo: string): Promise<boolean> {
  const a = bareHost(candidate);
  const b = bareHost(halo);
  if (a === b) return true;
  if (isIP(a) || isIP(b) || !a.includes(".") || !b.includes(".")) return false;
  tldts ??= import("tldts").then((m) => namedExports(m, "getDomain"));
  const { getDomain } = await tldts;
  // allowPrivateDomains: a.herokuapp.com and b.herokuapp.com belong to different people.
  const da = getDomain(a, { allowPrivateDomains: true });
  const db = getDomain(b, { allowPrivateDomains: true });
  return da !== null && da === db;
}

export interface TokenHostCheck {
  /** The token endpoint about to receive the secret. */
  tokenUrl: string;
  /** HALOPSA_BASE_URL (normalised). */
  baseUrl: string;
  /** How the token URL was chosen. */
  source: "configured" | "discovered" | "fallback";
  /** HALOPSA_AUTH_URL came from a real environment variable. */
  trusted: boolean;
  /** Where HALOPSA_AUTH_URL came from, in words (for the message). */
  authUrlFrom?: string;
}

/** Throws a configuration HaloError (nothing sent) when the secret must not go to `tokenUrl`. */
export async function assertTokenHost(check: TokenHostCheck): Promise<void> {
  if (check.source === "configured" && check.trusted) return;
  const token = new URL(check.tokenUrl);
  const halo = new URL(check.baseUrl);
  if (await sameSite(token.hostname, halo.hostname)) return;
  const where =
    check.source === "discovered"
      ? `Halo's /api/authinfo names the authorisation server ${token.host}`
      : `HALOPSA_AUTH_URL${check.authUrlFrom ? ` (from ${check.authUrlFrom})` : ""} names ${token.host}`;
  throw new HaloError(
    "configuration",
    `${where}, which is neither the Halo host ${halo.host} nor under its domain: the client secret is not sent there.`,
    {
      notSent: true,
      permanent: true,
      hint:
        check.source === "discovered"
          ? "If that really is your Halo's authorisation server, set HALOPSA_AUTH_URL to it as an environment variable of the process that starts this server; otherwise check HALOPSA_BASE_URL."
          : "If that really is your Halo's authorisation server, set HALOPSA_AUTH_URL as an environment variable of the process that starts this server (a settings file cannot name another domain); otherwise remove it.",
    },
  );
}
