/**
 * Injected failures: the ways a real Halo (or the proxy in front of it)
 * lets a client down. Rules are consulted in order; the first match with
 * hits left is used up by one.
 */

export type FaultKind =
  | "429"
  | "500"
  | "502"
  | "503"
  | "504"
  | "reset"
  | "hang"
  | "malformed-json"
  | "html"
  | "401";

export interface FaultRule {
  /** e.g. "GET", "POST"; default any. */
  method?: string;
  /**
   * Matched against the path without the /api prefix ("/auth/token" for the
   * token endpoint). A string matches case-insensitively, itself and what
   * lies below it: "/Tickets" matches "/tickets" and "/Tickets/12".
   */
  path: string | RegExp;
  kind: FaultKind;
  /** Requests it hits; default 1; Infinity allowed. */
  times?: number;
  /** For 429: the Retry-After header value, e.g. "1" or an HTTP date. */
  retryAfter?: string;
  /**
   * For 5xx/reset/hang/html: perform the request first (a POST is saved),
   * then answer with the fault: "it reached Halo, the reply was lost".
   */
  afterProcessing?: boolean;
}

/** Halo paths are case-insensitive (IIS); a string pattern also covers sub-paths. */
export function pathMatches(pattern: string | RegExp, path: string): boolean {
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0;
    return pattern.test(path);
  }
  const norm = (p: string) => `/${p.replace(/^\/+|\/+$/g, "")}`.toLowerCase();
  const want = norm(pattern);
  const have = norm(path);
  return want === "/" || have === want || have.startsWith(`${want}/`);
}

export class FaultBook {
  private rules: Array<FaultRule & { left: number }> = [];

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!(times > 0)) return;
    this.rules.push({ ...rule, left: times });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that hits this request, its use counted; undefined when none. */
  take(method: string, path: string): FaultRule | undefined {
    const i = this.rules.findIndex(
      (r) => (!r.method || r.method.toUpperCase() === method.toUpperCase()) && pathMatches(r.path, path),
    );
    const rule = this.rules[i];
    if (!rule) return undefined;
    rule.left--;
    if (rule.left <= 0) this.rules.splice(i, 1);
    return rule;
  }
}

/** Faults that need the real answer first: a truncated body, or a write that lands before the reply is lost. */
export function processesFirst(rule: FaultRule): boolean {
  return rule.kind === "malformed-json" || rule.afterProcessing === true;
}

export const STATUS_TEXT: Record<string, string> = {
  "500": "Internal Server Error",
  "502": "Bad Gateway",
  "503": "Service Unavailable",
  "504": "Gateway Timeout",
};

/** An IIS-style error page, as a proxy or a crashed app pool serves it. */
export function iisErrorPage(status: number, title: string, detail: string): string {
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>${status} - ${title}</title>
<style type="text/css">
<!--
body{margin:0;font-size:.7em;font-family:Verdana, Arial, Helvetica, sans-serif;background:#EEEEEE;}
fieldset{padding:0 15px 10px 15px;}
h1{font-size:2.4em;margin:0;color:#FFF;}
h2{font-size:1.7em;margin:0;color:#CC0000;}
h3{font-size:1.2em;margin:10px 0 0 0;color:#000000;}
#header{width:96%;margin:0 0 0 0;padding:6px 2% 6px 2%;font-family:"trebuchet MS", Verdana, sans-serif;color:#FFF;background-color:#555555;}
#content{margin:0 0 0 2%;position:relative;}
.content-container{background:#FFF;width:96%;margin-top:8px;padding:10px;position:relative;}
-->
</style>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>${status} - ${title}</h2>
  <h3>${detail}</h3>
 </fieldset></div>
</div>
</body>
</html>
`;
}
