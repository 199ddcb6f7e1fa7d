/**
 * The person confirms writes through the client (MCP elicitation), not the
 * model: with a client that can show forms, nothing reaches Halo on anything
 * but an explicit accept; a client that cannot keeps today's behaviour; the
 * HALOPSA_CONFIRM policy decides which writes ask.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../../src/config/config.js";
import { HaloError } from "../../src/halo/errors.js";
import { createHalo } from "../../src/halo/index.js";
import { R } from "../../src/halo/resources.js";
import { confirmerFor, confirmMessage, guardedHalo, newGate, runHandler } from "../../src/server/confirm.js";
import { defineTool } from "../../src/tools/define.js";
import { allTools } from "../../src/tools/registry.js";
import { ACCEPT, CANCEL, DECLINE, useConfirmRigs } from "../helpers/confirm-harness.js";

const { fake, rig } = useConfirmRigs();

/** An open ticket of the seed, by index. */
const openTicket = (i = 0) =>
  [...fake.db.tickets.values()].filter((t) => t.status_id !== 9 && t.status_id !== 8)[i]!;

describe("with a client that can show forms", () => {
  it("accept: the form shows the change and the write lands", async () => {
    const r = await rig({ person: ACCEPT });
    const t = openTicket(0);
    const before = r.writes();
    const res = await r.call("update_ticket", { id: t.id, summary: "Printer replaced in confirm test" });
    expect(res.isError, res.text).toBe(false);
    expect(r.forms).toHaveLength(1);
    expect(r.forms[0]?.message).toContain(`Update ticket`);
    expect(r.forms[0]?.message).toContain("→ Printer replaced in confirm test");
    expect(r.writes()).toBe(before + 1);
    expect(fake.db.tickets.get(t.id)?.summary).toBe("Printer replaced in confirm test");
  });

  it("decline: nothing is sent, and the answer says so without blaming Halo", async () => {
    const r = await rig({ person: DECLINE });
    const t = openTicket(1);
    const summary = t.summary;
    const before = r.writes();
    const res = await r.call("update_ticket", { id: t.id, summary: "Should never land" });
    expect(res.isError).toBe(false);
    expect(res.data).toMatchObject({ sent: false, outcome: "declined" });
    expect(res.text).toContain("Nothing was sent to Halo");
    expect(res.text).not.toMatch(/HaloPSA rejected|Unexpected error/);
    expect(r.writes()).toBe(before);
    expect(fake.db.tickets.get(t.id)?.summary).toBe(summary);
  });

  it("cancel: nothing is sent", async () => {
    const r = await rig({ person: CANCEL });
    const before = r.writes();
    const res = await r.call("add_ticket_action", { ticket_id: openTicket(2).id, note: "never" });
    expect(res.data).toMatchObject({ sent: false, outcome: "cancelled" });
    expect(r.writes()).toBe(before);
  });

  it("an accept with the checkbox unticked is a decline", async () => {
    const r = await rig({ person: () => ({ action: "accept", content: { confirm: false } }) });
    const before = r.writes();
    const res = await r.call("update_ticket", { id: openTicket(3).id, summary: "Unticked" });
    expect(res.data).toMatchObject({ sent: false, outcome: "declined" });
    expect(r.writes()).toBe(before);
  });

  it("an accept that does not carry the ticked box is not a yes (no content, or {})", async () => {
    for (const answer of [{ action: "accept" as const }, { action: "accept" as const, content: {} }]) {
      const r = await rig({ person: () => answer });
      const before = r.writes();
      const res = await r.call("add_ticket_action", { ticket_id: openTicket(3).id, note: "no box" });
      expect(res.data, JSON.stringify(answer)).toMatchObject({ sent: false });
      expect(r.writes(), JSON.stringify(answer)).toBe(before);
      // The box is required, so a client pre-fills it from its default and sends its state.
      expect(
        (r.forms[0] as { requestedSchema?: { required?: string[] } } | undefined)?.requestedSchema?.required,
      ).toEqual(["confirm"]);
    }
  });

  it("customer text in a name cannot add lines to the form, hide them, or push the action off it", async () => {
    const r = await rig({ person: DECLINE });
    const t = openTicket(7);
    const summary = t.summary;
    const forged = "Printer jam\n\nNothing is deleted: this only adds a tag.\u001b[1A\u001b[2K\u202e\u200b";
    try {
      for (const padding of [" ".repeat(5000), "A".repeat(5000)]) {
        t.summary = `${forged}${padding}end`;
        const before = r.forms.length;
        await r.call("delete_ticket", { id: t.id, reason: "dup\r\nSent to Halo:\n  nothing" });
        const message = r.forms[before]?.message ?? "";
        const lines = message.split("\n");
        // The first line is the action, whole at its end; every other line is the server's layout.
        expect(lines[0]).toMatch(
          /^Delete ticket Printer jam Nothing is deleted: this only adds a tag\. .*#\d+ permanently\?$/,
        );
        expect(lines[0]!.length).toBeLessThanOrEqual(241);
        for (const line of lines.slice(1))
          expect(line, message).toMatch(/^$|^This emails|^[A-Z][^:]*:$|^ {2}\S/);
        expect(lines.filter((l) => /^\s*Sent to Halo/.test(l))).toEqual([]);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be there
        expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/);
      }
    } finally {
      t.summary = summary;
    }
  });

  it("timeout: nothing is sent, not even when the accept arrives late", async () => {
    let lateAccept: (() => void) | undefined;
    const r = await rig({
      timeoutMs: 300,
      person: () =>
        new Promise((resolve) => {
          lateAccept = () => resolve({ action: "accept", content: { confirm: true } });
        }),
    });
    const t = openTicket(4);
    const before = r.writes();
    const res = await r.call("update_ticket", { id: t.id, summary: "Too late" });
    expect(res.isError).toBe(true);
    expect(res.data).toMatchObject({ sent: false, outcome: "timeout" });
    expect(res.text).toContain("Nothing was sent to Halo");
    lateAccept?.();
    await new Promise((done) => setTimeout(done, 200));
    expect(r.writes()).toBe(before);
    expect(fake.db.tickets.get(t.id)?.summary).not.toBe("Too late");
  });

  it("a client that fails to show the form: nothing is sent", async () => {
    const r = await rig({
      person: () => {
        throw new Error("form renderer crashed");
      },
    });
    const before = r.writes();
    const res = await r.call("update_ticket", { id: openTicket(5).id, summary: "x" });
    expect(res.isError).toBe(true);
    expect(res.data).toMatchObject({ sent: false, outcome: "failed" });
    expect(r.writes()).toBe(before);
  });

  it("changed values in the answer are ignored: the write is exactly the preview", async () => {
    const r = await rig({
      person: () => ({
        action: "accept",
        content: { confirm: true, summary: "HIJACKED", status_id: 9, note: "injected", agent_id: 3 },
      }),
    });
    const t = openTicket(6);
    const args = { id: t.id, summary: "Exactly what was previewed", priority: "High" };
    const preview = await r.call("update_ticket", { ...args, dry_run: true });
    expect(r.forms).toHaveLength(0);
    const statusBefore = t.status_id;
    const agentBefore = t.agent_id;
    const res = await r.call("update_ticket", args);
    expect(res.isError, res.text).toBe(false);
    expect(res.data.form_values_ignored).toEqual(["summary", "status_id", "note", "agent_id"]);
    const posted = fake.requests.filter((q) => q.method === "POST" && q.path === "/Tickets").at(-1);
    expect(posted?.body).toEqual((preview.data as { would_send: unknown }).would_send);
    const saved = fake.db.tickets.get(t.id);
    expect(saved?.summary).toBe("Exactly what was previewed");
    expect(saved?.status_id).toBe(statusBefore);
    expect(saved?.agent_id).toBe(agentBefore);
  });

  it("dry_run previews without a form and without a write", async () => {
    const r = await rig({ person: ACCEPT });
    const before = r.writes();
    const res = await r.call("update_ticket", {
      id: openTicket(7).id,
      summary: "Preview only",
      dry_run: true,
    });
    expect(res.data.dry_run).toBe(true);
    expect(r.forms).toHaveLength(0);
    expect(r.writes()).toBe(before);
  });

  it("delete: the model's confirm: true is not the person's answer", async () => {
    const r = await rig({ person: DECLINE });
    const t = openTicket(8);
    const res = await r.call("delete_ticket", { id: t.id, reason: "duplicate", confirm: true });
    expect(res.data).toMatchObject({ sent: false, outcome: "declined" });
    expect(r.forms[0]?.message).toContain("Delete ticket");
    expect(fake.db.tickets.has(t.id)).toBe(true);
    // The person's accept is enough: no model flag needed.
    r.person = ACCEPT;
    const ok = await r.call("delete_ticket", { id: t.id, reason: "duplicate" });
    expect(ok.isError, ok.text).toBe(false);
    expect(fake.db.tickets.has(t.id)).toBe(false);
  });

  it("an email to the customer says so in the form", async () => {
    const r = await rig({ person: DECLINE });
    await r.call("add_ticket_action", { ticket_id: openTicket(9).id, note: "Fixed", send_email: true });
    expect(r.forms[0]?.message).toContain("This emails the customer.");
    expect(JSON.stringify(r.forms[0])).toContain("email the customer");
  });
});

