import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scan } from "../../src/io/scan/scan.js";
import { finalStateNotes, formatScan } from "../../src/io/scan/scan-format.js";
import { FORMATS } from "../helpers.js";

const REAL = join(FORMATS, "real");
const SAMPLE = join(import.meta.dirname, "..", "..", "sample_data");

describe("scan: final-state order files are pointed out", () => {
  it("notes each partition of the real final-state extracts (the run's rule: every order on one row, no placements)", async () => {
    const r = await scan([join(REAL, "orders-final-*.csv")]);
    // 85603: 128 sweep rows of 128 sweeps; 110621: 20 of 20 (its 21st order is not a sweep).
    expect(r.partitions.map((p) => [p.securityCode, p.sweepRows, p.sweepOrders])).toEqual([
      ["110621", 20, 20],
      ["85603", 128, 128],
    ]);
    expect(r.partitions.map((p) => [p.orderShape, p.finalState])).toEqual([
      ["final_state", { rows: 21, placementRows: 0 }],
      ["final_state", { rows: 128, placementRows: 0 }],
    ]);
    const text = formatScan(r);
    for (const [code, n] of [
      ["110621", 21],
      ["85603", 128],
    ] as const)
      expect(text).toContain(
        `note: ${code} 2024-09-04: final-state order rows (every order on one row, 0 of ${n} rows placements): ` +
          "a run computes real fills, groups and size bands only (no book replay or simulation)\n",
      );
  });

  it("notes nothing for event data (sample_data)", async () => {
    const r = await scan([join(SAMPLE, "orders")]);
    expect(r.partitions.length).toBeGreaterThan(0);
    expect(finalStateNotes(r.partitions)).toEqual([]);
    expect(formatScan(r)).not.toContain("final-state");
  });
});
