/**
 * The PLAIN data pages of the store's columns (parquet-plain.ts writes them into a file): fixed-width
 * typed arrays as they are, JS numbers as INT64, codes as INT32, one repeated string.
 */
import { LITTLE_ENDIAN } from "../../model/endian.js";
import { int64Words } from "./int64.js";
import type { PlainPage } from "./parquet-plain.js";

/** Most values per data page (a page's size is an i32; pages of a few MB read well everywhere). */
export const PAGE_VALUES = 1 << 18;

/** The page splits of `n` values: [first value, count] (one empty page for no value). */
function pageSpans(n: number): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < n || (i === 0 && n === 0); i += PAGE_VALUES) spans.push([i, Math.min(PAGE_VALUES, n - i)]);
  return spans;
}

/** PLAIN pages of the first `n` values of a fixed-width typed array, copied as they are. */
export function fixedPages(a: ArrayBufferView & { length: number; BYTES_PER_ELEMENT: number }, n: number): PlainPage[] {
  const w = a.BYTES_PER_ELEMENT;
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
 * INT64 PLAIN pages of the first `n` values of a Float64Array of safe integers (exact: the two
 * 32-bit halves are written, see int64.ts), converted page by page into the file.
 */
export function int64Pages(a: Float64Array, n: number): PlainPage[] {
  return convertedPages(n, 8, (buf, i, values) => int64Words(a, i, values, new Int32Array(buf, 0, 2 * values)));
}

/** INT64 PLAIN pages of the first `n` values of an Int32Array (each value sign-extended). */
export function int32AsInt64Pages(a: Int32Array, n: number): PlainPage[] {
  return convertedPages(n, 8, (buf, i, values) => {
    if (LITTLE_ENDIAN) {
      const words = new Int32Array(buf, 0, 2 * values);
      for (let k = 0; k < values; k++) {
        const v = a[i + k] as number;
        words[2 * k] = v;
        words[2 * k + 1] = v >> 31;
      }
    } else {
      const words = new DataView(buf, 0, values * 8);
      for (let k = 0; k < values; k++) words.setBigInt64(8 * k, BigInt(a[i + k] as number), true);
    }
  });
}

/** INT32 PLAIN pages of the first `n` values of a Uint8Array (Parquet has no 8-bit type). */
export function uint8AsInt32Pages(a: Uint8Array, n: number): PlainPage[] {
  return convertedPages(n, 4, (buf, i, values) => {
    if (LITTLE_ENDIAN) {
      const words = new Int32Array(buf, 0, values);
      for (let k = 0; k < values; k++) words[k] = a[i + k] as number;
    } else {
      const words = new DataView(buf, 0, values * 4);
      for (let k = 0; k < values; k++) words.setInt32(4 * k, a[i + k] as number, true);
    }
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
