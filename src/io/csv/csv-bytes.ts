/**
 * A byte-level CSV encoder for the per-job outputs: fields are written as ASCII straight into one
 * growable byte buffer, so a job with hundreds of thousands of rows builds no per-row array, no
 * per-field string and no `BigInt` per id.
 *
 * Hand-written because it is the hot path of the jobs phase: building the rows as arrays of
 * strings and joining them (or any general CSV library, which formats through strings) cost ~3×
 * the gzip of the same bytes on this machine. Every field writes exactly the text of `csvField`
 * (`String(v)` for numbers, decimal digits for 64-bit ids and timestamps), so the bytes are the same.
 *
 * Measured factor over csv-stringify (sync, from rows of values) writing one partition's order
 * columns, the same bytes checked (`node bench/codecs.mjs`, both in one process, 0.3M and 1.0M
 * rows, 3 runs; bench/README.md): 13–19×.
 */

import { LITTLE_ENDIAN } from "../../model/endian.js";

const TWO_32 = 4_294_967_296;
const COMMA = 44;
const NEWLINE = 10;
const ZERO = 48;
/** The two ASCII digits of 0–99 at 2i, 2i + 1: half the divisions of one digit at a time. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = ZERO + Math.floor(i / 10);
  PAIRS[2 * i + 1] = ZERO + (i % 10);
}

/** Room every single-field writer reserves: the longest `String(number)` is 24 characters. */
const FIELD_ROOM = 32;

/** A growable byte buffer of CSV text; every method appends and returns nothing. */
export class CsvBytes {
  private buf: Uint8Array;
  private at = 0;

  /** An empty buffer with room for `capacity` bytes before it grows. */
  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.at;
  }

  /** The bytes written (a view; valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }

  /** Empties the buffer, keeping its room (views from {@link bytes} are overwritten by later writes). */
  clear(): void {
    this.at = 0;
  }

  /** Makes room for `n` more bytes. */
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let c = this.buf.length * 2;
    while (c < this.at + n) c *= 2;
    const b = new Uint8Array(c);
    b.set(this.buf.subarray(0, this.at));
    this.buf = b;
  }

  /** A field separator. */
  comma(): void {
    if (this.at + 1 > this.buf.length) this.room(1);
    this.buf[this.at++] = COMMA;
  }

  /** A line end (`\n`). */
  newline(): void {
    if (this.at + 1 > this.buf.length) this.room(1);
    this.buf[this.at++] = NEWLINE;
  }

  /** Pre-encoded bytes (see {@link asciiBytes}), written as they are. */
  raw(b: Uint8Array): void {
    const n = b.length;
    if (this.at + n > this.buf.length) this.room(n);
    const buf = this.buf;
    const at = this.at;
    if (n > 16) buf.set(b, at);
    else for (let k = 0; k < n; k++) buf[at + k] = b[k] as number;
    this.at = at + n;
  }

  /** A string of ASCII characters (codes < 128), written as it is (no quoting). */
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.at++] = s.charCodeAt(i);
  }

  /** A number as `String(v)` writes it: decimal digits for safe integers, else `String(v)` itself. */
  num(v: number): void {
    if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) {
      if (this.at + FIELD_ROOM > this.buf.length) this.room(FIELD_ROOM);
      this.at = uint31(this.buf, this.at, v);
      return;
    }
    if (Number.isSafeInteger(v)) {
      if (this.at + FIELD_ROOM > this.buf.length) this.room(FIELD_ROOM);
      if (v < 0) {
        this.buf[this.at++] = 45; // "-"
        this.at = safeUint(this.buf, this.at, -v);
      } else this.at = safeUint(this.buf, this.at, v);
      return;
    }
    this.ascii(String(v)); // NaN, ±Infinity, fractions, |v| ≥ 2^53
  }

  /** Element `i` of an unsigned 64-bit column (its {@link words64}) as decimal digits (no `BigInt`). */
  u64(words: Uint32Array, i: number): void {
    if (this.at + FIELD_ROOM > this.buf.length) this.room(FIELD_ROOM);
    this.at = word64(this.buf, this.at, words[2 * i + 1] as number, words[2 * i] as number);
  }

  /** Element `i` of a signed 64-bit column as decimal digits (no `BigInt` for values ≥ 0). */
  i64(words: Uint32Array, col: BigInt64Array, i: number): void {
    const hi = words[2 * i + 1] as number;
    if (hi >= 0x80000000) {
      this.ascii(String(col[i])); // negative: rare, exact via BigInt
      return;
    }
    if (this.at + FIELD_ROOM > this.buf.length) this.room(FIELD_ROOM);
    this.at = word64(this.buf, this.at, hi, words[2 * i] as number);
  }

  /** The time of day of `ns` since local midnight as `HH:MM:SS.mmm` (ms truncated), as {@link clockText}. */
  clock(ns: number): void {
    if (!(ns >= 0 && ns < 360_000_000_000_000)) {
      this.ascii(clockText(ns)); // outside 00:00–99:59: the general path
      return;
    }
    if (this.at + FIELD_ROOM > this.buf.length) this.room(FIELD_ROOM);
    const ms = Math.floor(ns / 1e6);
    const buf = this.buf;
    let at = padded(buf, this.at, Math.floor(ms / 3_600_000), 2);
    buf[at++] = 58; // ":"
    at = padded(buf, at, Math.floor(ms / 60_000) % 60, 2);
    buf[at++] = 58;
    at = padded(buf, at, Math.floor(ms / 1000) % 60, 2);
    buf[at++] = 46; // "."
    this.at = padded(buf, at, ms % 1000, 3);
  }
}

