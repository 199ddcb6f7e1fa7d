/**
 * get_kb_article (opt-in toolset kb): an article as plain text, so its HTML
 * never reaches the model.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,kb" } }));

const { db } = toolChecks(() => e2e);

const vpnId = () => [...db().longTail.KBArticle.values()].find((a) => a.name === "Connecting to the VPN")?.id;

describe("search_kb, get_kb_article", () => {
  it("reads an article as plain text", async () => {
    const r = await e2e.call("get_kb_article", { id: vpnId() });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.title).toBe("Connecting to the VPN");
    expect(r.data?.resolution).toMatch(/^Install the VPN client/);
    expect(r.text).not.toMatch(/<p>/);
  });

  it("a wrong ID is named", async () => {
    const r = await e2e.call("get_kb_article", { id: 99_999 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/99999/);
  });
});
