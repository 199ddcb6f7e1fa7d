/**
 * The fake ignores query parameters the spec does not document for an
 * operation, as Halo ignores unknown ones, unless the tenant is told to
 * honour them (all, or by name / name=value): both paths of the server's
 * self-verifying filters run against it.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  type FakeHalo,
  type FakeHaloOptions,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  startFakeHalo,
} from "../../fake-halo/index.js";

const started: FakeHalo[] = [];
afterAll(() => Promise.all(started.map((f) => f.close())));

async function client(opts: FakeHaloOptions) {
  const fake = await startFakeHalo(opts);
  started.push(fake);
  const res = await fetch(`${fake.url}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: SANDBOX_CLIENT_ID,
      client_secret: SANDBOX_CLIENT_SECRET,
    }).toString(),
  });
  const { access_token } = (await res.json()) as { access_token: string };
  return {
    fake,
    async tickets(query: string): Promise<Array<Record<string, unknown>>> {
      const r = await fetch(`${fake.url}/api/Tickets?${query}`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(r.status).toBe(200);
      return ((await r.json()) as { tickets: Array<Record<string, unknown>> }).tickets;
    },
  };
}

describe("undocumented query parameters", () => {
  it("are ignored by default and listed on the recorded request", async () => {
    const { fake, tickets } = await client({});
    const all = await tickets("");
    const teamId = all[0]?.team_id as number;
    // team_id is not documented on GET /Tickets (the plural `team` is).
    const byTeamId = await tickets(`team_id=${teamId}`);
    expect(byTeamId.length).toBe(all.length);
    expect(fake.requests.at(-1)?.ignored).toEqual(["team_id"]);
    const byTeam = await tickets(`team=${teamId}`);
    expect(byTeam.length).toBeLessThan(all.length);
    expect(byTeam.every((t) => t.team_id === teamId)).toBe(true);
    expect(fake.requests.at(-1)?.ignored).toBeUndefined();
  });

  it("are honoured when the tenant honours them all, or by name", async () => {
    for (const honourUndocumented of [true, ["team_id"]] as const) {
      const { fake, tickets } = await client({ honourUndocumented });
      const all = await tickets("");
      const teamId = all[0]?.team_id as number;
      const byTeamId = await tickets(`team_id=${teamId}`);
      expect(byTeamId.length).toBeLessThan(all.length);
      expect(byTeamId.every((t) => t.team_id === teamId)).toBe(true);
      expect(fake.requests.at(-1)?.ignored).toBeUndefined();
    }
  });

  it("an undocumented datesearch value falls back to the opened date unless honoured", async () => {
    const range = "startdate=2000-01-01&enddate=2000-01-02";
    const ignoring = await client({});
    // Nothing was opened in 2000: with the value ignored the range applies to dateoccurred.
    expect(await ignoring.tickets(`datesearch=lastactiondate&${range}`)).toEqual([]);
    const honouring = await client({ honourUndocumented: ["datesearch=lastactiondate"] });
    const all = await honouring.tickets("");
    const last = all.map((t) => String(t.lastactiondate)).sort()[0] as string;
    const day = last.slice(0, 10);
    const hits = await honouring.tickets(`datesearch=lastactiondate&startdate=${day}&enddate=${day}`);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((t) => String(t.lastactiondate).startsWith(day))).toBe(true);
    // The documented value needs no honouring.
    const closed = await ignoring.tickets(`datesearch=datecleared&startdate=2000-01-01&enddate=2100-01-01`);
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.length).toBeLessThan((await ignoring.tickets("")).length);
  });
});
