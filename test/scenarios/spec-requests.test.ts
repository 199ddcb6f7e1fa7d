/**
 * Requests that follow the spec where real Halo differs from what the code
 * once assumed (issue 13): dry-run previews with ticketidonly, lookups that
 * hide inactive items by default, records whose custom fields come with
 * includedetails. Each test fails against the old requests.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "../helpers/e2e.js";
import { toolChecks } from "../helpers/tool-checks.js";

const e2e = useE2E();

const { db } = toolChecks(() => e2e);
const openTicket = () =>
  [...db().tickets.values()].find((t) => db().statuses.get(t.status_id)?.closed !== true) as {
    id: number;
    summary: string;
  };

async function during<T>(fn: () => Promise<T>) {
  const before = e2e.fake.requests.length;
  const result = await fn();
  return { result, requests: e2e.fake.requests.slice(before) };
}

describe("dry-run previews name the ticket by its summary", () => {
  // ticketidonly=true answers ID fields only (the spec), so a preview cannot take the summary from it.
  it("add_ticket_action", async () => {
    const t = openTicket();
    const r = await e2e.call("add_ticket_action", { ticket_id: t.id, note: "Preview", dry_run: true });
    expect(r.isError, r.text).toBe(false);
    expect((r.data?.resolved as Record<string, string> | undefined)?.ticket).toBe(`${t.summary} #${t.id}`);
  });

  it("add_attachment", async () => {
    const t = openTicket();
    const r = await e2e.call("add_attachment", {
      ticket_id: t.id,
      base64: Buffer.from("hello").toString("base64"),
      filename: "a.txt",
      dry_run: true,
    });
    expect(r.isError, r.text).toBe(false);
    expect((r.data?.resolved as Record<string, string> | undefined)?.ticket).toBe(`${t.summary} #${t.id}`);
  });

  it("an existence check still asks for the ID fields only", async () => {
    const t = openTicket();
    const { requests } = await during(() => e2e.call("list_ticket_actions", { ticket_id: t.id }));
    expect(requests.find((q) => q.path === `/Tickets/${t.id}`)?.query).toMatchObject({
      ticketidonly: "true",
    });
  });
});

describe("lookups ask for inactive items the spec can return", () => {
  it("a disabled team still resolves by name (GET /Team with includedisabled)", async () => {
    const team = [...db().teams.values()].at(-1) as { id: number; name: string; inactive: boolean };
    team.inactive = true;
    try {
      const r = await e2e.call("search_tickets", { team: team.name, status: "any" });
      expect(r.isError, r.text).toBe(false);
      const sent = e2e.fake.requests.filter((q) => q.path === "/Team").at(-1);
      expect(sent?.query).toMatchObject({ includedisabled: "true", includeenabled: "true" });
      expect(e2e.fake.requests.filter((q) => q.path === "/Tickets").at(-1)?.query.team).toBe(String(team.id));
    } finally {
      team.inactive = false;
    }
  });

  it("ticket types are read with showinactive, agents with includeenabled and includedisabled", async () => {
    await e2e.call("list_lookups", { kind: "ticket_types" });
    await e2e.call("list_lookups", { kind: "agents" });
    const last = (path: string) => e2e.fake.requests.filter((q) => q.path === path).at(-1)?.query;
    expect(last("/TicketType")).toMatchObject({ showinactive: "true" });
    expect(last("/Agent")).toMatchObject({ includeenabled: "true", includedisabled: "true" });
  });
});

describe("client, site and contact reads ask for their custom fields", () => {
  it("get_client, get_site and get_contact send includedetails", async () => {
    const site = [...db().sites.values()].find((s) => !s.inactive) as { id: number; client_id: number };
    const user = [...db().users.values()].find((u) => !u.inactive) as { id: number };
    const { requests } = await during(async () => {
      await e2e.call("get_client", { client: site.client_id });
      await e2e.call("get_site", { site: site.id });
      await e2e.call("get_contact", { contact: user.id });
    });
    for (const path of [`/Client/${site.client_id}`, `/Site/${site.id}`, `/Users/${user.id}`]) {
      expect(requests.find((q) => q.path === path)?.query, path).toMatchObject({ includedetails: "true" });
    }
  });
});

describe("conformance", () => {
  it("sent no query parameter the spec does not document for the operation", () => {
    const undocumented = e2e.fake.requests
      .filter((q) => q.ignored?.length)
      .map((q) => `${q.method} ${q.path}: ${q.ignored?.join(", ")}`);
    expect(undocumented).toEqual([]);
  });
});
