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
  ORDERS_TABLE,
  SIMULATION_TABLE,
  type JobSource,
  type OrderDetailColumn,
  type SweepDetailColumn,
} from "../../core/detail-tables/index.js";
import type { OrderEvents } from "../../model/partition.js";
import { clockText } from "../csv/csv-bytes.js";
import { detailColumn, type DetailValues } from "./detail-pages.js";
import { PlainOutput, writePlainParquet } from "../store/parquet-plain.js";

const GROUP_NAMES = ["Fully filled", "Partially filled", "Unfilled"] as const;

/** The job's value of a `job` column on each of `rows` rows: the same text, or `decimals` as numbers. */
function jobValues(v: JobSource, r: JobResult, rows: number): DetailValues {
  if (v.job === "decimals") return { kind: "num", values: new Int32Array(rows).fill(r.decimals) };
  return { kind: "same", value: r[v.job] };
}

/** The rows `keep` (ascending) of a partition column, or the column itself when every row is kept. */
function pick<A extends Float64Array | Int32Array | Uint8Array | Uint16Array | BigUint64Array | BigInt64Array>(
  a: A,
  keep: Int32Array | undefined,
): A {
  if (keep === undefined) return a;
  if (a instanceof BigUint64Array || a instanceof BigInt64Array) {
    const n = keep.length;
    const out = new (a.constructor as new (n: number) => A)(n);
    // 64-bit values copied as two 32-bit words: no BigInt per value.
    const from = new Int32Array(a.buffer, a.byteOffset, 2 * a.length);
    const to = new Int32Array(out.buffer, 0, 2 * n);
    for (let k = 0; k < n; k++) {
      const i = keep[k] as number;
      to[2 * k] = from[2 * i] as number;
      to[2 * k + 1] = from[2 * i + 1] as number;
    }
    return out;
  }
  return gather(a as Exclude<A, BigUint64Array | BigInt64Array>, keep);
}

/**
 * One `orders`-like table (`ORDERS_TABLE`, or any of {@link OrderDetailColumn}s) as Parquet: the
 * partition's order events with any bit of `centrePointMask`, in partition order, each column from
 * the order column or the job's value its declaration names.
 */
export function ordersTableParquet(
  table: readonly OrderDetailColumn[],
  r: JobResult,
  o: OrderEvents,
  centrePointMask: number,
): Uint8Array {
  const kept = new Int32Array(o.length);
  let n = 0;
  for (let i = 0; i < o.length; i++) if (((o.exchangeOrderType[i] as number) & centrePointMask) !== 0) kept[n++] = i;
  const keep = n === o.length ? undefined : kept.subarray(0, n); // every row kept: the columns as they are
  const columns = table.map((c) => {
    const v = c.value;
    if ("job" in v) return detailColumn(c, jobValues(v, r, n), n);
    const a = pick(o[v.order], keep);
    const values: DetailValues =
      a instanceof BigUint64Array || a instanceof BigInt64Array
        ? { kind: "big", values: a }
        : { kind: "num", values: a };
    return detailColumn(c, values, n);
  });
  return writePlainParquet(columns, n, new PlainOutput(), "SNAPPY");
}

/** `orders.parquet`: the partition's order events with any bit of `centrePointMask`, in partition order. */
export function ordersParquet(r: JobResult, o: OrderEvents, centrePointMask: number): Uint8Array {
  return ordersTableParquet(ORDERS_TABLE, r, o, centrePointMask);
}

/**
 * `a[keep[k]]` for each k, in an array of a's type. One loop per array type: a single generic loop
 * saw four element kinds and ran megamorphic (`pick` was 1.9 % of the jobs phase).
 */
function gather<A extends Float64Array | Int32Array | Uint8Array | Uint16Array>(a: A, keep: Int32Array): A {
  if (a instanceof Float64Array) return gatherF64(a, keep) as A;
  if (a instanceof Uint8Array) return gatherU8(a, keep) as A;
  if (a instanceof Int32Array) return gatherI32(a, keep) as A;
  return gatherU16(a, keep) as A;
}

function gatherF64(a: Float64Array, keep: Int32Array): Float64Array {
  const out = new Float64Array(keep.length);
  for (let k = 0; k < keep.length; k++) out[k] = a[keep[k] as number] as number;
  return out;
}

function gatherU8(a: Uint8Array, keep: Int32Array): Uint8Array {
  const out = new Uint8Array(keep.length);
  for (let k = 0; k < keep.length; k++) out[k] = a[keep[k] as number] as number;
  return out;
}

function gatherI32(a: Int32Array, keep: Int32Array): Int32Array {
  const out = new Int32Array(keep.length);
  for (let k = 0; k < keep.length; k++) out[k] = a[keep[k] as number] as number;
  return out;
}

function gatherU16(a: Uint16Array, keep: Int32Array): Uint16Array {
  const out = new Uint16Array(keep.length);
  for (let k = 0; k < keep.length; k++) out[k] = a[keep[k] as number] as number;
  return out;
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

/** One per-sweep table (`classified`, `simulation`, or any of {@link SweepDetailColumn}s) as Parquet. */
export function sweepTableParquet(table: readonly SweepDetailColumn[], r: JobResult): Uint8Array {
  const columns = table.map((c) => detailColumn(c, sweepValues(c, r), r.sweeps.length));
  return writePlainParquet(columns, r.sweeps.length, new PlainOutput(), "SNAPPY");
}

/** `classified.parquet` and `simulation.parquet`: one row per sweep order, in the job's sweep order. */
export function sweepParquet(r: JobResult): { classified: Uint8Array; simulation: Uint8Array } {
  return { classified: sweepTableParquet(CLASSIFIED_TABLE, r), simulation: sweepTableParquet(SIMULATION_TABLE, r) };
}
