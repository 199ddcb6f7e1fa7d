/**
 * The checks tool tests share, written once: what a result holds, what
 * reached the fake Halo, and the usual expectations (a call that works, one
 * that fails, one refused before anything was written, one rejected before
 * Halo was asked at all, a dry run that writes nothing).
 *
 * `toolChecks(() => e2e)` takes a getter because a file starts its server in
 * beforeAll, after these are made.
 */
import { expect } from "vitest";
import type { E2E, ToolCall } from "./e2e.js";

export type Row = Record<string, unknown>;

/** The list under `key` in a result's data (empty when absent). */
export const list = (r: ToolCall, key: string) => (r.data?.[key] ?? []) as Row[];

/** The object under `key` in a result's data (empty when absent). */
export const one = (r: ToolCall, key: string) => (r.data?.[key] ?? {}) as Row;

/** A result's data, or {} (an error result has none). */
export const d = (r: { data: Row | undefined }): Row => r.data ?? {};

export function toolChecks(server: () => E2E) {
  const fake = () => server().fake;
  /** POSTs that reached the fake Halo (to `path` when given). */
  const posts = (path?: string) => fake().count({ method: "POST", ...(path ? { path } : {}) });
  /** Every request that reached the fake Halo. */
  const apiCalls = () => fake().count();

  async function ok(tool: string, args: Row) {
    const r = await server().call(tool, args);
    expect(r.isError, r.text).toBe(false);
    return r.data as Row;
  }

  async function fails(tool: string, args: Row) {
    const r = await server().call(tool, args);
    expect(r.isError, r.text).toBe(true);
    return r.text;
  }

  return {
    /** Calls a tool on the server (the harness checks every successful result against its declared output). */
    call: (name: string, args: Row = {}, opts?: Parameters<E2E["call"]>[2]): Promise<ToolCall> =>
      server().call(name, args, opts),
    db: () => fake().db,
    posts,
    apiCalls,
    /** The item of the last POST to `path` (Halo bodies are arrays). */
    lastPosted(path: string): Row | undefined {
      const req = fake()
        .requests.filter((r) => r.method === "POST" && r.path === path)
        .at(-1);
      return ((req?.body ?? []) as Row[])[0];
    },
    /** What `fn` sent to the fake Halo, with its result. */
    async requestsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; requests: E2E["fake"]["requests"] }> {
      const before = fake().requests.length;
      const result = await fn();
      return { result, requests: fake().requests.slice(before) };
    },
    ok,
    fails,
    /** Makes the fake forget an asset type the server has already cached, so Halo itself rejects the ID. */
    async withStaleAssetType(name: string, run: (id: number) => Promise<void>) {
      const types = fake().db.assetTypes;
      const id = [...types.values()].find((t) => t.name === name)?.id as number;
      await server().call("search_assets", { asset_type: name, limit: 1 }); // warms the server's lookup cache
      const saved = types.get(id);
      types.delete(id);
      try {
        await run(id);
      } finally {
        if (saved) types.set(id, saved);
      }
    },
    /** Fails without posting anything. */
    async refused(tool: string, args: Row) {
      const before = posts();
      const text = await fails(tool, args);
      expect(posts()).toBe(before);
      return text;
    },
    /** Sends nothing at all (zero API requests) and fails naming `field`. */
    async rejectedLocally(tool: string, args: Row, field: string) {
      const before = apiCalls();
      const text = await fails(tool, args);
      expect(text).toContain(field);
      expect(apiCalls()).toBe(before);
      return text;
    },
    /** dry_run answers a preview and posts nothing. */
    async dryRun(tool: string, args: Row) {
      const before = posts();
      const data = await ok(tool, { ...args, dry_run: true });
      expect(data.dry_run).toBe(true);
      expect(posts()).toBe(before);
      return data as { would_send: Row; resolved?: Record<string, string> } & Row;
    },
  };
}
