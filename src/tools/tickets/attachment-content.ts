/**
 * What get_attachment may show of a file, decided from its bytes and type:
 * text a model can read, an image it can see, or neither. Pure functions,
 * so the rules are unit-tested without Halo.
 */
import { clip } from "../../util/format.js";
import { typeFromFilename } from "./action-projection.js";

/** Longest text returned (characters, ~8k tokens); the rest is summarised by `clip`. */
export const TEXT_MAX_CHARS = 32_000;
/** Largest image returned as an image block (base64 grows it by a third). */
export const IMAGE_MAX_BYTES = 1024 * 1024;
/** Largest file read to extract text; bigger text files show their first part. */
export const TEXT_READ_MAX_BYTES = 256 * 1024;
/** Largest upload add_attachment accepts. */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
/**
 * Largest base64 upload. Base64 travels inside one JSON-RPC message, and the
 * stdio transport carries at most 10 MiB a message (STDIO_MAX_MESSAGE_BYTES):
 * 5 MiB is 6.7 MiB encoded, well inside it. Bigger files go by path.
 */
export const BASE64_MAX_BYTES = 5 * 1024 * 1024;
/** The base64 text of BASE64_MAX_BYTES, plus room for line breaks and a data: prefix. */
export const BASE64_MAX_CHARS = Math.ceil(BASE64_MAX_BYTES / 3) * 4 + 256 * 1024;

/** Image types a model can see as an MCP image block. */
const VIEWABLE_IMAGES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|csv|yaml|x-yaml|javascript|x-sh|x-powershell|sql|x-ndjson)|message\/rfc822|image\/svg\+xml)|\+(json|xml)$/;

/** The image type announced by a file's first bytes, whatever its name says. */
export function sniffImage(bytes: Uint8Array): string | undefined {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return "image/gif";
  if (
    b.length >= 12 &&
    b[0] === 0x52 &&
    b[1] === 0x49 &&
    b[2] === 0x46 &&
    b[3] === 0x46 &&
    b[8] === 0x57 &&
    b[9] === 0x45 &&
    b[10] === 0x42 &&
    b[11] === 0x50
  )
    return "image/webp";
  return undefined;
}

/** True when the bytes look like text: valid UTF-8 with no NULs in the sample. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) return false;
  try {
    // A cut multi-byte character at the sample's end is not a reason to refuse.
    new TextDecoder("utf-8", { fatal: true }).decode(sample.subarray(0, Math.max(0, sample.length - 4)));
    return true;
  } catch {
    return false;
  }
}

export const isTextType = (type: string | undefined) => !!type && TEXT_TYPES.test(type);

export type AttachmentContent =
  | { kind: "text"; text: string; clipped: boolean }
  | { kind: "image"; data: string; mimeType: string }
  | { kind: "none"; reason: string };

/**
 * What to show of a file. `type` is the declared MIME type (Halo's or the
 * response's), `size` the real size when known (the bytes may be only the
 * first part of a larger file, when `complete` is false).
 */
export function contentOf(input: {
  bytes: Uint8Array;
  type?: string;
  filename?: string;
  size?: number;
  complete: boolean;
}): AttachmentContent {
  const { bytes, complete } = input;
  const size = input.size ?? bytes.length;
  const declared = input.type && input.type !== "application/octet-stream" ? input.type : undefined;
  const type = declared ?? typeFromFilename(input.filename);
  const image =
    sniffImage(bytes) ?? (type?.startsWith("image/") && type !== "image/svg+xml" ? type : undefined);

  if (image) {
    if (!VIEWABLE_IMAGES.has(image))
      return { kind: "none", reason: `${image} images cannot be shown; only PNG, JPEG, GIF and WebP.` };
    if (!complete || size > IMAGE_MAX_BYTES) {
      return {
        kind: "none",
        reason: `the image is over the ${IMAGE_MAX_BYTES / 1024 / 1024} MB limit for showing it.`,
      };
    }
    return { kind: "image", data: Buffer.from(bytes).toString("base64"), mimeType: image };
  }

  if (isTextType(type) || (!type && looksLikeText(bytes))) {
    if (!looksLikeText(bytes))
      return { kind: "none", reason: "it is declared as text but holds binary data." };
    const decoded = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
    // Only part of a big file was read: say so even if that part fits.
    const missing = complete ? 0 : Math.max(0, size - bytes.length);
    const text = clip(decoded, TEXT_MAX_CHARS);
    const clipped = text !== decoded || missing > 0;
    return {
      kind: "text",
      text: missing > 0 && text === decoded ? `${text}… [+${missing} bytes not read]` : text,
      clipped,
    };
  }

  return {
    kind: "none",
    reason: `${type ?? "binary"} files cannot be shown as text or image; open it in Halo.`,
  };
}

