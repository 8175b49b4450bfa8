/*
 * Reads back the pieces parquet-plain.ts writes — REQUIRED columns, PLAIN data pages, uncompressed
 * or SNAPPY, no dictionary — straight from the file bytes into typed arrays: the footer is parsed
 * with a small Thrift compact-protocol reader and each page's values are one memcpy (SNAPPY pages:
 * one call of the `snappy` package, then the memcpy). Anything else (another writer's file, another
 * codec, a dictionary, optional columns, damaged metadata or pages) returns undefined and is read by
 * parquet-wasm instead (parquet-codec.ts), which also reports real damage.
 *
 * Hand-written on purpose: reading pieces with parquet-wasm (Parquet → Arrow IPC → apache-arrow)
 * was the largest stage of a job once the analysis was columnar (≈ 1.6M rows/s per core); this is a
 * copy of the bytes. Measured factor over parquet-wasm reading the same piece into the same
 * preallocated typed arrays the job reads into (decodePieceInto, piece-reader.ts; `node
 * bench/codecs.mjs --only reader`, both in one process, alternating, best of 9, 3 rounds, load
 * average 3–4 on the shared 2-core machine; bench/README.md), SNAPPY pieces (the store's):
 * 1.71–1.85× at 50k order rows (a partition of a 10M-row run over 20 securities × 10 dates),
 * 1.53–1.55× at 0.3M, 1.58–2.27× at 1M (≥ 1.44× in every round of a run at load 15–21);
 * uncompressed pieces 2.6–5.2×. Above issue 15's 1.3× in every round at every size: kept.
 */

import { uncompressSync } from "snappy";
import { list, Malformed, num, Reader, struct, text, type Struct } from "./thrift-compact-read.js";

/** Physical type and byte width of the columns this reader takes. */
const WIDTH: Record<number, number> = { 1: 4, 2: 8 }; // INT32, INT64

/** One column of a plain piece: its physical type, converted type and its values' bytes, in order. */
export interface PlainColumnBytes {
  /** parquet.thrift Type: 1 INT32, 2 INT64. */
  type: number;
  convertedType: number | undefined;
  /** The values' PLAIN bytes (little-endian), copied into one aligned buffer. */
  bytes: Uint8Array;
}

/** Where one column's values lie in a plain piece: [start, end) byte ranges of the file, in order. */
export interface PlainColumnPages {
  /** parquet.thrift Type: 1 INT32, 2 INT64. */
  type: number;
  convertedType: number | undefined;
  /** parquet.thrift CompressionCodec of the pages: 0 UNCOMPRESSED, 1 SNAPPY. */
  codec: 0 | 1;
  /**
   * Byte ranges of the pages' stored bytes in the file, page by page, with their PLAIN size once
   * decompressed; the sizes add up to rows × width (and equal the ranges' lengths when uncompressed).
   */
  pages: [start: number, end: number, size: number][];
}

/**
 * Copies (uncompressed) or decompresses (SNAPPY) a column's pages into `out`, one after the other.
 * False when a page does not decompress to its stated size (damaged: nothing to trust in `out`).
 */
export function columnBytesInto(file: Uint8Array, column: PlainColumnPages, out: Uint8Array): boolean {
  let at = 0;
  for (const [start, end, size] of column.pages) {
    const stored = file.subarray(start, end);
    if (column.codec === 0) out.set(stored, at);
    else {
      let plain: Uint8Array;
      try {
        plain = uncompressSync(stored, { asBuffer: true, copyOutputData: true }) as Buffer; // V8-owned: see parquet-plain.ts
      } catch {
        return false;
      }
      if (plain.length !== size) return false;
      out.set(plain, at);
    }
    at += size;
  }
  return true;
}

/**
 * The named fixed-width columns of a PLAIN, uncompressed, all-REQUIRED Parquet file, or undefined
 * when the file is not of that simple form (then use a general reader). Row count included.
 */
export function readPlainParquet(
  file: Uint8Array,
  names: readonly string[],
): { rows: number; columns: Map<string, PlainColumnBytes> } | undefined {
  const layout = plainParquetPages(file, names);
  if (layout === undefined) return undefined;
  const columns = new Map<string, PlainColumnBytes>();
  for (const [name, c] of layout.columns) {
    const out = new Uint8Array(layout.rows * (WIDTH[c.type] as number));
    if (!columnBytesInto(file, c, out)) return undefined;
    columns.set(name, { type: c.type, convertedType: c.convertedType, bytes: out });
  }
  return { rows: layout.rows, columns };
}

/**
 * The page layout of the named fixed-width columns of a PLAIN, uncompressed, all-REQUIRED Parquet
 * file (nothing is copied), or undefined when the file is not of that simple form.
 */
