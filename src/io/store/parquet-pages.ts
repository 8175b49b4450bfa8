/**
 * The PLAIN data pages of the store's and the detail tables' columns (parquet-plain.ts writes them
 * into a file): fixed-width typed arrays as they are, JS numbers as INT64, codes as INT32, one
 * repeated value. Each maker takes the rows to write: the first `n`, or `rows` (a job's kept rows,
 * ascending), gathered page by page into a one-page scratch, so that no gathered copy of a column
 * exists. One loop per array type (an IntColumn is an Int32Array or a Float64Array): a generic
 * loop over several element kinds runs megamorphic.
 */
import { LITTLE_ENDIAN } from "../../model/endian.js";
import { int64Words } from "./int64.js";
import type { PlainPage } from "./parquet-plain.js";

/** Most values per data page (a page's size is an i32; pages of a few MB read well everywhere). */
export const PAGE_VALUES = 1 << 18;

/**
 * The rows of a column a file holds, in file order: `rows[k]` is the column's row of the file's
 * row k (`rows.length` ≥ n); undefined: rows 0..n−1.
 */
export type RowIndex = Int32Array | undefined;

/** The page splits of `n` values: [first value, count] (one empty page for no value). */
function pageSpans(n: number): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < n || (i === 0 && n === 0); i += PAGE_VALUES) spans.push([i, Math.min(PAGE_VALUES, n - i)]);
  return spans;
}

/** A fixed-width typed array. */
type Fixed = ArrayBufferView & { length: number; BYTES_PER_ELEMENT: number };

/** PLAIN pages of `n` values (the first, or `rows`) of a fixed-width typed array, copied as they are. */
export function fixedPages(a: Fixed, n: number, rows?: RowIndex): PlainPage[] {
  const w = a.BYTES_PER_ELEMENT;
  if (rows !== undefined) return convertedPages(n, w, (buf, i, values) => gatherFixed(a, rows, i, values, buf));
  if (!LITTLE_ENDIAN && w > 1)
    // PLAIN is little-endian: reverse each value's bytes on a big-endian host.
    return convertedPages(n, w, (buf, i, values) => {
      const src = new Uint8Array(a.buffer, a.byteOffset + i * w, values * w);
      const dst = new Uint8Array(buf, 0, values * w);
      for (let k = 0; k < values * w; k += w) for (let b = 0; b < w; b++) dst[k + b] = src[k + w - 1 - b] as number;
    });
  return pageSpans(n).map(([i, values]) => ({
    values,
    size: values * w,
    write: (out, at) => out.set(new Uint8Array(a.buffer, a.byteOffset + i * w, values * w), at),
  }));
}

/** Values `rows[first..first+count)` of `a` into `buf`, little-endian: as 32-bit words when they are whole words. */
function gatherFixed(a: Fixed, rows: Int32Array, first: number, count: number, buf: ArrayBuffer): void {
  const w = a.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN && (w === 4 || w === 8) && a.byteOffset % 4 === 0) {
    const from = new Int32Array(a.buffer, a.byteOffset, (a.length * w) / 4);
    const to = new Int32Array(buf, 0, (count * w) / 4);
    if (w === 4) gatherWords(from, rows, first, count, to);
    else gatherWordPairs(from, rows, first, count, to);
    return;
  }
  const src = new Uint8Array(a.buffer, a.byteOffset, a.length * w);
  const dst = new Uint8Array(buf, 0, count * w);
  const last = LITTLE_ENDIAN ? 0 : w - 1; // byte b of a value goes to b (LE) or w−1−b (BE)
  for (let k = 0; k < count; k++) {
    const s = (rows[first + k] as number) * w;
    for (let b = 0; b < w; b++) dst[k * w + Math.abs(last - b)] = src[s + b] as number;
  }
}

function gatherWords(from: Int32Array, rows: Int32Array, first: number, count: number, to: Int32Array): void {
  for (let k = 0; k < count; k++) to[k] = from[rows[first + k] as number] as number;
}

/** 64-bit values as two 32-bit words: no BigInt per value. */
function gatherWordPairs(from: Int32Array, rows: Int32Array, first: number, count: number, to: Int32Array): void {
  for (let k = 0; k < count; k++) {
    const i = 2 * (rows[first + k] as number);
    to[2 * k] = from[i] as number;
    to[2 * k + 1] = from[i + 1] as number;
  }
}

/** Aligned work space for the converting pages (one page at a time; grows to one page). */
let scratch = new ArrayBuffer(0);
const scratchOf = (bytes: number): ArrayBuffer => {
  if (scratch.byteLength < bytes) scratch = new ArrayBuffer(bytes);
  return scratch;
};

/** Pages of `width`-byte values that `fill(scratch, first, count)` makes, page by page, in the scratch. */
function convertedPages(n: number, width: number, fill: (buf: ArrayBuffer, first: number, count: number) => void) {
  return pageSpans(n).map(([i, values]): PlainPage => ({
    values,
    size: values * width,
    write: (out, at) => {
      const buf = scratchOf(values * width);
      fill(buf, i, values);
      out.set(new Uint8Array(buf, 0, values * width), at);
    },
  }));
}

