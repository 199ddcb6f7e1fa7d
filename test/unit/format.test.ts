import { describe, expect, it } from "vitest";
import { rowsOf } from "../../src/halo/resources.js";
import { clip, compact, paging, ref, stripHtml, when } from "../../src/util/format.js";

describe("format helpers", () => {
  it("ref shows a name beside its ID", () => {
    expect(ref("Acme Corporation", 12)).toBe("Acme Corporation #12");
    expect(ref(" Acme ", "12")).toBe("Acme #12");
    expect(ref("Acme", 0)).toBe("Acme");
    expect(ref("", 5)).toBe("#5");
    expect(ref(undefined, undefined)).toBeUndefined();
    expect(ref(null, -1)).toBeUndefined();
  });

  it("when shortens ISO dates and drops Halo's placeholder dates", () => {
    expect(when("2026-11-01T10:22:33.123Z")).toBe("2026-11-01 10:22");
    expect(when("1900-01-01T00:00:00")).toBeUndefined();
    expect(when("0001-01-01T00:00:00")).toBeUndefined();
    expect(when("")).toBeUndefined();
    expect(when(42)).toBeUndefined();
    expect(when("tomorrow")).toBe("tomorrow");
  });

  it("stripHtml gives plain text", () => {
    expect(
      stripHtml(
        "<p>Hello&nbsp;<b>world</b></p><p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;</p><script>x()</script>",
      ),
    ).toBe("Hello world\na & b <c> \"d\" 'e'");
    expect(stripHtml("line1<br/>line2<br>line3")).toBe("line1\nline2\nline3");
    expect(stripHtml(undefined)).toBe("");
  });

  it("clip says how much was cut", () => {
    expect(clip("short", 10)).toBe("short");
    expect(clip("abcdefghij", 4)).toBe("abcd… [+6 chars]");
  });

  it("compact drops empties but keeps zero and false", () => {
    expect(
      compact({ a: undefined, b: null, c: "", d: [], e: {}, f: 0, g: false, h: "x", i: [1], j: { k: 1 } }),
    ).toEqual({
      f: 0,
      g: false,
      h: "x",
      i: [1],
      j: { k: 1 },
    });
  });

  it("paging names the next page only when there is one", () => {
    expect(paging(250, 1, 100, 100)).toEqual({ total: 250, page: 1, shown: 100, next_page: 2 });
    expect(paging(250, 3, 100, 50)).toEqual({ total: 250, page: 3, shown: 50 });
    expect(paging(0, 1, 25, 0)).toEqual({ total: 0, page: 1, shown: 0 });
  });
});

describe("rowsOf", () => {
  it("reads bare arrays, the envelope key, or the first array", () => {
    expect(rowsOf([1, 2])).toEqual([1, 2]);
    expect(rowsOf({ record_count: 1, tickets: [{ id: 1 }] }, "tickets")).toEqual([{ id: 1 }]);
    expect(rowsOf({ record_count: 1, other: [3] }, "tickets")).toEqual([3]);
    expect(rowsOf(undefined)).toEqual([]);
    expect(rowsOf("x")).toEqual([]);
  });
});
