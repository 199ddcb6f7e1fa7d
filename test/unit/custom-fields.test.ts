import { describe, expect, it } from "vitest";
import {
  customFieldsView,
  mergeCustomFields,
  resolveCustomFields,
} from "../../src/tools/support/custom-fields.js";
import { thrown } from "../helpers/thrown.js";

describe("custom fields", () => {
  const existing = [
    { id: 11, name: "CFService", label: "Service", type: 2, value: 3, display: "Managed Backup" },
    { id: 12, name: "CFNotes", label: "Notes", type: 0, value: "keep me" },
    { id: 13, name: "CFEmpty", label: "Empty", type: 0, value: "" },
    { id: 14, name: "CFLong", label: "Long", type: 0, value: "z".repeat(400) },
  ];

  it("customFieldsView shows label -> readable value, non-empty only", () => {
    const view = customFieldsView(existing);
    expect(view).toEqual({ Service: "Managed Backup", Notes: "keep me", Long: `${"z".repeat(300)}…` });
    expect(customFieldsView([{ id: 1, value: null }])).toBeUndefined();
    expect(customFieldsView(undefined)).toBeUndefined();
    expect(customFieldsView([{ id: 7, value: 5 }])).toEqual({ "#7": 5 });
  });

  it("mergeCustomFields posts every field, replacing only the named ones (by label, name or id)", () => {
    expect(mergeCustomFields(existing, { service: 4 })).toEqual([
      { id: 11, value: 4 },
      { id: 12, value: "keep me" },
      { id: 13, value: "" },
      { id: 14, value: "z".repeat(400) },
    ]);
    expect(mergeCustomFields(existing, { CFNotes: "new", "13": "filled" })).toEqual([
      { id: 11, value: 3 },
      { id: 12, value: "new" },
      { id: 13, value: "filled" },
      { id: 14, value: "z".repeat(400) },
    ]);
  });

  it("an unknown field fails naming the argument and the close fields", () => {
    const err = thrown(() => mergeCustomFields(existing, { Servise: 1 }));
    expect(err.kind).toBe("input");
    expect(err.message).toContain('custom_fields: no custom field "Servise"');
    expect(err.hint).toContain("Service (ID 11)");
    expect(thrown(() => resolveCustomFields([], { x: 1 })).hint).toBe("This record has no custom fields.");
  });
});
