/**
 * The columns of a batch (batch.ts): their array type per field kind, a fresh column, and the value
 * an absent optional column holds.
 */

import type { FieldKind } from "../../model/fields.js";
import type { ColumnSpec } from "../../model/schemas.js";

/** The array type holding one column of a kind: exact bigint arrays for ids and timestamps. */
export type ColumnArray<K extends FieldKind> = K extends "u64"
  ? BigUint64Array
  : K extends "ns"
    ? BigInt64Array
    : K extends "security" | "date" | "text"
      ? string[]
      : Float64Array;

/** All columns of a table, by header name. */
export type Columns<S extends ColumnSpec> = { -readonly [C in keyof S]: ColumnArray<S[C]> };

/** A fresh column of `kind` for `n` rows, every cell its {@link emptyValue}: zeros, or empty strings for the text kinds. */
export function allocate(kind: FieldKind, n: number): ColumnArray<FieldKind> {
  const empty = emptyValue(kind);
  if (typeof empty === "string") return new Array<string>(n).fill(empty);
  if (typeof empty === "number") return new Float64Array(n);
  return kind === "u64" ? new BigUint64Array(n) : new BigInt64Array(n);
}

/** The value an absent optional column holds (a fresh column's): 0n for ids and times, "" for text kinds, else 0. */
export function emptyValue(kind: FieldKind): bigint | string | number {
  if (kind === "u64" || kind === "ns") return 0n;
  return kind === "text" || kind === "security" || kind === "date" ? "" : 0;
}
