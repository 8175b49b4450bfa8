import { danfo, type DataFrame } from "./danfo.js";
import { FrameError } from "./frame-error.js";
import { columnIndex, frameData, isFrameLike, isMissing, type FrameData } from "./frame-read.js";
import { checkOptionKeys } from "./option-keys.js";

/**
 * One row of a frame as an object keyed by column name, as a {@link filter} predicate receives it.
 * Typed loosely on purpose, like a pandas row: `r => r.savings_aud > 0` compiles in a notebook.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row's cells have its columns' types, unknown statically
export type FrameRow = Readonly<Record<string, any>>;

/** Which rows {@link filter} keeps: a predicate over rows, or a mask (an array or a Series of booleans). */
export type RowSelector = ((row: FrameRow, position: number) => boolean) | readonly boolean[] | { values: unknown };

/** Options of {@link filter}. */
export interface FilterOptions {
  /**
   * Keep the original row labels (pandas' behaviour). Off by default: danfojs methods (`query`,
   * `groupby`, `column(...).gt`) fail on a frame whose labels are not 0..n−1, so the result gets
   * fresh labels and every danfojs method keeps working on it.
   */
  keepIndex?: boolean;
}

const FILTER_KEYS = ["keepIndex"] as const satisfies readonly (keyof FilterOptions)[];

function maskOf(data: FrameData, which: RowSelector): boolean[] {
  if (typeof which === "function") {
    return data.rows.map((r, i) => which(Object.fromEntries(data.columns.map((c, j) => [c, r[j]])), i) === true);
  }
  const values: unknown = Array.isArray(which) ? which : (which as { values: unknown }).values;
  if (!Array.isArray(values))
    throw new FrameError("bad_mask", "filter: give a predicate (row => boolean), a boolean array or a boolean Series");
  if (values.length !== data.rows.length)
    throw new FrameError(
      "bad_mask",
      `filter: the mask has ${values.length} values but the frame has ${data.rows.length} rows; build the mask from this frame (e.g. notNa(frame, "col"))`,
    );
  return values.map((v, i) => {
    if (typeof v !== "boolean")
      throw new FrameError("bad_mask", `filter: mask value ${i} is ${String(v)}, not true or false`);
    return v;
  });
}

/** Rows of `data` at the given positions as a new frame, with the source's dtypes. */
export function rowsFrame(
  frame: DataFrame,
  data: FrameData,
  positions: readonly number[],
  keepIndex: boolean,
): DataFrame {
  const dtypes: unknown = (frame as { dtypes?: unknown }).dtypes;
  return new (danfo().DataFrame)(
    positions.map((p) => data.rows[p]),
    {
      columns: data.columns,
      ...(Array.isArray(dtypes) && dtypes.length === data.columns.length ? { dtypes: dtypes as string[] } : {}),
      ...(keepIndex ? { index: positions.map((p) => data.index[p] ?? p) } : {}),
    },
  );
}

/**
 * The rows of `frame` that `which` selects, as a new frame: `filter(f, r => r.savings_aud > 0)`,
 * `filter(f, notNa(f, "savings_bps"))`, or a boolean Series built from `f`. Works on any frame,
 * including a filtered one — danfojs `query` on a query result crashes inside danfojs ("Cannot read
 * properties of undefined") until `resetIndex()`; chain `filter` instead. Errors: FrameError
 * `bad_mask` (wrong length or a non-boolean), `not_a_frame`, `bad_argument` (an option it does not
 * take: `keepindex`).
 */
export function filter(frame: DataFrame, which: RowSelector, options: FilterOptions = {}): DataFrame {
  const data = frameData(frame, "filter");
  checkOptionKeys("filter", options, FILTER_KEYS);
  const mask = maskOf(data, which);
  const keep = mask.flatMap((m, i) => (m ? [i] : []));
  return rowsFrame(frame, data, keep, options.keepIndex ?? false);
}

function missingMask(target: DataFrame | { values: unknown }, column: string | undefined, what: string): boolean[] {
  if (!isFrameLike(target)) throw new FrameError("not_a_frame", `${what}: expected a DataFrame or Series`);
  const data = frameData(target, what);
  if (column === undefined) {
    if (data.columns.length !== 1)
      throw new FrameError(
        "bad_argument",
        `${what}: name the column, e.g. ${what}(frame, "${data.columns[0] ?? "col"}")`,
      );
    return data.rows.map((r) => isMissing(r[0]));
  }
  const c = columnIndex(data, column, `${what} column`);
  return data.rows.map((r) => isMissing(r[c]));
}

/**
 * A mask of the rows where `column` of `frame` (or the one column of a Series) holds a value — not
 * undefined, null or NaN — for {@link filter}. danfojs' own `notNa()` type-checks but is not a
 * function at run time (danfojs-node 1.2). Errors: FrameError `unknown_column`, `bad_argument`.
 */
export function notNa(frame: DataFrame | { values: unknown }, column?: string): boolean[] {
  return missingMask(frame, column, "notNa").map((m) => !m);
}

/** The opposite of {@link notNa}: where `column` holds no value (undefined, null or NaN). */
export function isNa(frame: DataFrame | { values: unknown }, column?: string): boolean[] {
  return missingMask(frame, column, "isNa");
}

/**
 * The rows of `frame` with a value in every one of `columns` (default: every column), as pandas'
 * `dropna(subset=columns)`; fresh row labels unless `keepIndex`. Errors: FrameError `unknown_column`,
 * `bad_argument` (an option it does not take).
 */
export function dropNa(frame: DataFrame, columns?: readonly string[], options: FilterOptions = {}): DataFrame {
  const data = frameData(frame, "dropNa");
  checkOptionKeys("dropNa", options, FILTER_KEYS);
  const cols = (columns ?? data.columns).map((c) => columnIndex(data, c, "dropNa column"));
  const keep = data.rows.flatMap((r, i) => (cols.every((c) => !isMissing(r[c])) ? [i] : []));
  return rowsFrame(frame, data, keep, options.keepIndex ?? false);
}
