import { z } from "zod";
import { R } from "../../halo/resources.js";
import { compact, ref } from "../../util/format.js";
import { resolveSite } from "../assets/placement.js";
import { dryRun, idOrName, isoDate } from "../common.js";
import { defineTool } from "../define.js";
import { contractDetail, contractWriteOutput } from "./projection.js";
import { checkDates, contractTerms } from "./terms.js";

export const createContract = defineTool({
  name: "create_contract",
  title: "Create a contract",
  description: "Create a client contract: ref, start/end dates, billing terms. Returns the saved contract.",
  toolset: "contracts",
  effect: "create",
  input: {
    client: idOrName(),
    ref: z.string().trim().min(1).max(100).describe("Contract reference"),
    ...contractTerms,
    start_date: isoDate.describe("Start date, YYYY-MM-DD"),
    site: idOrName().optional(),
    dry_run: dryRun,
  },
  output: contractWriteOutput,
  async handler(args, ctx) {
    const { halo, signal } = ctx;
    checkDates(args.start_date, args.end_date);
    const client = await halo.records.resolve("client", args.client, "client", {}, signal);
    const site = args.site === undefined ? undefined : await resolveSite(ctx, args.site, client);
    const payload = compact({
      client_id: client.id,
      site_id: site?.id,
      ref: args.ref,
      start_date: args.start_date,
      end_date: args.end_date,
      billingperiod: args.billing_period,
      periodchargeamount: args.period_charge,
      note: args.note,
    });
    if (args.dry_run) {
      const resolved = compact({
        client: ref(client.name, client.id),
        site: site ? ref(site.name, site.id) : undefined,
      });
      return { data: { dry_run: true, would_send: payload, resolved: resolved as Record<string, string> } };
    }
    const saved = await halo.resources.save<Record<string, unknown>>(R.contracts, payload, { signal });
    return { data: { contract: contractDetail(saved) } };
  },
});
