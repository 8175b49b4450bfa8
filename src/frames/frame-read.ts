import { FrameError } from "./frame-error.js";

/** A row label of a frame: its position by default, or a text label (e.g. `describe()`'s `mean`). */
export type RowLabel = string | number;

/**
 * What the frame helpers read of a danfojs DataFrame or Series (by shape, not by class, so a frame
 * from another copy of danfojs or another context is read the same): column names, row labels,
 * and the values (rows of cells for a frame, one value per row for a Series).
 */
export interface FrameLike {
  readonly columns: readonly string[];
  readonly index: readonly RowLabel[];
  readonly shape: readonly number[];
  readonly values: readonly unknown[];
}

/** A frame's content as plain arrays: column names, row labels and rows of cells in column order. */
export interface FrameData {
  columns: string[];
  index: RowLabel[];
  rows: unknown[][];
}

/** Whether `x` looks like a danfojs DataFrame or Series (columns, row labels, a 2-D shape, values). */
export function isFrameLike(x: unknown): x is FrameLike {
  const f = x as Partial<Record<keyof FrameLike, unknown>> | null;
  return (
    typeof f === "object" &&
    f !== null &&
    Array.isArray(f.columns) &&
    Array.isArray(f.shape) &&
    f.shape.length === 2 &&
    Array.isArray(f.values)
  );
}

/**
 * The content of a DataFrame or Series. A Series reads as a one-column frame named after its
 * column. Throws FrameError `not_a_frame` for anything else, naming what `what` was given.
 */
export function frameData(frame: unknown, what = "frame"): FrameData {
  if (!isFrameLike(frame))
    throw new FrameError(
      "not_a_frame",
      `${what}: expected a danfojs DataFrame or Series, got ${describeNotFrame(frame)}`,
    );
  const columns = [...frame.columns];
  const n = frame.shape[0] ?? 0;
  const labels: unknown = frame.index;
  const index: RowLabel[] = Array.isArray(labels)
    ? (labels as readonly RowLabel[]).slice()
    : Array.from({ length: n }, (_, i) => i);
  if (n === 0) return { columns, index: [], rows: [] };
  const values: readonly unknown[] = frame.values;
  const oneD = values.length > 0 && !Array.isArray(values[0]);
  const rows = oneD ? values.map((v) => [v]) : (values as readonly (readonly unknown[])[]).map((r) => [...r]);
  return { columns, index, rows };
}

/** The position of column `name`, or FrameError `unknown_column` listing the columns there are. */
export function columnIndex(data: Pick<FrameData, "columns">, name: string, what = "column"): number {
  const i = data.columns.indexOf(name);
  if (i < 0)
    throw new FrameError(
      "unknown_column",
      `${what} "${name}" is not a column of this frame; its columns are: ${data.columns.join(", ")}`,
    );
  return i;
}

/** Whether a cell holds no value, as pandas sees it: undefined, null or NaN. */
export function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "number" && Number.isNaN(v));
}

/** The size bands in their own order (a band text's rank; texts are otherwise sorted by code units). */
const SIZE_BAND_RANK: ReadonlyMap<string, number> = new Map([
  ["Small", 0],
  ["Medium", 1],
  ["Large", 2],
]);

/**
 * Orders cell values deterministically: numbers and bigints numerically before texts; the size
 * bands `Small`, `Medium`, `Large` in that order, before other texts (so a margin `All` comes
 * after them); other texts by code units.
 */
export function compareValues(a: unknown, b: unknown): number {
  const na = typeof a === "number" || typeof a === "bigint";
  const nb = typeof b === "number" || typeof b === "bigint";
  if (na && nb) return a < b ? -1 : a > b ? 1 : 0;
  if (na) return -1;
  if (nb) return 1;
  const sa = String(a);
  const sb = String(b);
  const ra = SIZE_BAND_RANK.get(sa);
  const rb = SIZE_BAND_RANK.get(sb);
  if (ra !== undefined || rb !== undefined) return (ra ?? 3) - (rb ?? 3) || (sa < sb ? -1 : sa > sb ? 1 : 0);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** What a value given where a frame was expected is, for a `not_a_frame` message (a Promise: to await it). */
export function describeNotFrame(x: unknown): string {
  if (x === null) return "null";
  if (typeof (x as { then?: unknown } | undefined)?.then === "function")
    return "a Promise: await it first (compare, aggregate, details and testsFrame return Promises)";
  if (Array.isArray(x)) return "an array (give a DataFrame, e.g. new DataFrame(rows))";
  return typeof x === "object" ? `an object with keys ${Object.keys(x).slice(0, 8).join(", ")}` : typeof x;
}
