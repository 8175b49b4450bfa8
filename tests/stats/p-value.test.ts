import { describe, expect, it } from "vitest";
import { formatPValue } from "../../src/stats/format-p.js";
import { pairedTest, tTwoSidedP } from "../../src/stats/paired.js";

/** |a − b| / |b| ≤ rel. */
function expectRel(actual: number, expected: number, rel: number, what: string): void {
  expect(actual, what).toBeGreaterThan(0);
  expect(Math.abs(actual - expected) / Math.abs(expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel,
  );
}

describe("tTwoSidedP: the two-sided p of Student's t from the upper tail", () => {
  it("equals the exact closed form of df = 1 (Cauchy), however large t", () => {
    // P(|T₁| ≥ t) = 1 − 2·atan(t)/π = 2·atan(1/t)/π (the second form loses no digit for large t).
    for (const t of [0.25, 1, 3, 30, 1e3, 1e8, 1e12]) {
      expectRel(tTwoSidedP(t, 1), (2 * Math.atan(1 / t)) / Math.PI, 1e-13, `df 1, t ${t}`);
      expectRel(tTwoSidedP(-t, 1), (2 * Math.atan(1 / t)) / Math.PI, 1e-13, `df 1, t −${t}`);
    }
  });

  it("equals the exact closed form of df = 2, however large t", () => {
    // P(|T₂| ≥ t) = 1 − t/√(2+t²) = 2 / (√(2+t²)·(√(2+t²)+t)) (the second form without cancellation).
    for (const t of [0.1, 1, 3, 40, 1e4, 1e10, 1e15]) {
      const s = Math.sqrt(2 + t * t);
      expectRel(tTwoSidedP(t, 2), 2 / (s * (s + t)), 1e-13, `df 2, t ${t}`);
    }
  });

  it("approaches the normal tail erfc(|t|/√2) for a large df (asymptotic)", () => {
    // For df → ∞, T → N(0,1). erfc(3/√2) = 0.002699796063260189 and erfc(5/√2) = 5.733031437583878e-7
    // (17 digits from mpmath.erfc). The first-order term of the expansion
    // in 1/df (Cornish–Fisher / A&S 26.7.5) adds 2·φ(t)·(t³ + t)/(4·df), φ the normal density; what is
    // left is O(t⁷/df²), below 1e-9 relative at df = 10⁷.
    const phi = (t: number): number => Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
    const df = 1e7;
    for (const [t, erfc] of [
      [3, 0.002699796063260189],
      [5, 5.733031437583878e-7],
    ] as const) {
      expectRel(tTwoSidedP(t, df), erfc, 1e-4, `t ${t}, df 1e7 vs the normal tail`);
      expectRel(tTwoSidedP(t, df), erfc + (2 * phi(t) * (t ** 3 + t)) / (4 * df), 1e-9, `t ${t}, df 1e7, first order`);
    }
  });

  it("matches references of mpmath (to the nearest double) for several (t, df), tiny p included", () => {
    // Each reference: mpmath 1.3.0 at 60 digits, betainc(df/2, 1/2, 0, df/(df+t²), regularized=True)
    // (its hypergeometric series, not the algorithm of @stdlib), cross-checked against
    // 2·∫_t^∞ f_df(x) dx of the t density by mpmath.quad (agreeing to ≥ 10 digits, to 17 for all but
    // the t = 40 row). scipy 1.17.1's 2·t.sf(t, df) agrees to 14 digits where checked (t 30 df 100, t 40 df 528).
    const cases: [t: number, df: number, p: number][] = [
      [30, 100, 8.380332558688292e-52], // 2·(1 − CDF) gives 0 here
      [12, 1000, 4.324057386774527e-31],
      [50, 40, 1.1117395583690465e-37],
      [40, 528, 6.207549757623381e-162],
      [15.5, 528, 6.219160554692499e-45],
      [10, 1e6, 1.527861076817825e-23],
      [1e4, 5, 1.8980332457517613e-19],
      [8, 3, 0.004076577587785468],
      [4.242640687119285, 4, 0.013235599563682693], // t of the textbook example d = 1..5
      [2.5, 10, 0.031446844236608804],
      [0.5, 7, 0.6324071356892842],
      [1e-3, 30, 0.9992087357664851],
    ];
    for (const [t, df, p] of cases) expectRel(tTwoSidedP(t, df), p, 1e-12, `t ${t}, df ${df}`);
  });

  it("is 1 at t = 0, 0 at |t| = ∞, NaN without an answer", () => {
    expect(tTwoSidedP(0, 5)).toBe(1);
    expect(tTwoSidedP(Number.POSITIVE_INFINITY, 5)).toBe(0);
    expect(tTwoSidedP(Number.NaN, 5)).toBeNaN();
    expect(tTwoSidedP(2, 0)).toBeNaN();
  });

  it("gives pairedTest a p that keeps its digits far below 1e-16", () => {
    // d = 10 + ε with tiny spread: mean ≈ 10, sd ≈ 0.0316…, n = 10 → t ≈ 1000, df 9.
    const d = [10.05, 9.95, 10.02, 9.98, 10.01, 9.99, 10.03, 9.97, 10.04, 9.96];
    const r = pairedTest(d);
    expect(r.df).toBe(9);
    const t = r.t as number;
    expect(t).toBeGreaterThan(900);
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBe(tTwoSidedP(t, 9));
    expect(r.pValue).toBeLessThan(1e-20);
  });
});

describe("formatPValue", () => {
  it("shows small p in scientific notation with 2 significant digits, never 0", () => {
    expect(formatPValue(2.2e-50)).toBe("2.2e-50");
    expect(formatPValue(8.380332558688292e-52)).toBe("8.4e-52");
    expect(formatPValue(3.8812e-14)).toBe("3.9e-14");
    expect(formatPValue(9.96e-5)).toBe("1.0e-4");
    expect(formatPValue(0)).toBe("< 1e-300");
    expect(formatPValue(5e-324)).toBe("< 1e-300");
  });

  it("shows p ≥ 1e-4 with 2 significant digits, and nothing without a value", () => {
    expect(formatPValue(0.013235599563682693)).toBe("0.013");
    expect(formatPValue(0.00012345)).toBe("0.00012");
    expect(formatPValue(0.5)).toBe("0.5");
    expect(formatPValue(1)).toBe("1");
    expect(formatPValue(undefined)).toBe("");
    expect(formatPValue(Number.NaN)).toBe("");
  });
});
