/**
 * Exact conversions between integer-valued `Float64Array`s (|v| ≤ 2^53 − 1, as the readers parse
 * prices, quantities and sequence numbers) and Int64 columns, without a `BigInt` per value: the two
 * 32-bit halves are written and read through an `Int32Array` view (little-endian platforms; other
 * platforms take the `BigInt` path).
 */

import { LITTLE_ENDIAN } from "../../model/endian.js";

const TWO_32 = 4_294_967_296;

/**
 * Values `from` ≤ i < `from + count` of `src` (safe integers) as little-endian Int64 into `words`
 * (two 32-bit words a value: low, then high), as Parquet's PLAIN INT64 lays them out.
 */
export function int64Words(src: Float64Array, from: number, count: number, words: Int32Array): void {
  if (!LITTLE_ENDIAN) {
    const view = new DataView(words.buffer, words.byteOffset, 8 * count);
    for (let i = 0; i < count; i++) view.setBigInt64(8 * i, BigInt(src[from + i] as number), true);
    return;
  }
  for (let i = 0; i < count; i++) {
    const v = src[from + i] as number;
    const hi = Math.floor(v / TWO_32);
    words[2 * i] = v - hi * TWO_32; // 0 ≤ lo < 2^32; ToInt32 keeps its bits
    words[2 * i + 1] = hi;
  }
}

/** An Int64 column as numbers; exact for |v| ≤ 2^53 − 1 (the only values the store writes). */
export function fromInt64(src: BigInt64Array): Float64Array {
  const out = new Float64Array(src.length);
  fromInt64Into(src, out, 0);
  return out;
}

/** {@link fromInt64} into `out` from row `at` on (no new array). */
export function fromInt64Into(src: BigInt64Array, out: Float64Array, at: number): void {
  const n = src.length;
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < n; i++) out[at + i] = Number(src[i]);
    return;
  }
  const w = new Int32Array(src.buffer, src.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) out[at + i] = (w[2 * i + 1] as number) * TWO_32 + ((w[2 * i] as number) >>> 0);
}

/**
 * {@link fromInt64Into} into an `Int32Array`: true when every value fits in 32 bits (all written),
 * false at the first that does not (the caller widens the column to a `Float64Array` and decodes
 * again). Reads the two halves: a value fits when its high word is its low word's sign extension.
 */
export function fromInt64IntoNarrow(src: BigInt64Array, out: Int32Array, at: number): boolean {
  const n = src.length;
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < n; i++) {
      const v = Number(src[i]);
      if ((v | 0) !== v) return false;
      out[at + i] = v;
    }
    return true;
  }
  const w = new Int32Array(src.buffer, src.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const lo = w[2 * i] as number;
    if ((w[2 * i + 1] as number) !== lo >> 31) return false;
    out[at + i] = lo;
  }
  return true;
}

/** `a` (its first `at` values) widened to a `Float64Array` of the same length. */
export function widened(a: Int32Array, at: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < at; i++) out[i] = a[i] as number;
  return out;
}
