/**
 * The fake Halo over real HTTP: the wire format the product and the
 * independent emulator both rely on (auth, envelopes, paging, POST arrays,
 * custom-field replacement), the faults, the rate limit and shutdown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeHalo,
  type FakeHaloOptions,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  startFakeHalo,
} from "../../fake-halo/index.js";

type Json = Record<string, unknown> & { [k: string]: unknown };

const started: FakeHalo[] = [];
async function fakeWith(opts: FakeHaloOptions = {}): Promise<FakeHalo> {
  const f = await startFakeHalo(opts);
  started.push(f);
  return f;
}

function tokenRequest(fake: FakeHalo, form: Record<string, string>, query = "") {
  return fetch(`${fake.url}/auth/token${query}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

const goodForm = {
  grant_type: "client_credentials",
  client_id: SANDBOX_CLIENT_ID,
  client_secret: SANDBOX_CLIENT_SECRET,
  scope: "all",
};

async function tokenFor(fake: FakeHalo): Promise<string> {
  const res = await tokenRequest(fake, goodForm);
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

interface Api {
  get(path: string): Promise<Response>;
  json<T = Json>(path: string): Promise<T>;
  post(path: string, body: unknown): Promise<Response>;
  del(path: string): Promise<Response>;
}

function apiFor(fake: FakeHalo, token: () => string): Api {
  const headers = () => ({ authorization: `Bearer ${token()}`, "content-type": "application/json" });
  return {
    get: (path) => fetch(`${fake.url}/api${path}`, { headers: headers() }),
    async json<T>(path: string) {
      const res = await fetch(`${fake.url}/api${path}`, { headers: headers() });
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    },
    post: (path, body) =>
      fetch(`${fake.url}/api${path}`, { method: "POST", headers: headers(), body: JSON.stringify(body) }),
    del: (path) => fetch(`${fake.url}/api${path}`, { method: "DELETE", headers: headers() }),
  };
}

let fake: FakeHalo;
let token = "";
let api: Api;

beforeAll(async () => {
  fake = await fakeWith();
  token = await tokenFor(fake);
  api = apiFor(fake, () => token);
});

afterAll(async () => {
  await Promise.all(started.map((f) => f.close()));
});

describe("auth", () => {
  it("issues Bearer tokens for client credentials", async () => {
    const res = await tokenRequest(fake, goodForm);
    const body = (await res.json()) as Json;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "all" });
    expect(body.access_token).toMatch(/^[0-9a-f]{32,}$/);
  });

  it("refuses bad credentials and other grants the OAuth way", async () => {
    const bad = await tokenRequest(fake, { ...goodForm, client_secret: "nope" });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: "invalid_client" });
    const grant = await tokenRequest(fake, { ...goodForm, grant_type: "password" });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toEqual({ error: "unsupported_grant_type" });
  });

  it("accepts HTTP Basic client authentication", async () => {
    const res = await fetch(`${fake.url}/auth/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${SANDBOX_CLIENT_ID}:${SANDBOX_CLIENT_SECRET}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials&scope=all",
    });
    expect(res.status).toBe(200);
  });

  it("requires ?tenant= when a tenant is configured", async () => {
    const hosted = await fakeWith({ tenant: "acme", clientId: "id", clientSecret: "secret" });
    const form = { grant_type: "client_credentials", client_id: "id", client_secret: "secret" };
    const missing = await tokenRequest(hosted, form);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Json).error).toBe("invalid_request");
    expect((await tokenRequest(hosted, form, "?tenant=acme")).status).toBe(200);
  });

  it("answers 401 with no JSON body without a valid token; authinfo needs none", async () => {
    const res = await fetch(`${fake.url}/api/Tickets`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("");
    const wrong = await fetch(`${fake.url}/api/Tickets`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    const info = await fetch(`${fake.url}/api/authinfo`);
    expect(info.status).toBe(200);
    expect(((await info.json()) as Json).auth_url).toBe(`${fake.url}/auth`);
  });

  it("expires, revokes and restores", async () => {
    const f = await fakeWith();
    let t = await tokenFor(f);
    const a = apiFor(f, () => t);
    expect((await a.get("/Status")).status).toBe(200);
    f.expireTokens();
    expect((await a.get("/Status")).status).toBe(401);
    t = await tokenFor(f);
    expect((await a.get("/Status")).status).toBe(200);
    f.revokeCredentials();
    expect((await a.get("/Status")).status).toBe(401);
    const refused = await tokenRequest(f, goodForm);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: "invalid_client" });
    f.restoreCredentials();
    t = await tokenFor(f);
    expect((await a.get("/Status")).status).toBe(200);
    expect(f.tokenRequests).toBe(4);
  });

  it("expires tokens after tokenTtlSeconds", async () => {
    const f = await fakeWith({ tokenTtlSeconds: 0.05 });
    const t = await tokenFor(f);
    await new Promise((r) => setTimeout(r, 80));
    expect((await fetch(`${f.url}/api/Status`, { headers: { authorization: `Bearer ${t}` } })).status).toBe(
      401,
    );
  });

  it("listens on loopback only", async () => {
    await expect(startFakeHalo({ host: "0.0.0.0" })).rejects.toThrow(/loopback/);
  });
});

describe("lists", () => {
  it("pages only with pageinate=true, caps page_size at 100, reports record_count", async () => {
    const p1 = await api.json("/Tickets?pageinate=true&page_size=500&page_no=1");
    expect(p1).toMatchObject({ page_no: 1, page_size: 100, record_count: 120 });
    expect((p1.tickets as unknown[]).length).toBe(100);
    const p2 = await api.json("/Tickets?pageinate=true&page_size=100&page_no=2");
    expect((p2.tickets as unknown[]).length).toBe(20);
    expect(p2.record_count).toBe(120);
    const all = await api.json("/Tickets");
    expect((all.tickets as unknown[]).length).toBe(120);
    const few = await api.json("/Tickets?count=5");
    expect((few.tickets as unknown[]).length).toBe(5);
    expect(few.record_count).toBe(120);
  });

  it("uses Halo's envelope keys", async () => {
    const keys: Record<string, string> = {
      "/Tickets": "tickets",
      "/Client": "clients",
      "/Site": "sites",
      "/Users": "users",
      "/Asset": "assets",
      "/ClientContract": "contracts",
      "/Actions?ticket_id=1001": "actions",
      "/Attachment": "attachments",
      "/Invoice": "invoices",
      "/Quotation": "quotes",
      "/Opportunities": "tickets",
      "/Projects": "tickets",
      "/Appointment": "appointments",
      "/Item": "items",
      "/KBArticle": "articles",
      "/Supplier": "suppliers",
      "/Timesheet": "timesheets",
      "/SoftwareLicence": "licences",
    };
    for (const [path, key] of Object.entries(keys)) {
      const body = await api.json(path);
      expect(Object.keys(body).sort(), path).toEqual(["page_no", "page_size", "record_count", key].sort());
      expect((body[key] as unknown[]).length, path).toBeGreaterThan(0);
    }
  });

  it("answers lookups as bare arrays, with per-tenant ids", async () => {
    for (const path of [
      "/Status",
      "/Priority",
      "/TicketType",
      "/Agent",
      "/Team",
      "/Outcome",
      "/AssetType",
      "/Field",
      "/FieldInfo",
    ])
      expect(Array.isArray(await api.json(path)), path).toBe(true);
    const statuses = await api.json<Json[]>("/Status");
    expect(statuses.map((s) => [s.id, s.name])).toContainEqual([21, "Waiting on Customer"]);
    const open = await api.json<Json[]>("/Status?excludeclosed=true");
    expect(open.map((s) => s.name)).not.toContain("Closed");
    expect(open.map((s) => s.name)).not.toContain("Resolved");
    const priorities = await api.json<Json[]>("/Priority");
    const p1 = priorities.filter((p) => p.priorityid === 1);
    expect(p1.map((p) => p.slaid).sort()).toEqual([1, 2]);
    expect(p1[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await api.json("/Agent/me")).toMatchObject({ id: 1, name: "Alice Admin" });
  });

  it("is case-insensitive on paths and 404s unknown ones with an HTML page", async () => {
    const lower = await api.json("/tickets/1001");
    expect(lower.id).toBe(1001);
    const nope = await api.get("/NoSuchThing");
    expect(nope.status).toBe(404);
    expect(nope.headers.get("content-type")).toMatch(/html/);
    const missing = await api.get("/Tickets/999999");
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toBe("");
  });

  it("filters tickets the Halo way", async () => {
    const acme = await api.json<{ tickets: Json[] }>("/Tickets?client_id=12");
    expect(acme.tickets.length).toBeGreaterThan(0);
    expect(acme.tickets.every((t) => t.client_id === 12 && t.client_name === "Acme Corporation")).toBe(true);
    const open = await api.json<{ record_count: number }>("/Tickets?open_only=true");
    const closed = await api.json<{ record_count: number; tickets: Json[] }>("/Tickets?closed_only=true");
    expect(open.record_count + closed.record_count).toBe(120);
    expect(closed.tickets.every((t) => t.status_id === 8 || t.status_id === 9)).toBe(true);
    const some = await api.json<{ tickets: Json[] }>("/Tickets?status=1,21");
    expect(some.tickets.every((t) => t.status_id === 1 || t.status_id === 21)).toBe(true);
    const printers = await api.json<{ tickets: Json[] }>("/Tickets?search=PRINTER");
    expect(printers.tickets.every((t) => String(t.summary).toLowerCase().includes("printer"))).toBe(true);
    const newest = await api.json<{ tickets: Json[] }>("/Tickets?order=dateoccurred&orderdesc=true&count=3");
    const dates = newest.tickets.map((t) => String(t.dateoccurred));
    expect([...dates].sort().reverse()).toEqual(dates);
    const recent = await api.json<{ tickets: Json[] }>(
      "/Tickets?datesearch=dateoccured&startdate=2026-10-25&enddate=2026-10-31",
    );
    expect(recent.tickets.every((t) => String(t.dateoccurred) >= "2026-10-25")).toBe(true);
  });

  it("keeps list rows light and single tickets full-size", async () => {
    const list = await api.json<{ tickets: Json[] }>("/Tickets?count=1");
    const row = list.tickets[0] as Json;
    expect(Object.keys(row).length).toBeGreaterThan(45);
    expect(Object.keys(row).length).toBeLessThan(80);
    expect(row.tickettype).toBeUndefined();
    expect(row.details_html).toBeUndefined();
    const res = await api.get("/Tickets/1001?includedetails=true");
    const text = await res.text();
    const full = JSON.parse(text) as Json;
    expect(Object.keys(full).length).toBeGreaterThan(230);
    expect(text.length).toBeGreaterThan(60_000);
    expect(JSON.stringify(full.tickettype).length).toBeGreaterThan(40_000);
    expect(full.user).toBeTypeOf("object");
    expect(full.priority).toMatchObject({ priorityid: full.priority_id });
    expect(full.details_html).toMatch(/^<p>/);
    expect((full.customfields as Json[]).length).toBe(10);
    expect((full.customfields as Json[])[0]).toMatchObject({ id: 201, name: "CFService", label: "Service" });
  });

  it("seeds the clients and sites name resolution is tested against", async () => {
    const acme = await api.json<{ clients: Json[] }>("/Client?search=acme");
    expect(acme.clients.map((c) => c.name)).toEqual(["Acme Corporation", "Acme Logistics Ltd"]);
    const sites = await api.json<{ sites: Json[] }>("/Site?client_id=12");
    expect(sites.sites.map((s) => s.name)).toEqual(["Acme London", "Acme Manchester"]);
    const active = await api.json<{ record_count: number }>("/Client");
    const all = await api.json<{ record_count: number }>("/Client?includeinactive=true");
    expect(all.record_count).toBe(active.record_count + 1);
    const asset = await api.json<Json>("/Asset/500");
    expect((asset.fields as Json[]).map((f) => f.name)).toContain("Serial Number");
  });

  it("needs ticket_id for actions and honours count and excludesys", async () => {
    expect((await api.get("/Actions")).status).toBe(400);
    const all = await api.json<{ actions: Json[] }>("/Actions?ticket_id=1001");
    const human = await api.json<{ actions: Json[] }>("/Actions?ticket_id=1001&excludesys=true");
    expect(human.actions.length).toBeLessThan(all.actions.length);
    const one = await api.json<{ actions: Json[] }>("/Actions?ticket_id=1001&count=1");
    expect(one.actions.length).toBe(1);
  });

  it("is deterministic per seed and fast at 3,000 tickets", async () => {
    const again = await fakeWith({ seed: 1 });
    const other = await fakeWith({ seed: 2 });
    const summaries = (f: FakeHalo) => [...f.db.tickets.values()].slice(0, 10).map((t) => t.summary);
    expect(summaries(again)).toEqual(summaries(fake));
    expect(summaries(other)).not.toEqual(summaries(fake));
    const t0 = Date.now();
    const big = await fakeWith({ tickets: 3000 });
    expect(Date.now() - t0).toBeLessThan(5000);
    const t = await tokenFor(big);
    const page = (await (
      await fetch(`${big.url}/api/Tickets?pageinate=true&page_size=100&page_no=30`, {
        headers: { authorization: `Bearer ${t}` },
      })
    ).json()) as Json;
    expect(page.record_count).toBe(3000);
    expect((page.tickets as unknown[]).length).toBe(100);
  });
});

describe("writes", () => {
  it("requires a JSON array", async () => {
    const res = await api.post("/Tickets", { summary: "x", client_id: 12 });
    expect(res.status).toBe(400);
    expect(typeof (await res.json())).toBe("string");
  });

  it("creates from an array and answers 201 with the saved object", async () => {
    const res = await api.post("/Tickets", [{ summary: "Printer jam", client_id: 12, details: "Tray 2" }]);
    expect(res.status).toBe(201);
    const saved = (await res.json()) as Json;
    expect(saved).toMatchObject({ summary: "Printer jam", client_id: 12, client_name: "Acme Corporation" });
    expect(fake.db.tickets.get(saved.id as number)?.summary).toBe("Printer jam");
  });

  it("emails the contact an acknowledgement unless sendack is false, as ticket types default to", async () => {
    const userId = [...fake.db.users.values()].find(
      (u) => fake.db.sites.get(u.site_id)?.client_id === 12 && u.emailaddress,
    )?.id;
    expect(userId).toBeDefined();
    const make = async (extra: Json) => {
      const res = await api.post("/Tickets", [{ summary: "Ack?", client_id: 12, user_id: userId, ...extra }]);
      const saved = (await res.json()) as Json;
      expect(saved.sendack).toBe(extra.sendack ?? true);
      return (fake.db.actions.get(saved.id as number) ?? []).filter((a) => a.sendemail).length;
    };
    expect(await make({})).toBe(1);
    expect(await make({ sendack: false })).toBe(0);
  });

  it("validates with a JSON string naming the field", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [[{ client_id: 12 }], /summary/],
      [[{ summary: "x" }], /client_id/],
      [[{ summary: "x", client_id: 99999 }], /client_id/],
      [[{ summary: "x", client_id: 12, status_id: 3 }], /status_id/],
      [[{ summary: "x", client_id: 12, agent_id: 42 }], /agent_id/],
    ];
    for (const [body, pattern] of cases) {
      const res = await api.post("/Tickets", body);
      expect(res.status).toBe(400);
      expect((await res.json()) as string).toMatch(pattern);
    }
    const site = await api.post("/Site", [{ name: "Nowhere", client_id: 99999 }]);
    expect(site.status).toBe(400);
    const att = await api.post("/Attachment", [{ ticket_id: 1001, filename: "a.txt" }]);
    expect((await att.json()) as string).toMatch(/data/);
  });

  it("updates partially; a posted customfields list replaces the whole list", async () => {
    const id = 1002;
    const before = fake.db.tickets.get(id)!;
    const summary = before.summary;
    const res = await api.post("/Tickets", [{ id, customfields: [{ id: 204, value: "PO-1" }] }]);
    expect(res.status).toBe(201);
    const after = fake.db.tickets.get(id)!;
    expect(after.summary).toBe(summary);
    const cf = new Map(after.customfields.map((f) => [f.id, f]));
    expect(cf.get(204)?.value).toBe("PO-1");
    expect(cf.get(201)?.value).toBe("");
    expect(after.customfields.length).toBe(10);
    // A selection stores what was posted: an option ID shows its name; a name is not translated (as Halo).
    const options = (await api.json<Json[]>("/FieldInfo?includevalues=true")).find((f) => f.id === 201)
      ?.values as Json[];
    const security = options.find((o) => o.name === "Security")?.id;
    const sel = await api.post("/Tickets", [{ id, customfields: [{ id: 201, value: security }] }]);
    const shown = ((await sel.json()) as { customfields: Json[] }).customfields.find((f) => f.id === 201);
    expect(shown).toMatchObject({ value: security, display: "Security" });
    const byName = await api.post("/Tickets", [{ id, customfields: [{ id: 201, value: "Security" }] }]);
    const kept = ((await byName.json()) as { customfields: Json[] }).customfields.find((f) => f.id === 201);
    expect(kept).toMatchObject({ value: "Security", display: "" });
  });

  it("answers 404 when updating a record that does not exist", async () => {
    expect((await api.post("/Tickets", [{ id: 987654, summary: "x" }])).status).toBe(404);
  });

  it("records actions with sendemail and applies new_status", async () => {
    const res = await api.post("/Actions", [
      { ticket_id: 1003, outcome: "Email User", note: "Hi", sendemail: true, timetaken: 0.5, new_status: 21 },
    ]);
    expect(res.status).toBe(201);
    const saved = (await res.json()) as Json;
    const stored = fake.db.actions.get(1003)?.find((a) => a.id === saved.id);
    expect(stored).toMatchObject({ sendemail: true, timetaken: 0.5, new_status: 21, outcome: "Email User" });
    expect(fake.db.tickets.get(1003)?.status_id).toBe(21);
    const noNote = await api.post("/Actions", [{ ticket_id: 1003 }]);
    expect(noNote.status).toBe(400);
  });

  it("stores base64 attachments and returns them", async () => {
    const data = Buffer.from("hello sandbox").toString("base64");
    const res = await api.post("/Attachment", [{ ticket_id: 1001, filename: "note.txt", data }]);
    expect(res.status).toBe(201);
    const saved = (await res.json()) as Json;
    // As Halo does: the file itself, named in Content-Disposition.
    const file = await api.get(`/Attachment/${saved.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/plain");
    expect(file.headers.get("content-disposition")).toContain('filename="note.txt"');
    expect(await file.text()).toBe("hello sandbox");
    const list = await api.json<{ attachments: Json[] }>("/Attachment?ticket_id=1001");
    expect(list.attachments.some((a) => a.id === saved.id && a.data === undefined)).toBe(true);
  });

  it("answers the Attachment record with base64 data when told to, as some versions do", async () => {
    const f = await fakeWith({ attachmentDownload: "json" });
    const t = await tokenFor(f);
    const a = apiFor(f, () => t);
    const named = "résumé.txt";
    const saved = (await (
      await a.post("/Attachment", [
        { ticket_id: 1001, filename: named, data: Buffer.from("hi").toString("base64") },
      ])
    ).json()) as Json;
    const one = await a.json(`/Attachment/${saved.id}`);
    expect(Buffer.from(String(one.data), "base64").toString()).toBe("hi");
    expect(one).toMatchObject({ filename: named, filesize: 2, ticket_id: 1001 });
    // The file form names a non-ASCII file per RFC 6266.
    const raw = await api.post("/Attachment", [{ ticket_id: 1001, filename: named, data: "aGk=" }]);
    const rawId = ((await raw.json()) as Json).id;
    const got = await api.get(`/Attachment/${rawId}`);
    expect(got.headers.get("content-disposition")).toContain("filename*=UTF-8''r%C3%A9sum%C3%A9.txt");
  });

  it("deletes with a reason and 404s the missing", async () => {
    const res = await api.del("/Tickets/1004?reason=duplicate");
    expect(res.status).toBe(200);
    expect(fake.db.tickets.has(1004)).toBe(false);
    expect(fake.db.deletions.at(-1)).toMatchObject({ resource: "Tickets", id: 1004, reason: "duplicate" });
    expect((await api.del("/Tickets/1004")).status).toBe(404);
  });
});

describe("faults", () => {
  it("answers 429 with Retry-After only when a rule gives one", async () => {
    const before = fake.rateLimited;
    fake.addFault({ path: "/Status", kind: "429", retryAfter: "2" });
    fake.addFault({ path: "/Status", kind: "429" });
    const first = await api.get("/Status");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("2");
    const second = await api.get("/Status");
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBeNull();
    expect((await api.get("/Status")).status).toBe(200);
    expect(fake.rateLimited).toBe(before + 2);
  });

  it("serves 5xx statuses, IIS HTML pages and 401s", async () => {
    for (const kind of ["500", "502", "503", "504"] as const) {
      fake.addFault({ path: "/Team", kind });
      expect((await api.get("/Team")).status).toBe(Number(kind));
    }
    fake.addFault({ path: "/Team", kind: "html" });
    const page = await api.get("/Team");
    expect(page.status).toBeGreaterThanOrEqual(500);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<html/i);
    fake.addFault({ path: "/Team", kind: "401" });
    expect((await api.get("/Team")).status).toBe(401);
  });

  it("truncates JSON", async () => {
    fake.addFault({ method: "GET", path: "/tickets", kind: "malformed-json" });
    const res = await api.get("/Tickets/1001");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it("resets connections", async () => {
    fake.addFault({ path: "/Outcome", kind: "reset" });
    await expect(api.get("/Outcome")).rejects.toThrow();
    expect((await api.get("/Outcome")).status).toBe(200);
  });

  it("hangs until the client gives up", async () => {
    fake.addFault({ path: "/Priority", kind: "hang" });
    const t = Date.now();
    await expect(
      fetch(`${fake.url}/api/Priority`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });

  it("can save a POST before losing the reply", async () => {
    const count = fake.db.tickets.size;
    fake.addFault({ method: "POST", path: "/Tickets", kind: "502", afterProcessing: true });
    const res = await api.post("/Tickets", [{ summary: "Landed anyway", client_id: 13 }]);
    expect(res.status).toBe(502);
    expect(fake.db.tickets.size).toBe(count + 1);
    fake.addFault({ method: "POST", path: "/Tickets", kind: "503" });
    expect((await api.post("/Tickets", [{ summary: "Never landed", client_id: 13 }])).status).toBe(503);
    expect(fake.db.tickets.size).toBe(count + 1);
  });

  it("matches method, counts hits, and covers the token endpoint", async () => {
    fake.addFault({ method: "POST", path: "/Site", kind: "500", times: Number.POSITIVE_INFINITY });
    expect((await api.get("/Site")).status).toBe(200);
    expect((await api.post("/Site", [{ name: "x", client_id: 12 }])).status).toBe(500);
    expect((await api.post("/Site", [{ name: "x", client_id: 12 }])).status).toBe(500);
    fake.clearFaults();
    fake.addFault({ path: "/auth/token", kind: "503" });
    expect((await tokenRequest(fake, goodForm)).status).toBe(503);
    expect((await tokenRequest(fake, goodForm)).status).toBe(200);
  });
});

describe("rate limit, latency, bookkeeping", () => {
  it("answers 429 over a rolling window, without Retry-After", async () => {
    const f = await fakeWith({ rateLimit: { max: 5, windowMs: 300 } });
    const t = await tokenFor(f);
    const a = apiFor(f, () => t);
    for (let i = 0; i < 5; i++) expect((await a.get("/Status")).status).toBe(200);
    const over = await a.get("/Status");
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBeNull();
    expect(await over.text()).toMatch(/rate limit/i);
    expect(f.rateLimited).toBe(1);
    await new Promise((r) => setTimeout(r, 320));
    expect((await a.get("/Status")).status).toBe(200);
  });

  it("injects latency", async () => {
    const f = await fakeWith({ latencyMs: 60 });
    const t = await tokenFor(f);
    const start = Date.now();
    await fetch(`${f.url}/api/Status`, { headers: { authorization: `Bearer ${t}` } });
    expect(Date.now() - start).toBeGreaterThanOrEqual(55);
    f.setLatency(0);
  });

  it("records requests and counts them by method and path", async () => {
    const f = await fakeWith();
    const t = await tokenFor(f);
    const a = apiFor(f, () => t);
    await a.get("/Tickets?client_id=12");
    await a.get("/Tickets/1001");
    await a.post("/Tickets", [{ summary: "x", client_id: 12 }]);
    expect(f.count()).toBe(3);
    expect(f.count({ path: "/Tickets" })).toBe(3);
    expect(f.count({ method: "GET", path: "/tickets" })).toBe(2);
    expect(f.count({ path: /^\/Tickets\/\d+$/ })).toBe(1);
    expect(f.tokenRequests).toBe(1);
    expect(f.requests[0]).toMatchObject({ path: "/auth/token", status: 200, authorized: true });
    expect(f.requests[1]).toMatchObject({
      method: "GET",
      path: "/Tickets",
      query: { client_id: "12" },
      status: 200,
    });
    expect(f.requests[3]?.body).toEqual([{ summary: "x", client_id: 12 }]);
    f.resetCounters();
    expect(f.requests.length + f.tokenRequests + f.rateLimited).toBe(0);
  });

  it("close() ends hung requests and is idempotent", async () => {
    const f = await startFakeHalo();
    const t = await tokenFor(f);
    f.addFault({ path: "/Tickets", kind: "hang" });
    const pending = fetch(`${f.url}/api/Tickets`, { headers: { authorization: `Bearer ${t}` } });
    await new Promise((r) => setTimeout(r, 50));
    const start = Date.now();
    await Promise.all([f.close(), f.close()]);
    await expect(pending).rejects.toThrow();
    expect(Date.now() - start).toBeLessThan(1000);
  });
});
