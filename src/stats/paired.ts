import betainc from "@stdlib/math-base-special-betainc";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/** A paired test of simulated − real differences: Student's t with n − 1 degrees of freedom. */
export interface PairedTest {
  n: number;
  /** Mean of the differences (simulated − real), in the measure's unit. */
  meanDiff: number | undefined;
  /** Sample standard deviation of the differences. */
  sd: number | undefined;
  t: number | undefined;
  df: number | undefined;
  /** Two-sided p-value ({@link tTwoSidedP}: exact to its last digits, however small; show it with `formatPValue`). */
  pValue: number | undefined;
  /** 95% confidence interval of the mean difference. */
  ci95: [number, number] | undefined;
}

/**
 * The two-sided p-value P(|T| ≥ |t|) of Student's t with `df` degrees of freedom, from the upper
 * tail directly: the regularized incomplete beta I_x(df/2, 1/2) at x = df / (df + t²) (of
 * `@stdlib/math-base-special-betainc`), so a tiny p keeps its digits (t = 30, df = 100 gives
 * 8.38e-52, where 1 − CDF gives 0). Near t = 0 the same value is taken as the upper tail of
 * I_{1−x}(1/2, df/2), which keeps its digits there. NaN for a NaN t or df ≤ 0; 0 for |t| = ∞.
 */
export function tTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  const t2 = t * t;
  const x = df / (df + t2);
  if (x < 0.5) return betainc(x, df / 2, 0.5);
  return betainc(t2 / (df + t2), 0.5, df / 2, true, true);
}

/**
 * Paired t-test on differences d (simulated − real). Uses the t distribution of `@stdlib` (a maintained
 * statistics library) rather than hand-written special functions. With n < 2, or all differences
 * equal (sd = 0), the quantities that would divide by zero are undefined; with sd = 0 the mean is
 * still reported and the p-value is 1 when the mean is 0.
 */
export function pairedTest(d: ArrayLike<number>): PairedTest {
  const n = d.length;
  if (n === 0)
    return { n, meanDiff: undefined, sd: undefined, t: undefined, df: undefined, pValue: undefined, ci95: undefined };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += d[i] as number;
  const mean = sum / n;
  if (n < 2)
    return { n, meanDiff: mean, sd: undefined, t: undefined, df: undefined, pValue: undefined, ci95: undefined };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((d[i] as number) - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const df = n - 1;
  if (sd === 0) {
    return { n, meanDiff: mean, sd, t: undefined, df, pValue: mean === 0 ? 1 : 0, ci95: [mean, mean] };
  }
  const se = sd / Math.sqrt(n);
  const t = mean / se;
  const pValue = tTwoSidedP(t, df);
  const half = tQuantile(0.975, df) * se;
  return { n, meanDiff: mean, sd, t, df, pValue, ci95: [mean - half, mean + half] };
}
