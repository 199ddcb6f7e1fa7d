import type { ToolDefinition } from "../define.js";
import { draftKbArticle } from "./draft_kb_article.js";
import { getKbArticle } from "./get_kb_article.js";
import { searchKb } from "./search_kb.js";

export const kbTools: ToolDefinition[] = [searchKb, getKbArticle, draftKbArticle] as ToolDefinition[];
