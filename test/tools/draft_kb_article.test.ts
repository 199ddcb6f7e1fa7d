/**
 * draft_kb_article (opt-in toolset kb): a draft from a resolved ticket is
 * previewed without writing and saved hidden, and customers' emails and phone
 * numbers stay out of the article.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { list, one, type Row, toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E(() => ({ env: { HALOPSA_TOOLSETS: "default,kb" } }));

const { db } = toolChecks(() => e2e);

describe("draft_kb_article", () => {
  it("previews a draft from a resolved ticket without writing, then saves it hidden", async () => {
    const closed = [...db().tickets.values()].find(
      (t) =>
        db().statuses.get(t.status_id)?.closed &&
        db()
          .actions.get(t.id)
          ?.some((a) => a.outcome === "Resolution"),
    );
    expect(closed).toBeDefined();
    const id = closed?.id as number;
    const fix = db()
      .actions.get(id)
      ?.filter((a) => a.outcome === "Resolution")
      .at(-1)?.note as string;
    const before = e2e.fake.count({ method: "POST", path: "/KBArticle" });
    const dry = await e2e.call("draft_kb_article", { ticket_id: id, dry_run: true });
    expect(dry.isError, dry.text).toBe(false);
    expect(e2e.fake.count({ method: "POST", path: "/KBArticle" })).toBe(before);
    expect(one(dry, "draft").resolution).toBe(
      fix.replace(/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi, "[email]"),
    );
    expect(one(dry, "draft").state).toMatch(/draft/);

    const saved = await e2e.call("draft_kb_article", { ticket_id: id, tags: "howto" });
    expect(saved.isError, saved.text).toBe(false);
    const created = one(saved, "created");
    const stored = db().longTail.KBArticle.get(created.id as number) as Row;
    expect(stored).toMatchObject({
      inactive: true,
      ticket_id: id,
      tag_string: "howto",
      name: closed?.summary,
    });
    expect(created.draft).toBe(true);
    // A draft is hidden from a normal search, found with include_drafts.
    const word = String(closed?.summary).split(" ")[0] as string;
    const hidden = await e2e.call("search_kb", { query: String(closed?.summary) });
    expect(list(hidden, "articles").some((a) => a.id === created.id)).toBe(false);
    const shown = await e2e.call("search_kb", { query: String(closed?.summary), include_drafts: true });
    expect(
      list(shown, "articles").some((a) => a.id === created.id),
      word,
    ).toBe(true);
  });

  it("keeps emails and phone numbers out of the article", async () => {
    const t = [...db().tickets.values()][0];
    const id = t?.id as number;
    const r = await e2e.call("draft_kb_article", {
      ticket_id: id,
      problem: "Ravi (ravi@acme.example, +44 161 496 0123) cannot print since 2026-10-27.",
      resolution: "Reinstalled the driver.",
      dry_run: true,
    });
    expect(r.isError, r.text).toBe(false);
    expect(one(r, "draft").problem).toBe("Ravi ([email], [phone]) cannot print since 2026-10-27.");
  });
});
