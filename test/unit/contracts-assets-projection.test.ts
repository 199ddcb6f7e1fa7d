import { describe, expect, it } from "vitest";
import { ASSET_DETAIL_MAX, assetDetail, assetRow } from "../../src/tools/assets/projection.js";
import { contractDetail, contractRow } from "../../src/tools/contracts/projection.js";
import { checkDates } from "../../src/tools/contracts/terms.js";
import { CATALOG, project } from "../../src/tools/records/catalog.js";
import { contractState } from "../../src/tools/support/contract-state.js";

describe("contract state", () => {
  const now = "2026-06-01";
  it("reads expired from the flag or a past end date", () => {
    expect(contractState({ expired: true }, now)).toBe("expired");
    expect(contractState({ end_date: "2026-05-31T00:00:00" }, now)).toBe("expired");
    expect(contractState({ end_date: "2027-01-01T00:00:00", active: true }, now)).toBe("active");
    expect(contractState({ start_date: "2026-07-01T00:00:00" }, now)).toBe("not started");
    expect(contractState({ active: false, end_date: "1900-01-01T00:00:00" }, now)).toBe("inactive");
    // Halo's own flags win over the local clock.
    expect(contractState({ expired: false, end_date: "2026-05-31T00:00:00" }, now)).toBe("active");
    expect(contractState({ started: false, start_date: "2026-01-01T00:00:00" }, now)).toBe("not started");
  });

  it("drops zero amounts and placeholder dates", () => {
    const row = contractRow(
      {
        id: 3,
        ref: "MSP-1",
        client_id: 2,
        client_name: "Acme",
        start_date: "2026-01-01T00:00:00",
        end_date: "1900-01-01T00:00:00",
        periodchargeamount: 0,
      },
      now,
    );
    expect(row).toEqual({ id: 3, ref: "MSP-1", client: "Acme #2", start: "2026-01-01", state: "active" });
  });

  it("keeps the last periods and says how many were left out", () => {
    const periods = Array.from({ length: 10 }, (_, i) => ({
      name: `P${i}`,
      hours_in_period: 10,
      hours_used: i,
    }));
    const d = contractDetail({ id: 1, ref: "R", periods }, now);
    expect((d.periods as unknown[]).length).toBe(6);
    expect(d.earlier_periods).toBe(4);
  });
});

describe("checkDates", () => {
  it("wants the end after the start, using stored dates for the side not given", () => {
    expect(() => checkDates("2026-01-01", "2026-12-31")).not.toThrow();
    expect(() => checkDates("2026-01-01", "2026-01-01")).toThrow(/end_date: .*on or before/);
    expect(() => checkDates("2027-01-01", undefined, { end: "2026-12-31" })).toThrow(/start_date/);
    expect(() => checkDates("2026-02-30", undefined)).toThrow(/not a calendar date/);
  });
});

describe("asset projection", () => {
  it("shows refs and asset fields by label", () => {
    const a = {
      id: 9,
      inventory_number: "LAP-9",
      key_field: "lap-9.acme.local",
      assettype_id: 4,
      assettype_name: "Laptop",
      client_id: 2,
      client_name: "Acme",
      site_id: 5,
      site_name: "HQ",
      inactive: false,
      fields: [
        { id: 1, name: "Serial Number", value: "SN1" },
        { id: 2, name: "Empty", value: "" },
      ],
    };
    expect(assetRow(a)).toEqual({
      id: 9,
      tag: "LAP-9",
      key: "lap-9.acme.local",
      type: "Laptop #4",
      client: "Acme #2",
      site: "HQ #5",
    });
    expect(assetDetail(a).fields).toEqual({ "Serial Number": "SN1" });
  });

  it("stays under 3 KB however many fields the asset has", () => {
    const fields = Array.from({ length: 80 }, (_, i) => ({
      id: i + 1,
      name: `Field ${i}`,
      value: "v".repeat(150),
    }));
    const d = assetDetail({
      id: 1,
      inventory_number: "X",
      client_id: 1,
      client_name: "C",
      fields,
      notes: "n".repeat(2000),
    });
    expect(JSON.stringify(d).length).toBeLessThanOrEqual(ASSET_DETAIL_MAX);
    expect(d.omitted_fields).toMatch(/more field/);
    expect(d.tag).toBe("X");
  });
});

describe("records catalog", () => {
  it("projects every resource without throwing on an empty record", () => {
    for (const r of Object.values(CATALOG)) {
      expect(project({ id: 1 }, { ...r.columns, ...("detail" in r ? r.detail : {}) })).toEqual({ id: 1 });
    }
  });
});
