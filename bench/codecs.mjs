#!/usr/bin/env node
// `node bench/codecs.mjs` (after `npm run build`): each hand-written codec against the maintained
// library it replaces, both run in this one process on the same bytes (issue 15, point 6). The
// factor is library time ÷ ours (> 1: ours is faster); each case runs --reps times, alternating
// ours and the library, and the best time is kept (load on a shared machine only adds time).
//
//   parquet writer  encodePiece (parquet-plain.ts) vs parquet-wasm writeParquet from the same
//                   buffered columns (Arrow table → IPC → WebAssembly), PLAIN, no dictionary,
//                   no statistics; UNCOMPRESSED and SNAPPY pages alike
//   parquet reader  decodePiece (parquet-plain-read.ts) vs decodePiece with plainReader: false
//                   (parquet-wasm readParquet → IPC → apache-arrow → typed arrays), same piece
//   gzip reader     gzipChunks (src/io/csv/gzip.ts) vs node:zlib createGunzip over a file stream
//   CSV writer      CsvBytes (src/io/csv/csv-bytes.ts) vs csv-stringify (sync) writing the partition's
//                   order columns as CSV bytes (the library from rows of values, as it takes them);
//                   both outputs are checked byte for byte
//   CSV reader      openTable's fast path (FastRowParser with the WebAssembly lane, wasm/rows.ts)
//                   vs its general path (fastPath: false: csv-parse where a line needs it, and
//                   parseField), same rows; the lane alone cannot be switched off from here
//
// Data: one generated partition (--orders order rows, 1 security, 1 date), its orders table.
// Usage: node bench/codecs.mjs [--orders 300000] [--reps 7] [--dir DIR]
import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createGunzip, gzipSync } from "node:zlib";
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
import {
  Compression,
  EnabledStatistics,
  Encoding,
  Table as WasmTable,
  writeParquet,
  WriterPropertiesBuilder,
} from "parquet-wasm";
import { stringify } from "csv-stringify/sync";
import { ensureData, fmt, textTable } from "./lib.mjs";
import { expandInputs } from "../dist/io/inputs/inputs.js";
import { gzipChunks } from "../dist/io/csv/gzip.js";
import { CsvBytes, words64 } from "../dist/io/csv/csv-bytes.js";
import { openTable } from "../dist/io/csv/reader.js";
import { listStore, partitionFile } from "../dist/io/store/index.js";
import { decodePiece, encodePiece } from "../dist/io/store/parquet-codec.js";
import { int64Words } from "../dist/io/store/int64.js";
import { PlainOutput } from "../dist/io/store/parquet-plain.js";
import { readTableRows } from "../dist/io/store/piece-reader.js";
import { securityColumn, STORE_COLUMNS } from "../dist/io/store/store-schema.js";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "300000" },
    reps: { type: "string", default: "7" },
    dir: { type: "string", default: join(tmpdir(), "sweeplab-bench") },
  },
});
const reps = Number(values.reps);

const { data } = ensureData(values.dir, values.orders, "1", "1");
const store = join(values.dir, `codecs-store-${values.orders}`);
for (const [i, file] of (await expandInputs([data])).entries())
  if (file.includes("orders")) await partitionFile({ file, storeDir: store, tag: `${i}-0` });
const [p] = await listStore(store);
const orders = await readTableRows(store, "orders", p.securityCode, p.date);
const n = orders.rows;
const arrays = STORE_COLUMNS.orders.map((c) => orders.columns.get(c.name));
const csvBytes = (await expandInputs([data]))
  .filter((f) => f.includes("orders"))
  .reduce((s, f) => s + readFileSync(f).length, 0);

