/**
 * The Parquet columns of a detail table (core/detail-tables/) from typed column values: each column's
 * declared type gives its physical type, annotation and pages, written by the store's own PLAIN
 * writer (store/parquet-plain.ts). Not-null columns reuse its page makers (ids and times one memcpy,
 * numbers converted page by page; a job's kept rows of a partition column gathered page by page);
 * nullable columns and per-row text are made here, page by page.
 */
import {
  CONVERTED,
  fixedPages,
  int32AsInt64Pages,
  int32Pages,
  int64Pages,
  PAGE_VALUES,
  repeatedInt32Pages,
  repeatedStringPages,
  type PlainColumn,
  type PlainPage,
  type RowIndex,
} from "../store/parquet-plain.js";
import type { Compact } from "../store/thrift-compact.js";
import type { DetailColumn } from "../../core/detail-tables/index.js";
import { checkNoNaN, checkWhole, rowOf, type DetailValues } from "./detail-values.js";

export type { DetailValues } from "./detail-values.js";

/** A detail column whose values do not fit its declared type: a bug of the caller, not of data (keeps its stack). */
const bug = (message: string): Error => new Error(message);

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date (Parquet's DATE). */
export function epochDays(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) throw bug(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

const stringType = (w: Compact): void => void w.struct(1, () => undefined); // LogicalType.STRING
const dateType = (w: Compact): void => void w.struct(6, () => undefined); // LogicalType.DATE
/*
 * `timestamp_ns` is plain INT64 (as in the partition store), not TIMESTAMP(NANOS, UTC): DuckDB 1.5
 * reads that logical type as TIMESTAMP WITH TIME ZONE, a microsecond type (tried on this writer's
 * first version: DESCRIBE said so), so the last three digits of a time would be lost. Plain INT64 is
 * exact in every reader; `make_timestamp_ns(timestamp)` (DuckDB) or `pd.to_datetime(…, unit="ns",
 * utc=True)` (pandas) make it a time.
 */

/** [first row, count] of each page of `n` rows (one empty page for no row). */
function spans(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n || (i === 0 && n === 0); i += PAGE_VALUES) out.push([i, Math.min(PAGE_VALUES, n - i)]);
  return out;
}

/** A page whose bytes are made when it is written. */
const madePage = (values: number, bytes: Uint8Array): PlainPage => ({
  values,
  size: bytes.length,
  write: (out, at) => out.set(bytes, at),
});

/** Unsigned LEB128 varint of a non-negative safe integer. */
function varint(v: number, out: number[]): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/**
 * Definition levels (bit width 1) of a page's rows (`present[k]` 1 or 0), RLE/bit-packed hybrid
 * with its 4-byte length: one RLE run when every row is present, else bit-packed groups of 8.
 */
function defLevels(present: Uint8Array, count: number, all: boolean): Uint8Array {
  const body: number[] = [];
  if (all) {
    varint(count * 2, body); // RLE run: (count << 1), then the value in one byte
    body.push(1);
  } else {
    const groups = Math.ceil(count / 8);
    varint(groups * 2 + 1, body); // bit-packed: (groups << 1) | 1, then 8 values a byte, LSB first
    for (let g = 0; g < groups; g++) {
      let b = 0;
      for (let k = 0; k < 8; k++) if (g * 8 + k < count && present[g * 8 + k] === 1) b |= 1 << k;
      body.push(b);
    }
  }
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length, true);
  out.set(body, 4);
  return out;
}

const TWO_32 = 4_294_967_296;

/** Pages of a nullable number column: definition levels, then the present values only (PLAIN). */
function optionalNumberPages(
  c: DetailColumn,
  v: ArrayLike<number>,
  valid: Uint8Array | undefined,
  n: number,
  rows: RowIndex,
): PlainPage[] {
  const width = c.type === "int32" ? 4 : 8;
  return spans(n).map(([first, count]) => {
    const present = new Uint8Array(count);
    let m = 0;
    for (let k = 0; k < count; k++) {
      const i = rowOf(rows, first + k);
      const p = (valid === undefined || valid[i] === 1) && !(c.type === "float64" && Number.isNaN(v[i]));
      present[k] = p ? 1 : 0;
      if (p) m++;
    }
    const levels = defLevels(present, count, m === count);
    const bytes = new Uint8Array(levels.length + m * width);
    bytes.set(levels, 0);
    const view = new DataView(bytes.buffer, levels.length);
    for (let k = 0, at = 0; k < count; k++) {
      if (present[k] === 0) continue;
      const x = v[rowOf(rows, first + k)] as number;
      if (c.type === "int32") view.setInt32(at, x, true);
      else if (c.type === "float64") view.setFloat64(at, x, true);
      else {
        const hi = Math.floor(x / TWO_32); // exact for safe integers; two's complement for x < 0
        view.setUint32(at, x - hi * TWO_32, true);
        view.setInt32(at + 4, hi, true);
      }
      at += width;
    }
    return madePage(count, bytes);
  });
}

