/**
 * The CSV bytes of a job's `orders` table (`orders.csv.gz`), derived from its declaration
 * (`ORDERS_TABLE`, core/detail-tables/orders.ts): each column written from the partition's order
 * column or the job's value it names, with {@link CsvBytes} (no per-row array, no per-field string,
 * no `BigInt` per id or time: the same text as `csvField` gives each value).
 */
import type { JobResult } from "../../core/job.js";
import { orderColumnArray, type OrderDetailColumn, type OrderSource } from "../../core/detail-tables/index.js";
import type { OrderEvents } from "../../model/partition.js";
import { CsvBytes, words64 } from "../csv/csv-bytes.js";
import { csvField } from "../csv/csv-write.js";

/** Bytes of CSV text per chunk of {@link ordersCsvChunks}. */
const ORDERS_CHUNK_BYTES = 1 << 20;

/** What the CSV writer does for one column of the `orders` table. */
const enum Op {
  /** The job's value, the same bytes on every row. */
  Same,
  /** An unsigned 64-bit column (an id) as its exact digits. */
  U64,
  /** A signed 64-bit column (a time) as its exact digits. */
  I64,
  /** A number column as `String(v)`. */
  Num,
}

const encoder = new TextEncoder();

/**
 * The partition's array, or the job's value, of each column of `table`, as the CSV writer uses it;
 * checked against the declared types by `orderColumnArray` (core/detail-tables/), as the Parquet
 * writer's are.
 */
function orderColumns(table: readonly OrderDetailColumn[], r: JobResult, o: OrderEvents) {
  const ops: Op[] = [];
  const same: Uint8Array[] = [];
  const words: Uint32Array[] = [];
  const bigs: BigInt64Array[] = [];
  const nums: ArrayLike<number>[] = [];
  table.forEach((c, k) => {
    const v: OrderSource = c.value;
    if ("job" in v) {
      ops[k] = Op.Same;
      same[k] = encoder.encode(csvField(String(r[v.job])));
      return;
    }
    const { values: a } = orderColumnArray(c, v.order, o);
    if (a instanceof BigUint64Array) {
      ops[k] = Op.U64;
      words[k] = words64(a);
    } else if (a instanceof BigInt64Array) {
      ops[k] = Op.I64;
      words[k] = words64(a);
      bigs[k] = a;
    } else {
      ops[k] = Op.Num;
      nums[k] = a;
    }
  });
  return { ops, same, words, bigs, nums };
}

/**
 * `orders.csv`: the header `head`, then the partition's Centre Point order events (any bit of
 * `centrePointMask`) with the fields as the columns of `table` (`ORDERS_TABLE`) declare, as chunks
 * of about 1 MiB (whole lines; each a fresh copy), so that the file is never held whole: a large
 * partition's orders.csv is ~100 bytes an order event, more than the job's own columns.
 */
export function* ordersCsvChunks(
  table: readonly OrderDetailColumn[],
  head: readonly string[],
  r: JobResult,
  o: OrderEvents,
  centrePointMask: number,
): Generator<Uint8Array> {
  const { ops, same, words, bigs, nums } = orderColumns(table, r, o);
  const n = ops.length;
  const b = new CsvBytes(ORDERS_CHUNK_BYTES + 4096);
  b.ascii(head.join(","));
  b.newline();
  const type = o.exchangeOrderType;
  for (let row = 0; row < o.length; row++) {
    if (((type[row] as number) & centrePointMask) === 0) continue;
    for (let k = 0; k < n; k++) {
      if (k > 0) b.comma();
      switch (ops[k]) {
        case Op.Same:
          b.raw(same[k] as Uint8Array);
          break;
        case Op.U64:
          b.u64(words[k] as Uint32Array, row);
          break;
        case Op.I64:
          b.i64(words[k] as Uint32Array, bigs[k] as BigInt64Array, row);
          break;
        case Op.Num:
          b.num((nums[k] as ArrayLike<number>)[row] as number);
          break;
      }
    }
    b.newline();
    if (b.length >= ORDERS_CHUNK_BYTES) {
      yield b.bytes().slice();
      b.clear();
    }
  }
  if (b.length > 0) yield b.bytes().slice();
}
