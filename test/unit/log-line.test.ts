/**
 * Log injection (probe-trust): text from outside (an HTML error page, a
 * record name in an error) reaches stderr inside log lines. It must not drive
 * the terminal showing stderr (ESC sequences) nor start a line of its own
 * that reads as the server's.
 */
import { afterEach, describe, expect, it } from "vitest";
import { excerpt } from "../../src/halo/decode.js";
import { log, logLine, setLogLevel } from "../../src/util/log.js";

const write = process.stderr.write;
afterEach(() => {
  process.stderr.write = write;
  setLogLevel("info");
});

function captured(run: () => void): string {
  let out = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    run();
  } finally {
    process.stderr.write = write;
  }
  return out;
}

describe("log lines", () => {
  it("an outside newline cannot forge a log entry, and escapes are shown, not executed", () => {
    setLogLevel("debug");
    const out = captured(() =>
      log.warn('Halo said "ok"\n[halopsa] error: forged entry\r\x1b[2J\x1b]0;title\x07\u202etxt.exe'),
    );
    const lines = out.split("\n").filter(Boolean);
    expect(lines[0]).toMatch(/^\[halopsa\] warn: /);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}/);
    expect(out.match(/^\[halopsa\]/gm)).toHaveLength(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be there
    expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u202e]/);
    expect(out).toContain("\\u001b[2J");
  });

  it("keeps ordinary text as it is", () => {
    expect(logLine("GET /api/Tickets: 502, retrying")).toBe("GET /api/Tickets: 502, retrying");
  });
});

describe("excerpt", () => {
  it("drops control characters from the body it quotes", () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be there
    expect(excerpt("<html><title>Bad\x1b[2J Gateway\x07</title></html>")).not.toMatch(/[\x00-\x1f]/);
  });
});
