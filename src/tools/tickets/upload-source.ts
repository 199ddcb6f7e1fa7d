/**
 * Which local files add_attachment may read. The model choosing the path
 * reads customer text, and the upload goes to a customer-visible ticket, so a
 * path is a request to send a file off the machine: it is accepted only when
 * it really lies (after resolving every link) in the working folder or a
 * folder the person listed in HALOPSA_UPLOAD_DIRS, outside system trees, is a
 * plain file with no other hard links, and does not hold a credential.
 * Claude Code's own read permissions do not apply to what an MCP server
 * reads, so these checks are the only ones.
 */
import { constants } from "node:fs";
import { type FileHandle, open, realpath, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, delimiter, isAbsolute, join, parse, relative, resolve, sep } from "node:path";
import { inputError } from "../../halo/errors.js";
import { containsSecret } from "../../util/log.js";
import { formatBytes } from "./action-projection.js";
import { credentialIn, UPLOAD_MAX_BYTES } from "./attachment-content.js";

const LIMIT = formatBytes(UPLOAD_MAX_BYTES);
const caseless = process.platform === "win32" || process.platform === "darwin";

/** Trees that hold the system's and other processes' secrets, never attachments. */
const SYSTEM_TREES = [
  "/proc",
  "/sys",
  "/dev",
  "/etc",
  "/run",
  "/var/run",
  "/boot",
  "/private/etc",
  "/private/var/run",
  "/private/var/db",
  "/var/db",
  "/System",
  "/Library/Keychains",
  ...(process.platform === "win32"
    ? [process.env.SystemRoot ?? "C:\\Windows", "C:\\Windows", "C:\\ProgramData\\Microsoft\\Crypto"]
    : []),
];

const SECRET_NAME =
  /^(id_[a-z0-9]+(\.pub)?|.*\.(pem|key|p12|pfx|kdbx|keychain|keychain-db|ppk|jks|keystore|gpg|asc)|credentials(\.json)?|secrets?\.(json|ya?ml|txt)|\.?netrc|_netrc|login data|cookies|key[34]\.db|logins\.json)$/i;

const norm = (p: string) => (caseless ? p.toLowerCase() : p);

/** True when `child` is `parent` or inside it (both absolute and normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(norm(parent), norm(child));
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

export const inSystemTree = (p: string) => SYSTEM_TREES.some((t) => isInside(t, p));

/**
 * The folders uploads may come from, as real paths: the working folder and
 * HALOPSA_UPLOAD_DIRS (separated by the platform's path delimiter or commas).
 * A filesystem root or a system tree is never a root: it would allow anything.
 */
