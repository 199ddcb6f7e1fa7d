/** Knowledge-base articles (Halo's KBEntry) as compact rows and readable text. */
import { clip, compact, num, type Row, str, stripHtml, when } from "../../util/format.js";

export const KB = { path: "KBArticle", key: "articles", label: "KB article" };

/** One search hit: what a person needs to pick the article. */
export function articleRow(a: Row) {
  return compact({
    id: num(a.id),
    title: str(a.name),
    tags: str(a.tag_string) ?? str(a.kb_tags),
    updated: when(a.date_edited)?.slice(0, 10),
    views: num(a.view_count),
    draft: a.inactive === true ? true : undefined,
    excerpt: clip(stripHtml(a.description).replace(/\s+/g, " "), 160) || undefined,
  });
}

/** Plain text of an article part: Halo's HTML (or markdown) field, converted and clipped. */
export function articleText(a: Row, field: "description" | "resolution", max: number): string | undefined {
  const html = str(a[field]) ?? str(a[`${field}_html`]);
  const text = html ? stripHtml(html) : str(a[`${field}_markdown`]);
  return text ? clip(text, max) : undefined;
}
