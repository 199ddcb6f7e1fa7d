import { z } from "zod";
import { R } from "../../halo/resources.js";
import { compact, ref } from "../../util/format.js";
import { dryRun, idOrName, isoDate } from "../common.js";
import { defineTool } from "../define.js";
import { contractState } from "../support/contract-state.js";
import { resolveSiteOf } from "../support/sites.js";
import { dryRunResult, duplicateError, refOf, sameValue } from "../support/writes.js";
import { contractDetail, contractWriteOutput } from "./projection.js";
import { checkDates, contractTerms, termsPayload } from "./terms.js";

export const createContract = defineTool({
  name: "create_contract",
  title: "Create a contract",
  description: "Create a client contract; refuses a ref the client has unless allow_duplicate.",
  toolset: "contracts",
  effect: "create",
  input: {
    client: idOrName(),
    ref: z.string().trim().min(1).max(100).describe("Contract ref"),
    ...contractTerms,
    start_date: isoDate.describe("Start date, YYYY-MM-DD"),
    site: idOrName().optional(),
    allow_duplicate: z.boolean().default(false).describe("Allow a duplicate"),
    dry_run: dryRun,
  },
  output: contractWriteOutput,
  async handler(args, ctx) {
    const { halo, signal } = ctx;
    checkDates(args.start_date, args.end_date);
    const client = await halo.names.resolve("client", args.client, "client", {}, signal);
    const site = args.site === undefined ? undefined : await resolveSiteOf(ctx, args.site, client);
    // Expired and inactive ones too: a renewal usually extends the old contract instead.
    const duplicates = (await sameValue(ctx, R.contracts, { client_id: client.id }, args.ref, "ref")).map(
      (c) => refOf(c, contractState(c), c.ref),
    );
    const payload = compact({
      client_id: client.id,
      site_id: site?.id,
      ref: args.ref,
      ...termsPayload(args),
    });
    const preview = dryRunResult(
      payload,
      { client: ref(client.name, client.id), site: site ? ref(site.name, site.id) : undefined },
      { duplicates: { matches: duplicates, allowed: args.allow_duplicate } },
    );
    if (args.dry_run) return preview;
    if (duplicates.length > 0 && !args.allow_duplicate) throw duplicateError("contract", duplicates);
    await ctx.confirm({
      action: `Create contract for ${ref(client.name, client.id)}`,
      preview: preview.data,
    });
    const saved = await halo.resources.save<Record<string, unknown>>(R.contracts, payload, { signal });
    return { data: { contract: contractDetail(saved) } };
  },
});
