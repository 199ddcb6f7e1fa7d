import { z } from "zod";
import { R } from "../../halo/resources.js";
import { type Row, ref } from "../../util/format.js";
import { dryRun, idOrName, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { day } from "../support/dates.js";
import { resolveSiteOf } from "../support/sites.js";
import { defined, dryRunResult, requireChanges } from "../support/writes.js";
import { contractDetail, contractRef, contractWriteOutput } from "./projection.js";
import { checkDates, contractTerms, termsPayload } from "./terms.js";

export const updateContract = defineTool({
  name: "update_contract",
  title: "Update a contract",
  description: 'Change only the given fields of a contract (dates checked); note "" clears it.',
  toolset: "contracts",
  effect: "update",
  input: {
    id: recordId("Contract"),
    ref: z.string().trim().min(1).max(100).optional().describe("Contract ref"),
    ...contractTerms,
    site: idOrName().optional(),
    dry_run: dryRun,
  },
  output: contractWriteOutput,
  async handler(args, ctx) {
    const { halo, signal } = ctx;
    const { id: _, dry_run: __, ...changes } = args;
    requireChanges(changes, "ref, start_date, end_date, billing_period, period_charge, note, site");
    const current = await halo.resources.get<Row>(R.contracts, args.id, {}, { signal });
    checkDates(args.start_date, args.end_date, {
      start: day(current.start_date),
      end: day(current.end_date),
    });
    const owner = { id: Number(current.client_id), name: String(current.client_name ?? "") };
    const site = args.site === undefined ? undefined : await resolveSiteOf(ctx, args.site, owner);
    // defined(), not compact(): note "" is a change (it clears the note).
    const payload = defined({
      id: args.id,
      ref: args.ref,
      site_id: site?.id,
      ...termsPayload(args),
    });
    const preview = dryRunResult(payload, {
      contract: contractRef(current),
      site: site ? ref(site.name, site.id) : undefined,
    });
    if (args.dry_run) return preview;
    await ctx.confirm({ action: `Update contract ${contractRef(current)}`, preview: preview.data });
    const saved = await halo.resources.save<Row>(R.contracts, payload, { signal });
    return { data: { contract: contractDetail({ ...current, ...saved }) } };
  },
});
