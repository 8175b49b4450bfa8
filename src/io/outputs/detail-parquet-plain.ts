/**
 * Reads the detail tables' Parquet files of the simple form detail-parquet.ts writes — PLAIN data
 * pages, uncompressed or SNAPPY, REQUIRED or OPTIONAL (definition levels, bit width 1) columns,
 * INT32, INT64, DOUBLE and BYTE_ARRAY, no dictionary — straight from the bytes into typed arrays,
 * the footer and page headers parsed with the store's Thrift compact reader. Anything else (another
 * writer's dictionary or encodings, damaged metadata or pages) returns undefined, and the caller
 * reads the file with parquet-wasm instead (which also reports real damage).
 *
 * Hand-written for the same reason as store/parquet-plain-read.ts: reading a run's sweep rows
 * through parquet-wasm and apache-arrow cost the aggregation +70 % CPU and ≈ 55 MB of RSS over the
 * CSV reader (1M generated order rows, `bench/phase.mjs aggregate`; bench/README.md).
 */
import { uncompressSync } from "snappy";
import { list, Malformed, num, Reader, struct, text, type Struct } from "../store/thrift-compact-read.js";

/** One column's values: fixed-width values in a typed array, or text; `present` 0 where null (OPTIONAL). */
export type PlainValues =
  | { kind: "i32"; values: Int32Array; present: Uint8Array | undefined }
  | { kind: "i64"; values: BigInt64Array; present: Uint8Array | undefined }
  | { kind: "f64"; values: Float64Array; present: Uint8Array | undefined }
  | { kind: "text"; values: string[]; present: Uint8Array | undefined };

const KIND: Record<number, PlainValues["kind"]> = { 1: "i32", 2: "i64", 5: "f64", 6: "text" };
const WIDTH = { i32: 4, i64: 8, f64: 8, text: 0 } as const;

/** Definition levels (bit width 1, RLE/bit-packed hybrid) of `count` rows into `present` from `at`. */
function readLevels(b: Uint8Array, start: number, end: number, count: number, present: Uint8Array, at: number): number {
  let pos = start;
  let done = 0;
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (pos >= end) throw new Malformed("levels run past their end");
      const x = b[pos++] as number;
      v += (x & 0x7f) * scale;
      if (x < 0x80) return v;
      scale *= 128;
    }
    throw new Malformed("varint too long");
  };
  let m = 0;
  while (done < count) {
    const h = varint();
    if (h % 2 === 1) {
      for (let g = 0; g < (h - 1) / 2 && done < count; g++) {
        if (pos >= end) throw new Malformed("levels run past their end");
        const byte = b[pos++] as number;
        for (let k = 0; k < 8 && done < count; k++, done++) m += present[at + done] = (byte >> k) & 1;
      }
    } else {
      if (pos >= end) throw new Malformed("levels run past their end");
      const v = (b[pos++] as number) & 1;
      const run = Math.min(h / 2, count - done);
      present.fill(v, at + done, at + done + run);
      done += run;
      m += v * run;
    }
  }
  return m;
}

/** One page's PLAIN values (`m` present ones) into the column from row `at`, skipping the null rows. */
function readValues(b: Uint8Array, pos: number, end: number, out: PlainValues, at: number, count: number): void {
  const present = out.present;
  if (out.kind === "text") {
    const view = new DataView(b.buffer, b.byteOffset);
    for (let k = 0; k < count; k++) {
      if (present !== undefined && present[at + k] === 0) continue;
      if (pos + 4 > end) throw new Malformed("text runs past the page");
      const len = view.getUint32(pos, true);
      if (pos + 4 + len > end) throw new Malformed("text runs past the page");
      out.values[at + k] = Buffer.from(b.buffer, b.byteOffset + pos + 4, len).toString("utf8");
      pos += 4 + len;
    }
    return;
  }
  const w = WIDTH[out.kind];
  const dst = new Uint8Array(out.values.buffer);
  for (let k = 0; k < count; k++) {
    if (present !== undefined && present[at + k] === 0) continue;
    if (pos + w > end) throw new Malformed("values run past the page");
    dst.set(b.subarray(pos, pos + w), (at + k) * w);
    pos += w;
  }
}

/** The pages of one column chunk into `out` from row `at` on; returns the rows read. */
function readChunk(file: Uint8Array, md: Struct, out: PlainValues, at: number, footerStart: number): number {
  const codec = num(md, 4);
  if ((codec !== 0 && codec !== 1) || md.has(11)) throw new Malformed("not a plain chunk");
  let left = num(md, 5) ?? -1;
  let pos = num(md, 9) ?? -1;
  let rows = 0;
  while (left > 0) {
    if (pos < 4 || pos >= footerStart) throw new Malformed("page outside the file");
    const r = new Reader(file, pos, footerStart);
    const ph = r.struct();
    const dp = struct(ph, 5);
    const size = num(ph, 2) ?? -1;
    const stored = num(ph, 3) ?? -1;
    const count = num(dp, 1) ?? -1;
    if (num(ph, 1) !== 0 || num(dp, 2) !== 0 || count < 0 || count > left || stored < 0) throw new Malformed("page");
    if (r.pos + stored > footerStart || at + rows + count > out.values.length) throw new Malformed("page size");
    let page = file.subarray(r.pos, r.pos + stored);
    if (codec === 1) page = uncompressSync(page, { asBuffer: true, copyOutputData: true }) as Buffer;
    if (page.length !== size) throw new Malformed("page size");
    let start = 0;
    if (out.present !== undefined) {
      if (num(dp, 3) !== 3 || page.length < 4) throw new Malformed("levels");
      const len = new DataView(page.buffer, page.byteOffset).getUint32(0, true);
      if (4 + len > page.length) throw new Malformed("levels");
      readLevels(page, 4, 4 + len, count, out.present, at + rows);
      start = 4 + len;
    }
    readValues(page, start, page.length, out, at + rows, count);
    rows += count;
    left -= count;
    pos = r.pos + stored;
  }
  return rows;
}

