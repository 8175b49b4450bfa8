/*
 * A minimal Parquet writer for the partition store: one row group, REQUIRED columns, PLAIN encoding,
 * pages uncompressed or SNAPPY (the `snappy` package, napi-rs), the footer written with the Thrift
 * compact protocol (thrift-compact.ts). Values go to the file as the bytes of their typed arrays
 * (ids, times and masks one memcpy; numbers and codes converted page by page; SNAPPY pages through
 * one page-sized scratch) and a few hundred bytes of metadata. The store's pieces are assembled in
 * one reused buffer (`writePlainParquet`); a job's detail files go to disk part by part
 * (`plainParquetParts`), one page at a time.
 *
 * Hand-written on purpose: on the partition hot path parquet-wasm (arrow-rs) was the bottleneck —
 * building an Arrow table, an IPC hand-off into WebAssembly and dictionary / delta encoding took
 * more than half of the partition phase's CPU (`node bench/profile.mjs partition …` before this
 * writer: wasm functions, Arrow IPC hand-off, memcpy). parquet-plain-read.ts reads these files back;
 * parquet-wasm, DuckDB, pandas and polars read them natively (tests/io/store/parquet-plain.test.ts,
 * store-codec.test.ts and duckdb.test.ts check parquet-wasm and DuckDB).
 *
 * Measured factor over parquet-wasm with the same settings (PLAIN, no dictionary, no statistics),
 * from the same buffered order columns, `node bench/codecs.mjs` (both in one process, best of 5–11,
 * one partition of 0.3M and 1.0M order rows, 7 runs; bench/README.md): UNCOMPRESSED 4.3–9.5×,
 * SNAPPY (the store's pieces) 1.8–3.7×. parquet-wasm's encoder alone, its table already in
 * WebAssembly, is 2.2–5× slower uncompressed but about as fast with SNAPPY (0.87–1.37×): what this
 * writer saves is the Arrow table and IPC hand-off the library needs.
 */

import { compressSync } from "snappy";
import { Compact } from "./thrift-compact.js";

/** Parquet physical types used here (parquet.thrift `Type`). */
export type PlainType = "INT32" | "INT64" | "DOUBLE" | "BYTE_ARRAY";

/** One column to write: its PLAIN-encoded values and how readers should see them. */
export interface PlainColumn {
  name: string;
  type: PlainType;
  /** parquet.thrift `ConvertedType`: UTF8 = 0, UINT_8 = 11, UINT_64 = 14; omitted for plain signed ints. */
  convertedType?: number;
  /**
   * OPTIONAL (nullable) instead of REQUIRED: each page then starts with its definition levels
   * (4-byte length + RLE/bit-packed hybrid, bit width 1) and holds only the non-null values.
   */
  optional?: boolean;
  /** Writes the schema element's `logicalType` union (parquet.thrift `LogicalType`) when given. */
  logicalType?: (w: Compact) => void;
  /** Page by page: the page's value count and a writer of its PLAIN bytes. */
  pages: PlainPage[];
}

/** One data page: written straight into the file's bytes (converted pages through a small scratch). */
export interface PlainPage {
  values: number;
  /** Byte length of the page's PLAIN values. */
  size: number;
  /** Writes exactly `size` bytes of PLAIN values into `out` from `at` on. */
  write(out: Uint8Array, at: number): void;
}

/**
 * The bytes of the last file written with it, reused from one file to the next (a partitioning
 * reader writes hundreds of pieces: one buffer instead of one new file-sized buffer each). A file
 * returned by writePlainParquet is valid until the next write with the same output.
 */
export class PlainOutput {
  private buf = new Uint8Array(0);
  /** A view of `n` bytes (contents undefined). */
  view(n: number): Uint8Array {
    if (this.buf.length < n) this.buf = new Uint8Array(Math.max(n, Math.floor(this.buf.length * 1.5)));
    return this.buf.subarray(0, n);
  }
}

/** parquet.thrift ConvertedType values used by the store. */
export const CONVERTED = { UTF8: 0, DATE: 6, UINT_8: 11, UINT_64: 14 } as const;

const TYPE_ID: Record<PlainType, number> = { INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 };
const PLAIN = 0;
const RLE = 3;
const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // "PAR1"

/** Page compression of a written file: Parquet's `CompressionCodec` UNCOMPRESSED (0) or SNAPPY (1). */
export type PlainCodec = "UNCOMPRESSED" | "SNAPPY";

const CODEC_ID: Record<PlainCodec, number> = { UNCOMPRESSED: 0, SNAPPY: 1 };

function pageHeader(values: number, size: number, compressedSize: number): Uint8Array {
  return new Compact()
    .inStruct((w) =>
      w
        .i32(1, 0) // type: DATA_PAGE
        .i32(2, size) // uncompressed_page_size
        .i32(3, compressedSize) // compressed_page_size
        .struct(5, (d) =>
          d
            .i32(1, values) // num_values
            .i32(2, PLAIN) // encoding
            .i32(3, RLE) // definition_level_encoding (no levels: REQUIRED)
            .i32(4, RLE),
        ),
    )
    .bytes();
}

/** Work space a page is written into before it is compressed (one page at a time). */
let pageScratch = new Uint8Array(0);

