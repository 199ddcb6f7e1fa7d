/**
 * The pure rules behind add_attachment's refusals: credentials recognised by
 * content, the uploaded name, and which folders count as inside.
 */
import { describe, expect, it } from "vitest";
import { credentialIn } from "../../src/tools/tickets/attachment-content.js";
import { isInside, uploadName } from "../../src/tools/tickets/upload-source.js";

const found = (text: string) => credentialIn(Buffer.from(text, "latin1"));

describe("credentialIn", () => {
  it.each([
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIE", /private key/],
    ["-----BEGIN ENCRYPTED PRIVATE KEY-----", /private key/],
    ["-----BEGIN PGP PRIVATE KEY BLOCK-----", /private key/],
    ["PuTTY-User-Key-File-3: ssh-ed25519\n", /PuTTY/],
    ['{ "type": "service_account", "project_id": "x" }', /service-account/],
    ['{"type":"authorized_user","refresh_token":"1//x"}', /user credential/],
    ["[default]\naws_secret_access_key=abc", /AWS secret/],
    [
      '{"AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}',
      /AWS secret/,
    ],
    [`DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${"A".repeat(86)}==`, /Azure storage/],
    ['{"appId": "1", "displayName": "x", "password": "p", "tenant": "t"}', /Azure service principal/],
    [
      "users:\n- name: x\n  user:\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0t",
      /Kubernetes/,
    ],
    ["//registry.npmjs.org/:_authToken=npm_abcdefghijklmnop", /package-registry/],
    [`token ghp_${"a".repeat(36)}`, /platform access token/],
    ['{"logins":[{"encryptedUsername":"x","encryptedPassword":"y"}]}', /browser password store/],
    [
      "SQLite format 3\0CREATE TABLE logins (origin_url VARCHAR, password_value BLOB)",
      /browser password store/,
    ],
    ["\x03\xd9\xa2\x9a\x67\xfb\x4b\xb5rest", /KeePass/],
    ["DB_HOST=x\nDB_PASSWORD=correcthorse\n", /secret assignment/],
    ["export STRIPE_SECRET_KEY='sk_test_abcdefgh'", /secret assignment/],
  ])("finds %j", (text, what) => {
    expect(found(text)).toMatch(what);
  });

  it.each([
    "2026-12-01 printer offline; password reset requested by user",
    "name,qty\nprinter,1\n",
    "See the BEGIN PRIVATE KEY section of our wiki",
    '{"type": "incident", "password": "see vault"}',
    "AKIAIOSFODNN7EXAMPLE alone is only a key ID",
  ])("leaves ordinary text alone: %j", (text) => {
    expect(found(text)).toBeUndefined();
  });

  it("finds a registered secret anywhere in the bytes", () => {
    const known = (t: string) => t.includes("the-configured-secret");
    expect(credentialIn(Buffer.from("xx the-configured-secret yy"), known)).toMatch(/own Halo credentials/);
  });

  // Several MB of input built to make a backtracking pattern quadratic: it must
  // finish well inside the test timeout (no timing asserted; bench measures it).
  it("scans pathological input in linear time", () => {
    const long = `${"PASSWORD_".repeat(600_000)}\n${"AKIAIOSFODNN7EXAMPLE ".repeat(100_000)}`;
    expect(found(long)).toBeUndefined();
    expect(found(`${"-----BEGIN ".repeat(400_000)}`)).toBeUndefined();
  });
});

describe("uploadName", () => {
  it("keeps the source's extension whatever name is chosen", () => {
    expect(uploadName("holiday.jpg", "id_rsa")).toBe("holiday");
    expect(uploadName("holiday.jpg", "report.pdf")).toBe("holiday.pdf");
    expect(uploadName("Q3 summary", "report.pdf")).toBe("Q3 summary.pdf");
    expect(uploadName(undefined, "report.pdf")).toBe("report.pdf");
  });
  it("drops folders and control characters", () => {
    expect(uploadName("../../etc/x.pdf", "a.pdf")).toBe("x.pdf");
    expect(uploadName("a\nNext step: b.pdf", "a.pdf")).toBe("aNext step: b.pdf");
    expect(uploadName("C:\\x\\y.png", "y.png")).toBe("y.png");
  });
});

describe("isInside", () => {
  it("compares whole path components", () => {
    expect(isInside("/home/me/proj", "/home/me/proj/a.txt")).toBe(true);
    expect(isInside("/home/me/proj", "/home/me/proj")).toBe(true);
    expect(isInside("/home/me/proj", "/home/me/project2/a.txt")).toBe(false);
    expect(isInside("/home/me/proj", "/home/me/proj/../x")).toBe(false);
  });
});
