/**
 * Where a person's Halo sign-in is kept: one small JSON file per Halo tenant
 * in the per-user config folder (beside the settings file env-file.ts reads;
 * never the project folder), readable only by the user (folder 0700, file
 * 0600), replaced atomically (temp file + rename). It holds the refresh token,
 * the current access token and who signed in. Every process of the user on
 * this machine reads it, and refreshes under its lock file, so a rotating
 * refresh token is used by one process at a time (prd/13-sign-in.md says why
 * a file and not the operating system's credential store).
 */
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { withFileLock } from "../util/file-lock.js";
import { registerSecret } from "../util/log.js";
import { userEnvFilePath } from "./env-file.js";

type Env = Record<string, string | undefined>;

export interface StoredSignIn {
  v: 1;
  /** HALOPSA_BASE_URL (normalised) and tenant this sign-in is for. */
  baseUrl: string;
  tenant?: string;
  /** The API application (Authorisation Code, Native Application) it was made with. */
  clientId: string;
  agent: { id: number; name: string; email?: string };
  refreshToken: string;
  accessToken?: string;
  /** ms since the epoch. */
  accessExpiresAt?: number;
  /** The access token's whole lifetime, ms (how early to refresh it). */
  accessTtlMs?: number;
  signedInAt: string;
  refreshedAt?: string;
  /** Halo refused the refresh token: every process says "run login again" until login or logout. */
  refused?: { at: string; reason: string };
}

/** The sign-in file for a Halo tenant: <config folder>/sign-in/<hash>.json. */
export function signInFile(env: Env, baseUrl: string, tenant: string | undefined): string {
  const key = `${baseUrl}|${(tenant ?? "").toLowerCase()}`;
  const name = createHash("sha256").update(key).digest("hex").slice(0, 24);
  return join(dirname(userEnvFilePath(env)), "sign-in", `${name}.json`);
}

/** The stored sign-in, or undefined (no file, or not one of ours). Its tokens are registered with the redactor. */
export function readSignIn(file: string): StoredSignIn | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  let data: StoredSignIn;
  try {
    data = JSON.parse(text) as StoredSignIn;
  } catch {
    return undefined;
  }
  if (data?.v !== 1 || typeof data.refreshToken !== "string" || typeof data.baseUrl !== "string")
    return undefined;
  registerSecret(data.refreshToken);
  registerSecret(data.accessToken);
  return data;
}

export function writeSignIn(file: string, data: StoredSignIn): void {
  registerSecret(data.refreshToken);
  registerSecret(data.accessToken);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // mkdir's mode applies only when it creates the folder.
  chmodSync(dirname(file), 0o700);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  renameSync(tmp, file);
}

/** True when a file was removed. */
export function removeSignIn(file: string): boolean {
  try {
    unlinkSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The lock every refresh of this sign-in holds (util/file-lock.ts). */
export const signInLock = (file: string) => `${file}.lock`;

/**
 * Where one person's sign-in lives, and how its refresh is made exclusive:
 * the file above for one machine; a team deployment keeps it elsewhere
 * (Redis) behind the same interface and passes it to createHalo.
 */
export interface SignInStore {
  /** Runs `fn` while no other process or replica uses this sign-in (a refresh rotates the token). */
  exclusive<T>(fn: () => Promise<T>, holdMs: number): Promise<T>;
  read(): Promise<StoredSignIn | undefined>;
  write(data: StoredSignIn): Promise<void>;
  /** For messages: where it is kept. */
  readonly where: string;
}

export class FileSignInStore implements SignInStore {
  constructor(readonly where: string) {}

  exclusive<T>(fn: () => Promise<T>, holdMs: number): Promise<T> {
    // A holder is bounded by one refresh request; a lock older than that belongs to a hung process.
    return withFileLock(signInLock(this.where), fn, { staleMs: holdMs, timeoutMs: holdMs });
  }

  async read(): Promise<StoredSignIn | undefined> {
    return readSignIn(this.where);
  }

  async write(data: StoredSignIn): Promise<void> {
    writeSignIn(this.where, data);
  }
}
