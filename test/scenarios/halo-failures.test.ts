/**
 * Halo failures reach the model, across tools: a lookup kind Halo refuses
 * (list_lookups lists the rest), whoami and the read tools saying what Halo
 * answered, and read-only mode (whoami says so, the write tools are absent).
 * Seed facts: the attachment error-screenshot.png sits on an Acme ticket.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeHalo } from "../../fake-halo/index.js";
import { type E2E, startE2E } from "../helpers/e2e.js";
import { seed } from "../helpers/seed.js";

let e2e: E2E;

let _fake: FakeHalo;

let dir: string;

const { attachmentNamed } = seed(() => e2e.fake);

/** The ticket with the seeded screenshot: it has actions, system ones included. */
const ticketId = () => attachmentNamed("error-screenshot.png").ticket_id;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "halo-attach-"));
  // The upload folder is the server's working folder, as a project is in Claude Code.
  e2e = await startE2E({ cwd: dir });
  _fake = e2e.fake;
});

afterAll(async () => {
  await e2e?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Failures Halo (or its proxy) answers, on a fresh server so cached lookups cannot hide them. */
describe("Halo failures reach the model", () => {
  let failing: E2E;
  beforeAll(async () => {
    failing = await startE2E({
      env: {
        HALOPSA_READ_ONLY: "true",
        HALOPSA_TOOLSETS: "tickets",
        HALOPSA_RETRY_BASE_MS: "5",
        HALOPSA_RETRY_BUDGET_MS: "300",
      },
    });
  });
  afterAll(async () => {
    await failing?.close();
  });

  it("list_lookups reports a failed kind and still lists the rest", async () => {
    failing.fake.addFault({ method: "GET", path: "/Agent", kind: "500", times: Number.POSITIVE_INFINITY });
    const r = await failing.call("list_lookups", {});
    failing.fake.clearFaults();
    expect(r.isError).toBe(false);
    expect(r.data?.statuses).toContain("New #1");
    expect(r.data?.errors).toEqual({ agents: expect.stringMatching(/GET \/api\/Agent failed with 500/) });
  });

  it("whoami and the read tools say what Halo answered", async () => {
    failing.fake.addFault({ method: "GET", path: "/Agent/me", kind: "503", times: Number.POSITIVE_INFINITY });
    const who = await failing.call("whoami");
    failing.fake.clearFaults();
    expect(who.isError).toBe(true);
    expect(who.text).toMatch(/Agent\/me failed with 503/);

    failing.fake.addFault({
      method: "GET",
      path: "/Attachment",
      kind: "html",
      times: Number.POSITIVE_INFINITY,
    });
    const list = await failing.call("list_ticket_attachments", { ticket_id: ticketId() });
    failing.fake.clearFaults();
    expect(list.isError).toBe(true);
    expect(list.text).toMatch(/Attachment/);
  });

  it("in read-only mode whoami says so and the write tools are absent", async () => {
    const r = await failing.call("whoami");
    expect(r.data).toMatchObject({ read_only: true, toolsets: ["tickets"] });
    const { tools } = await failing.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["list_ticket_actions", "get_attachment", "list_lookups", "whoami"]),
    );
    expect(names).not.toContain("add_ticket_action");
    expect(names).not.toContain("add_attachment");
  });
});
