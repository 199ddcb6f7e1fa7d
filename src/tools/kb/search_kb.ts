import { z } from "zod";
import type { Row } from "../../util/format.js";
import { defineTool } from "../define.js";
import { articleRow, KB } from "./shared.js";

/** Words too common to find an article by. */
const STOP = new Set([
  "the",
  "and",
  "for",
  "with",
  "how",
  "not",
  "are",
  "can",
  "does",
  "what",
  "why",
  "when",
  "from",
  "into",
  "our",
  "you",
  "your",
  "article",
  "kb",
  "issue",
  "problem",
]);

export const searchKb = defineTool({
  name: "search_kb",
  title: "Search knowledge base",
  description:
    "Find KB articles by words. When none has every word, articles matching some words are listed, best first.",
  toolset: "kb",
  effect: "read",
  input: {
    query: z.string().trim().min(2).max(200),
    include_drafts: z.boolean().default(false),
    limit: z.number().int().min(1).max(50).default(10),
  },
  output: {
    articles: z.array(z.record(z.string(), z.unknown())),
    total: z.number(),
    matched: z.enum(["all words", "some words"]).optional(),
    note: z.string().optional(),
  },
  async handler(args, ctx) {
    const search = (text: string) =>
      ctx.halo.resources.list<Row>(
        KB,
        { search: text, ...(args.include_drafts ? { includeinactive: true } : {}) },
        { pageSize: Math.max(args.limit, 20), signal: ctx.signal },
      );
    const exact = await search(args.query);
    const visible = (rows: Row[]) => (args.include_drafts ? rows : rows.filter((r) => r.inactive !== true));
    let rows = visible(exact.items);
    if (rows.length > 0) {
      return {
        data: {
          articles: rows.slice(0, args.limit).map(articleRow),
          total: Math.max(exact.total, rows.length),
          matched: "all words" as const,
        },
      };
    }
    // Halo's search wants every word: "VPN drops" misses "Connecting to the VPN". Try each word.
    const words = [...new Set(args.query.toLowerCase().split(/[^a-z0-9]+/))].filter(
      (w) => w.length >= 3 && !STOP.has(w),
    );
    const hits = new Map<number, { row: Row; score: number }>();
    const pages = await Promise.all(words.slice(0, 5).map((w) => search(w)));
    for (const page of pages) {
      for (const r of visible(page.items)) {
        const id = Number(r.id);
        const hit = hits.get(id) ?? { row: r, score: 0 };
        hit.score++;
        hits.set(id, hit);
      }
    }
    rows = [...hits.values()]
      .sort((a, b) => b.score - a.score || Number(b.row.view_count ?? 0) - Number(a.row.view_count ?? 0))
      .map((h) => h.row);
    if (rows.length === 0)
      return {
        data: {
          articles: [],
          total: 0,
          note: `no KB article matches "${args.query}" or any of its words; try other words, or draft one from the ticket that solved it (draft_kb_article).`,
        },
      };
    return {
      data: {
        articles: rows.slice(0, args.limit).map(articleRow),
        total: rows.length,
        matched: "some words" as const,
        note: `no article has every word of "${args.query}"; these match some of: ${words.slice(0, 5).join(", ")}.`,
      },
    };
  },
});
