/**
 * HaloHttp.download over real HTTP: the real GET /Attachment/{id} answers
 * with the file's bytes (Content-Type, Content-Disposition), not JSON. A
 * tiny server plays that part; the fake Halo answers JSON with base64.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { HaloError } from "../../src/halo/errors.js";
import { createHalo, type Halo } from "../../src/halo/index.js";
import { R } from "../../src/halo/resources.js";

const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80]);
const BIG = Buffer.alloc(300_000, 0x61);

let server: Server;
let halo: Halo;
let accept: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (path === "/auth/token") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ access_token: "t", token_type: "Bearer", expires_in: 3600 }));
      return;
    }
    if (path === "/api/authinfo") {
      res.writeHead(404).end();
      return;
    }
    accept = req.headers.accept;
    if (path === "/api/Attachment/1") {
      res.writeHead(200, {
        "content-type": "image/png",
        "content-disposition": "attachment; filename=\"shot 1.png\"; filename*=UTF-8''shot%201.png",
        "content-length": String(BINARY.length),
      });
      res.end(BINARY);
    } else if (path === "/api/Attachment/2") {
      res.writeHead(200, { "content-type": "text/plain", "content-length": String(BIG.length) });
      res.end(BIG);
    } else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify("Attachment not found."));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const cfg = loadConfig({
    HALOPSA_BASE_URL: `http://127.0.0.1:${port}`,
    HALOPSA_CLIENT_ID: "id",
    HALOPSA_CLIENT_SECRET: "secret",
    HALOPSA_RETRY_BASE_MS: "5",
  });
  if (!cfg.ok) throw new Error(cfg.problems.join(" "));
  halo = createHalo(cfg.config);
});

afterAll(async () => {
  await halo?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe("HaloResources.download", () => {
  it("returns binary bytes intact with type, name and size", async () => {
    const dl = await halo.resources.download(R.attachments, 1, { maxBytes: 1024 });
    expect(dl.body.equals(BINARY)).toBe(true);
    expect(dl).toMatchObject({
      contentType: "image/png",
      filename: "shot 1.png",
      length: 12,
      truncated: false,
    });
    expect(accept).toBe("*/*");
  });

  it("stops reading past maxBytes and says so", async () => {
    const dl = await halo.resources.download(R.attachments, 2, { maxBytes: 1000 });
    expect(dl.truncated).toBe(true);
    expect(dl.length).toBe(BIG.length);
    expect(dl.body.length).toBeGreaterThan(1000);
    expect(dl.body.length).toBeLessThan(BIG.length);
  });

  it("maps 404 to the attachment's not-found error", async () => {
    const err = await halo.resources.download(R.attachments, 3, { maxBytes: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HaloError);
    expect((err as HaloError).kind).toBe("not_found");
    expect((err as HaloError).message).toBe("no attachment with ID 3.");
  });
});
