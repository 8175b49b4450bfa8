#!/usr/bin/env node
// `node bench/codecs.mjs` (after `npm run build`): each hand-written codec against the maintained
// library it replaces, both run in this one process on the same bytes (issue 15, point 6). The
// factor is library time ÷ ours (> 1: ours is faster); each case runs --reps times, alternating
// ours and the library, and the best time is kept (load on a shared machine only adds time); the
// whole set runs --rounds times, and the range of each factor over the rounds is printed last.
//
//   writer     encodePiece (parquet-plain.ts) vs parquet-wasm writeParquet from the same buffered
//              columns (Arrow table → IPC → WebAssembly), PLAIN, no dictionary, no statistics
//              (checked in the file it writes: codecs-wasm.mjs); UNCOMPRESSED and SNAPPY pages
//   reader     decodePieceInto (parquet-plain-read.ts), the job's path: a piece into the table's
//              preallocated typed arrays; vs parquet-wasm readParquet → IPC → apache-arrow → typed
//              arrays copied into the same arrays (what decodePieceInto does for a foreign piece)
//   (the gzip cases are in codecs-io.mjs, the parquet-wasm side in codecs-wasm.mjs)
//   gzip       gzipChunks (src/io/csv/gzip.ts: zlib's gunzip, the hand-written reader only after damage)
//              vs createGunzip over a file stream; and on the same file damaged at 90 %
//   csv-writer CsvBytes (src/io/csv/csv-bytes.ts) vs csv-stringify (sync) writing the partition's order
//              columns as CSV bytes (the library from rows of values); outputs checked byte for byte
//   csv-reader openTable's fast path (FastRowParser) vs its general path (fastPath: false:
//              csv-parse where a line needs it, and parseField), same rows
//
// Data: one generated partition (--orders order rows, 1 security, 1 date), its orders table; a
// comma list of sizes measures each in turn, in this process.
// Usage: node bench/codecs.mjs [--orders 300000[,1000000]] [--reps 7] [--rounds 1]
//        [--only writer,reader,gzip,csv-writer,csv-reader] [--dir DIR]
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Compression, writeParquet } from "parquet-wasm";
import { stringify } from "csv-stringify/sync";
import { ensureData, fmt, textTable } from "./lib.mjs";
import { checkPlain, props, wasmPiece, wasmTable } from "./codecs-wasm.mjs";
import { gzipCases } from "./codecs-io.mjs";
import { expandInputs } from "../dist/io/inputs/inputs.js";
import { CsvBytes, words64 } from "../dist/io/csv/csv-bytes.js";
import { openTable } from "../dist/io/csv/reader.js";
import { listStore, partitionFile } from "../dist/io/store/index.js";
import { DecodeScratch, decodePiece, decodePieceInto, encodePiece } from "../dist/io/store/parquet-codec.js";
import { PlainOutput } from "../dist/io/store/parquet-plain.js";
import { readTableRows } from "../dist/io/store/piece-reader.js";
import { allocStored, STORE_COLUMNS } from "../dist/io/store/store-schema.js";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "300000" },
    reps: { type: "string", default: "7" },
    rounds: { type: "string", default: "1" },
    only: { type: "string", default: "writer,reader,gzip,csv-writer,csv-reader" },
    dir: { type: "string", default: join(tmpdir(), "sweeplab-bench") },
  },
});
const reps = Number(values.reps);
const only = new Set(values.only.split(","));

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

const rows = [];
const factors = new Map();
const add = (codec, what, oursMs, libMs, extra = "") => {
  rows.push([codec, what, fmt(oursMs, 1), fmt(libMs, 1), fmt(libMs / oursMs, 2), extra]);
  const key = `${codec}|${what}`;
  factors.set(key, [...(factors.get(key) ?? []), libMs / oursMs]);
};
const codecRows = [];
const plainChecks = new Set();

/** One size's data: the partition's orders columns, its orders CSV files and their bytes. */
async function prepare(orders) {
  const { data } = ensureData(values.dir, orders, "1", "1");
  const files = (await expandInputs([data])).filter((f) => f.includes("orders"));
  const store = join(values.dir, `codecs-store-${orders}`);
  for (const [i, file] of files.entries()) await partitionFile({ file, storeDir: store, tag: `${i}-0` });
  const [p] = await listStore(store);
  const table = await readTableRows(store, "orders", p.securityCode, p.date);
  const arrays = STORE_COLUMNS.orders.map((c) => table.columns.get(c.name));
  return { p, n: table.rows, arrays, files, csv: Buffer.concat(files.map((f) => readFileSync(f))), orders };
}