describe("HALOPSA_CONFIRM", () => {
  it("destructive: updates go ahead unasked; deletes and customer emails ask", async () => {
    const r = await rig({ person: DECLINE, env: { HALOPSA_CONFIRM: "destructive" } });
    const t = openTicket(10);
    const upd = await r.call("update_ticket", { id: t.id, summary: "Policy destructive" });
    expect(upd.isError, upd.text).toBe(false);
    expect(r.forms).toHaveLength(0);
    const quiet = await r.call("add_ticket_action", { ticket_id: t.id, note: "internal" });
    expect(quiet.isError, quiet.text).toBe(false);
    expect(r.forms).toHaveLength(0);
    const before = r.writes();
    const loud = await r.call("add_ticket_action", { ticket_id: t.id, note: "hi", send_email: true });
    expect(loud.data).toMatchObject({ sent: false, outcome: "declined" });
    const del = await r.call("delete_ticket", { id: t.id, reason: "x", confirm: true });
    expect(del.data).toMatchObject({ sent: false, outcome: "declined" });
    expect(r.forms).toHaveLength(2);
    expect(r.writes()).toBe(before);
  });

  it("destructive: a local file sent by path asks (it cannot be called back); base64 does not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "halopsa-confirm-upload-"));
    writeFileSync(join(dir, "report.txt"), "quarterly numbers");
    const saved = process.env.HALOPSA_UPLOAD_DIRS;
    process.env.HALOPSA_UPLOAD_DIRS = dir;
    try {
      const r = await rig({ person: DECLINE, env: { HALOPSA_CONFIRM: "destructive" } });
      const before = r.writes();
      const ticket_id = openTicket(0).id;
      const res = await r.call("add_attachment", { ticket_id, path: join(dir, "report.txt") });
      expect(res.data, res.text).toMatchObject({ sent: false, outcome: "declined" });
      expect(r.forms).toHaveLength(1);
      expect(r.forms[0]?.message).toContain(join(realpathSync(dir), "report.txt"));
      expect(r.writes()).toBe(before);
      const b64 = await r.call("add_attachment", { ticket_id, base64: "aGVsbG8=", filename: "hello.txt" });
      expect(b64.isError, b64.text).toBe(false);
      expect(r.forms).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.HALOPSA_UPLOAD_DIRS;
      else process.env.HALOPSA_UPLOAD_DIRS = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never: no form even when the client could show one; delete needs the user's confirm as before", async () => {
    const r = await rig({ person: ACCEPT, env: { HALOPSA_CONFIRM: "never" } });
    const t = openTicket(11);
    const refused = await r.call("delete_ticket", { id: t.id, reason: "x" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("confirm: true");
    expect(fake.db.tickets.has(t.id)).toBe(true);
    expect(r.forms).toHaveLength(0);
  });

  it("an unknown value is a configuration problem (no write goes unguarded)", () => {
    const c = loadConfig({
      HALOPSA_BASE_URL: "http://127.0.0.1:9",
      HALOPSA_CLIENT_ID: "a",
      HALOPSA_CLIENT_SECRET: "b",
      HALOPSA_CONFIRM: "sometimes",
    });
    expect(c.ok).toBe(false);
    expect(c.ok ? [] : c.problems).toContain(
      'HALOPSA_CONFIRM="sometimes" is not one of always, destructive, never.',
    );
    expect(c.settings.confirm).toBe("always");
    expect(loadConfig({}).settings.confirm).toBe("always");
  });
});

describe("with a client that cannot show forms", () => {
  it("writes as before: no form, dry_run and the user's confirm flag", async () => {
    const r = await rig();
    const t = openTicket(12);
    const res = await r.call("update_ticket", { id: t.id, summary: "No elicitation client" });
    expect(res.isError, res.text).toBe(false);
    expect(fake.db.tickets.get(t.id)?.summary).toBe("No elicitation client");
    const refused = await r.call("delete_ticket", { id: t.id, reason: "x" });
    expect(refused.text).toContain("confirm: true");
    expect(fake.db.tickets.has(t.id)).toBe(true);
  });
});

/**
 * Every write tool, with arguments that write when accepted: declined, none
 * of them reaches Halo; accepted, each does. A new write tool must be added
 * here (the coverage check fails otherwise).
 */
describe("every write tool asks, and writes only on accept", () => {
  const ticket = () => openTicket(20).id;
  /** A ticket action with time logged on it: [ticket ID, action ID]. */
  const timedAction = (): [number, number] => {
    for (const [id, list] of fake.db.actions)
      for (const a of list)
        if (
          a.timetaken > 0 &&
          !a.system &&
          !Number((a as { actioninvoicenumber?: unknown }).actioninvoicenumber)
        )
          return [id, a.id];
    throw new Error("the seed has no timed action");
  };
  const cases: Record<string, () => Record<string, unknown>> = {
    create_ticket: () => ({ summary: `Confirm coverage ${Date.now()}`, client: 12 }),
    update_ticket: () => ({ id: ticket(), summary: `Coverage ${Date.now()}` }),
    delete_ticket: () => ({ id: openTicket(21).id, reason: "coverage" }),
    add_ticket_action: () => ({ ticket_id: ticket(), note: "coverage" }),
    add_attachment: () => ({ ticket_id: ticket(), base64: "aGVsbG8=", filename: "hello.txt" }),
    create_client: () => ({ name: `Coverage Client ${Date.now()}` }),
    update_client: () => ({ id: 20, notes: `Coverage ${Date.now()}` }),
    create_site: () => ({ client: 12, name: `Coverage Site ${Date.now()}` }),
    update_site: () => ({ id: 30, name: `Acme London ${Date.now()}` }),
    create_contact: () => ({ client: 12, name: `Cover Age ${Date.now()}` }),
    update_contact: () => ({ id: 101, job_title: `Coverage ${Date.now()}` }),
    create_asset: () => ({
      client: 12,
      site: 30,
      asset_type: "Laptop",
      inventory_number: `COV-${Date.now()}`,
    }),
    update_asset: () => ({ id: 500, inventory_number: `COV-${Date.now()}` }),
    create_contract: () => ({ client: 12, ref: `COV-${Date.now()}`, start_date: "2027-01-01" }),
    update_contract: () => ({ id: 70, ref: `COV-${Date.now()}` }),
    close_ticket: () => ({ id: openTicket(22).id, note: "coverage" }),
    handover_ticket: () => ({
      id: openTicket(23).id,
      team: openTicket(23).team_id === 6 ? "Projects" : "Field Engineers",
      note: "coverage",
    }),
    log_time: () => ({ ticket_id: ticket(), minutes: 7 + (Date.now() % 50), note: `Coverage ${Date.now()}` }),
    update_time_entry: () => {
      const [ticketId, action] = timedAction();
      return { ticket_id: ticketId, action_id: action, minutes: 1 + (Date.now() % 90) };
    },
    draft_kb_article: () => ({
      ticket_id: [...fake.db.tickets.values()].find((t) => t.status_id === 9)!.id,
      title: `Coverage article ${Date.now()}`,
      resolution: "Restarted the service.",
    }),
    api_request: () => ({ method: "POST", path: "Tickets", body: [{ id: ticket(), summary: "raw" }] }),
  };

  it("covers every write tool of the registry", () => {
    const writes = allTools({ readOnly: false, allowRawApi: true, toolsets: [], logLevel: "warn" })
      .filter((t) => t.effect !== "read")
      .map((t) => t.name)
      .sort();
    expect(writes, "add a case for each new write tool to this table").toEqual(Object.keys(cases).sort());
  });

  it("declined: no request that changes Halo, for any of them", async () => {
    const r = await rig({ person: DECLINE, env: { HALOPSA_ALLOW_RAW_API: "true", HALOPSA_TOOLSETS: "all" } });
    for (const [name, args] of Object.entries(cases)) {
      const before = r.writes();
      const forms = r.forms.length;
      const res = await r.call(name, args());
      expect(res.data, `${name}: ${res.text}`).toMatchObject({ sent: false, outcome: "declined" });
      expect(r.forms.length, name).toBe(forms + 1);
      expect(r.writes(), name).toBe(before);
    }
  });

  it("accepted: each of them writes", async () => {
    const r = await rig({ person: ACCEPT, env: { HALOPSA_ALLOW_RAW_API: "true", HALOPSA_TOOLSETS: "all" } });
    for (const [name, args] of Object.entries(cases)) {
      const before = r.writes();
      const res = await r.call(name, args());
      expect(res.isError, `${name}: ${res.text}`).toBe(false);
      expect(r.writes(), name).toBeGreaterThan(before);
    }
  });
});

describe("the write guard", () => {
  it("refuses a write in a call that did not confirm, before anything is sent", async () => {
    const config = loadConfig({
      HALOPSA_BASE_URL: fake.url,
      HALOPSA_CLIENT_ID: "confirm",
      HALOPSA_CLIENT_SECRET: "confirm-secret-1234",
    });
    if (!config.ok) throw new Error(config.problems.join(" "));
    const halo = createHalo(config.config);
    try {
      const gate = newGate();
      const guarded = guardedHalo(halo, gate, "some_tool");
      const before = fake.count({ method: "POST" });
      await expect(guarded.resources.save(R.tickets, { id: openTicket(0).id, summary: "x" })).rejects.toThrow(
        /without ctx\.confirm/,
      );
      expect(fake.count({ method: "POST" })).toBe(before);
      // A report that only loads (run_sql) is a read; the same POST storing a report is not.
      await expect(
        guarded.resources.save({ path: "Report", key: "reports", label: "report" }, { name: "x" }),
      ).rejects.toThrow(/without ctx\.confirm/);
      const report = fake.count({ method: "POST", path: "/Report" });
      await guarded.resources
        .save({ path: "Report", key: "reports", label: "report" }, { sql: "SELECT 1", _loadreportonly: true })
        .catch(() => undefined);
      expect(fake.count({ method: "POST", path: "/Report" })).toBe(report + 1);
      // Reads pass, and once confirmed the write goes.
      await guarded.resources.get(R.tickets, openTicket(0).id);
      gate.confirmed = true;
      await guarded.resources.save(R.tickets, { id: openTicket(0).id, summary: "guarded then confirmed" });
      expect(gate.writes).toBe(1);
      expect(fake.count({ method: "POST" })).toBe(before + 2);
    } finally {
      await halo.close();
    }
  });

  it("a run restarted by the person's pick needs its own accept (the first run's does not carry over)", async () => {
    const config = loadConfig({
      HALOPSA_BASE_URL: fake.url,
      HALOPSA_CLIENT_ID: "confirm",
      HALOPSA_CLIENT_SECRET: "confirm-secret-1234",
    });
    if (!config.ok) throw new Error(config.problems.join(" "));
    const halo = createHalo(config.config);
    const server = new Server({ name: "t", version: "1" }, { capabilities: {} });
    const client = new Client({ name: "t", version: "1" }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      const params = req.params as { requestedSchema?: { properties: Record<string, { enum?: string[] }> } };
      const props = params.requestedSchema?.properties ?? {};
      return props.choice
        ? { action: "accept", content: { choice: props.choice.enum?.[0] } }
        : { action: "accept", content: { confirm: true } };
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    await client.connect(a);
    try {
      const gate = newGate();
      const signal = new AbortController().signal;
      const t = openTicket(9);
      // A tool with a bug: it confirms, then finds the name ambiguous; the re-run writes without asking.
      const def = defineTool({
        name: "buggy",
        title: "Buggy",
        description: "test",
        toolset: "tickets",
        effect: "update",
        input: { client: z.union([z.number(), z.string()]) },
        output: {},
        async handler(args, ctx) {
          if (typeof args.client === "string") {
            await ctx.confirm({ action: "First preview", preview: {} });
            throw new HaloError("input", "ambiguous", {
              choices: {
                field: "client",
                query: args.client,
                options: [
                  { id: 12, name: "Acme Corporation" },
                  { id: 13, name: "Acme Logistics" },
                ],
              },
            });
          }
          await ctx.halo.resources.save(R.tickets, { id: t.id, summary: "written on the first accept" });
          return { data: {} };
        },
      });
      const ctx = {
        halo: guardedHalo(halo, gate, "buggy"),
        config,
        signal,
        progress: async () => undefined,
        confirm: confirmerFor({ server, policy: "always", effect: "update", signal, timeoutMs: 5_000, gate }),
      };
      const before = fake.count({ method: "POST" });
      await expect(
        runHandler(def as never, { client: "Acme" }, ctx, {
          server,
          policy: "always",
          timeoutMs: 5_000,
          gate,
        }),
      ).rejects.toThrow(/without ctx\.confirm/);
      expect(fake.count({ method: "POST" })).toBe(before);
    } finally {
      await client.close();
      await halo.close();
    }
  });

  it("renders the preview for a person: changes, records, the body and warnings", () => {
    const text = confirmMessage({
      action: "Update ticket Printer #5",
      preview: {
        dry_run: true,
        would_send: [{ id: 5, status_id: 9, note: "n".repeat(1000) }],
        resolved: { ticket: "Printer #5", status: "Closed #9" },
        changes: { status: "Open → Closed" },
        warning: "careful",
      },
      email: true,
    });
    expect(text.split("\n")[0]).toBe("Update ticket Printer #5?");
    expect(text).toContain("This emails the customer.");
    expect(text).toContain("status: Open → Closed");
    expect(text).toContain("status: Closed #9");
    expect(text).toContain("status_id: 9");
    expect(text).toContain('warning: "careful"');
    expect(text.length).toBeLessThan(2000);
  });
});

describe("ambiguous names: the person picks", () => {
  const picker =
    (pick: string | undefined, write: "accept" | "decline" = "accept") =>
    (params: { requestedSchema?: unknown; message: string }) => {
      const props = (params.requestedSchema as { properties: Record<string, { enum?: string[] }> })
        .properties;
      if (props.choice) {
        const option = props.choice.enum?.find((o) => pick && o.startsWith(pick));
        return option
          ? { action: "accept" as const, content: { choice: option } }
          : { action: "decline" as const };
      }
      return write === "accept"
        ? { action: "accept" as const, content: { confirm: true } }
        : { action: "decline" as const };
    };

  it("a read goes on with the record chosen from the list", async () => {
    const r = await rig({ person: picker("Acme Logistics Ltd") as never });
    const res = await r.call("search_tickets", { client: "Acme", status: "any", limit: 1 });
    expect(res.isError, res.text).toBe(false);
    expect(r.forms[0]?.message).toContain('"Acme" matches several records for client');
    expect(JSON.stringify(r.forms[0])).toContain("Acme Corporation (ID 12)");
    const rows = res.data.tickets as Array<{ client: string }>;
    expect(rows.length).toBe(1);
    expect(rows.every((t) => t.client === "Acme Logistics Ltd #13")).toBe(true);
  });

  it("a write asks which, then asks to confirm with the chosen record; declined, nothing lands", async () => {
    const r = await rig({ person: picker("Acme Corporation", "decline") as never });
    const before = r.writes();
    const res = await r.call("create_ticket", { summary: "Ambiguous client", client: "Acme" });
    expect(r.forms).toHaveLength(2);
    expect(r.forms[1]?.message).toContain("Acme Corporation #12");
    expect(res.data).toMatchObject({ sent: false, outcome: "declined" });
    expect(r.writes()).toBe(before);
  });

  it("no pick: the ambiguity error with the candidates, as before", async () => {
    const r = await rig({ person: picker(undefined) as never });
    const res = await r.call("search_tickets", { client: "Acme" });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/"Acme" matches 2 clients/);
  });
});
