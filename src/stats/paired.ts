import tCdf from "@stdlib/stats-base-dists-t-cdf";
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
  /** Two-sided p-value. */
  pValue: number | undefined;
  /** 95% confidence interval of the mean difference. */
  ci95: [number, number] | undefined;
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
  const pValue = Math.min(1, 2 * (1 - tCdf(Math.abs(t), df)));
  const half = tQuantile(0.975, df) * se;
  return { n, meanDiff: mean, sd, t, df, pValue, ci95: [mean - half, mean + half] };
}
