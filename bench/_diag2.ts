import fc from "fast-check";
import { RpcProcess, textOf } from "./lib/rpc.js";
import { startFakeHalo } from "../src/sandbox/fake-halo.js";
import { serverEnv, BUNDLE, CLIENT_ID, CLIENT_SECRET } from "./lib/servers.js";
import { argsArb, type JsonSchema } from "../test/safety/lib/schema.js";
const fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, rateLimit: false, seed: 42 });
const p = new RpcProcess(process.execPath, [BUNDLE], serverEnv(fake.url, { HALOPSA_ALLOW_RAW_API: "true" }), "/");
await p.initialize();
const tools = await p.listTools();
const ids = [1001,1002,1003,12,13,30,31,100,101,500,501,70,71];
const hist = new Map<string, number>();
for (const t of tools) {
  const schema = t.inputSchema as JsonSchema;
  const samples = fc.sample(argsArb(schema, { ids }, (a, q) => { if (schema.properties?.dry_run) a.dry_run = q % 2 === 0; }), { numRuns: 200, seed: 42 });
  for (const s of samples) {
    if (s.invalid.length) continue;
    const r = await p.callTool(String(t.name), s.args);
    const k = r.isError ? `${t.name}: ${textOf(r).replace(/\d+/g, "N").replace(/"[^"]*"/g, '"…"').slice(0, 110)}` : `${t.name}: OK`;
    hist.set(k, (hist.get(k) ?? 0) + 1);
  }
}
for (const [k, v] of [...hist.entries()].sort((a, b) => b[1] - a[1]).slice(0, 70)) console.log(String(v).padStart(4), k);
await p.close(); await fake.close();
