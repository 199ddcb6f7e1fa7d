/**
 * search_kb (opt-in toolset kb): an exact search answers compact rows.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { list, type Row, toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,kb" } }));

const { db } = toolChecks(() => e2e);

const vpnId = () => [...db().longTail.KBArticle.values()].find((a) => a.name === "Connecting to the VPN")?.id;

describe("search_kb, get_kb_article", () => {
  it('"is there a KB article on VPN drops": no article has both words, so word matches are offered', async () => {
    const r = await e2e.call("search_kb", { query: "VPN drops" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.matched).toBe("some words");
    expect(list(r, "articles")[0]?.id).toBe(vpnId());
    expect(r.data?.note).toMatch(/vpn/);
  });

  it("an exact search answers compact rows", async () => {
    const r = await e2e.call("search_kb", { query: "printer" });
    expect(r.data?.matched).toBe("all words");
    const row = list(r, "articles")[0] as Row;
    expect(row.title).toBe("Printer troubleshooting");
    expect(JSON.stringify(row)).not.toMatch(/<p>|null|""/);
  });
});