/** Base64 as people paste it (data: URL, line breaks, URL-safe alphabet) → bytes, or an error text. */
export function decodeBase64(input: string): { bytes: Buffer } | { error: string } {
  const body = input
    .replace(/^data:[^,]*;base64,/i, "")
    .replace(/\s+/g, "")
    .replace(/-/g, "+")
    .replace(/_/g, "/");
  if (!body) return { error: "is empty" };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.replace(/=+$/, "").length % 4 === 1) {
    return { error: "is not valid base64" };
  }
  return { bytes: Buffer.from(body, "base64") };
}

/**
 * Credentials recognised by content, so a key renamed notes.txt is still a
 * key. Each entry names what it found, for the refusal. The set (documented
 * in prd/07-threat-model.md): private-key blocks (PEM, OpenSSH, PGP, PuTTY),
 * cloud credentials (GCP service-account and authorized-user JSON, AWS
 * credentials and secret keys, Azure storage keys and service principals,
 * kubeconfig keys), package-registry and platform tokens, browser password
 * stores and KeePass databases, and env-style secret assignments. Every
 * pattern is linear (no nested quantifiers), since it runs on up to 10 MB.
 */
const CREDENTIALS: Array<[string, RegExp]> = [
  ["a private key (PEM block)", /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/],
  ["a PuTTY private key", /PuTTY-User-Key-File-\d+:/],
  ["a Google Cloud service-account key", /"type"\s*:\s*"service_account"/],
  ["a Google Cloud user credential", /"type"\s*:\s*"authorized_user"/],
  ["an AWS secret access key", /aws_secret_access_key\s*[=:]/i],
  ["an AWS secret access key", /"SecretAccessKey"\s*:\s*"[A-Za-z0-9/+]{40}"/],
  ["an Azure storage key", /\b(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{40,}/],
  ["an Azure service principal", /"appId"\s*:[\s\S]{0,400}?"password"\s*:/],
  ["a Kubernetes credential", /\b(?:client-key-data|client-certificate-data)\s*:\s*\S{20,}/],
  ["a package-registry token", /_authToken\s*=\s*\S{8,}/],
  [
    "a platform access token",
    /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{40,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bsk_live_[A-Za-z0-9]{20,}|\bglpat-[A-Za-z0-9_-]{20}|hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20}/,
  ],
  [
    "a browser password store",
    /"encryptedPassword"\s*:|CREATE TABLE [`"']?logins[`"']?[\s\S]{0,2000}?password_value/,
  ],
  // biome-ignore lint/suspicious/noControlCharactersInRegex: KeePass's magic bytes
  ["a KeePass database", /^\x03\xd9\xa2\x9a[\x65\x66\x67]\xfb\x4b\xb5/],
  [
    "a password in a URL (user:password@host)",
    // .git-credentials, DATABASE_URL=postgres://app:pw@db; a placeholder (${PW}, <pw>, ***) is not one.
    /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@"'<>]{1,128}:(?![$<{*])[^\s/@"'<>]{3,256}@[A-Za-z0-9[]/i,
  ],
  [
    "a .netrc password",
    /\b(?:machine[ \t]+\S{1,253}|default)\s{1,16}(?:login[ \t]+\S{1,256}\s{1,16})?password[ \t]+\S{3}/,
  ],
  [
    "a container registry login",
    /"auths"\s{0,16}:\s{0,16}\{[\s\S]{0,1000}?"(?:auth|identitytoken|registrytoken)"\s{0,16}:\s{0,16}"[A-Za-z0-9+/=._-]{8}/,
  ],
  [
    "an access token (token: …)",
    // kubeconfig users, CI and tool configs: a bare `token:` key with a token-shaped value.
    /^[ \t-]{0,16}["']?(?:token|auth-token|id-token|refresh-token|access-token|bearer-token)["']?[ \t]{0,4}:[ \t]{0,4}["']?[A-Za-z0-9._~+/=-]{20}/im,
  ],
  [
    "a secret in JSON",
    /"[A-Za-z0-9_.-]{0,64}(?:password|passwd|secret|api_?key|access_?key|private_?key|_token)"\s{0,16}:\s{0,16}"[^"\s]{8}/i,
  ],
  [
    "a secret assignment (KEY=value)",
    // An upper-case env name ending in _KEY (STRIPE_KEY, SENDGRID_KEY) with a long value: a .env line.
    /^[ \t]{0,16}(?:export[ \t]+)?[A-Z0-9_]{0,64}_KEY[ \t]{0,16}=[ \t]{0,16}["']?[^\s"'#$]{16}/m,
  ],
  [
    "a secret assignment (KEY=value)",
    // Key names are bounded so a long line cannot make the scan quadratic.
    /^[ \t]{0,16}(?:export[ \t]+)?[A-Za-z0-9_.-]{0,64}(?:SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|_TOKEN)[A-Za-z0-9_.-]{0,64}[ \t]{0,16}[=:][ \t]{0,16}["']?[^\s"'#]{8}/im,
  ],
];

/**
 * What credential the bytes hold, or undefined. The bytes are read as Latin-1
 * (one char a byte, so binary files scan too); `known` are secrets this
 * process holds (the configured client secret), refused wherever they appear.
 */
export function credentialIn(
  bytes: Uint8Array,
  known: (text: string) => boolean = () => false,
): string | undefined {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  // UTF-16 text (PowerShell's `>` writes it) is ASCII with a NUL after every letter: read it without them too.
  const texts = latin1.includes("\0") ? [latin1, latin1.replace(/\0/g, "")] : [latin1];
  for (const text of texts) {
    for (const [what, pattern] of CREDENTIALS) if (pattern.test(text)) return what;
    if (hasJwt(text)) return "a signed access token (JWT)";
    if (hasBase64Key(text)) return "a private key (base64-encoded PEM block)";
    if (known(text)) return "this server's own Halo credentials";
  }
  return undefined;
}

/**
 * A JWT (kubeconfig service-account tokens, OAuth access tokens). Found by
 * splitting into runs of its alphabet and testing each run whole: a regex
 * searching for it backtracks over every "eyJ" of a long run (quadratic).
 */
function hasJwt(text: string): boolean {
  if (!text.includes("eyJ")) return false;
  for (const run of text.split(/[^A-Za-z0-9_.-]+/)) {
    if (run.length < 36 || !run.startsWith("eyJ")) continue;
    // Header.payload.signature, each of the alphabet the split left (no regex over the run).
    const parts = run.split(".");
    if (parts.length === 3 && parts[1]?.startsWith("eyJ") && parts.every((p) => p.length >= 8)) return true;
  }
  return false;
}

/** "-----BEGIN … PRIVATE KEY" base64-encoded (Kubernetes secrets, CI variables): each occurrence decoded. */
function hasBase64Key(text: string): boolean {
  for (let at = text.indexOf("LS0tLS1CRUdJTi"); at !== -1; at = text.indexOf("LS0tLS1CRUdJTi", at + 14)) {
    const head = Buffer.from(text.slice(at, at + 80), "base64").toString("latin1");
    if (/^-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY/.test(head)) return true;
  }
  return false;
}
