/**
 * The consent step in front of Halo's sign-in (MCP authorization, security
 * best practices, "confused deputy"). Every MCP client is registered by
 * whoever asks, but all of them reach Halo through this deployment's one
 * Halo application: without a step of our own, anyone could register a
 * client whose redirect URI is their own site, send a technician our
 * /authorize link, and — Halo remembering the technician's login — receive a
 * code that acts as that technician. So the person is shown which
 * application asks and where the answer goes, and approves it here, in the
 * browser that then goes to Halo: a cookie set on this page must come back
 * with Halo's answer, so a Halo link approved in one browser cannot be
 * finished in another.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { formText } from "../server/confirm.js";

/** The cookie that ties Halo's answer to the browser that approved the request. */
export const cookieName = (txDigest: string) => `halopsa_signin_${txDigest.slice(0, 16)}`;

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Lax (sent on Halo's top-level
 * redirect back, not on a cross-site POST), scoped to our sign-in paths, and
 * Secure whenever the deployment is https.
 */
export function setCookie(
  res: ServerResponse,
  name: string,
  value: string,
  opts: { path: string; secure: boolean; maxAgeS: number },
): void {
  const parts = [
    `${name}=${value}`,
    `Path=${opts.path}`,
    `Max-Age=${opts.maxAgeS}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(opts.secure ? ["Secure"] : []),
  ];
  res.appendHeader("set-cookie", parts.join("; "));
}

const escapeHtml = (s: string) => s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Headers of every page we render: never framed (clickjacking), never cached, no script at all. */
export function pageHeaders(res: ServerResponse): void {
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader(
    "content-security-policy",
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  );
}

/** Where the answer goes, as the person should judge it: the scheme and host (or the whole URI if it has no host). */
export function destination(redirectUri: string): string {
  try {
    const u = new URL(redirectUri);
    return u.host ? `${u.protocol}//${u.host}` : `${u.protocol}${u.pathname}`;
  } catch {
    return redirectUri;
  }
}

export function consentPage(p: {
  action: string;
  tx: string;
  clientName: string | undefined;
  redirectUri: string;
  haloHost: string;
}): string {
  // The client's name is whatever its registration said: one line, no invisible marks, clipped, escaped.
  const name = p.clientName ? formText(p.clientName, 80) : "";
  const who = name
    ? `“${escapeHtml(name)}” (an application that registered itself; the name is its own claim)`
    : "An unnamed application";
  const where = escapeHtml(formText(destination(p.redirectUri), 120));
  const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|$)/.test(destination(p.redirectUri));
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Allow access to HaloPSA?</title>
<style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em}code{word-break:break-all}button{font-size:1em;padding:.4em 1.2em;margin-right:1em}</style></head>
<body><h1>Allow access to HaloPSA?</h1>
<p>${who} asks to act in Halo <strong>as you</strong>: read tickets and records, and write notes, time entries and changes in your name.</p>
<p>After you sign in to Halo (${escapeHtml(p.haloHost)}), its access is sent to <code>${where}</code>${loopback ? " (a program on your own computer)" : ""}.</p>
<p>Only allow this if you just connected an MCP client (such as Claude Code) to this server yourself.</p>
<form method="post" action="${escapeHtml(p.action)}"><input type="hidden" name="tx" value="${escapeHtml(p.tx)}">
<button type="submit" name="decision" value="allow">Allow and sign in to Halo</button><button type="submit" name="decision" value="deny">Deny</button></form>
</body></html>`;
}

export function messagePage(title: string, text: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
}
