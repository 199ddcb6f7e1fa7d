#!/usr/bin/env node
import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as c}from"./halopsa-mcp.chunk-YN2HPP6I.js";import{T as h}from"./halopsa-mcp.chunk-GCTM6CN6.js";import"./halopsa-mcp.chunk-OALW6WVY.js";var d=`halopsa-mcp ${c} \u2014 HaloPSA MCP server for Claude Code

Usage:
  halopsa-mcp              run the MCP server on stdio
  halopsa-mcp --sandbox    run it against a built-in fake Halo with demo data (no credentials needed)
  halopsa-mcp serve --http [--host H] [--port N]
                           serve a team over Streamable HTTP, each person signed in to Halo
                           as themselves (README: Team deployment)
  halopsa-mcp doctor       check the configuration end to end and print a pass/fail report
  halopsa-mcp doctor --sandbox   the same checks against the built-in fake Halo
  halopsa-mcp login        sign in to Halo as yourself (browser; prints the address too)
      --no-browser         only print the address to open;  --port N  a fixed loopback port
  halopsa-mcp logout       forget (and revoke, where Halo offers it) your sign-in
  halopsa-mcp --help       this text
  halopsa-mcp --version    the version
  --env-file PATH          read HALOPSA_* settings from PATH instead of the per-user settings file

Settings, first found wins: environment variables, the plugin's settings in Claude Code, then the
settings file: HALOPSA_ENV_FILE if set, else $XDG_CONFIG_HOME/halopsa-mcp/.env (Linux; default
~/.config), ~/Library/Application Support/halopsa-mcp/.env (macOS), %APPDATA%\\halopsa-mcp\\.env
(Windows). Only HALOPSA_* lines are read from it. A .env in the current folder is never read.

Required: HALOPSA_BASE_URL, HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET (hosted tenants: HALOPSA_TENANT);
          signed in with \`login\`: HALOPSA_BASE_URL only (and HALOPSA_TENANT).
Optional: HALOPSA_AUTH_URL, HALOPSA_SCOPE, HALOPSA_TIMEOUT_MS, HALOPSA_RATE_LIMIT, HALOPSA_READ_ONLY,
          HALOPSA_TOOLSETS, HALOPSA_ALLOW_RAW_API, HALOPSA_LOG_LEVEL. See README.md.
`;function u(n){let t=[],o,l,a;for(let r=0;r<n.length;r++){let s=n[r];if(s==="--env-file"||s.startsWith("--env-file=")){let e=s==="--env-file"?n[++r]:s.slice(11);if(!e)return{args:t,problem:"--env-file needs a path"};o=e}else if(s==="--port"||s.startsWith("--port=")){let e=Number(s==="--port"?n[++r]:s.slice(7));if(!Number.isInteger(e)||e<1||e>65535)return{args:t,problem:"--port needs a port number (1-65535)"};l=e}else if(s==="--host"||s.startsWith("--host=")){if(a=s==="--host"?n[++r]:s.slice(7),!a)return{args:t,problem:"--host needs an address"}}else t.push(s)}return{args:t,envFile:o,port:l,host:a}}async function f(n){let t=u(n),o=new Set(t.args);if(o.has("--help")||o.has("-h")||o.has("help")){process.stdout.write(d);return}if(o.has("--version")||o.has("-v")){process.stdout.write(`${c}
`);return}let l=new Set(["--sandbox","doctor","login","logout","--no-browser","serve","--http"]),a=t.args.filter(e=>!l.has(e));if(t.problem||a.length>0){process.stderr.write(`halopsa-mcp: ${t.problem??`unknown argument ${a.join(" ")}`}

${d}`),process.exitCode=2;return}let r={envFile:t.envFile};if(o.has("--http")){let{serveHttp:e}=await import("./halopsa-mcp.cli-UQ4DOCBA.js");await e(process.env,{envFile:t.envFile,host:t.host,port:t.port===void 0?void 0:String(t.port)});return}if(o.has("login")||o.has("logout")){let{runLogin:e,runLogout:i}=await import("./halopsa-mcp.login-6TWKXLOK.js");process.exitCode=o.has("login")?await e(process.env,{...r,noBrowser:o.has("--no-browser"),port:t.port}):await i(process.env,r);return}if(o.has("doctor")){let{runDoctor:e}=await import("./halopsa-mcp.doctor-BT6TMBQG.js");if(!o.has("--sandbox")){process.exitCode=await e(process.env,void 0,r);return}let{startSandbox:i}=await import("./halopsa-mcp.sandbox-E256CAHG.js"),p=await i(process.env);try{process.exitCode=await e({},void 0,{loaded:p.config,heading:`Checking the built-in sandbox (fake HaloPSA at ${p.url}), not your Halo: run \`doctor\` without --sandbox for that.`})}finally{await p.close()}return}if(o.has("--sandbox")){let{startSandbox:e}=await import("./halopsa-mcp.sandbox-E256CAHG.js"),i=await e(process.env),{serve:p}=await import("./halopsa-mcp.serve-GDD2GDW3.js");await p(i.config,{onClose:i.close});return}let{serve:s}=await import("./halopsa-mcp.serve-GDD2GDW3.js");await s(await h(process.env,r))}f(process.argv.slice(2)).catch(n=>{process.stderr.write(`halopsa-mcp: ${n instanceof Error?n.message:String(n)}
`),process.exit(1)});
