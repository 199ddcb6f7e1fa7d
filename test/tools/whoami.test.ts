/**
 * whoami: names the API agent, the URL, read-only mode and the toolsets, so the
 * person sees whom the server acts as.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";

const e2e = useE2E();

describe("whoami", () => {
  it("names the API agent, the URL, read-only mode and toolsets", async () => {
    const r = await e2e.call("whoami");
    expect(r.isError).toBe(false);
    const me = e2e.fake.db.agents.get(e2e.fake.db.apiAgentId);
    expect(r.data).toEqual({
      agent: `${me?.name} #${me?.id}`,
      email: me?.email,
      halo_url: e2e.fake.url,
      read_only: false,
      toolsets: ["tickets", "clients", "assets", "contracts", "time", "records"],
      token_host: new URL(e2e.fake.url).host,
      auth: "API application's client credentials (acts as the application's agent)",
      // Settings left at their default are not listed.
      settings_from: {
        HALOPSA_BASE_URL: "environment",
        HALOPSA_CLIENT_ID: "environment",
        HALOPSA_CLIENT_SECRET: "environment",
        HALOPSA_LOG_LEVEL: "environment",
        HALOPSA_RETRY_BASE_MS: "environment",
      },
    });
  });
});
