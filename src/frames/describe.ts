import { danfo, type DataFrame } from "./danfo.js";
import { columnIndex, frameData, isMissing } from "./frame-read.js";
import { statOf } from "./nan-stats.js";

/** The row labels of {@link describe}, as pandas' `describe()`. */
export const DESCRIBE_ROWS = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"] as const;

/** The `q` quantile of sorted numbers, interpolating linearly between neighbours (pandas' default); NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (b - a) * (pos - lo);
}

/**
 * Summary statistics of the numeric columns (or of `columns`), skipping missing values as pandas'
 * `describe()` does — danfojs' `describe()` gives NaN for the mean, std and median of a column
 * with one NaN. Rows labelled `count`, `mean`, `std` (n − 1), `min`, `25%`, `50%`, `75%`, `max`
 * (so `show` prints the labels, and each column keeps its format: AUD stays AUD). A column is
 * numeric when every present value is a number. Errors: FrameError `unknown_column`.
 */
export function describe(frame: DataFrame, columns?: readonly string[]): DataFrame {
  const data = frameData(frame, "describe");
  const names =
    columns ?? data.columns.filter((_, c) => data.rows.every((r) => isMissing(r[c]) || typeof r[c] === "number"));
  const stats = names.map((name) => {
    const c = columnIndex(data, name, "describe column");
    const xs = data.rows.map((r) => r[c]).filter((v): v is number => typeof v === "number" && !Number.isNaN(v));
    const sorted = [...xs].sort((a, b) => a - b);
    return [
      xs.length,
      statOf(xs, "mean"),
      statOf(xs, "std"),
      sorted[0] ?? Number.NaN,
      quantile(sorted, 0.25),
      quantile(sorted, 0.5),
      quantile(sorted, 0.75),
      sorted[sorted.length - 1] ?? Number.NaN,
    ];
  });
  const rows = DESCRIBE_ROWS.map((_, i) => stats.map((s) => s[i]));
  return new (danfo().DataFrame)(rows, { columns: [...names], index: [...DESCRIBE_ROWS] });
}
