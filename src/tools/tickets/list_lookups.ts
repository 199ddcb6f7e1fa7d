import { z } from "zod";
import { errorText } from "../../halo/errors.js";
import type { Agent, LookupKind, Priority } from "../../halo/lookups.js";
import type { Named } from "../../halo/match.js";
import { ref } from "../../util/format.js";
import { defineTool } from "../define.js";

const KINDS = [
  "statuses",
  "priorities",
  "ticket_types",
  "agents",
  "teams",
  "outcomes",
  "asset_types",
] as const satisfies readonly LookupKind[];

/** Per kind when listing everything; one kind at a time shows all. */
const ALL_CAP = 100;

/** "Critical #1 (SLA 2: P1 - Critical)": where an SLA names a priority differently, say so. */
function withSlaNames(item: Named, text: string): string {
  const slaNames = (item as Partial<Priority>).slaNames;
  if (!slaNames) return text;
  const others = slaNames.filter((s) => s.name !== item.name);
  if (others.length === 0) return text;
  return `${text} (${others.map((s) => (s.slaId === undefined ? s.name : `SLA ${s.slaId}: ${s.name}`)).join("; ")})`;
}

export const listLookups = defineTool({
  name: "list_lookups",
  title: "Lookups",
  description: 'Valid "Name #id" values of lookup fields (see kind).',
  toolset: "tickets",
  effect: "read",
  input: {
    kind: z
      .enum([...KINDS, "all"])
      .default("all")
      .describe("Which list"),
  },
  output: {
    ...Object.fromEntries(KINDS.map((k) => [k, z.array(z.string()).optional()])),
    more: z.record(z.string(), z.string()).optional(),
    errors: z.record(z.string(), z.string()).optional(),
  },
  async handler(args, ctx) {
    const kinds: LookupKind[] = args.kind === "all" ? [...KINDS] : [args.kind];
    const results = await Promise.allSettled(kinds.map((k) => ctx.halo.lookups.all(k, ctx.signal)));
    // One kind asked for: its failure is the answer.
    const only = results[0];
    if (kinds.length === 1 && only?.status === "rejected") throw only.reason;

    const data: Record<string, unknown> = {};
    const more: Record<string, string> = {};
    const errors: Record<string, string> = {};
    results.forEach((r, i) => {
      const kind = kinds[i] as LookupKind;
      if (r.status === "rejected") {
        errors[kind] = errorText(r.reason).split("\n")[0] ?? "failed";
        return;
      }
      const names = r.value.map((x) => {
        const text = withSlaNames(x, ref(x.name, x.id) ?? `#${x.id}`);
        return (x as Agent).disabled ? `${text} (disabled)` : text;
      });
      const cap = kinds.length > 1 ? ALL_CAP : names.length;
      data[kind] = names.slice(0, cap);
      if (names.length > cap) more[kind] = `${names.length - cap} more: call with kind=${kind}`;
    });
    if (Object.keys(more).length) data.more = more;
    if (Object.keys(errors).length) data.errors = errors;
    return { data };
  },
});
