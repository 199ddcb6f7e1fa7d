/**
 * Files a hostile project folder (or a model talked into it) would offer to
 * add_attachment: links leading out, a hard-linked copy, credentials under
 * innocent names. Planted into any folder, so it combines with
 * hostileProject() from ./hostile.ts when both are needed.
 */
import { generateKeyPairSync } from "node:crypto";
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface HostileFiles {
  /** An ordinary file that may be attached. */
  ok: string;
  /** A symlink inside the folder to a file outside it. */
  linkOut: string;
  /** A hard link inside the folder to a file outside it. */
  hardLink: string;
  /** An OpenSSH private key renamed notes.txt. */
  keyAsText: string;
  /** A PEM (PKCS#8) private key named report.pdf. */
  pemAsPdf: string;
  /** A Google Cloud service-account key named config.json. */
  serviceAccount: string;
  /** AWS credentials named settings.ini. */
  awsCredentials: string;
  /** A plain file outside the project, with no other links. */
  outsideFile: string;
  /** The folder outside the project the links point into (removed by cleanup). */
  outside: string;
  cleanup(): void;
}

export function plantHostileFiles(dir: string): HostileFiles {
  const outside = mkdtempSync(join(tmpdir(), "halopsa-outside-"));
  const secretOutside = join(outside, "private.txt");
  writeFileSync(secretOutside, "outside the project: never to be uploaded\n");
  const outsideFile = join(outside, "outside.txt");
  writeFileSync(outsideFile, "a file outside the project\n");
  mkdirSync(join(dir, "docs"), { recursive: true });

  const ok = join(dir, "docs", "error-log.txt");
  writeFileSync(ok, "2026-12-01 10:00 printer offline\n");

  const linkOut = join(dir, "docs", "shortcut.txt");
  symlinkSync(secretOutside, linkOut);

  const hardLink = join(dir, "docs", "copy.txt");
  linkSync(secretOutside, hardLink);

  const { privateKey } = generateKeyPairSync("ed25519");
  const openssh = `-----BEGIN OPENSSH PRIVATE KEY-----\n${Buffer.from(
    privateKey.export({ type: "pkcs8", format: "der" }),
  ).toString("base64")}\n-----END OPENSSH PRIVATE KEY-----\n`;
  const keyAsText = join(dir, "docs", "notes.txt");
  writeFileSync(keyAsText, openssh);

  const pemAsPdf = join(dir, "docs", "report.pdf");
  writeFileSync(pemAsPdf, privateKey.export({ type: "pkcs8", format: "pem" }));

  const serviceAccount = join(dir, "docs", "config.json");
  writeFileSync(
    serviceAccount,
    JSON.stringify(
      {
        type: "service_account",
        project_id: "victim-project",
        private_key_id: "0123456789abcdef",
        client_email: "deploy@victim-project.iam.gserviceaccount.com",
      },
      null,
      2,
    ),
  );

  const awsCredentials = join(dir, "docs", "settings.ini");
  writeFileSync(
    awsCredentials,
    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
  );

  return {
    ok,
    linkOut,
    hardLink,
    keyAsText,
    pemAsPdf,
    serviceAccount,
    awsCredentials,
    outsideFile,
    outside,
    cleanup: () => rmSync(outside, { recursive: true, force: true }),
  };
}
