// parquet-wasm as bench/codecs.mjs uses it: a piece written from the partition's buffered columns
// (as the store wrote before parquet-plain.ts), with PLAIN pages, no dictionary and no statistics,
// and a check of the written footer that those settings really took effect.
import {
  tableToIPC,
  Table as ArrowTable,
  makeVector,
  makeData,
  Dictionary,
  Int32,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { EnabledStatistics, Encoding, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from "parquet-wasm";
import { int64Words } from "../dist/io/store/int64.js";
import { securityColumn, STORE_COLUMNS } from "../dist/io/store/store-schema.js";
import { list, num, Reader, struct } from "../dist/io/store/thrift-compact-read.js";

/** PLAIN encoding, dictionary off, statistics off, pages compressed with `compression`. */
export const props = (compression) =>
  new WriterPropertiesBuilder()
    .setEncoding(Encoding.PLAIN)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(EnabledStatistics.None)
    .setCompression(compression)
    .build();

/** An integer-valued Float64Array as a BigInt64Array, exactly (int64.ts, no BigInt per value). */
function toInt64(a) {
  const words = new Int32Array(2 * a.length);
  int64Words(a, 0, a.length, words);
  return new BigInt64Array(words.buffer);
}

/**
 * The orders columns as a parquet-wasm Table: the Int64 columns converted from numbers, the
 * security code a one-entry dictionary, an Arrow IPC hand-off (each write consumes one).
 */
export function wasmTable(securityCode, arrays, n) {
  const vectors = {
    [securityColumn("orders")]: makeVector(
      makeData({
        type: new Dictionary(new Utf8(), new Int32()),
        length: n,
        nullCount: 0,
        data: new Int32Array(n),
        dictionary: vectorFromArray([securityCode], new Utf8()),
      }),
    ),
  };
  STORE_COLUMNS.orders.forEach((c, i) => {
    const a = arrays[i];
    vectors[c.name] = makeVector(c.kind === "int" ? toInt64(a) : a);
  });
  return WasmTable.fromIPCStream(tableToIPC(new ArrowTable(vectors), "stream"));
}

/** A piece written by parquet-wasm from the columns, its pages compressed with `compression`. */
export const wasmPiece = (securityCode, arrays, n, compression) =>
  writeParquet(wasmTable(securityCode, arrays, n), props(compression));

/**
 * What a Parquet file's footer says of its column chunks: the codecs (parquet.thrift
 * CompressionCodec: 0 UNCOMPRESSED, 1 SNAPPY), the encodings used (0 PLAIN, 2 PLAIN_DICTIONARY,
 * 3 RLE, 4 BIT_PACKED, 5–7 DELTA_*, 8 RLE_DICTIONARY), whether any chunk has a dictionary page
 * and whether any has statistics. Throws when `codec` is not the only codec, or when any data is
 * not PLAIN (RLE is allowed: it encodes only the definition levels of nullable columns).
 */
export function checkPlain(file, codec) {
  const n = file.length;
  const footer = new DataView(file.buffer, file.byteOffset + n - 8, 4).getUint32(0, true);
  const meta = new Reader(file, n - 8 - footer, n - 8).struct();
  const codecs = new Set();
  const encodings = new Set();
  let dictionary = false;
  let statistics = false;
  for (const rg of list(meta, 4))
    for (const cc of list(rg, 1)) {
      const md = struct(cc, 3);
      codecs.add(num(md, 4));
      for (const e of list(md, 2)) encodings.add(e);
      dictionary ||= md.has(11);
      statistics ||= md.has(12);
    }
  const bad = [...encodings].filter((e) => e !== 0 && e !== 3);
  if (codecs.size !== 1 || !codecs.has(codec) || bad.length > 0 || dictionary)
    throw new Error(
      `parquet-wasm wrote codecs ${[...codecs]}, encodings ${[...encodings]}, dictionary ${dictionary}: not PLAIN`,
    );
  return `PLAIN (encodings ${[...encodings].sort().join("+")}), codec ${codec}, no dictionary, statistics ${statistics ? "on" : "off"}`;
}
