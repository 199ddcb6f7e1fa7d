/**
 * list_ticket_attachments: a ticket's files as metadata only (never their
 * data), one row each.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";

const e2e = useE2E();

const { attachmentNamed } = seed(() => e2e.fake);

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
    const expected = [...e2e.fake.db.attachments.values()].filter(
      (a) => a.ticket_id === png.ticket_id,
    ).length;
    expect(rows.length).toBe(expected);
  });

  it("names a missing ticket", async () => {
    const r = await e2e.call("list_ticket_attachments", { ticket_id: 999_999 });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("no ticket with ID 999999");
  });
});
