import { RpcProcess } from "./lib/rpc.js";
import { startFakeHalo } from "../src/sandbox/fake-halo.js";
import { serverEnv, BUNDLE, CLIENT_ID, CLIENT_SECRET } from "./lib/servers.js";
const fake = await startFakeHalo({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, rateLimit: false, seed: 11 });
const p = new RpcProcess(process.execPath, [BUNDLE], serverEnv(fake.url, { NODE_OPTIONS: process.env.SOAK_NODE_OPTIONS }), "/");
await p.initialize();
p.exited.then((e) => console.log("server exited", e, p.stderr.slice(-1500)));
const mix: Array<(i: number) => [string, Record<string, unknown>]> = [
  (i) => ["get_ticket", { id: 1001 + (i % 40) }],
  (i) => ["search_tickets", { limit: 5, page: (i % 4) + 1 }],
  (i) => ["list_lookups", { kind: ["statuses", "priorities", "ticket_types", "agents", "teams"][i % 5] }],
  (i) => ["list_ticket_actions", { ticket_id: 1001 + (i % 20), limit: 5 }],
  (i) => ["get_client", { client: 12 + (i % 5) }],
  () => ["search_clients", { limit: 5 }],
  () => ["whoami", {}],
];
const only = process.argv[2];
for (let i = 0; i < 8000; i++) {
  const [n, a] = only ? mix[Number(only)]!(i) : mix[i % mix.length]!(i);
  const r = await p.callTool(n, a);
  if (r.isError) console.log("ERR", n, JSON.stringify(r.content).slice(0, 200));
  if (i % 1000 === 0) console.log(i, (p.rss() / 1048576).toFixed(1), "MB");
  fake.requests.length = 0;
}
console.log("done; stderr tail:", p.stderr.slice(-500)); await p.close(); await fake.close();
