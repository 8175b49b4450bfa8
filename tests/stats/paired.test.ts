import { describe, expect, it } from "vitest";
import { pairedTest } from "../../src/stats/paired.js";

describe("pairedTest (Student's t from @stdlib)", () => {
  it("matches a textbook example", () => {
    // d = 1..5: mean 3, sd √2.5, t = 3 / (√2.5/√5) = 4.2426…, df 4; t₀.₉₇₅,₄ = 2.7764451…
    const r = pairedTest([1, 2, 3, 4, 5]);
    expect(r.n).toBe(5);
    expect(r.meanDiff).toBe(3);
    expect(r.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(r.t).toBeCloseTo(3 / Math.sqrt(0.5), 12);
    expect(r.df).toBe(4);
    // 95% CI = 3 ± 2.776445105 × √0.5 = [1.036757, 4.963243] (the familiar t.test output).
    expect(r.ci95?.[0]).toBeCloseTo(1.036757, 6);
    expect(r.ci95?.[1]).toBeCloseTo(4.963243, 6);
    // Two-sided p = 0.013236… (2·P(T₄ > 4.2426)).
    expect(r.pValue).toBeCloseTo(0.01324, 5);
  });

  it("leaves undefined what cannot be computed", () => {
    expect(pairedTest([])).toMatchObject({ n: 0, meanDiff: undefined, t: undefined });
    expect(pairedTest([7])).toMatchObject({ n: 1, meanDiff: 7, sd: undefined, pValue: undefined });
    expect(pairedTest([0, 0, 0])).toMatchObject({ n: 3, meanDiff: 0, sd: 0, t: undefined, pValue: 1 });
    expect(pairedTest([2, 2])).toMatchObject({ meanDiff: 2, sd: 0, pValue: 0, ci95: [2, 2] });
  });
});
