import fc from "fast-check";
import { z } from "zod";
import { RpcProcess, textOf } from "./lib/rpc.js";
import { startFakeHalo } from "../src/sandbox/fake-halo.js";
import { serverEnv, BUNDLE, CLIENT_ID, CLIENT_SECRET } from "./lib/servers.js";
import { argsArb, type JsonSchema } from "../test/safety/lib/schema.js";
import { allTools } from "../src/tools/registry.js";
const defs = new Map(allTools({ readOnly: false, allowRawApi: true, toolsets: ["tickets","clients","assets","contracts","records","raw"], logLevel: "info" }).map((t) => [t.name, t]));
const fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, rateLimit: false, seed: 42 });
const p = new RpcProcess(process.execPath, [BUNDLE], serverEnv(fake.url, { HALOPSA_ALLOW_RAW_API: "true" }), "/");
await p.initialize();
const tools = await p.listTools();
let shown = 0;
for (const t of tools.filter((t) => ["search_assets", "update_client", "get_ticket"].includes(String(t.name)))) {
  const schema = t.inputSchema as JsonSchema;
  const samples = fc.sample(argsArb(schema, {}), { numRuns: 200, seed: 42 });
  for (const s of samples) {
    if (s.invalid.length) continue;
    const r = await p.callTool(String(t.name), s.args);
    const local = z.object(defs.get(String(t.name))!.input).safeParse(JSON.parse(JSON.stringify(s.args)));
    if (r.isError && textOf(r).startsWith("Invalid input for") && shown++ < 6) console.log(t.name, JSON.stringify(s.args).slice(0, 400), "\n  =>", textOf(r).slice(0, 200), "\n  local:", local.success);
  }
}
await p.close(); await fake.close();
