/**
 * The user-level env file: the one file configuration is read from. Never the
 * working folder (in Claude Code that is a project someone else may have
 * written): `--env-file PATH`, else HALOPSA_ENV_FILE, else the per-user config
 * file. Only HALOPSA_* keys are taken from it, and it never touches
 * process.env, so it cannot set NODE_TLS_REJECT_UNAUTHORIZED, NODE_OPTIONS or
 * anything else the process runs on.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { namedExports } from "../util/lazy-import.js";

type Env = Record<string, string | undefined>;

/** Larger than any real settings file; a bigger one is a mistake or a trap (e.g. /dev/zero). */
export const ENV_FILE_MAX_BYTES = 64 * 1024;

export interface EnvFile {
  path: string;
  /** Named by --env-file or HALOPSA_ENV_FILE (a missing file is then a problem, not silence). */
  explicit: boolean;
  /** The HALOPSA_* values it holds (blank values dropped). */
  values: Record<string, string>;
  /** Keys ignored, each named. */
  warnings: string[];
  /** Why the file could not be used; its values are then empty. */
  problem?: string;
}

/**
 * The per-user config file: %APPDATA%\halopsa-mcp\.env on Windows,
 * ~/Library/Application Support/halopsa-mcp/.env on macOS, else
 * $XDG_CONFIG_HOME/halopsa-mcp/.env (default ~/.config/halopsa-mcp/.env).
 */
export function userEnvFilePath(
  env: Env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === "win32") {
    const appData = env.APPDATA?.trim();
    return join(
      appData && isAbsolute(appData) ? appData : join(home, "AppData", "Roaming"),
      "halopsa-mcp",
      ".env",
    );
  }
  if (platform === "darwin") return join(home, "Library", "Application Support", "halopsa-mcp", ".env");
  const xdg = env.XDG_CONFIG_HOME?.trim();
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".config"), "halopsa-mcp", ".env");
}

/**
 * The per-user state folder (machine-local, never the project): the shared
 * rate budget lives there. %LOCALAPPDATA%\halopsa-mcp on Windows,
 * ~/Library/Caches/halopsa-mcp on macOS, else $XDG_STATE_HOME/halopsa-mcp
 * (default ~/.local/state/halopsa-mcp).
 */
export function userStateDir(
  env: Env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === "win32") {
    const local = env.LOCALAPPDATA?.trim();
    return join(local && isAbsolute(local) ? local : join(home, "AppData", "Local"), "halopsa-mcp");
  }
  if (platform === "darwin") return join(home, "Library", "Caches", "halopsa-mcp");
  const xdg = env.XDG_STATE_HOME?.trim();
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".local", "state"), "halopsa-mcp");
}

/** Which file to read, and whether the person named it. */
export function envFileLocation(
  env: Env,
  cliPath?: string,
): { path: string; explicit: boolean; problem?: string } {
  if (cliPath !== undefined) return { path: resolve(cliPath), explicit: true };
  const named = env.HALOPSA_ENV_FILE?.trim();
  // Blank, or an unexpanded "${VAR}" from the plugin's declaration, means unset.
  if (named && !/^\$\{[^}]*\}$/.test(named)) {
    // A relative path would name a different file in every project folder: the very thing to avoid.
    if (!isAbsolute(named))
      return {
        path: named,
        explicit: true,
        problem: `HALOPSA_ENV_FILE="${named}" is not an absolute path: set it to the full path of your settings file.`,
      };
    return { path: named, explicit: true };
  }
  return { path: userEnvFilePath(env), explicit: false };
}

/**
 * Reads at most ENV_FILE_MAX_BYTES + 1 bytes of a regular file. Opened
 * non-blocking and checked with fstat on the open descriptor, so a FIFO, a
 * device or a file swapped in after a check can never hang or flood start-up.
 */
function readSmallRegularFile(path: string): { text?: string; missing?: boolean; problem?: string } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever (undefined on Windows).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { missing: true };
    return { problem: `cannot be read (${code ?? "error"})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: "is not a regular file" };
    if (st.size > ENV_FILE_MAX_BYTES) return { problem: `is larger than ${ENV_FILE_MAX_BYTES / 1024} KB` };
    const buf = Buffer.alloc(ENV_FILE_MAX_BYTES + 1);
    let size = 0;
    while (size < buf.length) {
      const n = readSync(fd, buf, size, buf.length - size, null);
      if (n === 0) break;
      size += n;
    }
    // It grew between fstat and read.
    if (size > ENV_FILE_MAX_BYTES) return { problem: `is larger than ${ENV_FILE_MAX_BYTES / 1024} KB` };
    return { text: buf.subarray(0, size).toString("utf8") };
  } catch (err) {
    return { problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})` };
  } finally {
    closeSync(fd);
  }
}

/** The env file's HALOPSA_* values, or why it was not used. Undefined: no file (the default path, absent). */
export async function readEnvFile(env: Env, cliPath?: string): Promise<EnvFile | undefined> {
  const where = envFileLocation(env, cliPath);
  const file: EnvFile = { path: where.path, explicit: where.explicit, values: {}, warnings: [] };
  const named = cliPath !== undefined ? "--env-file" : "HALOPSA_ENV_FILE";
  if (where.problem) return { ...file, problem: where.problem };
  const read = readSmallRegularFile(where.path);
  if (read.missing) {
    if (!where.explicit) return undefined;
    return {
      ...file,
      problem: `${named} names ${where.path}, which does not exist: create it or fix the path.`,
    };
  }
  if (read.problem || read.text === undefined) {
    return {
      ...file,
      problem: `The settings file ${where.path} ${read.problem ?? "cannot be read"}: it must be a regular file of at most ${ENV_FILE_MAX_BYTES / 1024} KB holding HALOPSA_* lines.`,
    };
  }
  // Loaded only when there is a file, so start-up without one does not pay for it. parse, not config:
  // config reads DOTENV_CONFIG_* options (DEBUG prints to stdout, which is the protocol) and writes process.env.
  const { parse } = namedExports(await import("dotenv"), "parse");
  const parsed = parse(read.text);
  for (const [key, value] of Object.entries(parsed)) {
    if (!/^HALOPSA_[A-Z0-9_]+$/.test(key) || key === "HALOPSA_ENV_FILE") {
      file.warnings.push(`${where.path}: ignored ${key} (only HALOPSA_* settings are read from this file).`);
      continue;
    }
    if (value.trim() !== "") file.values[key] = value;
  }
  return file;
}
