import { z } from "zod";
import { compact, num, type Row, ref, str, when } from "../../util/format.js";
import { recordId } from "../common.js";
import { defineTool } from "../define.js";
import { articleText, KB } from "./shared.js";

/** Room for the article's text: problem and fix together stay under ~6 KB. */
const TEXT_MAX = 3000;

export const getKbArticle = defineTool({
  name: "get_kb_article",
  title: "Read KB article",
  description: "A KB article's text (problem and resolution, plain text, clipped).",
  toolset: "kb",
  effect: "read",
  input: { id: recordId("Article") },
  output: {
    id: z.number(),
    title: z.string().optional(),
    tags: z.string().optional(),
    draft: z.literal(true).optional(),
    created_by: z.string().optional(),
    updated: z.string().optional(),
    views: z.number().optional(),
    ticket_id: z.number().optional(),
    problem: z.string().optional(),
    resolution: z.string().optional(),
    link: z.string().optional(),
  },
  async handler(args, ctx) {
    const a = await ctx.halo.resources.get<Row>(KB, args.id, {}, { signal: ctx.signal });
    return {
      data: compact({
        id: num(a.id) ?? args.id,
        title: str(a.name),
        tags: str(a.tag_string) ?? str(a.kb_tags),
        draft: a.inactive === true ? (true as const) : undefined,
        created_by: ref(a.creator_name, a.creator_id),
        updated: when(a.date_edited),
        views: num(a.view_count),
        ticket_id: num(a.ticket_id),
        problem: articleText(a, "description", TEXT_MAX),
        resolution: articleText(a, "resolution", TEXT_MAX),
        link: str(a.link),
      }) as Row,
    };
  },
});
