/**
 * stripHtml runs on customer-written HTML, on the one thread every call
 * shares: it must be linear on any input. The inputs below are several MB of
 * the shapes that made the regex version quadratic (1.2 MB of unclosed
 * <style> took 25 s); a quadratic implementation would not finish within the
 * test timeout. No timing is asserted here: `npm run bench` reports it.
 */
import { describe, expect, it } from "vitest";
import { PATHOLOGICAL_HTML } from "../../bench/lib/hostile-input.js";
import { stripHtml } from "../../src/util/format.js";

describe("stripHtml", () => {
  it("keeps the plain-text rules", () => {
    expect(stripHtml("<p>a</p><p>b</p>")).toBe("a\nb");
    expect(stripHtml("x<style>p{}</style>y<SCRIPT>1</SCRIPT>z")).toBe("x y z");
    expect(stripHtml("before<style>never closed<p>hidden</p>")).toBe("before");
    expect(stripHtml("a < b")).toBe("a < b");
    expect(stripHtml("&amp;lt; &#x41;&#66; &unknown; &")).toBe("&lt; AB &unknown; &");
    expect(stripHtml("  a \t b \n\n  \n c  ")).toBe("a b\nc");
    expect(stripHtml("one<br>two</li>three</TD>four")).toBe("one\ntwo\nthreefour");
  });

  it.each(Object.entries(PATHOLOGICAL_HTML))("is linear on %s", (_what, html) => {
    expect(html.length).toBeGreaterThan(2_000_000);
    expect(typeof stripHtml(html)).toBe("string");
  });
});
