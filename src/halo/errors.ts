/**
 * The error model. Every failure a tool can meet is one of these kinds, and
 * each carries the next step for the person (or model) reading it. Tool
 * results render them with `errorText`; nothing else formats errors.
 */
import { quoted } from "../util/format.js";
import { redact } from "../util/log.js";

export type HaloErrorKind =
  | "configuration"
  | "authentication"
  | "forbidden"
  | "not_found"
  | "validation"
  | "input"
  | "rate_limited"
  | "server"
  | "bad_response"
  | "network"
  | "timeout"
  | "cancelled"
  | "write_unknown";

export interface HaloErrorInit {
  status?: number;
  /** Halo's own message (validation text), shown verbatim. */
  haloMessage?: string;
  /** What to do next. */
  hint?: string;
  retryAfterMs?: number;
  /** True when the request provably never reached Halo (safe to resend even a create). */
  notSent?: boolean;
  /** Trying again cannot help (e.g. an untrusted TLS certificate), whatever the kind. */
  permanent?: boolean;
  /** An ambiguous name: the argument, the text given and the records it matched (the person may pick one). */
  choices?: Choices;
  cause?: unknown;
}

export interface Choices {
  field: string;
  query: string;
  options: Array<{ id: number; name: string }>;
}

export class HaloError extends Error {
  readonly status?: number;
  readonly haloMessage?: string;
  readonly hint?: string;
  readonly retryAfterMs?: number;
  readonly notSent: boolean;
  readonly permanent: boolean;
  readonly choices?: Choices;

  constructor(
    readonly kind: HaloErrorKind,
    message: string,
    init: HaloErrorInit = {},
  ) {
    super(redact(message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "HaloError";
    this.status = init.status;
    this.haloMessage = init.haloMessage === undefined ? undefined : redact(init.haloMessage);
    this.hint = init.hint === undefined ? undefined : redact(init.hint);
    this.retryAfterMs = init.retryAfterMs;
    this.notSent = init.notSent ?? false;
    this.permanent = init.permanent ?? false;
    this.choices = init.choices;
  }

  /** Errors worth trying again for an idempotent request. */
  get transient(): boolean {
    return (
      !this.permanent &&
      (this.kind === "rate_limited" ||
        this.kind === "network" ||
        this.kind === "timeout" ||
        this.kind === "bad_response" ||
        (this.kind === "server" && (this.status ?? 500) >= 500))
    );
  }
}

const titles: Record<HaloErrorKind, string> = {
  configuration: "HaloPSA is not configured",
  authentication: "HaloPSA authentication failed",
  forbidden: "HaloPSA refused access",
  not_found: "Not found in HaloPSA",
  validation: "HaloPSA rejected the request",
  input: "Check the arguments",
  rate_limited: "HaloPSA rate limit reached",
  server: "HaloPSA server error",
  bad_response: "HaloPSA sent an unreadable response",
  network: "Could not reach HaloPSA",
  timeout: "HaloPSA did not answer in time",
  cancelled: "Request cancelled",
  write_unknown: "The write may or may not have been saved",
};

/**
 * Where every "check the setup" advice points: the server's own setup check,
 * which sees the settings this server received (a shell's `halopsa-mcp doctor`
 * cannot see the plugin's settings, and is on nobody's PATH). Hints end with
 * `; ${SETUP_CHECK}.` so doctor can drop it from its own fixes.
 */
export const SETUP_CHECK = "call check_setup (/halopsa:doctor) to test the settings";

/** Line breaks of any kind become spaces: only errorText starts lines. */
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029\u0085]+/g, " ");

/**
 * One text for the model: what happened, Halo's words, what to do next. Each
 * part is one line, and Halo's words are quoted and clipped, so the only
 * "Next step:" line is the one written here from the server's own hint.
 */
export function errorText(err: unknown): string {
  if (err instanceof HaloError) {
    const parts = [`${titles[err.kind]}: ${oneLine(err.message)}`];
    const halo = err.haloMessage ? quoted(err.haloMessage) : undefined;
    if (halo && err.haloMessage && !err.message.includes(halo) && !err.message.includes(err.haloMessage))
      parts.push(`Halo says: ${halo}`);
    if (err.hint) parts.push(`Next step: ${oneLine(err.hint)}`);
    return parts.join("\n");
  }
  const message = err instanceof Error ? err.message : String(err);
  return redact(
    `Unexpected error: ${oneLine(message)}\nNext step: retry once; if it persists, ${SETUP_CHECK} and report the message.`,
  );
}

export const inputError = (message: string, hint?: string) => new HaloError("input", message, { hint });
export const notFound = (what: string, hint?: string) =>
  new HaloError("not_found", what, {
    status: 404,
    hint: hint ?? "Check the ID, or search for the record by name first.",
  });
