import { describe, expect, it } from "vitest";
import { emptySweepSums } from "../../src/core/job-sums.js";
import { AggregationError } from "../../src/aggregate/errors.js";
import { addMeasures, addSweepSums, emptyMeasures } from "../../src/aggregate/measures.js";

// The aggregated tables sum the jobs' counts and shares as doubles. Three jobs of one sweep of
// 2^53 − 1 shares each gave qty 27021597764222972 in by_date.csv and global_summary.csv (the exact
// sum is …973), with exit 0. A sum past 2^53 − 1 is now refused (count_too_large), naming the
// measure; a sum up to it is exact (every partial sum of non-negative integers is then exact too).
const MAX = Number.MAX_SAFE_INTEGER;

function sums(qty: number) {
  const s = emptySweepSums();
  s.sweeps = 1;
  s.group3Sweeps = 1;
  s.qty = qty;
  return s;
}

describe("aggregated counts stay exact integers", () => {
  it("refuses shares that add up past 2^53 − 1 across jobs (they were rounded)", () => {
    const m = emptyMeasures();
    addSweepSums(m, sums(MAX), 10_000n);
    const err = (() => {
      try {
        addSweepSums(m, sums(MAX), 10_000n);
        addSweepSums(m, sums(MAX), 10_000n);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AggregationError);
    expect((err as AggregationError).code).toBe("count_too_large");
    expect((err as AggregationError).message).toContain("qty");
    expect((err as AggregationError).message).toContain("2^53 − 1");
  });

  it("refuses it when measures are merged too (addMeasures)", () => {
    const a = addSweepSums(emptyMeasures(), sums(MAX), 1n);
    const b = addSweepSums(emptyMeasures(), sums(2), 1n);
    expect(() => addMeasures(a, b)).toThrow(AggregationError);
  });

  it("keeps a sum of exactly 2^53 − 1", () => {
    const m = addSweepSums(emptyMeasures(), sums(MAX - 1), 1n);
    addSweepSums(m, sums(1), 1n);
    expect(m.qty).toBe(MAX);
    expect(m.sweeps).toBe(2);
  });
});
