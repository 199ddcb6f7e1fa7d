/** list_ticket_attachments: its tests against the fake Halo, in-process (test/helpers/e2e.ts). */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeHalo } from "../../fake-halo/index.js";
import { type E2E, startE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";

/**
 * Ticket activity tools end to end against the fake Halo. Seed facts used here:
 * outcomes Private Note #1, Public Note #2, Email User #3 (emails by default),
 * Phone Call #4, Remote Session #5; statuses include "Waiting on Customer" #21;
 * attachments error-screenshot.png (1x1 PNG), event-log.txt and network-
 * diagram.pdf on Acme tickets.
 */
let e2e: E2E;

let fake: FakeHalo;

let dir: string;

const { attachmentNamed } = seed(() => e2e.fake);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "halo-attach-"));
  // The upload folder is the server's working folder, as a project is in Claude Code.
  e2e = await startE2E({ cwd: dir });
  fake = e2e.fake;
});

afterAll(async () => {
  await e2e?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("list_ticket_attachments", () => {
  it("lists a ticket's files", async () => {
    const png = attachmentNamed("error-screenshot.png");
    const r = await e2e.call("list_ticket_attachments", { ticket_id: png.ticket_id });
    expect(r.isError).toBe(false);
    const rows = r.data?.attachments as Array<Record<string, unknown>>;
    expect(rows).toContainEqual(
      expect.objectContaining({
        id: png.id,
        filename: "error-screenshot.png",
        type: "image/png",
        size: `${png.bytes.length} B`,
      }),
    );
    expect(rows.every((a) => !("data" in a))).toBe(true);
    const expected = [...fake.db.attachments.values()].filter((a) => a.ticket_id === png.ticket_id).length;
    expect(rows.length).toBe(expected);
  });

  it("names a missing ticket", async () => {
    const r = await e2e.call("list_ticket_attachments", { ticket_id: 999_999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 999999");
  });
});
