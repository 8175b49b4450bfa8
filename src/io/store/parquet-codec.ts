import type { TableKind } from "../../model/schemas.js";
import { repartitionHint, StoreError } from "./errors.js";
import { fitsInt32 } from "../../model/table-spec.js";
import { fromInt64Into, fromInt64IntoNarrow, widened } from "./int64.js";
import { decodeForeign } from "./parquet-foreign.js";
import { LITTLE_ENDIAN } from "../../model/endian.js";
import { columnBytesInto, plainParquetPages } from "./parquet-plain-read.js";
import {
  CONVERTED,
  fixedPages,
  int64Pages,
  repeatedStringPages,
  uint8AsInt32Pages,
  writePlainParquet,
  type PlainCodec,
  type PlainColumn,
  type PlainOutput,
} from "./parquet-plain.js";
import { allocStored, securityColumn, STORE_COLUMNS, type StoredArray, type StoredColumn } from "./store-schema.js";

/*
 * Format: Parquet — read natively by DuckDB, pandas (pyarrow) and polars. (Arrow IPC would be as
 * cheap to write, but DuckDB reads it only through the community `arrow` extension, not installable
 * offline.)
 *
 * Written by our own PLAIN writer with SNAPPY pages (parquet-plain.ts) and read back by copying
 * bytes (parquet-plain-read.ts: one snappy call, then a memcpy per page); any other Parquet file is
 * read with parquet-wasm (arrow-rs compiled to WebAssembly). The first store used parquet-wasm for
 * writing too, with DELTA_BINARY_PACKED ids/times, dictionary-encoded prices and codes and SNAPPY:
 * 3.5 MB per 200k order rows, but its encode (Arrow table → IPC → WebAssembly → encoders) was more
 * than half of the partition phase: partitionFile reached 200–250k rows/s on one thread.
 *
 * SNAPPY pages (issue 15, point 7; bench/README.md, "The store's codec"): uncompressed, the store
 * took ≈ 114 bytes a row of all three tables (0.73 × its CSV input) — a year of extracts would
 * need as much disk again. SNAPPY brings it to ≈ 29 bytes a row, 0.18 × the CSV, for +2.6 % CPU
 * in the partition phase (fewer bytes to write pays for most of the compression) and +2 % in the
 * jobs phase, on 1M generated order rows, 2 workers. Old uncompressed pieces still read.
 *
 * Types: ids UInt64 (INT64 annotated UINT_64) and timestamps Int64 (exact; never a JS number).
 * Prices (ticks), quantities, sequence numbers and participant ids are Int64, not Float64: they are
 * integers, so DuckDB sums them exactly as HUGEINT and pandas shows int64 rather than 3340.0 (the
 * Float64→Int64 conversion is exact, see int64.ts). Codes are UInt8 (INT32 annotated UINT_8), the
 * order type mask Int32, the security code UTF8 (one value repeated: the piece's partition).
 */

function plainColumn(c: StoredColumn, a: StoredArray, n: number): PlainColumn {
  switch (c.kind) {
    case "u64":
      return {
        name: c.name,
        type: "INT64",
        convertedType: CONVERTED.UINT_64,
        pages: fixedPages(a, n),
      };
    case "ns":
      return { name: c.name, type: "INT64", pages: fixedPages(a, n) };
    case "int":
      // Buffered as numbers, written as exact Int64 (see int64.ts).
      return { name: c.name, type: "INT64", pages: int64Pages(a as Float64Array, n) };
    case "code":
      // PLAIN has no 8-bit type: INT32 annotated UINT_8 (read back as UInt8).
      return {
        name: c.name,
        type: "INT32",
        convertedType: CONVERTED.UINT_8,
        pages: uint8AsInt32Pages(a as Uint8Array, n),
      };
    case "mask":
      return { name: c.name, type: "INT32", pages: fixedPages(a, n) };
  }
}

