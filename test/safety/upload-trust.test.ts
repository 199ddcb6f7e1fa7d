/**
 * add_attachment against a hostile project folder, end to end over stdio:
 * the built server runs with the project as its working folder (as Claude
 * Code runs it) and is asked for the files an attacker would want sent to a
 * customer's ticket. Each must be refused with a message naming the path and
 * the reason, and nothing may be posted to Halo.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startStdioE2E } from "../helpers/e2e.js";
import { type Attacker, type HostileProject, hostileProject, startAttacker } from "../helpers/hostile.js";
import { type HostileFiles, plantHostileFiles } from "../helpers/hostile-files.js";
import { T0 } from "../helpers/safety-env.js";

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
  e2e = await startStdioE2E({ cwd: project });
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

describe("add_attachment refuses what the first version let through (probe-trust)", () => {
  const plant = (name: string, text: string | Buffer) => {
    const path = join(project, "deploy", name);
    mkdirSync(join(project, "deploy"), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  const cases: Array<[string, () => string, RegExp]> = [
    [
      "an env file not named .env",
      () => plant("prod.env", "STRIPE_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc\n"),
      /secret assignment/,
    ],
    [
      "a database URL with its password",
      () => plant("app.cfg", "DATABASE_URL=postgres://app:Sup3rS3cretPw@db:5432/app\n"),
      /password in a URL/,
    ],
    [
      "git credentials under another name",
      () => plant("git-creds.txt", "https://alice:hunter2hunter2@gitlab.example.com\n"),
      /password in a URL/,
    ],
    [
      "a netrc under another name",
      () => plant("hosts.txt", "machine api.example.com\n  login alice\n  password hunter2hunter2\n"),
      /\.netrc password/,
    ],
    [
      "a docker config",
      () => plant("docker.json", '{"auths":{"ghcr.io":{"auth":"YWxpY2U6aHVudGVyMmh1bnRlcjI="}}}'),
      /registry login/,
    ],
    [
      "a kubeconfig with a token",
      () => plant("kube.yaml", "users:\n- name: ci\n  user:\n    token: 0123456789abcdefghijklmnop\n"),
      /access token/,
    ],
    [
      "an SSH key saved as UTF-16 by PowerShell",
      () =>
        plant(
          "key.txt",
          Buffer.from("\ufeff-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaA\r\n", "utf16le"),
        ),
      /private key/,
    ],
    ["a path with a NUL", () => `${join(project, "docs", "error-log.txt")}\u0000.png`, /control characters/],
  ];

  it.each(cases)("%s", async (_what, path, why) => {
    const before = uploads();
    const r = await e2e.call("add_attachment", { ticket_id: T0, path: path(), dry_run: true });
    expect(r.isError, r.text).toBe(true);
    expect(r.text).toMatch(why);
    expect(r.text).not.toMatch(/Unexpected error/);
    expect(uploads()).toBe(before);
  });

  it("a working folder that is the home folder is not an upload folder", async () => {
    const home = mkdtempSync(join(tmpdir(), "halopsa-home-"));
    mkdirSync(join(home, "Library", "Messages"), { recursive: true });
    writeFileSync(join(home, "Library", "Messages", "chat-export.txt"), "private conversation\n");
    const inHome = await startStdioE2E({ cwd: home, env: { HOME: home } });
    try {
      const r = await inHome.call("add_attachment", {
        ticket_id: T0,
        path: "Library/Messages/chat-export.txt",
        dry_run: true,
      });
      expect(r.isError, r.text).toBe(true);
      expect(r.text).toMatch(/the working folder is the home folder/);
    } finally {
      await inHome.close();
      rmSync(home, { recursive: true, force: true });
    }
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
    other = await startStdioE2E({ cwd: project, env: { HALOPSA_UPLOAD_DIRS: files.outside } });
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
    const root = await startStdioE2E({ cwd: "/" });
    try {
      const r = await root.call("add_attachment", { ticket_id: T0, path: files.ok, dry_run: true });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/is outside the project folder/);
    } finally {
      await root.close();
    }
  });
});
