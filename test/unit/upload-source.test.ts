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
    // Common formats the first version missed (probe-trust).
    ["STRIPE_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc\n", /secret assignment/],
    ["SENDGRID_KEY=SG.abcdefghijklmnop.qrstuvwxyz0123456789\n", /secret assignment/],
    ["DATABASE_URL=postgres://app:Sup3rS3cretPw@db.internal:5432/app\n", /password in a URL/],
    ["https://alice:hunter2hunter2@gitlab.example.com\n", /password in a URL/],
    ["machine api.example.com\n  login alice\n  password hunter2hunter2\n", /\.netrc password/],
    ["default login alice password hunter2hunter2", /\.netrc password/],
    ['{"auths":{"https://index.docker.io/v1/":{"auth":"YWxpY2U6aHVudGVyMmh1bnRlcjI="}}}', /registry login/],
    ["users:\n- name: sa\n  user:\n    token: abcdefghijklmnopqrstuvwxyz0123\n", /access token/],
    [
      "Authorization was eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      /JWT/,
    ],
    ["tls.key: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB\n", /base64-encoded PEM/],
    ['{"db": {"user": "app", "password": "Sup3rS3cretPw"}}', /secret in JSON/],
    [
      "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
      /platform access token/,
    ],
    ["-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\r\n", /private key/],
    [
      Buffer.from("\ufeff-----BEGIN OPENSSH PRIVATE KEY-----\r\nabc", "utf16le").toString("latin1"),
      /private key/,
    ],
  ])("finds %j", (text, what) => {
    expect(found(text)).toMatch(what);
  });

  it.each([
    "2026-12-01 printer offline; password reset requested by user",
    "name,qty\nprinter,1\n",
    "See the BEGIN PRIVATE KEY section of our wiki",
    '{"type": "incident", "password": "see vault"}',
    "AKIAIOSFODNN7EXAMPLE alone is only a key ID",
    "See https://example.com/docs for the user:pass@host syntax",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder, as a .env example writes it
    "postgres://user:${DB_PASSWORD}@db/app",
    "PRIMARY_KEY=id\nSORT_KEY=created_at",
    '{"token_type": "Bearer", "expires_in": 3600}',
    "The machine needs a new password soon",
    "-----BEGIN CERTIFICATE-----\nMIIB",
    "ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t",
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
    for (const evil of ["eyJ-", "eyJ.", "a://", "machine ", '"aaaa', "LS0tLS1CRUdJTi", "x:a@", "\0A"])
      expect(found(evil.repeat(Math.floor(4_000_000 / evil.length)))).toBeUndefined();
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
