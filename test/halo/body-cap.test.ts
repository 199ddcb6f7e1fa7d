/**
 * HALOPSA_MAX_RESPONSE_MB reaches the one HTTP client: the same 2 MiB answer
 * is read under the default cap and refused, once, under a 1 MiB cap.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caught, haloFor, useCoreHarness } from "../helpers/halo-client.js";

useCoreHarness();

const TWO_MIB = `[${" ".repeat(2 * 1024 * 1024)}{"id":1,"name":"New"}]`;
let url = "";
let statusRequests = 0;
const server = createServer((req, res) => {
  const path = (req.url ?? "").split("?")[0]?.toLowerCase();
  res.setHeader("content-type", "application/json");
  if (path === "/auth/token") {
    req.resume();
    res.end(
      JSON.stringify({ access_token: "cap-test-token-0123456789", token_type: "Bearer", expires_in: 3600 }),
    );
  } else if (path === "/api/status") {
    statusRequests++;
    res.end(TWO_MIB);
  } else {
    res.statusCode = 404;
    res.end("{}");
  }
});

beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
});

describe("HALOPSA_MAX_RESPONSE_MB", () => {
  it("the default 16 MiB cap reads a 2 MiB answer", async () => {
    const halo = haloFor(url, { HALOPSA_AUTH_URL: `${url}/auth` });
    const res = await halo.http.request<unknown[]>({ method: "GET", path: "/Status" });
    expect(res.data).toEqual([{ id: 1, name: "New" }]);
  });

  it("a 1 MiB cap refuses it, permanently: asked once, no retry", async () => {
    const halo = haloFor(url, { HALOPSA_AUTH_URL: `${url}/auth`, HALOPSA_MAX_RESPONSE_MB: "1" });
    const before = statusRequests;
    const err = await caught(halo.http.request({ method: "GET", path: "/Status" }));
    expect(err.kind).toBe("bad_response");
    expect(err.transient).toBe(false);
    expect(err.message).toMatch(
      /answer to GET \/api\/Status from 127\.0\.0\.1:\d+ is larger than 1 MiB \(2 MiB announced\)/,
    );
    expect(err.hint).toContain("HALOPSA_MAX_RESPONSE_MB");
    expect(statusRequests - before).toBe(1);
  });
});
