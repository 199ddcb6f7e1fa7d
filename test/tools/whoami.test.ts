/** whoami: its tests against the fake Halo, in-process (test/helpers/e2e.ts). */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";

/**
 * Ticket activity tools end to end against the fake Halo. Seed facts used here:
 * outcomes Private Note #1, Public Note #2, Email User #3 (emails by default),
 * Phone Call #4, Remote Session #5; statuses include "Waiting on Customer" #21;
 * attachments error-screenshot.png (1x1 PNG), event-log.txt and network-
 * diagram.pdf on Acme tickets.
 */
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
