// Builds the bundle once before the suite: e2e tests run the real built server.
import { execFileSync } from "node:child_process";

export default function setup() {
  if (process.env.HALOPSA_SKIP_BUILD === "1") return;
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
