import { R } from "../../halo/resources.js";
import { fields, recordId } from "../common.js";
import { defineTool } from "../define.js";
import { pickRaw } from "../support/raw-fields.js";
import { contractDetail, contractOutput } from "./projection.js";

export const getContract = defineTool({
  name: "get_contract",
  title: "Get a contract",
  description: "One contract: dates, state, billing terms, prepay, hours, plans, schedule.",
  toolset: "contracts",
  effect: "read",
  input: { id: recordId("Contract"), fields },
  output: contractOutput,
  async handler(args, ctx) {
    const raw = await ctx.halo.resources.get<Record<string, unknown>>(
      R.contracts,
      args.id,
      { includedetails: true, includeperiods: true },
      { signal: ctx.signal },
    );
    return { data: { contract: { ...contractDetail(raw), ...pickRaw(raw, args.fields, 2000) } } };
  },
});