/**
 * INT64 PLAIN pages of `n` values (the first, or `rows`) of a Float64Array of safe integers (exact:
 * the two 32-bit halves are written, see int64.ts), converted page by page into the file.
 */
export function int64Pages(a: Float64Array, n: number, rows?: RowIndex): PlainPage[] {
  if (rows === undefined)
    return convertedPages(n, 8, (buf, i, values) => int64Words(a, i, values, new Int32Array(buf, 0, 2 * values)));
  return convertedPages(n, 8, (buf, i, values) => {
    const picked = new Float64Array(buf, 0, values); // gathered in place, then split where it lies
    for (let k = 0; k < values; k++) picked[k] = a[rows[i + k] as number] as number;
    int64Words(picked, 0, values, new Int32Array(buf, 0, 2 * values));
  });
}

/** INT64 PLAIN pages of `n` values (the first, or `rows`) of an Int32Array (each value sign-extended). */
export function int32AsInt64Pages(a: Int32Array, n: number, rows?: RowIndex): PlainPage[] {
  return convertedPages(n, 8, (buf, i, values) => {
    if (LITTLE_ENDIAN) {
      const words = new Int32Array(buf, 0, 2 * values);
      if (rows === undefined)
        for (let k = 0; k < values; k++) {
          const v = a[i + k] as number;
          words[2 * k] = v;
          words[2 * k + 1] = v >> 31;
        }
      else
        for (let k = 0; k < values; k++) {
          const v = a[rows[i + k] as number] as number;
          words[2 * k] = v;
          words[2 * k + 1] = v >> 31;
        }
    } else {
      const words = new DataView(buf, 0, values * 8);
      for (let k = 0; k < values; k++) words.setBigInt64(8 * k, BigInt(a[rowOf(rows, i + k)] as number), true);
    }
  });
}

/** The column's row of the file's row `k`. */
const rowOf = (rows: RowIndex, k: number): number => (rows === undefined ? k : (rows[k] as number));

/**
 * INT32 PLAIN pages of `n` values (the first, or `rows`) of a Uint8Array (Parquet has no 8-bit
 * type), a Uint16Array or a Float64Array of Int32 values (the caller checks them), converted page
 * by page.
 */
export function int32Pages(a: Uint8Array | Uint16Array | Float64Array, n: number, rows?: RowIndex): PlainPage[] {
  return convertedPages(n, 4, (buf, i, values) => {
    if (LITTLE_ENDIAN) {
      const words = new Int32Array(buf, 0, values);
      if (a instanceof Uint8Array) toInt32U8(a, rows, i, values, words);
      else if (a instanceof Uint16Array) toInt32U16(a, rows, i, values, words);
      else toInt32F64(a, rows, i, values, words);
    } else {
      const words = new DataView(buf, 0, values * 4);
      for (let k = 0; k < values; k++) words.setInt32(4 * k, a[rowOf(rows, i + k)] as number, true);
    }
  });
}

function toInt32U8(a: Uint8Array, rows: RowIndex, i: number, values: number, to: Int32Array): void {
  if (rows === undefined) for (let k = 0; k < values; k++) to[k] = a[i + k] as number;
  else for (let k = 0; k < values; k++) to[k] = a[rows[i + k] as number] as number;
}

function toInt32U16(a: Uint16Array, rows: RowIndex, i: number, values: number, to: Int32Array): void {
  if (rows === undefined) for (let k = 0; k < values; k++) to[k] = a[i + k] as number;
  else for (let k = 0; k < values; k++) to[k] = a[rows[i + k] as number] as number;
}

function toInt32F64(a: Float64Array, rows: RowIndex, i: number, values: number, to: Int32Array): void {
  if (rows === undefined) for (let k = 0; k < values; k++) to[k] = a[i + k] as number;
  else for (let k = 0; k < values; k++) to[k] = a[rows[i + k] as number] as number;
}

/** INT32 PLAIN pages of the first `n` values of a Uint8Array (the store's codes). */
export const uint8AsInt32Pages = (a: Uint8Array, n: number): PlainPage[] => int32Pages(a, n);

/** INT32 PLAIN pages of `n` copies of one Int32 value (a job's date on every row). */
export function repeatedInt32Pages(v: number, n: number): PlainPage[] {
  return convertedPages(n, 4, (buf, _i, values) => {
    if (LITTLE_ENDIAN) new Int32Array(buf, 0, values).fill(v);
    else for (let k = 0; k < values; k++) new DataView(buf).setInt32(4 * k, v, true);
  });
}

/** PLAIN pages of `n` copies of one string (4-byte little-endian length, then its UTF-8 bytes). */
export function repeatedStringPages(s: string, n: number): PlainPage[] {
  const text = Buffer.from(s, "utf8");
  const one = Buffer.alloc(4 + text.length);
  one.writeUInt32LE(text.length, 0);
  text.copy(one, 4);
  return pageSpans(n).map(([, values]) => ({
    values,
    size: values * one.length,
    write: (out, at) => {
      const size = values * one.length;
      if (size === 0) return;
      out.set(one, at);
      for (let done = one.length; done < size; done *= 2)
        out.copyWithin(at + done, at, at + Math.min(done, size - done));
    },
  }));
}