export async function uploadRoots(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Promise<string[]> {
  const listed = (env.HALOPSA_UPLOAD_DIRS ?? "")
    .split(new RegExp(`[${delimiter === ";" ? ";" : ":"},]`))
    .map((d) => d.trim())
    .filter((d) => d && isAbsolute(expandHome(d)))
    .map(expandHome);
  const roots: string[] = [];
  const home = await realpath(homedir()).catch(() => homedir());
  for (const dir of [cwd, ...listed]) {
    const real = await realpath(dir).catch(() => undefined);
    if (!real || parse(real).root === real || inSystemTree(real)) continue;
    // Claude Code started in the home folder (or above it) is no project: as an implicit root it
    // would offer ~/Library (mail, messages), AppData, ~/Downloads and the rest. Listing a folder
    // in HALOPSA_UPLOAD_DIRS is the person's explicit choice.
    if (dir === cwd && isInside(real, home)) continue;
    if (!roots.includes(real)) roots.push(real);
  }
  return roots;
}

const expandHome = (p: string) =>
  p === "~" ? homedir() : p.startsWith("~/") ? join(homedir(), p.slice(2)) : p;

const q = (p: string) => JSON.stringify(p);

function refuse(message: string, hint?: string): never {
  throw inputError(message, hint);
}

const NAMED =
  "Attach only a file the person named. If they did name this one, ask them to copy it into the project folder or to add its folder to HALOPSA_UPLOAD_DIRS (then restart Claude Code).";

export interface UploadSource {
  bytes: Buffer;
  /** The source's real absolute path, shown by the dry run. */
  source: string;
  filename: string;
}

/** A local file's bytes, after every check above; errors name the path and the reason. */
export async function readUpload(path: string, roots?: string[]): Promise<UploadSource> {
  const allowed = roots ?? (await uploadRoots());
  // A NUL or another control character is no file name anyone typed (and fs calls throw on NUL).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(path))
    refuse("path: contains control characters; give the file's path as the person wrote it.");
  const full = resolve(process.cwd(), expandHome(path));
  if (inSystemTree(full)) refuse(`path: ${q(full)} is in a system folder; it will not be uploaded.`, NAMED);
  let real: string;
  try {
    real = await realpath(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      refuse(`path: no file at ${q(full)}.`, "Check the path and spelling.");
    if (code === "EACCES" || code === "EPERM")
      refuse(`path: ${q(full)} is not readable (permission denied).`);
    throw err;
  }
  if (inSystemTree(real))
    refuse(`path: ${q(full)} leads to ${q(real)}, in a system folder; it will not be uploaded.`, NAMED);
  const root = allowed.find((r) => isInside(r, real));
  if (!root) {
    const cwdReal = await realpath(process.cwd()).catch(() => process.cwd());
    const homeIsCwd = isInside(cwdReal, await realpath(homedir()).catch(() => homedir()));
    const viaLink = real !== full && allowed.some((r) => isInside(r, full));
    refuse(
      viaLink
        ? `path: ${q(full)} is a link leading outside the allowed folders (to ${q(real)}); it will not be uploaded.`
        : `path: ${q(full)} is outside the project folder${allowed.length ? ` (${allowed.map(q).join(", ")})` : ""} and HALOPSA_UPLOAD_DIRS${homeIsCwd ? " (the working folder is the home folder, which is never an upload folder by itself)" : ""}; it will not be uploaded.`,
      NAMED,
    );
  }
  // A hidden file or folder under the root (.env, .git, .ssh) or a key-like name.
  const hidden = relative(root, real)
    .split(sep)
    .some((p) => p.startsWith("."));
  if (hidden || SECRET_NAME.test(basename(full)) || SECRET_NAME.test(basename(real)))
    refuse(`path: ${q(full)} is a hidden or credential-like file; it will not be uploaded.`, NAMED);

  const before = await stat(real);
  if (!before.isFile())
    refuse(`path: ${q(full)} is not a regular file.`, "Give the path of a file, not a folder or device.");
  let fh: FileHandle | undefined;
  try {
    // O_NONBLOCK: a FIFO swapped in after the check must not hang the server on open.
    fh = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const st = await fh.stat();
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev)
      refuse(`path: ${q(full)} changed while it was being checked; it will not be uploaded.`);
    // Another name for the same bytes, possibly a hard link to a file outside the allowed folders.
    if (st.nlink > 1)
      refuse(
        `path: ${q(full)} has ${st.nlink} hard links (the same file under other names, maybe outside the allowed folders); it will not be uploaded.`,
        "Ask the person to attach a copy (cp), not a hard link.",
      );
    if (st.size > UPLOAD_MAX_BYTES)
      refuse(
        `path: ${q(full)} is ${formatBytes(st.size)}, over the ${LIMIT} upload limit.`,
        "Attach a smaller file or compress it.",
      );
    if (st.size === 0) refuse(`path: ${q(full)} is empty.`);
    const bytes = Buffer.alloc(st.size);
    let read = 0;
    while (read < bytes.length) {
      const { bytesRead } = await fh.read(bytes, read, bytes.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const content = bytes.subarray(0, read);
    refuseCredential(content, `path: ${q(full)}`);
    return { bytes: content, source: real, filename: basename(real) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM")
      refuse(`path: ${q(full)} is not readable (permission denied).`);
    if (code === "ELOOP") refuse(`path: ${q(full)} is a link; it will not be uploaded.`, NAMED);
    if (code) refuse(`path: ${q(full)} could not be read (${code}).`);
    throw err;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** Refuses bytes that hold a private key or credential, whatever the file is called. */
export function refuseCredential(bytes: Uint8Array, what: string): void {
  const found = credentialIn(bytes, containsSecret);
  if (found)
    refuse(
      `${what} holds ${found}; credentials are never uploaded to a ticket.`,
      "If the person needs this file attached, they must remove the credential first. Do not retry with another name or encoding.",
    );
}

/**
 * The uploaded name: the chosen name with the source's extension, so a model
 * cannot present id_rsa as holiday.jpg; no folders, no control characters.
 */
export function uploadName(chosen: string | undefined, sourceName: string): string {
  const clean = (n: string) =>
    basename(n.replace(/\\/g, "/"))
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f]/g, "")
      .trim();
  const src = clean(sourceName);
  if (!chosen) return src;
  const want = clean(chosen);
  const srcExt = parse(src).ext;
  const stem = parse(want).ext ? parse(want).name : want;
  return `${stem || parse(src).name}${srcExt}`;
}
