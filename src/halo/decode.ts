/**
 * Decoding Halo's answers: an HTTP answer becomes data or a typed HaloError
 * saying what went wrong and what to do next. Never hands HTML, a login page
 * or truncated JSON to a tool; error texts are excerpts, tag- and secret-free.
 * (Sending and retrying is src/halo/http.ts.)
 */
import { quoted, stripHtml } from "../util/format.js";
import { redact } from "../util/log.js";
import { HaloError, SETUP_CHECK } from "./errors.js";
import type { HaloRequest } from "./http.js";
import { headerOf as header, parseRetryAfter, type RawResponse } from "./transport.js";

export interface HaloResponse<T> {
  status: number;
  data: T;
  bytes: number;
}

/** The file name of a Content-Disposition header (RFC 6266 filename* first). */
export function filenameOf(disposition: string | undefined): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (star?.[2]) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ""));
    } catch {
      // fall back to the plain filename parameter
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  const name = (plain?.[2] ?? plain?.[1])?.trim();
  return name || undefined;
}

/** A short, tag-free, secret-free excerpt of a body for error messages. */
export function excerpt(text: string, max = 160): string {
  // stripHtml is linear; the regexes this replaced were quadratic on an unclosed <style>.
  // Only the start is shown, so only the start is read.
  // Control characters (terminal escapes) are dropped too: the excerpt sits unquoted in a message.
  const plain = stripHtml(text.slice(0, 65_536))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, " ")
    .replace(/\s+/g, " ");
  return redact(plain.length > max ? `${plain.slice(0, max)}…` : plain);
}

/** Halo's validation text: a JSON string, or an object with a message-ish field. */
export function haloMessage(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    const data = JSON.parse(trimmed) as unknown;
    if (typeof data === "string") return data;
    if (data && typeof data === "object") {
      const o = data as Record<string, unknown>;
      const keys = ["message", "Message", "error_description", "title", "detail", "error"];
      const main = keys.map((k) => o[k]).find((v): v is string => typeof v === "string" && v !== "");
      // ASP.NET's problem details put the field messages under `errors`, the title being generic.
      const fields = fieldErrors(o.errors ?? o.Errors);
      if (main && fields) return excerpt(`${main}${/[.!?]$/.test(main) ? "" : ":"} ${fields}`, 400);
      if (main || fields) return excerpt(main ?? fields ?? "", 400);
    }
  } catch {
    // not JSON: fall through to the text itself
  }
  return /^\s*</.test(trimmed) ? undefined : excerpt(trimmed, 400);
}

/** {"Email": ["is not valid"]} or ["x is required"] → "Email: is not valid; x is required". */
function fieldErrors(errors: unknown): string | undefined {
  if (!errors || typeof errors !== "object") return undefined;
  const text = (v: unknown): string =>
    Array.isArray(v)
      ? v.map(text).filter(Boolean).join(", ")
      : v && typeof v === "object"
        ? text((v as Record<string, unknown>).message ?? (v as Record<string, unknown>).Message ?? "")
        : typeof v === "string" || typeof v === "number"
          ? String(v)
          : "";
  const parts = Array.isArray(errors)
    ? errors.map(text)
    : Object.entries(errors as Record<string, unknown>).map(([k, v]) => {
        const t = text(v);
        return t && k ? `${k}: ${t}` : t;
      });
  const joined = parts.filter(Boolean).join("; ");
  return joined || undefined;
}

