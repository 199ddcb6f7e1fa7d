/**
 * Settings of `serve --http`, from the process environment only (a
 * deployment's, never a working folder's). Listening beyond loopback needs
 * HALOPSA_HTTP_HOST set on purpose and a public https URL: the Host and
 * Origin checks are built from that URL, so a DNS-rebinding page or a
 * request for another name is refused.
 */
import { isIP } from "node:net";

export interface HttpSettings {
  host: string;
  port: number;
  /** What clients use to reach us (issuer, resource, callback); no trailing slash. */
  publicUrl: string;
  /** Host header names accepted (no port). */
  allowedHosts: string[];
  /** Origin header values accepted; a request without Origin (not a browser) is accepted. */
  allowedOrigins: string[];
  redisUrl?: string;
  storeKey?: string;
  /** Prefix of every Redis key: deployments may share one Redis. */
  redisPrefix: string;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export const isLoopback = (host: string) => LOOPBACK.has(host.replace(/^\[|\]$/g, "").toLowerCase());

const list = (text: string | undefined) =>
  (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** The settings, or the problems that stop the server from starting. */
export function httpSettings(
  env: NodeJS.ProcessEnv,
  flags: { host?: string; port?: string } = {},
): { settings?: HttpSettings; problems: string[] } {
  const problems: string[] = [];
  const host = flags.host ?? env.HALOPSA_HTTP_HOST?.trim() ?? "127.0.0.1";
  const portText = flags.port ?? env.HALOPSA_HTTP_PORT?.trim() ?? "8787";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`HALOPSA_HTTP_PORT="${portText}" is not a port number (0 picks a free one).`);
  if (!isLoopback(host) && !isIP(host) && host !== "0.0.0.0" && host !== "::" && !/^[a-z0-9.-]+$/i.test(host))
    problems.push(`HALOPSA_HTTP_HOST="${host}" is not an address to listen on.`);

  const publicText = env.HALOPSA_PUBLIC_URL?.trim();
  let publicUrl: URL | undefined;
  if (publicText) {
    try {
      publicUrl = new URL(publicText);
    } catch {
      problems.push(`HALOPSA_PUBLIC_URL="${publicText}" is not a URL.`);
    }
    if (publicUrl && (publicUrl.search || publicUrl.hash || publicUrl.username || publicUrl.password)) {
      problems.push("HALOPSA_PUBLIC_URL must be a plain origin and path (no query, fragment or user).");
    }
    if (publicUrl && publicUrl.protocol !== "https:" && !isLoopback(publicUrl.hostname))
      problems.push(
        "HALOPSA_PUBLIC_URL must be https unless it is a loopback address (tokens travel to it).",
      );
  } else if (!isLoopback(host)) {
    problems.push(
      `Listening on ${host} (beyond this machine) needs HALOPSA_PUBLIC_URL, the https address clients use: it names the allowed Host and Origin and the sign-in callback.`,
    );
  }

  const redisUrl = env.HALOPSA_REDIS_URL?.trim() || undefined;
  const storeKey = env.HALOPSA_STORE_KEY?.trim() || undefined;
  if (redisUrl && (!storeKey || storeKey.length < 32))
    problems.push(
      "HALOPSA_REDIS_URL needs HALOPSA_STORE_KEY, a random string of at least 32 characters (e.g. `openssl rand -base64 33`): tokens are encrypted with it in Redis.",
    );
  if (problems.length) return { problems };

  const base = (publicUrl?.toString() ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`).replace(
    /\/+$/,
    "",
  );
  const own = new URL(base);
  const allowedHosts = [
    own.hostname,
    ...(isLoopback(host) ? ["localhost", "127.0.0.1", "[::1]"] : []),
    ...list(env.HALOPSA_HTTP_ALLOWED_HOSTS),
  ];
  const allowedOrigins = [own.origin, ...list(env.HALOPSA_HTTP_ALLOWED_ORIGINS)];
  return {
    problems,
    settings: {
      host,
      port,
      publicUrl: base,
      allowedHosts: [...new Set(allowedHosts.map((h) => h.toLowerCase()))],
      allowedOrigins: [...new Set(allowedOrigins)],
      redisUrl,
      storeKey,
      redisPrefix: env.HALOPSA_REDIS_PREFIX?.trim() || "halopsa:",
    },
  };
}
