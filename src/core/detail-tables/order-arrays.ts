/**
 * The one check that a partition order column fits the `orders` column written from it (./orders.ts):
 * both writers of the table (io/outputs/orders-csv.ts, detail-parquet.ts) take the column's array
 * from here.
 */
import type { OrderEvents } from "../../model/partition.js";
import type { DetailColumn, OrderArrayKey } from "../detail-column.js";

/**
 * A partition's order column, by what it holds: exact 64-bit values (`big`: an id or a time) or
 * numbers (`num`: integer columns, codes, masks).
 */
export type OrderColumnArray =
  | { kind: "big"; values: BigUint64Array | BigInt64Array }
  | { kind: "num"; values: Int32Array | Float64Array | Uint8Array | Uint16Array };

/** The declared types a 64-bit array is written as, and the ones numbers are. */
const BIG_TYPES: readonly string[] = ["u64", "timestamp_ns"];
const NUM_TYPES: readonly string[] = ["int64", "int32", "float64"];

/**
 * The partition's order column `key` that `orders` column `c` is written from, checked against
 * `c.type`: a 64-bit array exactly for `u64` and `timestamp_ns`, a number array for `int64`,
 * `int32` and `float64`; no order column is a `date` or `text`. Throws otherwise, naming the
 * column, its source and both types: a bug of the declaration, not of data (an Error, with its
 * stack), found before any row is written.
 */
export function orderColumnArray(c: DetailColumn, key: OrderArrayKey, o: OrderEvents): OrderColumnArray {
  const a = o[key];
  const big = a instanceof BigUint64Array || a instanceof BigInt64Array;
  if (!(big ? BIG_TYPES : NUM_TYPES).includes(c.type))
    throw new Error(`orders column ${c.name}: ${key} (${a.constructor.name}) does not fit its declared ${c.type}`);
  return big ? { kind: "big", values: a } : { kind: "num", values: a };
}