/**
 * The named columns of a Parquet file of the simple form above, with the row count; undefined
 * when the file or one of the columns is not of that form (or a name is absent).
 */
export function readDetailPlain(
  file: Uint8Array,
  names: readonly string[],
): { rows: number; columns: Map<string, PlainValues> } | undefined {
  try {
    return readPlain(file, names);
  } catch (e) {
    if (e instanceof Malformed || e instanceof RangeError) return undefined;
    if (e instanceof Error && /snappy|uncompress|corrupt/i.test(e.message)) return undefined;
    throw e;
  }
}

/** Converted types whose values read as stored: UTF8, DATE, UINT_64 (an id), INT_8 … INT_64. */
const PLAIN_CONVERTED = new Set([0, 6, 14, 15, 16, 17, 18]);
/** Logical types (the union's field) whose values read as stored: STRING, DATE, INTEGER. */
const PLAIN_LOGICAL = new Set([1, 6, 10]);

/**
 * Whether a schema element's values mean what they hold — another tool's TIMESTAMP (its digits
 * in µs or ms), DECIMAL (scaled), TIME or unsigned 8–32-bit column does not: the caller reads
 * those through parquet-wasm, which knows their units.
 */
function plainMeaning(el: Struct): boolean {
  const converted = num(el, 6);
  if (converted !== undefined && !PLAIN_CONVERTED.has(converted)) return false;
  const logical = struct(el, 10);
  return logical === undefined || [...logical.keys()].every((k) => PLAIN_LOGICAL.has(k));
}

const isMagic = (b: Uint8Array, at: number): boolean =>
  b[at] === 0x50 && b[at + 1] === 0x41 && b[at + 2] === 0x52 && b[at + 3] === 0x31; // "PAR1"

function readPlain(file: Uint8Array, names: readonly string[]): { rows: number; columns: Map<string, PlainValues> } {
  const n = file.length;
  if (n < 12 || !isMagic(file, n - 4) || !isMagic(file, 0)) throw new Malformed("not Parquet");
  const footerLength = new DataView(file.buffer, file.byteOffset + n - 8, 4).getUint32(0, true);
  if (footerLength + 12 > n) throw new Malformed("footer");
  const footerStart = n - 8 - footerLength;
  const meta = new Reader(file, footerStart, n - 8).struct();
  const rows = num(meta, 3);
  if (rows === undefined || rows < 0) throw new Malformed("rows");
  const schema = new Map<string, { kind: PlainValues["kind"]; optional: boolean }>();
  for (const el of list(meta, 2).slice(1)) {
    if (!(el instanceof Map)) throw new Malformed("schema");
    const name = text(el.get(4));
    const kind = KIND[num(el, 1) ?? -1];
    const rep = num(el, 3);
    if (name === undefined || kind === undefined || (rep !== 0 && rep !== 1) || el.has(5) || !plainMeaning(el))
      continue;
    schema.set(name, { kind, optional: rep === 1 });
  }
  const chunksOf = new Map<string, Struct[]>();
  for (const rg of list(meta, 4)) {
    if (!(rg instanceof Map)) throw new Malformed("row group");
    for (const cc of list(rg, 1)) {
      const md = cc instanceof Map ? struct(cc, 3) : undefined;
      const path = list(md, 3).map(text);
      if (md === undefined || path.length !== 1 || path[0] === undefined) throw new Malformed("column chunk");
      chunksOf.set(path[0], [...(chunksOf.get(path[0]) ?? []), md]);
    }
  }
  const columns = new Map<string, PlainValues>();
  for (const name of names) {
    const s = schema.get(name);
    if (s === undefined) throw new Malformed(`no plain column ${name}`);
    const present = s.optional ? new Uint8Array(rows) : undefined;
    const out: PlainValues =
      s.kind === "i32"
        ? { kind: "i32", values: new Int32Array(rows), present }
        : s.kind === "i64"
          ? { kind: "i64", values: new BigInt64Array(rows), present }
          : s.kind === "f64"
            ? { kind: "f64", values: new Float64Array(rows), present }
            : { kind: "text", values: new Array<string>(rows).fill(""), present };
    let at = 0;
    for (const md of chunksOf.get(name) ?? []) at += readChunk(file, md, out, at, footerStart);
    if (at !== rows) throw new Malformed(`column ${name} holds ${at} of ${rows} rows`);
    columns.set(name, out);
  }
  return { rows, columns };
}