/** Writes a non-negative integer < 2^31 in decimal at `at`; returns the end. */
function uint31(buf: Uint8Array, at: number, v: number): number {
  const n =
    v < 10
      ? 1
      : v < 100
        ? 2
        : v < 1e3
          ? 3
          : v < 1e4
            ? 4
            : v < 1e5
              ? 5
              : v < 1e6
                ? 6
                : v < 1e7
                  ? 7
                  : v < 1e8
                    ? 8
                    : v < 1e9
                      ? 9
                      : 10;
  let p = at + n;
  while (v >= 100) {
    const q = (v / 100) | 0;
    const d = (v - q * 100) << 1;
    buf[--p] = PAIRS[d + 1] as number;
    buf[--p] = PAIRS[d] as number;
    v = q;
  }
  // The leading one or two digits land at `at`.
  if (v >= 10) {
    buf[at + 1] = PAIRS[(v << 1) + 1] as number;
    buf[at] = PAIRS[v << 1] as number;
  } else buf[at] = ZERO + v;
  return at + n;
}

/** Writes a non-negative integer < 10^width (< 2^31) in exactly `width` digits, zero-padded. */
function padded(buf: Uint8Array, at: number, v: number, width: number): number {
  for (let p = at + width - 1; p >= at; p--) {
    const q = (v / 10) | 0;
    buf[p] = ZERO + v - q * 10;
    v = q;
  }
  return at + width;
}

/**
 * Writes a safe non-negative integer (< 2^53) in decimal: split into base-10^9 parts so every digit
 * comes from int32 arithmetic (a double `%` is a slow fmod call). Returns the end.
 */
function safeUint(buf: Uint8Array, at: number, v: number): number {
  if (v <= 0x7fffffff) return uint31(buf, at, v);
  let q = Math.floor(v / 1e9);
  let rest = v - q * 1e9;
  if (rest < 0) {
    q--;
    rest += 1e9;
  } else if (rest >= 1e9) {
    q++;
    rest -= 1e9;
  }
  return padded(buf, uint31(buf, at, q), rest, 9); // q < 2^53 / 10^9 < 2^31
}

/** Writes hi·2^32 + lo (both uint32) in decimal, exact with doubles only. Returns the end. */
function word64(buf: Uint8Array, at: number, hi: number, lo: number): number {
  if (hi < 0x200000) return safeUint(buf, at, hi * TWO_32 + lo); // < 2^53: exact as a number
  // 2^32 = 4294·10^6 + 967296: both partial products stay below 2^53.
  const low = hi * 967_296 + lo;
  let q = Math.floor(low / 1e6);
  let rest = low - q * 1e6;
  if (rest < 0) {
    q--;
    rest += 1e6;
  } else if (rest >= 1e6) {
    q++;
    rest -= 1e6;
  }
  return padded(buf, safeUint(buf, at, hi * 4294 + q), rest, 6);
}

/** ns since local midnight as `HH:MM:SS.mmm` (ms truncated; each part zero-padded). */
export function clockText(ns: number): string {
  const ms = Math.floor(ns / 1e6);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  return `${p2(Math.floor(ms / 3_600_000))}:${p2(Math.floor(ms / 60_000) % 60)}:${p2(Math.floor(ms / 1000) % 60)}.${String(ms % 1000).padStart(3, "0")}`;
}

/** The bytes of an ASCII string, to write repeatedly with {@link CsvBytes.raw}. */
export function asciiBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** The 32-bit words of a 64-bit column (little-endian: low word first), for {@link CsvBytes.u64}. */
export function words64(col: BigUint64Array | BigInt64Array): Uint32Array {
  if (!LITTLE_ENDIAN) {
    // Big-endian platforms: copy into little-endian word order once.
    const w = new Uint32Array(col.length * 2);
    for (let i = 0; i < col.length; i++) {
      const v = BigInt.asUintN(64, col[i] as bigint);
      w[2 * i] = Number(v & 0xffffffffn);
      w[2 * i + 1] = Number(v >> 32n);
    }
    return w;
  }
  return new Uint32Array(col.buffer, col.byteOffset, col.length * 2);
}