/** How the store's pieces are compressed (see the header: SNAPPY pages, measured in bench/README.md). */
export const STORE_CODEC: PlainCodec = "SNAPPY";

/**
 * Encodes the first `n` buffered rows of a table's stored columns (aligned with STORE_COLUMNS) as
 * one Parquet file, the security code first (a UTF8 column), its pages compressed with `codec`
 * (default {@link STORE_CODEC}). Deterministic: the same rows give the
 * same bytes. With `output`, the file is written into its reused buffer (valid until its next use).
 */
export function encodePiece(
  table: TableKind,
  securityCode: string,
  arrays: readonly StoredArray[],
  n: number,
  output?: PlainOutput,
  codec: PlainCodec = STORE_CODEC,
): Uint8Array {
  const columns: PlainColumn[] = [
    {
      name: securityColumn(table),
      type: "BYTE_ARRAY",
      convertedType: CONVERTED.UTF8,
      pages: repeatedStringPages(securityCode, n),
    },
    ...STORE_COLUMNS[table].map((c, i) => plainColumn(c, arrays[i] as StoredArray, n)),
  ];
  return writePlainParquet(columns, n, output, codec);
}

/** The decoded stored columns of one piece (int columns as numbers), by column name. */
export type PieceColumns = Map<string, StoredArray>;

/** Parquet physical and converted type of each stored kind, as {@link encodePiece} writes them. */
const PLAIN_TYPES: Record<StoredColumn["kind"], { type: number; convertedType: number | undefined }> = {
  u64: { type: 2, convertedType: CONVERTED.UINT_64 },
  ns: { type: 2, convertedType: undefined },
  int: { type: 2, convertedType: undefined },
  code: { type: 1, convertedType: CONVERTED.UINT_8 },
  mask: { type: 1, convertedType: undefined },
};

/** A reusable, 8-byte-aligned work buffer for {@link decodePieceInto} (grows on demand). */
export class DecodeScratch {
  private buf = new ArrayBuffer(0);
  /** At least `bytes` bytes, aligned for any typed-array view. */
  get(bytes: number): ArrayBuffer {
    if (this.buf.byteLength < bytes) this.buf = new ArrayBuffer(Math.max(bytes, 2 * this.buf.byteLength));
    return this.buf;
  }
}

/**
 * A piece of the simple form encodePiece writes, decoded by copying its page bytes straight into
 * `dest` from row `at` on (ids and times are one memcpy; Int64 numbers and UInt8 codes go through
 * `scratch`). False when the file is not of that form (nothing to trust in `dest` then).
 */
function intoPlain(
  table: TableKind,
  file: Uint8Array,
  dest: PieceColumns,
  at: number,
  rows: number,
  scratch: DecodeScratch,
): boolean {
  if (!LITTLE_ENDIAN) return false; // the PLAIN bytes are little-endian views
  const spec = STORE_COLUMNS[table];
  const layout = plainParquetPages(
    file,
    spec.map((c) => c.name),
  );
  if (layout === undefined || layout.rows !== rows) return false;
  for (const c of spec) {
    const col = layout.columns.get(c.name);
    const want = PLAIN_TYPES[c.kind];
    if (col === undefined || col.type !== want.type || col.convertedType !== want.convertedType) return false;
    const d = dest.get(c.name) as StoredArray;
    switch (c.kind) {
      case "u64":
      case "ns":
      case "mask":
        if (
          !columnBytesInto(
            file,
            col,
            new Uint8Array(d.buffer, d.byteOffset + at * d.BYTES_PER_ELEMENT, rows * d.BYTES_PER_ELEMENT),
          )
        )
          return false;
        break;
      case "int": {
        const buf = scratch.get(rows * 8);
        if (!columnBytesInto(file, col, new Uint8Array(buf, 0, rows * 8))) return false;
        const words = new BigInt64Array(buf, 0, rows);
        if (d instanceof Int32Array && fromInt64IntoNarrow(words, d, at)) break;
        fromInt64Into(words, d instanceof Int32Array ? widen(dest, c.name, d, at) : (d as Float64Array), at);
        break;
      }
      case "code": {
        const buf = scratch.get(rows * 4);
        if (!columnBytesInto(file, col, new Uint8Array(buf, 0, rows * 4))) return false;
        const wide = new Int32Array(buf, 0, rows);
        const narrow = d as Uint8Array;
        for (let i = 0; i < rows; i++) {
          const v = wide[i] as number;
          if (v < 0 || v > 255) return false; // not ours: let parquet-wasm decide
          narrow[at + i] = v;
        }
        break;
      }
    }
  }
  return true;
}

