/**
 * Dispatch of authorised /api requests: /X (list, POST), /X/{id} (one,
 * DELETE), /Agent/me and /Users/me. Paths are case-insensitive, as on
 * Halo's IIS; an unknown path gets IIS's HTML 404 page, not JSON.
 */
import { iisErrorPage } from "./faults.js";
import { listReply, type ReadContext } from "./read.js";
import { deleteReply, postReply, READS } from "./registry.js";
import { badRequest, html, isReply, json, notFound, type Query, type Reply } from "./reply.js";
import { DOCUMENTED_QUERY } from "./spec-params.js";
import type { FakeDb, TenantBehaviour } from "./types.js";

export interface ApiContext {
  db: FakeDb;
  tenant: TenantBehaviour;
  now: () => number;
}

export interface ApiRequest {
  method: string;
  /** Path below /api, e.g. "/Tickets/12". */
  path: string;
  query: Query;
  body: unknown;
  /** Set when a body was sent but is not JSON. */
  bodyError?: string;
}

export const notFoundPage = (): Reply =>
  html(
    404,
    iisErrorPage(
      404,
      "File or directory not found.",
      "The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.",
    ),
  );

const unsupported = (method: string): Reply =>
  json(405, { Message: `The requested resource does not support http method '${method}'.` });

/** "GET /tickets/{id}" → documented names, from the spec's table. */
const DOCUMENTED = new Map(
  Object.entries(DOCUMENTED_QUERY).map(([op, names]) => [
    op.toLowerCase(),
    new Set(names.split(" ").filter(Boolean)),
  ]),
);

/**
 * The documented query parameters of the operation a request reaches
 * (/X, /X/{id}, or a literal sub-path such as /Agent/me); undefined when the
 * spec has no such operation (the route answers 404 or 405 anyway).
 */
export function documentedQuery(method: string, path: string): ReadonlySet<string> | undefined {
  const segments = path.split("/").filter(Boolean);
  const m = method.toUpperCase();
  const literal = `${m} /${segments.join("/")}`.toLowerCase();
  const templated = segments.length === 2 ? `${m} /${segments[0]}/{id}`.toLowerCase() : literal;
  return DOCUMENTED.get(literal) ?? DOCUMENTED.get(templated);
}

export function routeApi(ctx: ApiContext, req: ApiRequest): Reply {
  const segments = req.path.split("/").filter(Boolean);
  const resource = segments[0]?.toLowerCase() ?? "";
  const def = READS[resource];
  if (!def || segments.length > 2) return notFoundPage();
  const rc: ReadContext = { db: ctx.db, q: req.query, tenant: ctx.tenant };
  const wc = { ...rc, now: ctx.now };
  const method = req.method.toUpperCase();

  if (segments.length === 1) {
    if (method === "GET") return listReply(def, rc);
    if (method === "POST")
      return req.bodyError ? badRequest(req.bodyError) : postReply(wc, resource, req.body);
    return unsupported(method);
  }

  const id = segments[1] as string;
  if (method === "GET") {
    const found = def.one(rc, id);
    if (found === undefined) return notFound(def.label, id);
    return isReply(found) ? found : json(200, found);
  }
  if (method === "DELETE") {
    if (!/^\d+$/.test(id)) return notFoundPage();
    return deleteReply(wc, resource, Number(id));
  }
  return unsupported(method);
}