export function plainParquetPages(
  file: Uint8Array,
  names: readonly string[],
): { rows: number; columns: Map<string, PlainColumnPages> } | undefined {
  try {
    return readPlain(file, names);
  } catch (e) {
    if (e instanceof Malformed) return undefined;
    throw e;
  }
}

/**
 * FileMetaData.num_rows of a Parquet file from its last bytes (`tail` holds at least the footer
 * and the 8 bytes after it), or undefined when they are not a readable Parquet footer. `size` is
 * the file's size.
 */
export function parquetFooterRows(tail: Uint8Array, size: number): number | undefined {
  const n = tail.length;
  if (n < 8 || size < 12 || !isMagic(tail, n - 4)) return undefined;
  const footerLength = new DataView(tail.buffer, tail.byteOffset + n - 8, 4).getUint32(0, true);
  if (footerLength + 12 > size || footerLength + 8 > n) return undefined;
  try {
    return num(new Reader(tail, n - 8 - footerLength, n - 8).struct(), 3);
  } catch (e) {
    if (e instanceof Malformed) return undefined;
    throw e;
  }
}

const isMagic = (b: Uint8Array, at: number): boolean =>
  b[at] === 0x50 && b[at + 1] === 0x41 && b[at + 2] === 0x52 && b[at + 3] === 0x31; // "PAR1"

function readPlain(
  file: Uint8Array,
  names: readonly string[],
): { rows: number; columns: Map<string, PlainColumnPages> } | undefined {
  const n = file.length;
  if (n < 12 || !isMagic(file, n - 4)) return undefined;
  const footerLength = new DataView(file.buffer, file.byteOffset + n - 8, 4).getUint32(0, true);
  if (footerLength + 12 > n) return undefined;
  const meta = new Reader(file, n - 8 - footerLength, n - 8).struct();
  const rows = num(meta, 3);
  if (rows === undefined) return undefined;
  // Schema: the root, then one leaf per column; every wanted leaf REQUIRED and fixed width.
  const schema = new Map<string, { type: number; convertedType: number | undefined }>();
  for (const el of list(meta, 2).slice(1)) {
    if (!(el instanceof Map)) return undefined;
    const name = text(el.get(4));
    const type = num(el, 1);
    if (name === undefined || type === undefined || num(el, 3) !== 0 || el.has(5)) return undefined;
    schema.set(name, { type, convertedType: num(el, 6) });
  }
  const chunksOf = new Map<string, Struct[]>();
  for (const rg of list(meta, 4)) {
    if (!(rg instanceof Map)) return undefined;
    for (const cc of list(rg, 1)) {
      const md = cc instanceof Map ? struct(cc, 3) : undefined;
      const path = list(md, 3).map(text);
      if (md === undefined || path.length !== 1 || path[0] === undefined) return undefined;
      const chunks = chunksOf.get(path[0]) ?? [];
      chunks.push(md);
      chunksOf.set(path[0], chunks);
    }
  }
  const columns = new Map<string, PlainColumnPages>();
  for (const name of names) {
    const s = schema.get(name);
    const width = s === undefined ? undefined : WIDTH[s.type];
    if (s === undefined || width === undefined) return undefined;
    const pages: [number, number, number][] = [];
    let at = 0;
    let codec: 0 | 1 | undefined;
    for (const md of chunksOf.get(name) ?? []) {
      // Uncompressed or SNAPPY (one codec per column), no dictionary page.
      const c = num(md, 4);
      if ((c !== 0 && c !== 1) || (codec !== undefined && c !== codec) || md.has(11) || num(md, 1) !== s.type)
        return undefined;
      codec = c;
      const values = num(md, 5) ?? -1;
      let pos = num(md, 9) ?? -1;
      let left = values;
      while (left > 0) {
        if (pos < 4 || pos >= n) return undefined;
        const r = new Reader(file, pos, n - 8 - footerLength);
        const ph = r.struct();
        const dp = struct(ph, 5);
        const size = num(ph, 2) ?? -1;
        const stored = num(ph, 3) ?? -1;
        const count = num(dp, 1) ?? -1;
        if (num(ph, 1) !== 0 || (codec === 0 && stored !== size) || stored < 0) return undefined;
        if (num(dp, 2) !== 0 || count < 0 || count > left) return undefined;
        if (size !== count * width || r.pos + stored > n || at + size > rows * width) return undefined;
        pages.push([r.pos, r.pos + stored, size]);
        at += size;
        pos = r.pos + stored;
        left -= count;
      }
    }
    if (at !== rows * width) return undefined;
    columns.set(name, { type: s.type, convertedType: s.convertedType, codec: codec ?? 0, pages });
  }
  return { rows, columns };
}
