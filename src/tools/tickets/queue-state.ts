/**
 * "Since I last looked" for my_queue: a small file per Halo tenant and agent
 * in the user's state folder ($XDG_STATE_HOME/halopsa-mcp, else
 * ~/.local/state/halopsa-mcp), never in the working folder (a stranger's
 * repository). It holds ticket IDs with their last-action date, status and
 * priority IDs — no summaries, notes or names — and the time of the look.
 * A file that cannot be read or written costs only the change markers.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Seen {
  /** lastactiondate as Halo sent it. */
  u?: string;
  s?: number;
  p?: number;
}

export interface QueueState {
  /** ISO time of the look that wrote the file. */
  at: string;
  tickets: Record<string, Seen>;
}

/** At most this many tickets are remembered (a queue longer than that is paged by search_tickets). */
export const STATE_TICKETS_MAX = 500;

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME?.trim();
  return join(xdg?.startsWith("/") ? xdg : join(homedir(), ".local", "state"), "halopsa-mcp");
}

/** One file per tenant and agent; the name is a hash, so the folder does not list customers' hosts. */
export function stateFile(baseUrl: string, tenant: string | undefined, agentId: number): string {
  const key = createHash("sha256")
    .update(`${baseUrl}|${tenant ?? ""}|${agentId}`)
    .digest("hex")
    .slice(0, 16);
  return join(stateDir(), `queue-${key}.json`);
}

export async function readState(file: string): Promise<QueueState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as QueueState;
    if (typeof parsed?.at !== "string" || !parsed.tickets || typeof parsed.tickets !== "object")
      return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

/** Written whole to a temporary file and renamed, so a crash never leaves half a file. */
export async function writeState(file: string, state: QueueState): Promise<void> {
  await mkdir(join(file, ".."), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state), { mode: 0o600 });
  await rename(tmp, file);
}