/** Best (least) milliseconds of `reps` runs of each of `fns`, run alternately: the machine is shared, and load only adds time. */
async function time(fns) {
  const ms = fns.map(() => []);
  for (let r = 0; r < reps; r++)
    for (const [i, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      ms[i].push(performance.now() - t0);
    }
  return ms.map((m) => Math.min(...m));
}

/** An integer-valued Float64Array as a BigInt64Array, exactly (int64.ts, no BigInt per value). */
function toInt64(a) {
  const words = new Int32Array(2 * a.length);
  int64Words(a, 0, a.length, words);
  return new BigInt64Array(words.buffer);
}

const props = (compression) =>
  new WriterPropertiesBuilder()
    .setEncoding(Encoding.PLAIN)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(EnabledStatistics.None)
    .setCompression(compression)
    .build();

// parquet-wasm from the same buffers, as the store wrote before parquet-plain.ts: the Int64 columns
// converted from numbers, the security code a one-entry dictionary, an Arrow IPC hand-off.
function wasmTable() {
  const vectors = {
    [securityColumn("orders")]: makeVector(
      makeData({
        type: new Dictionary(new Utf8(), new Int32()),
        length: n,
        nullCount: 0,
        data: new Int32Array(n),
        dictionary: vectorFromArray([p.securityCode], new Utf8()),
      }),
    ),
  };
  STORE_COLUMNS.orders.forEach((c, i) => {
    const a = arrays[i];
    vectors[c.name] = makeVector(c.kind === "int" ? toInt64(a) : a);
  });
  return WasmTable.fromIPCStream(tableToIPC(new ArrowTable(vectors), "stream"));
}
const wasmPiece = (compression) => writeParquet(wasmTable(), props(compression));

const rows = [];
const add = (codec, what, oursMs, libMs, extra = "") =>
  rows.push([codec, what, fmt(oursMs, 1), fmt(libMs, 1), fmt(libMs / oursMs, 2), extra]);

const output = new PlainOutput();
for (const [name, codec, compression] of [
  ["UNCOMPRESSED", "UNCOMPRESSED", Compression.UNCOMPRESSED],
  ["SNAPPY", "SNAPPY", Compression.SNAPPY],
]) {
  const ours = encodePiece("orders", p.securityCode, arrays, n, output, codec);
  const lib = wasmPiece(compression);
  const bytes = `ours ${fmt(ours.length / n, 1)} B/row, parquet-wasm ${fmt(lib.length / n, 1)} B/row`;
  const [o, l] = await time([
    () => encodePiece("orders", p.securityCode, arrays, n, output, codec),
    () => wasmPiece(compression),
  ]);
  add("parquet writer", `${name}, ${fmt(n)} rows`, o, l, bytes);
  // parquet-wasm's encoder alone, from a Table already in WebAssembly (each write consumes one).
  const tables = Array.from({ length: reps }, () => wasmTable());
  const [, e] = await time([() => {}, () => writeParquet(tables.pop(), props(compression))]);
  add("parquet writer", `${name}, encode only`, o, e, "parquet-wasm without the Arrow hand-off");
  const piece = Uint8Array.from(ours);
  const [ro, rl] = await time([
    () => decodePiece("orders", piece, "piece"),
    () => decodePiece("orders", piece, "piece", { plainReader: false }),
  ]);
  add("parquet reader", `${name}, ${fmt(n)} rows`, ro, rl, `${fmt(piece.length / 1e6, 1)} MB piece`);
}

// Other page codecs Parquet offers, through parquet-wasm's encoder (the same PLAIN pages): size and
// time beside SNAPPY's, for the choice of the store's codec (bench/README.md).
const codecRows = [];
for (const [name, compression] of [
  ["SNAPPY", Compression.SNAPPY],
  ["LZ4_RAW", Compression.LZ4_RAW],
  ["ZSTD", Compression.ZSTD],
]) {
  const size = writeParquet(wasmTable(), props(compression)).length;
  const tables = Array.from({ length: reps }, () => wasmTable());
  const [, e] = await time([() => {}, () => writeParquet(tables.pop(), props(compression))]);
  codecRows.push([name, fmt(size / n, 1), fmt(e, 1)]);
}

// gzip: the orders CSV gzipped as one member.
const gz = join(values.dir, `codecs-${values.orders}.csv.gz`);
const csv = Buffer.concat((await expandInputs([data])).filter((f) => f.includes("orders")).map((f) => readFileSync(f)));
writeFileSync(gz, gzipSync(csv, { level: 6 }));
let ourBytes = 0;
let libBytes = 0;
const [go, gl] = await time([
  async () => {
    ourBytes = 0;
    for await (const chunk of gzipChunks(gz, 8 << 20)) ourBytes += chunk.length;
  },
  async () => {
    libBytes = 0;
    for await (const chunk of createReadStream(gz, { highWaterMark: 1 << 20 }).pipe(
      createGunzip({ chunkSize: 1 << 20 }),
    ))
      libBytes += chunk.length;
  },
]);
if (ourBytes !== csv.length || libBytes !== csv.length)
  throw new Error(`gzip: ${ourBytes} / ${libBytes} of ${csv.length}`);
add("gzip reader", `${fmt(csv.length / 1e6, 1)} MB CSV`, go, gl, "vs createGunzip stream");

// CSV writer: the order columns as CSV text bytes, ids and times exact.
const csvOurs = () => {
  const b = new CsvBytes(1 << 24);
  const words = arrays.map((a) => (a instanceof BigUint64Array || a instanceof BigInt64Array ? words64(a) : undefined));
  const last = arrays.length - 1;
  for (let i = 0; i < n; i++)
    for (let c = 0; c <= last; c++) {
      const a = arrays[c];
      if (a instanceof BigUint64Array) b.u64(words[c], i);
      else if (a instanceof BigInt64Array) b.i64(words[c], a, i);
      else b.num(a[i]);
      if (c < last) b.comma();
      else b.newline();
    }
  return b.bytes();
};
const csvLib = () => {
  const records = new Array(n);
  for (let i = 0; i < n; i++) records[i] = arrays.map((a) => a[i]);
  return Buffer.from(stringify(records), "utf8");
};
if (!Buffer.from(csvOurs()).equals(csvLib())) throw new Error("CSV writer: the two outputs differ");
const [co, cl] = await time([csvOurs, csvLib]);
add("CSV writer", `${fmt(n)} order rows`, co, cl, `vs csv-stringify; ${fmt(csvOurs().length / 1e6, 1)} MB`);

// CSV reader: the orders file, every row through the reader's fast or general path.
const ordersFile = (await expandInputs([data])).find((f) => f.includes("orders"));
const readAll = async (fastPath) => {
  let got = 0;
  for await (const batch of await openTable(ordersFile, { fastPath, reuseBatches: true })) got += batch.length;
  return got;
};
const [fastRows, generalRows] = [await readAll(true), await readAll(false)];
if (fastRows !== generalRows) throw new Error(`CSV reader: ${fastRows} vs ${generalRows} rows`);
const [fo, fl] = await time([() => readAll(true), () => readAll(false)]);
add("CSV reader", `${fmt(fastRows)} order rows`, fo, fl, "fast path + wasm lane vs general path (csv-parse)");

console.log(
  `${fmt(n)} order rows of one partition (${fmt(csvBytes / n, 1)} CSV bytes/row), best of ${reps}, node ${process.version}`,
);
console.log(textTable(["codec", "case", "ours ms", "library ms", "factor", "notes"], rows, 2));
console.log("\nparquet-wasm, PLAIN pages, encode only (the table already in WebAssembly):");
console.log(textTable(["page codec", "bytes/row", "ms"], codecRows));
