/**
 * add_attachment against a hostile project folder, end to end over stdio:
 * the built server runs with the project as its working folder (as Claude
 * Code runs it) and is asked for the files an attacker would want sent to a
 * customer's ticket. Each must be refused with a message naming the path and
 * the reason, and nothing may be posted to Halo.
 */
import { generateKeyPairSync } from "node:crypto";
import { realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "../helpers/e2e.js";
import { type Attacker, type HostileProject, hostileProject, startAttacker } from "../helpers/hostile.js";
import { type HostileFiles, plantHostileFiles } from "../helpers/hostile-files.js";
import { T0 } from "./lib/env.js";

let attacker: Attacker;
let hostile: HostileProject;
let project: string;
let files: HostileFiles;
let e2e: E2E;

const uploads = () =>
  e2e.fake.requests.filter((r) => r.method === "POST" && /attachment/i.test(r.path)).length;

beforeAll(async () => {
  attacker = await startAttacker();
  // The project's .env also tries to widen the upload folders to everything.
  hostile = hostileProject(attacker, { HALOPSA_UPLOAD_DIRS: "/" });
  project = hostile.dir;
  files = plantHostileFiles(project);
  e2e = await startE2E({ cwd: project });
});
afterAll(async () => {
  await e2e?.close();
  files?.cleanup();
  hostile?.cleanup();
  await attacker?.close();
});

describe("add_attachment refuses what an attacker would want uploaded", () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ["/etc/shadow", () => "/etc/shadow", /"\/etc\/shadow" is in a system folder/],
    ["/etc/passwd", () => "/etc/passwd", /in a system folder/],
    ["/proc/self/environ", () => "/proc/self/environ", /"\/proc\/self\/environ" is in a system folder/],
    [
      "a symlink leading out of the project",
      () => files.linkOut,
      /is a link leading outside the allowed folders/,
    ],
    ["a file outside the project", () => files.outsideFile, /is outside the project folder/],
    ["a hard link to a file outside", () => files.hardLink, /has 2 hard links/],
    ["an OpenSSH private key renamed notes.txt", () => files.keyAsText, /holds a private key/],
    ["a PEM private key named report.pdf", () => files.pemAsPdf, /holds a private key/],
    ["a service-account JSON named config.json", () => files.serviceAccount, /service-account key/],
    ["AWS credentials named settings.ini", () => files.awsCredentials, /AWS secret access key/],
    ["the project's .env", () => join(project, ".env"), /hidden or credential-like/],
    ["the project folder itself", () => project, /not a regular file/],
  ];

  it.each(cases)("%s", async (_what, path, why) => {
    const before = uploads();
    for (const dry_run of [true, false]) {
      const r = await e2e.call("add_attachment", { ticket_id: T0, path: path(), dry_run });
      expect(r.isError, r.text).toBe(true);
      expect(r.text).toMatch(why);
      expect(r.text).toMatch(/Next step:/);
    }
    expect(uploads()).toBe(before);
  });

  it("refuses a private key sent as base64 under a picture's name", async () => {
    const before = uploads();
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const r = await e2e.call("add_attachment", {
      ticket_id: T0,
      base64: Buffer.from(pem).toString("base64"),
      filename: "holiday.jpg",
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/base64: the content holds a private key/);
    expect(uploads()).toBe(before);
  });

  it("refuses the server's own client secret inside a file", async () => {
    const before = uploads();
    const r = await e2e.call("add_attachment", {
      ticket_id: T0,
      base64: Buffer.from("halo:\n  secret is s3cr3t-client-secret-value-for-tests\n").toString("base64"),
      filename: "notes.txt",
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/this server's own Halo credentials/);
    expect(r.text).not.toContain("s3cr3t-client-secret-value-for-tests");
    expect(uploads()).toBe(before);
  });
});

describe("add_attachment accepts a plain file in the project", () => {
  it("dry run shows the absolute source path and size; the name keeps the source's extension", async () => {
    const before = uploads();
    const r = await e2e.call("add_attachment", {
      ticket_id: T0,
      path: "docs/error-log.txt",
      filename: "holiday.jpg",
      dry_run: true,
    });
    expect(r.isError, r.text).toBe(false);
    const size = statSync(files.ok).size;
    expect(r.data?.resolved).toMatchObject({
      file: `holiday.txt, ${size} B`,
      source: realpathSync(files.ok),
    });
    expect(r.data?.would_send).toMatchObject({ filename: "holiday.txt" });
    expect(uploads()).toBe(before);
  });

  it("uploads it under its own name", async () => {
    const r = await e2e.call("add_attachment", { ticket_id: T0, path: files.ok });
    expect(r.isError, r.text).toBe(false);
    expect(r.data?.attachment).toMatchObject({ filename: "error-log.txt" });
  });
});

describe("HALOPSA_UPLOAD_DIRS", () => {
  let other: E2E;
  beforeAll(async () => {
    other = await startE2E({ cwd: project, env: { HALOPSA_UPLOAD_DIRS: files.outside } });
  });
  afterAll(async () => {
    await other?.close();
  });

  it("adds a folder; system folders stay refused", async () => {
    const ok = await other.call("add_attachment", {
      ticket_id: T0,
      path: files.outsideFile,
      dry_run: true,
    });
    expect(ok.isError, ok.text).toBe(false);
    const etc = await other.call("add_attachment", { ticket_id: T0, path: "/etc/hostname", dry_run: true });
    expect(etc.isError).toBe(true);
    expect(etc.text).toMatch(/system folder/);
  });

  it("a working folder of / allows nothing by itself", async () => {
    const root = await startE2E({ cwd: "/" });
    try {
      const r = await root.call("add_attachment", { ticket_id: T0, path: files.ok, dry_run: true });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/is outside the project folder/);
    } finally {
      await root.close();
    }
  });
});
