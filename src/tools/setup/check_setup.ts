import { z } from "zod";
import { runSetupCheck } from "../../cli/doctor.js";
import { defineTool } from "../define.js";

/**
 * `halopsa-mcp doctor`, run inside the server on the settings it received —
 * the plugin's settings included, which a shell cannot see. Offered whatever
 * HALOPSA_TOOLSETS says, and in read-only mode: it only reads.
 */
export const checkSetup = defineTool({
  name: "check_setup",
  title: "Check setup",
  description: "Test this server's Halo settings and connection; pass/fail per check, with the fix.",
  toolset: "always",
  effect: "read",
  input: {},
  output: {
    ok: z.boolean(),
    summary: z.string(),
    checks: z.array(
      z.object({
        check: z.string(),
        result: z.enum(["pass", "warn", "fail", "skip"]),
        detail: z.string(),
        fix: z.string().optional(),
      }),
    ),
    notes: z.array(z.string()).optional(),
  },
  async handler(_args, ctx) {
    const report = await runSetupCheck(ctx.config);
    return {
      data: {
        ok: report.ok,
        summary: report.summary,
        checks: report.checks,
        ...(report.notes.length > 0 ? { notes: report.notes } : {}),
      },
    };
  },
});