/** A page's SNAPPY bytes: its PLAIN bytes written into the page scratch, then compressed. */
function snappyPage(page: PlainPage): Uint8Array {
  if (pageScratch.length < page.size) pageScratch = new Uint8Array(page.size);
  page.write(pageScratch, 0);
  // copyOutputData: a V8-owned result. The default external buffer is not counted as V8 memory, so
  // thousands of pages piled up before a GC (4 GB peak RSS for 2,000 pages of 2 MB in one loop).
  return compressSync(pageScratch.subarray(0, page.size), { copyOutputData: true });
}

/** One column chunk as laid out in the file: where it starts, its bytes before and after compression. */
interface Chunk {
  column: PlainColumn;
  offset: number;
  size: number;
  uncompressed: number;
}

/** The file's footer (FileMetaData, Thrift compact), its 4-byte length and the closing magic. */
function fileTail(
  columns: readonly PlainColumn[],
  chunks: readonly Chunk[],
  rows: number,
  codec: PlainCodec,
): Uint8Array {
  const footer = new Compact()
    .inStruct((f) =>
      f
        .i32(1, 1) // version
        .structList(2, [undefined, ...columns], (s, c) => {
          if (c === undefined) {
            s.binary(4, "schema").i32(5, columns.length); // the root: name, num_children
            return;
          }
          s.i32(1, TYPE_ID[c.type])
            .i32(3, c.optional === true ? 1 /* OPTIONAL */ : 0 /* REQUIRED */)
            .binary(4, c.name);
          if (c.convertedType !== undefined) s.i32(6, c.convertedType);
          if (c.logicalType !== undefined) s.struct(10, c.logicalType);
        })
        .i64(3, rows)
        .structList(4, [chunks], (g, cs) =>
          g
            .structList(1, cs, (cc, ch) =>
              cc
                .i64(2, ch.offset)
                .struct(3, (m) =>
                  m
                    .i32(1, TYPE_ID[ch.column.type])
                    .i32List(2, [PLAIN, RLE])
                    .stringList(3, [ch.column.name])
                    .i32(4, CODEC_ID[codec])
                    .i64(5, rows)
                    .i64(6, ch.uncompressed)
                    .i64(7, ch.size)
                    .i64(9, ch.offset),
                ),
            )
            .i64(
              2,
              cs.reduce((a, ch) => a + ch.uncompressed, 0),
            )
            .i64(3, rows),
        )
        .binary(6, "sweeplab"),
    )
    .bytes();
  const tail = new Uint8Array(footer.length + 8);
  tail.set(footer, 0);
  new DataView(tail.buffer).setUint32(footer.length, footer.length, true);
  tail.set(MAGIC, footer.length + 4);
  return tail;
}

/** A part of a file, in file order: bytes, or an uncompressed page, written where it goes. */
type Part = Uint8Array | PlainPage;

const partSize = (p: Part): number => (p instanceof Uint8Array ? p.length : p.size);

/** The parts of a file: the magic, each page's header and page (SNAPPY: its compressed bytes), the footer. */
function* fileParts(columns: readonly PlainColumn[], rows: number, codec: PlainCodec): Generator<Part> {
  yield MAGIC.slice();
  let offset = MAGIC.length;
  const chunks: Chunk[] = [];
  for (const column of columns) {
    const start = offset;
    let uncompressed = 0;
    for (const page of column.pages) {
      const body = codec === "SNAPPY" ? snappyPage(page) : page;
      const header = pageHeader(page.values, page.size, partSize(body));
      offset += header.length + partSize(body);
      uncompressed += header.length + page.size;
      yield header;
      yield body;
    }
    chunks.push({ column, offset: start, size: offset - start, uncompressed });
  }
  yield fileTail(columns, chunks, rows, codec);
}

/**
 * Encodes the columns as one Parquet file of `rows` rows (one row group; each column's pages hold
 * `rows` values in total), each page SNAPPY-compressed when `codec` says so. Deterministic: the
 * same input gives the same bytes. The compressed pages are kept until they are copied into the
 * file; uncompressed pages are written straight into it.
 */
export function writePlainParquet(
  columns: readonly PlainColumn[],
  rows: number,
  output: PlainOutput = new PlainOutput(),
  codec: PlainCodec = "UNCOMPRESSED",
): Uint8Array {
  const parts = [...fileParts(columns, rows, codec)];
  const out = output.view(parts.reduce((a, p) => a + partSize(p), 0));
  let at = 0;
  for (const p of parts) {
    if (p instanceof Uint8Array) out.set(p, at);
    else p.write(out, at);
    at += partSize(p);
  }
  return out;
}

/**
 * The bytes of {@link writePlainParquet}'s file as its parts, in file order, each made when it is
 * asked for: for a file written as it is made (a job's detail tables), so that neither the file
 * nor its compressed pages are ever held whole, only one page at a time.
 */
export function* plainParquetParts(
  columns: readonly PlainColumn[],
  rows: number,
  codec: PlainCodec = "UNCOMPRESSED",
): Generator<Uint8Array> {
  for (const p of fileParts(columns, rows, codec)) {
    if (p instanceof Uint8Array) yield p;
    else {
      const bytes = new Uint8Array(p.size);
      p.write(bytes, 0);
      yield bytes;
    }
  }
}

export {
  fixedPages,
  int32AsInt64Pages,
  int32Pages,
  int64Pages,
  PAGE_VALUES,
  repeatedInt32Pages,
  repeatedStringPages,
  uint8AsInt32Pages,
  type RowIndex,
} from "./parquet-pages.js";