function resourceOf(path: string): string {
  return path.replace(/^\//, "").split("?")[0] ?? path;
}

/** Where a redirect points, without its query (SSO redirects carry state and nonces). */
export function redirectTarget(location: string | undefined): string | undefined {
  const text = location?.trim();
  if (!text) return undefined;
  try {
    const u = new URL(text);
    return `${u.origin}${u.pathname}`;
  } catch {
    return text.split(/[?#]/)[0] || undefined;
  }
}

/** An HTTP answer as data, or the typed error for it (exported for unit tests). */
export function decode<T>(req: Pick<HaloRequest, "method" | "path">, res: RawResponse): HaloResponse<T> {
  const { status, text } = res;
  const where = `${req.method} /api/${resourceOf(req.path)}`;
  const isHtml = /html/i.test(header(res, "content-type") ?? "") || /^\s*<(!doctype|html)/i.test(text);

  if (status >= 200 && status < 300) {
    if (!text.trim()) return { status, data: undefined as T, bytes: res.bytes };
    if (isHtml) {
      throw new HaloError(
        "bad_response",
        `${where} answered ${status} with an HTML page: "${excerpt(text)}".`,
        {
          status,
          hint: "Check HALOPSA_BASE_URL points at your Halo instance (not a login or proxy page).",
        },
      );
    }
    if (jsonTooDeep(text)) {
      throw new HaloError(
        "bad_response",
        `${where} answered ${status} with JSON nested deeper than ${MAX_JSON_DEPTH} levels; it was not read.`,
        {
          status,
          permanent: true,
          hint: "No Halo record nests like this: check HALOPSA_BASE_URL points at your Halo instance, not a proxy or another service.",
        },
      );
    }
    try {
      return { status, data: JSON.parse(text) as T, bytes: res.bytes };
    } catch {
      throw new HaloError(
        "bad_response",
        `${where} answered ${status} with JSON that does not parse ("${excerpt(text, 80)}").`,
        {
          status,
          hint: "The response was cut short or garbled; try again.",
        },
      );
    }
  }

  const message = isHtml ? undefined : haloMessage(text);
  // Halo's words inside our sentence: quoted, one line, clipped (never a line of their own).
  const said = message === undefined ? undefined : quoted(message);
  const page = isHtml ? ` (HTML error page: "${excerpt(text, 100)}")` : "";
  switch (true) {
    case status >= 300 && status < 400: {
      // undici follows no redirects: a 3xx here is an SSO/login page or a moved instance, never Halo's API.
      const target = redirectTarget(header(res, "location"));
      return fail(
        new HaloError(
          "configuration",
          `${where} was redirected (${status})${target ? ` to ${target}` : ""}: Halo's API does not redirect.`,
          {
            status,
            hint: "Check HALOPSA_BASE_URL (it may point at a login page or an old address): use the address you open Halo at, e.g. https://yourcompany.halopsa.com.",
          },
        ),
      );
    }
    case status === 400 || status === 409 || status === 422:
      return fail(
        new HaloError(
          "validation",
          sentence(`${where} was rejected (${status})${said ? `: ${said}` : page}`),
          {
            status,
            haloMessage: message,
            hint: "Fix the field Halo names and try again; look up valid values with list_lookups.",
          },
        ),
      );
    case status === 401:
      return fail(
        new HaloError("authentication", `${where} answered 401 even with a fresh token.`, {
          status,
          hint: `The API application's token is being refused: check it is active in Halo and that HALOPSA_CLIENT_ID/HALOPSA_CLIENT_SECRET are current; ${SETUP_CHECK}.`,
        }),
      );
    case status === 403:
      return fail(
        new HaloError(
          "forbidden",
          sentence(`${where} is not allowed for this API application (403)${said ? `: ${said}` : ""}`),
          {
            status,
            haloMessage: message,
            hint: "Give the API application's agent the needed permission in Halo (Configuration > Integrations > HaloPSA API > your application > Permissions), or use HALOPSA_SCOPE=all.",
          },
        ),
      );
    case status === 404:
      return fail(
        new HaloError("not_found", `${where} was not found${said ? ` (${said})` : ""}.`, {
          status,
          hint: "Check the ID; search by name to find the right one.",
        }),
      );
    case status === 429: {
      const wait = parseRetryAfter(header(res, "retry-after"));
      return fail(
        new HaloError("rate_limited", `${where} hit Halo's rate limit (429).`, {
          status,
          retryAfterMs: wait,
          notSent: true,
          hint: `Wait ${wait ? `${Math.ceil(wait / 1000)} s` : "a minute"} and try again; lower HALOPSA_RATE_LIMIT if other integrations share this API application.`,
        }),
      );
    }
    case status < 500:
      // 405, 413, 415…: Halo refused this request as sent; trying again will not help.
      return fail(
        new HaloError(
          "validation",
          sentence(`${where} was refused (${status})${said ? `: ${said}` : page}`),
          {
            status,
            haloMessage: message,
            hint: "Halo does not accept this request as sent (method, size or format); change it rather than retrying.",
          },
        ),
      );
    default:
      return fail(
        new HaloError("server", sentence(`${where} failed with ${status}${said ? `: ${said}` : page}`), {
          status,
          haloMessage: message,
          // 503 is how a server in maintenance or overloaded says "come back in N seconds".
          retryAfterMs: status === 503 ? parseRetryAfter(header(res, "retry-after")) : undefined,
          hint: "Halo had a problem; try again shortly. If it persists, check Halo's status page or logs.",
        }),
      );
  }
}

/** Far deeper than any Halo record (a ticket with custom fields is ~5 levels). */
export const MAX_JSON_DEPTH = 256;

/**
 * True when the JSON nests deeper than `max`, found in one pass before
 * JSON.parse: parsing takes about ten times longer on nesting than on the
 * same bytes flat (10 MB of "[[[…]]]" held the server 14 s), and every
 * recursive walk after it (redaction, projections) would overflow the stack.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Ends a message with one full stop, even when Halo's own text already has one. */
const sentence = (text: string) => (/[.!?]"?$/.test(text) ? text : `${text}.`);

function fail(err: HaloError): never {
  throw err;
}