async function parquetCases({ p, n, arrays }) {
  const output = new PlainOutput();
  for (const [name, codec, compression] of [
    ["UNCOMPRESSED", "UNCOMPRESSED", Compression.UNCOMPRESSED],
    ["SNAPPY", "SNAPPY", Compression.SNAPPY],
  ]) {
    const ours = Uint8Array.from(encodePiece("orders", p.securityCode, arrays, n, output, codec));
    if (only.has("writer")) {
      const lib = wasmPiece(p.securityCode, arrays, n, compression);
      plainChecks.add(`parquet-wasm ${name}: ${checkPlain(lib, name === "SNAPPY" ? 1 : 0)}`);
      const bytes = `ours ${fmt(ours.length / n, 1)} B/row, parquet-wasm ${fmt(lib.length / n, 1)} B/row`;
      const [o, l] = await time([
        () => encodePiece("orders", p.securityCode, arrays, n, output, codec),
        () => wasmPiece(p.securityCode, arrays, n, compression),
      ]);
      add("parquet writer", `${name}, ${fmt(n)} rows`, o, l, bytes);
      // parquet-wasm's encoder alone, from a Table already in WebAssembly (each write consumes one).
      const tables = Array.from({ length: reps }, () => wasmTable(p.securityCode, arrays, n));
      const [, e] = await time([() => {}, () => writeParquet(tables.pop(), props(compression))]);
      add("parquet writer", `${name}, encode only, ${fmt(n)} rows`, o, e, "parquet-wasm without the Arrow hand-off");
    }
    if (only.has("reader")) {
      // The job's end point: the piece's columns in the table's preallocated typed arrays.
      const dest = new Map(STORE_COLUMNS.orders.map((c) => [c.name, allocStored(c.kind, n)]));
      const scratch = new DecodeScratch();
      const intoOurs = () => decodePieceInto("orders", ours, "piece", dest, 0, n, scratch);
      const intoLib = async () => {
        const d = await decodePiece("orders", ours, "piece", { plainReader: false });
        for (const c of STORE_COLUMNS.orders) dest.get(c.name).set(d.columns.get(c.name), 0);
      };
      const snapshot = () => STORE_COLUMNS.orders.map((c) => Buffer.from(new Uint8Array(dest.get(c.name).buffer)));
      await intoOurs();
      const a = snapshot();
      for (const c of dest.values()) new Uint8Array(c.buffer).fill(0);
      await intoLib();
      if (!snapshot().every((b, i) => b.equals(a[i]))) throw new Error("parquet reader: the two reads differ");
      const [ro, rl] = await time([intoOurs, intoLib]);
      add("parquet reader", `${name}, ${fmt(n)} rows`, ro, rl, `${fmt(ours.length / 1e6, 1)} MB piece`);
    }
  }
  if (!only.has("writer")) return;
  // Other page codecs Parquet offers, through parquet-wasm's encoder (the same PLAIN pages): size
  // and time beside SNAPPY's, for the choice of the store's codec (bench/README.md).
  for (const [name, compression] of [
    ["SNAPPY", Compression.SNAPPY],
    ["LZ4_RAW", Compression.LZ4_RAW],
    ["ZSTD", Compression.ZSTD],
  ]) {
    const size = wasmPiece(p.securityCode, arrays, n, compression).length;
    const tables = Array.from({ length: reps }, () => wasmTable(p.securityCode, arrays, n));
    const [, e] = await time([() => {}, () => writeParquet(tables.pop(), props(compression))]);
    codecRows.push([name, fmt(n), fmt(size / n, 1), fmt(e, 1)]);
  }
}

function csvWriterCase({ n, arrays }) {
  const ours = () => {
    const b = new CsvBytes(1 << 24);
    const words = arrays.map((a) =>
      a instanceof BigUint64Array || a instanceof BigInt64Array ? words64(a) : undefined,
    );
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
  const lib = () => {
    const records = new Array(n);
    for (let i = 0; i < n; i++) records[i] = arrays.map((a) => a[i]);
    return Buffer.from(stringify(records), "utf8");
  };
  if (!Buffer.from(ours()).equals(lib())) throw new Error("CSV writer: the two outputs differ");
  return time([ours, lib]).then(([co, cl]) =>
    add("CSV writer", `${fmt(n)} order rows`, co, cl, `vs csv-stringify; ${fmt(ours().length / 1e6, 1)} MB`),
  );
}

async function csvReaderCase({ files }) {
  const readAll = async (fastPath) => {
    let got = 0;
    for (const f of files)
      for await (const batch of await openTable(f, { fastPath, reuseBatches: true })) got += batch.length;
    return got;
  };
  const got = await readAll(true);
  if (got !== (await readAll(false))) throw new Error("CSV reader: the two paths read different rows");
  const [fo, fl] = await time([() => readAll(true), () => readAll(false)]);
  add("CSV reader", `${fmt(got)} order rows`, fo, fl, "fast path vs general path (csv-parse)");
}

const loadBefore = (await import("node:os")).loadavg()[0];
for (const orders of values.orders.split(",")) {
  const d = await prepare(orders);
  for (let round = 0; round < Number(values.rounds); round++) {
    if (only.has("writer") || only.has("reader")) await parquetCases(d);
    if (only.has("gzip")) await gzipCases(d, { time, add, dir: values.dir });
    if (only.has("csv-writer")) await csvWriterCase(d);
    if (only.has("csv-reader")) await csvReaderCase(d);
  }
}
const loadAfter = (await import("node:os")).loadavg()[0];

console.log(
  `best of ${reps}, ${values.rounds} round(s), node ${process.version}, load average ${fmt(loadBefore, 1)} → ${fmt(loadAfter, 1)}`,
);
console.log(textTable(["codec", "case", "ours ms", "library ms", "factor", "notes"], rows, 2));
console.log("\nfactor range over the rounds:");
console.log(
  textTable(
    ["case", "rounds", "factor"],
    [...factors].map(([k, f]) => [
      k.replace("|", ", "),
      f.length,
      `${fmt(Math.min(...f), 2)}–${fmt(Math.max(...f), 2)}`,
    ]),
  ),
);
for (const c of plainChecks) console.log(c);
if (codecRows.length > 0) {
  console.log("\nparquet-wasm, PLAIN pages, encode only (the table already in WebAssembly):");
  console.log(textTable(["page codec", "rows", "bytes/row", "ms"], codecRows, 2));
}
