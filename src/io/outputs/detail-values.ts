/**
 * The values a detail column is written from ({@link DetailValues}), and the checks that they fit
 * its declared Parquet type (whole numbers for the integer types, no NaN where not null), over the
 * rows the table holds.
 */
import type { DetailColumn } from "../../core/detail-tables/index.js";
import type { RowIndex } from "../store/parquet-plain.js";

/**
 * The values of one detail column, `n` of them:
 * - `big`: a bigint column (`u64`, `timestamp_ns`), never null;
 * - `num`: numbers (`int64`, `int32`, `float64`): whole numbers for the integer types; null where
 *   `valid` is 0 (when given) and, for `float64`, where the value is NaN;
 *   for `big` and `num`, the column's row of table row k is `rows[k]` when given (a job's kept
 *   rows of a partition column, gathered page by page), else k;
 * - `same`: one text (`text`) or YYYY-MM-DD (`date`) on every row;
 * - `text`: the text of row `i`.
 */
export type DetailValues =
  | { kind: "big"; values: BigUint64Array | BigInt64Array; rows?: Int32Array }
  | { kind: "num"; values: Float64Array | Int32Array | Uint8Array | Uint16Array; valid?: Uint8Array; rows?: Int32Array }
  | { kind: "same"; value: string }
  | { kind: "text"; get: (i: number) => string };

/** A detail column whose values do not fit its declared type: a bug of the caller, not of data (keeps its stack). */
const bug = (message: string): Error => new Error(message);

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** The column's row of table row `k`. */
export const rowOf = (rows: RowIndex, k: number): number => (rows === undefined ? k : (rows[k] as number));

/** The first of `n` values (the first, or `rows`) that is not a safe integer, or -1 (tight loops, no call per value). */
function firstNotSafe(v: Float64Array, n: number, rows: RowIndex): number {
  if (rows === undefined)
    for (let k = 0; k < n; k++) {
      const x = v[k] as number;
      if (!(Math.floor(x) === x && x <= MAX_SAFE && x >= -MAX_SAFE)) return k; // NaN fails the first test
    }
  else
    for (let k = 0; k < n; k++) {
      const x = v[rows[k] as number] as number;
      if (!(Math.floor(x) === x && x <= MAX_SAFE && x >= -MAX_SAFE)) return k;
    }
  return -1;
}

/** The first of `n` values (the first, or `rows`) that is not an Int32, or -1. */
function firstNotInt32(v: Float64Array, n: number, rows: RowIndex): number {
  if (rows === undefined) {
    for (let k = 0; k < n; k++) if (((v[k] as number) | 0) !== v[k]) return k;
  } else
    for (let k = 0; k < n; k++) {
      const x = v[rows[k] as number] as number;
      if ((x | 0) !== x) return k;
    }
  return -1;
}

/** Throws unless every value of an integer column is a safe integer (int64) or an Int32 (int32). */
export function checkWhole(
  c: DetailColumn,
  v: ArrayLike<number>,
  n: number,
  valid: Uint8Array | undefined,
  rows: RowIndex,
): void {
  // Integer arrays hold nothing else (and nothing beyond an Int32): only numbers need the check.
  if (v instanceof Uint8Array || v instanceof Uint16Array || v instanceof Int32Array) return;
  if (v instanceof Float64Array && valid === undefined) {
    const at = c.type === "int32" ? firstNotInt32(v, n, rows) : firstNotSafe(v, n, rows);
    if (at >= 0) throw bug(`column ${c.name}: row ${at} is ${v[rowOf(rows, at)]}, not a whole ${c.type}`);
    return;
  }
  for (let k = 0; k < n; k++) {
    const i = rowOf(rows, k);
    if (valid !== undefined && valid[i] !== 1) continue;
    const x = v[i] as number;
    if (c.type === "int32" ? (x | 0) !== x : !Number.isSafeInteger(x))
      throw bug(`column ${c.name}: row ${k} is ${x}, not a whole ${c.type}`);
  }
}

/** Throws when one of `n` values (the first, or `rows`) of a not-null DOUBLE column is NaN. */
export function checkNoNaN(c: DetailColumn, f: Float64Array, n: number, rows: RowIndex): void {
  for (let k = 0; k < n; k++)
    if (Number.isNaN(f[rowOf(rows, k)])) throw bug(`column ${c.name}: NaN in a column declared not null`);
}
