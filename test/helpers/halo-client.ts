/**
 * Shared set-up for the Halo client layer suites (test/halo): the real classes (loadConfig,
 * createHalo) against the fake Halo over real HTTP, plus secret hygiene.
 *
 * `useCoreHarness()` registers hooks that capture everything the process
 * writes to stdout/stderr during the file, collect every access token that
 * was sent (undici's diagnostics channel sees each request's headers) and
 * every HaloError a test inspected; afterAll asserts that neither the client
 * secret nor any token appears in any of them, then closes every fake and
 * client the file started.
 */
import diagnostics from "node:diagnostics_channel";
import { createServer } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { type FakeHalo, type FakeHaloOptions, startFakeHalo } from "../../fake-halo/index.js";
import { type HaloConfig, loadConfig } from "../../src/config/config.js";
import { errorText, HaloError } from "../../src/halo/errors.js";
import { createHalo, type Halo } from "../../src/halo/index.js";
import { type LogLevel, setLogLevel } from "../../src/util/log.js";

export const CORE_CLIENT_ID = "core-client";
export const CORE_SECRET = "core-secret-7f3a9c21e8b4d650";

export type Env = Record<string, string | undefined>;

interface State {
  fakes: FakeHalo[];
  halos: Halo[];
  output: string[];
  errors: HaloError[];
  tokens: Set<string>;
}

const state: State = { fakes: [], halos: [], output: [], errors: [], tokens: new Set() };

export function startFake(opts: FakeHaloOptions = {}): Promise<FakeHalo> {
  return startFakeHalo({ clientId: CORE_CLIENT_ID, clientSecret: CORE_SECRET, ...opts }).then((fake) => {
    state.fakes.push(fake);
    return fake;
  });
}

/** A configuration built the way the server builds it: from environment strings, through loadConfig. */
export function configFor(baseUrl: string, env: Env = {}): HaloConfig {
  const result = loadConfig({
    HALOPSA_BASE_URL: baseUrl,
    HALOPSA_CLIENT_ID: CORE_CLIENT_ID,
    HALOPSA_CLIENT_SECRET: CORE_SECRET,
    HALOPSA_RETRY_BASE_MS: "20",
    HALOPSA_RETRY_BUDGET_MS: "10000",
    HALOPSA_TIMEOUT_MS: "3000",
    ...env,
  });
  if (!result.ok) throw new Error(`test configuration is invalid: ${result.problems.join(" ")}`);
  return result.config;
}

/** createHalo(config) for `fake` (or any base URL), closed after the file. */
export function haloFor(target: FakeHalo | string, env: Env = {}): Halo {
  const halo = createHalo(configFor(typeof target === "string" ? target : target.url, env));
  state.halos.push(halo);
  return halo;
}

/** Expects `promise` to reject with a HaloError; records it for the secret check. */
export async function caught(promise: Promise<unknown>): Promise<HaloError> {
  let outcome: unknown;
  try {
    await promise;
  } catch (err) {
    outcome = err;
  }
  if (!(outcome instanceof HaloError)) {
    throw new Error(`expected a HaloError, got ${outcome === undefined ? "success" : String(outcome)}`);
  }
  state.errors.push(outcome);
  return outcome;
}

/** Records an error that reached a test some other way. */
export function recordError(err: HaloError): void {
  state.errors.push(err);
}

/** A loopback port with nothing listening on it. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Tokens seen on the wire so far (for tests that want to compare). */
export function tokensSeen(): Set<string> {
  return state.tokens;
}

export function useCoreHarness(opts: { logLevel?: LogLevel } = {}): void {
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const onHeaders = (message: unknown) => {
    const headers = (message as { headers?: unknown }).headers;
    const text = Array.isArray(headers) ? headers.map(String).join("\n") : String(headers ?? "");
    for (const m of text.matchAll(/authorization:\s*Bearer\s+(\S+)/gi)) if (m[1]) state.tokens.add(m[1]);
  };

  beforeAll(() => {
    // debug: the retry path logs each failure, so the check covers those lines too.
    setLogLevel(opts.logLevel ?? "debug");
    diagnostics.subscribe("undici:client:sendHeaders", onHeaders);
    for (const stream of ["stdout", "stderr"] as const) {
      const original = originals[stream];
      process[stream].write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
        state.output.push(text);
        // The logger's lines are kept for the check but not echoed: retries are expected here.
        if (text.startsWith("[halopsa]")) return true;
        return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      } as typeof process.stdout.write;
    }
  });

  afterAll(async () => {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
    diagnostics.unsubscribe("undici:client:sendHeaders", onHeaders);
    // Fakes first: closing them destroys hung sockets the clients may still hold.
    await Promise.all(state.fakes.map((f) => f.close()));
    await Promise.all(state.halos.map((h) => h.close().catch(() => undefined)));

    const secrets = [CORE_SECRET, ...state.tokens];
    const texts = [
      ...state.output,
      ...state.errors.flatMap((e) => [
        e.message,
        e.hint ?? "",
        e.haloMessage ?? "",
        errorText(e),
        String(e.stack),
      ]),
    ];
    const leaks = secrets.filter((s) => texts.some((t) => t.includes(s)));
    expect(leaks, "a secret or access token appeared in output or an error").toEqual([]);
    state.fakes = [];
    state.halos = [];
    state.output = [];
    state.errors = [];
  });
}

/** At least one token must have been seen, or the hygiene check proves nothing. */
export function expectTokensSeen(min = 1): void {
  expect(state.tokens.size).toBeGreaterThanOrEqual(min);
}
