/**
 * The audit line holds text from outside: the tool name and record ID come
 * from the MCP client, the agent's name from Halo. Whatever they hold, the
 * line stays one line of JSON that a terminal shows as it is: no line or
 * paragraph separators, no C0/C1 controls (terminal escapes), no bidi
 * overrides or invisible marks, and no secret.
 */
import { describe, expect, it } from "vitest";
import { auditLine, recordOf } from "../../src/http/audit.js";

const HOSTILE = "x\u001b[2J\r\n[halopsa] audit {}\u2028\u2029\u0085\u009b31m\u202egnp.exe\u200b\u2066\ufeff";

describe("audit line", () => {
  it("is one visible line whatever the client or Halo put in the names", () => {
    const line = auditLine({
      who: { agentId: 7, agentName: `Eve${HOSTILE}` },
      tool: `get_ticket${HOSTILE}`,
      effect: "read",
      dryRun: false,
      record: recordOf({ ticket_id: `12${HOSTILE}` }),
      rpcError: false,
      result: { content: [] },
      ms: 3,
    });
    expect(line.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)).toHaveLength(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not be in the line
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/);
    // Still JSON, and the names read back as they were (escaped, not lost).
    const entry = JSON.parse(line.replace(/^\[halopsa\] audit /, "")) as Record<string, string>;
    expect(entry.agent_name).toBe(`Eve${HOSTILE}`);
    expect(entry.tool).toBe(`get_ticket${HOSTILE}`.slice(0, 64));
  });

  it("clips an argument name the client made long", () => {
    expect(recordOf({ [`${"a".repeat(100_000)}_id`]: 5 })?.length).toBeLessThanOrEqual(50);
  });

  it("keeps no token the client put where a record ID goes", () => {
    const jwt =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    expect(recordOf({ id: jwt })).not.toContain("dozjgNryP4J3");
  });
});
