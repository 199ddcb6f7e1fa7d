import fc from "fast-check";
import { z } from "zod";
import { allTools } from "../src/tools/registry.js";
import { argsArb, type JsonSchema } from "../test/safety/lib/schema.js";
const tools = allTools({ readOnly: false, allowRawApi: true, toolsets: ["tickets","clients","assets","contracts","records","raw"], logLevel: "info" });
const ids = [1001,1002,1003,12,13,30,31,100,101,500,501,70,71];
for (const t of tools) {
  const schema = z.toJSONSchema(z.object(t.input), { target: "draft-7", io: "input", unrepresentable: "any" }) as JsonSchema;
  const samples = fc.sample(argsArb(schema, { ids }, (a, p) => { if (schema.properties?.dry_run) a.dry_run = p % 2 === 0; }), { numRuns: 200, seed: 42 });
  let ok = 0, flagged = 0, zodOnly = 0; const reasons = new Map<string, number>();
  for (const s of samples) {
    const r = z.object(t.input).safeParse(s.args);
    if (s.invalid.length) { flagged++; if (r.success) console.log("MISMATCH", t.name, JSON.stringify(s.args).slice(0,200), s.invalid); continue; }
    if (r.success) ok++; else { zodOnly++; for (const i of r.error.issues) { const k = `${i.path.join(".")}: ${i.message}`.slice(0, 90); reasons.set(k, (reasons.get(k) ?? 0) + 1); } }
  }
  console.log(t.name.padEnd(24), "valid", ok, "flagged", flagged, "zod-only-invalid", zodOnly, [...reasons.entries()].sort((a,b)=>b[1]-a[1]).slice(0,3).map(([k,v])=>`${v}× ${k}`).join(" | "));
}