/** A piece of the simple form encodePiece writes, read by copying bytes; undefined for any other file. */
function decodePlain(table: TableKind, bytes: Uint8Array): { rows: number; columns: PieceColumns } | undefined {
  const rows = plainParquetPages(bytes, [])?.rows;
  if (rows === undefined) return undefined;
  const columns: PieceColumns = new Map(STORE_COLUMNS[table].map((c) => [c.name, allocStored(c.kind, rows)]));
  return intoPlain(table, bytes, columns, 0, rows, new DecodeScratch()) ? { rows, columns } : undefined;
}

/**
 * Decodes a piece (see {@link decodePiece}) of `rows` rows into `dest`, the table's stored columns
 * by name, from row `at` on, without a new array per column for our own pieces. Throws StoreError
 * `corrupt_piece` as decodePiece, and when the piece does not hold `rows` rows.
 */
export async function decodePieceInto(
  table: TableKind,
  bytes: Uint8Array,
  path: string,
  dest: PieceColumns,
  at: number,
  rows: number,
  scratch: DecodeScratch,
): Promise<void> {
  if (intoPlain(table, bytes, dest, at, rows, scratch)) return;
  const piece = await decodePiece(table, bytes, path, { plainReader: false });
  if (piece.rows !== rows)
    throw new StoreError(
      "corrupt_piece",
      path,
      `holds ${piece.rows} rows where ${rows} were counted (changed while being read?); ${repartitionHint(path)}`,
    );
  for (const c of STORE_COLUMNS[table]) {
    const from = piece.columns.get(c.name) as StoredArray;
    const to = dest.get(c.name) as StoredArray;
    // A narrow int column takes the piece's numbers only when they all fit (set() would wrap them).
    if (to instanceof Int32Array && c.kind === "int" && !fitsInt32(from as Float64Array))
      widen(dest, c.name, to, at).set(from as Float64Array, at);
    else (to as Uint8Array).set(from as Uint8Array, at);
  }
}

/**
 * Replaces the narrow int column `name` of `dest` (its rows before `at` filled) by a `Float64Array`
 * copy, for a piece holding a value beyond 32 bits, and returns it.
 */
function widen(dest: PieceColumns, name: string, narrow: Int32Array, at: number): Float64Array {
  const wide = widened(narrow, at);
  dest.set(name, wide);
  return wide;
}

/**
 * Decodes a piece written by {@link encodePiece}: the table's stored columns (without the security
 * code) and the row count. Pieces of the simple form encodePiece writes are read by copying their
 * bytes (parquet-plain-read.ts); any other Parquet file (or `plainReader: false`) is read by
 * parquet-wasm. Throws StoreError `corrupt_piece` for bytes that are not Parquet or a
 * file lacking a column or holding it with another type.
 */
export async function decodePiece(
  table: TableKind,
  bytes: Uint8Array,
  path: string,
  options: { plainReader?: boolean } = {},
): Promise<{ rows: number; columns: PieceColumns }> {
  // Our own pieces are read straight from their bytes; anything else goes through parquet-wasm.
  const plain = options.plainReader === false ? undefined : decodePlain(table, bytes);
  if (plain !== undefined) return plain;
  return decodeForeign(table, bytes, path);
}
