/**
 * Every tool result is bounded. A result over the limit is cut at a record
 * boundary (rows of its largest list are dropped from the end) with a note
 * saying how to narrow the query, never cut mid-JSON.
 */

/** ~25,000 tokens at ~4 characters a token. */
export const MAX_RESULT_CHARS = 100_000;

export function boundData(data: Record<string, unknown>, max = MAX_RESULT_CHARS): Record<string, unknown> {
  let text = JSON.stringify(data);
  if (text.length <= max) return data;
  const listKey = Object.entries(data)
    .filter(([, v]) => Array.isArray(v))
    .sort((a, b) => JSON.stringify(b[1]).length - JSON.stringify(a[1]).length)[0]?.[0];
  if (!listKey) {
    return {
      truncated: `The result was ${text.length} characters, over the ${max} limit. Ask for fewer fields or a narrower record.`,
    };
  }
  const rows = data[listKey] as unknown[];
  let keep = rows.length;
  // Shrink by estimate first, then one row at a time.
  const perRow = JSON.stringify(rows).length / Math.max(1, rows.length);
  keep = Math.max(
    0,
    Math.min(rows.length, Math.floor((max - (text.length - perRow * rows.length) - 300) / perRow)),
  );
  for (;;) {
    const cut = {
      ...data,
      [listKey]: rows.slice(0, keep),
      truncated: `Showing ${keep} of ${rows.length} ${listKey}: the result was over the size limit. Narrow the query (filters, a smaller limit, fewer fields) to see the rest.`,
    };
    text = JSON.stringify(cut);
    if (text.length <= max || keep === 0) return cut;
    keep--;
  }
}
