import { FrameError } from "./frame-error.js";
import { isMissing } from "./frame-read.js";

/** The statistics the frame helpers compute, each skipping missing values (undefined, null, NaN) as pandas does. */
export const STATS = ["count", "sum", "mean", "median", "std", "var", "min", "max"] as const;

/**
 * One of {@link STATS}: `count` of present values; `sum` (0 when none); `mean`, `median`; `std`
 * and `var` with n − 1 in the denominator (pandas' default; NaN below 2 values); `min`, `max`.
 * Every statistic but `count` and `sum` is NaN when no value is present.
 */
export type Stat = (typeof STATS)[number];

/** The present values of `values` as numbers; FrameError `not_numeric` naming `column` for any other value. */
export function presentNumbers(values: readonly unknown[], column: string): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (isMissing(v)) continue;
    if (typeof v !== "number")
      throw new FrameError(
        "not_numeric",
        `column "${column}" holds ${typeof v === "string" ? `the text "${v}"` : `a ${typeof v}`}: only numbers can be summed or averaged (count works on any column)`,
      );
    out.push(v);
  }
  return out;
}

/** `stat` of present numbers (see {@link Stat}). */
export function statOf(xs: readonly number[], stat: Stat): number {
  const n = xs.length;
  switch (stat) {
    case "count":
      return n;
    case "sum":
      return xs.reduce((a, b) => a + b, 0);
    case "mean":
      return n === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / n;
    case "median": {
      if (n === 0) return Number.NaN;
      const s = [...xs].sort((a, b) => a - b);
      const mid = Math.floor(n / 2);
      return n % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
    }
    case "std":
    case "var": {
      if (n < 2) return Number.NaN;
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
      return stat === "var" ? v : Math.sqrt(v);
    }
    case "min":
      return xs.reduce((a, b) => (b < a ? b : a), n === 0 ? Number.NaN : (xs[0] as number));
    case "max":
      return xs.reduce((a, b) => (b > a ? b : a), n === 0 ? Number.NaN : (xs[0] as number));
  }
}

/** `stat` of a column's values, skipping missing ones; `count` counts present values of any type. */
export function columnStat(values: readonly unknown[], stat: Stat, column: string): number {
  if (stat === "count") return values.filter((v) => !isMissing(v)).length;
  return statOf(presentNumbers(values, column), stat);
}

/** `stat` if it is one of {@link STATS}, else FrameError `bad_argument` naming the column and the choices. */
export function checkStat(stat: string, column: string): Stat {
  if ((STATS as readonly string[]).includes(stat)) return stat as Stat;
  throw new FrameError(
    "bad_argument",
    `unknown statistic "${stat}" for column "${column}"; use one of ${STATS.join(", ")}`,
  );
}
