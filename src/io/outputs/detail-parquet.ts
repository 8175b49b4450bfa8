/**
 * The detail tables of one job as Parquet files (`outputs.detailFormat: parquet`, the default):
 * `orders.parquet`, `classified.parquet`, `simulation.parquet`, one row group each, with the
 * columns, types and values declared in core/detail-tables/.
 *
 * Written by the project's own PLAIN Parquet writer (store/parquet-plain.ts, the partition store's)
 * with SNAPPY pages, rather than a library: it already writes exact UINT_64 ids and INT64 values
 * straight from the job's typed arrays (no Arrow table, no IPC hand-off into WebAssembly, which made
 * parquet-wasm the bottleneck of the store), its bytes are deterministic (no created-by version, no
 * timestamps), and DuckDB, pandas (pyarrow) and polars read its files natively
 * (tests/io/detail-parquet.test.ts checks DuckDB's types and values). This file only adds what the
 * detail tables need beyond the store: nullable columns, DOUBLE, DATE and per-row text (detail-pages.ts).
 *
 * Types: ids UINT_64; the order event time `timestamp` plain INT64 ns since the epoch, UTC (as in
 * the store; TIMESTAMP(NANOS, UTC) would lose its last three digits in DuckDB, see detail-pages.ts);
 * `placed_ns`, a time of day, plain INT64 ns since Sydney local midnight; money as exact whole micro-AUD INT64 (`*_micro_aud`), prices and
 * values as INT64 ticks or half ticks; `date` DATE; text UTF8. No statistics, no dictionary.
 */
import type { JobResult } from "../../core/job.js";
import { SIZE_BANDS } from "../../core/classify.js";
import {
  CLASSIFIED_TABLE,
  orderColumnArray,
  ORDERS_TABLE,
  SIMULATION_TABLE,
  type JobSource,
  type OrderDetailColumn,
  type SweepDetailColumn,
} from "../../core/detail-tables/index.js";
import type { OrderEvents } from "../../model/partition.js";
import { clockText } from "../csv/csv-bytes.js";
import { detailColumn, type DetailValues } from "./detail-pages.js";
import { plainParquetParts } from "../store/parquet-plain.js";

const GROUP_NAMES = ["Fully filled", "Partially filled", "Unfilled"] as const;

/** The job's value of a `job` column on each of `rows` rows: the same text, or `decimals` as numbers. */
function jobValues(v: JobSource, r: JobResult, rows: number): DetailValues {
  if (v.job === "decimals") return { kind: "num", values: new Int32Array(rows).fill(r.decimals) };
  return { kind: "same", value: r[v.job] };
}

/** A file's parts as one array of its bytes. */
function concat(parts: Iterable<Uint8Array>): Uint8Array {
  const all = [...parts];
  const out = new Uint8Array(all.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The rows of `o` with any bit of `centrePointMask`, ascending; undefined when every row has one. */
function keptRows(o: OrderEvents, centrePointMask: number): { keep: Int32Array | undefined; n: number } {
  const type = o.exchangeOrderType;
  let n = 0;
  for (let i = 0; i < o.length; i++) if (((type[i] as number) & centrePointMask) !== 0) n++;
  if (n === o.length) return { keep: undefined, n }; // every row kept: the columns as they are
  const keep = new Int32Array(n); // 4 bytes a kept row: the one whole-table array of the writer
  for (let i = 0, k = 0; i < o.length; i++) if (((type[i] as number) & centrePointMask) !== 0) keep[k++] = i;
  return { keep, n };
}

/**
 * One `orders`-like table (`ORDERS_TABLE`, or any of {@link OrderDetailColumn}s) as Parquet, part by
 * part (see `plainParquetParts`): the partition's order events with any bit of `centrePointMask`, in
 * partition order, each column from the order column (checked against its declared type, with
 * `orderColumnArray`, before any part is made) or the job's value its declaration names. The kept
 * rows are gathered page by page from the partition's columns: no gathered copy of a column, and
 * neither the file nor its compressed pages held whole.
 */
export function ordersTableParts(
  table: readonly OrderDetailColumn[],
  r: JobResult,
  o: OrderEvents,
  centrePointMask: number,
): Iterable<Uint8Array> {
  const { keep, n } = keptRows(o, centrePointMask);
  const columns = table.map((c) => {
    const v = c.value;
    if ("job" in v) return detailColumn(c, jobValues(v, r, n), n);
    const a = orderColumnArray(c, v.order, o);
    return detailColumn(c, keep === undefined ? a : { ...a, rows: keep }, n);
  });
  return plainParquetParts(columns, n, "SNAPPY");
}

/** {@link ordersTableParts} as one file's bytes. */
export function ordersTableParquet(
  table: readonly OrderDetailColumn[],
  r: JobResult,
  o: OrderEvents,
  centrePointMask: number,
): Uint8Array {
  return concat(ordersTableParts(table, r, o, centrePointMask));
}

/** `orders.parquet`, part by part: the partition's order events with any bit of `centrePointMask`, in partition order. */
export function ordersParquetParts(r: JobResult, o: OrderEvents, centrePointMask: number): Iterable<Uint8Array> {
  return ordersTableParts(ORDERS_TABLE, r, o, centrePointMask);
}

/**
 * The Parquet values of one column of a per-sweep table, from its declared `value`: the job's value
 * on every row, or the sweep array as it is (an id as 64-bit words, a `simulated` column null where
 * the sweep was not simulated), or as text (`clock`, `band`, `groupName`).
 */
function sweepValues(c: SweepDetailColumn, r: JobResult): DetailValues {
  const v = c.value;
  const s = r.sweeps;
  if ("job" in v) return jobValues(v, r, s.length);
  const a = s[v.sweep];
  if (v.as === "clock") return { kind: "text", get: (i) => clockText(a[i] as number) };
  if (v.as === "band") return { kind: "text", get: (i) => SIZE_BANDS[a[i] as 0 | 1 | 2] };
  if (v.as === "groupName") return { kind: "text", get: (i) => GROUP_NAMES[(a[i] as number) - 1] as string };
  if (a instanceof BigUint64Array) return { kind: "big", values: a };
  if (typeof a === "number") throw new Error(`detail column ${c.name}: ${v.sweep} is not a per-sweep array`);
  // Not simulated (a final-state job): null, never a simulated 0.
  return c.simulated === true ? { kind: "num", values: a, valid: s.simulated } : { kind: "num", values: a };
}

/** One per-sweep table (`classified`, `simulation`, or any of {@link SweepDetailColumn}s) as Parquet, part by part. */
export function sweepTableParts(table: readonly SweepDetailColumn[], r: JobResult): Iterable<Uint8Array> {
  const columns = table.map((c) => detailColumn(c, sweepValues(c, r), r.sweeps.length));
  return plainParquetParts(columns, r.sweeps.length, "SNAPPY");
}

/** {@link sweepTableParts} as one file's bytes. */
export function sweepTableParquet(table: readonly SweepDetailColumn[], r: JobResult): Uint8Array {
  return concat(sweepTableParts(table, r));
}

/** `classified.parquet` and `simulation.parquet`: one row per sweep order, in the job's sweep order. */
export function sweepParquet(r: JobResult): { classified: Uint8Array; simulation: Uint8Array } {
  return { classified: sweepTableParquet(CLASSIFIED_TABLE, r), simulation: sweepTableParquet(SIMULATION_TABLE, r) };
}