/**
 * A short text's bytes written at `at` when every character is ASCII (its UTF-8 bytes are its char
 * codes; the per-row texts are clock times, band and group names): its length, or -1 (nothing
 * trusted then: the caller writes it as UTF-8). Per-row `Buffer.write` calls were most of textPages.
 */
function writeAscii(s: string, buf: Uint8Array, at: number): number {
  for (let k = 0; k < s.length; k++) {
    const ch = s.charCodeAt(k);
    if (ch >= 0x80) return -1;
    buf[at + k] = ch;
  }
  return s.length;
}

/** BYTE_ARRAY PLAIN pages of per-row text (4-byte little-endian length, then the UTF-8 bytes). */
function textPages(get: (i: number) => string, n: number): PlainPage[] {
  return spans(n).map(([first, count]) => {
    let buf = Buffer.alloc(count * 16 + 64);
    let at = 0;
    for (let i = first; i < first + count; i++) {
      const s = get(i);
      if (at + 4 + 3 * s.length > buf.length) {
        const grown = Buffer.alloc(Math.max(buf.length * 2, at + 4 + 3 * s.length));
        buf.copy(grown, 0, 0, at);
        buf = grown;
      }
      const len = s.length <= 32 ? writeAscii(s, buf, at + 4) : -1;
      const bytes = len >= 0 ? len : buf.write(s, at + 4, "utf8");
      buf[at] = bytes & 0xff; // 4-byte little-endian length
      buf[at + 1] = (bytes >>> 8) & 0xff;
      buf[at + 2] = (bytes >>> 16) & 0xff;
      buf[at + 3] = bytes >>> 24;
      at += 4 + bytes;
    }
    return madePage(count, buf.subarray(0, at));
  });
}

/** The Parquet column of detail column `c` holding `n` rows of `d`. */
export function detailColumn(c: DetailColumn, d: DetailValues, n: number): PlainColumn {
  const base = { name: c.name, ...(c.nullable === true ? { optional: true } : {}) };
  const t = c.type;
  if (d.kind === "big") {
    if (t !== "u64" && t !== "timestamp_ns") throw bug(`column ${c.name}: bigints for ${t}`);
    if (c.nullable === true) throw bug(`column ${c.name}: a nullable ${t} is not supported`);
    const pages = fixedPages(d.values, n, d.rows);
    return t === "u64"
      ? { ...base, type: "INT64", convertedType: CONVERTED.UINT_64, pages }
      : { ...base, type: "INT64", pages };
  }
  if (d.kind === "same" || d.kind === "text") {
    if (t === "date" && d.kind === "same") {
      const pages = repeatedInt32Pages(epochDays(d.value), n);
      return { ...base, type: "INT32", convertedType: CONVERTED.DATE, logicalType: dateType, pages };
    }
    if (t !== "text" || c.nullable === true) throw bug(`column ${c.name}: text for ${t}`);
    const pages = d.kind === "same" ? repeatedStringPages(d.value, n) : textPages(d.get, n);
    return { ...base, type: "BYTE_ARRAY", convertedType: CONVERTED.UTF8, logicalType: stringType, pages };
  }
  if (t !== "int64" && t !== "int32" && t !== "float64") throw bug(`column ${c.name}: numbers for ${t}`);
  const { values: v, rows } = d;
  if (t !== "float64") checkWhole(c, v, n, d.valid, rows);
  const type = t === "int64" ? "INT64" : t === "int32" ? "INT32" : "DOUBLE";
  if (c.nullable === true) return { ...base, type, pages: optionalNumberPages(c, v, d.valid, n, rows) };
  if (d.valid !== undefined) throw bug(`column ${c.name}: nulls in a column declared not null`);
  // Each array type its own page maker (no converted copy of the column): only a small-code column
  // as int64 or float64, which no partition column is, is widened to a Float64Array first.
  if (t === "int64") {
    if (v instanceof Int32Array) return { ...base, type, pages: int32AsInt64Pages(v, n, rows) };
    return { ...base, type, pages: int64Pages(v instanceof Float64Array ? v : Float64Array.from(v), n, rows) };
  }
  if (t === "int32")
    return { ...base, type, pages: v instanceof Int32Array ? fixedPages(v, n, rows) : int32Pages(v, n, rows) };
  const f = v instanceof Float64Array ? v : Float64Array.from(v);
  checkNoNaN(c, f, n, rows);
  return { ...base, type, pages: fixedPages(f, n, rows) };
}
