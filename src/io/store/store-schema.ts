import { TABLES, type TableKind } from "../../model/schemas.js";
import { storedColumnsOf, type StoredColumn, type StoredKind } from "../../model/table-spec.js";
import { NBBO_TABLE } from "../../model/tables/nbbo.js";
import { ORDER_TABLE } from "../../model/tables/orders.js";
import { TRADE_TABLE } from "../../model/tables/trades.js";

export type { StoredColumn, StoredKind } from "../../model/table-spec.js";

/**
 * What the store keeps of each table: the columns a `Partition` needs, under their input header
 * names, in store order, plus the security code — derived from each column's `store` in the table
 * declarations (model/tables/; the stored kinds are explained at `StoredKind`, model/table-spec.ts).
 * `delta` marks the high-cardinality, nearly monotone columns (ids, times, sequence numbers) that are
 * written DELTA_BINARY_PACKED instead of dictionary encoded (see parquet-codec.ts).
 */
export const STORE_COLUMNS: Readonly<Record<TableKind, readonly StoredColumn[]>> = {
  orders: storedColumnsOf(ORDER_TABLE),
  trades: storedColumnsOf(TRADE_TABLE),
  nbbo: storedColumnsOf(NBBO_TABLE),
};

/** The name of a table's security code column in the store (its input header name). */
export function securityColumn(table: TableKind): string {
  return TABLES[table].securityColumn;
}

/** The name of a table's exact time column (ns since the epoch, UTC). */
export function timeColumn(table: TableKind): string {
  return TABLES[table].timeColumn;
}

/** The JS array that buffers and returns one stored column. */
export type StoredArray = BigUint64Array | BigInt64Array | Float64Array | Uint8Array | Int32Array;

/**
 * A new array of `n` rows to read a stored column back into: as {@link allocStored}, but an `int`
 * column starts as an `Int32Array` (the partition's narrow form) and is widened to a
 * `Float64Array` by the reader when a piece holds a value beyond 32 bits (parquet-codec.ts).
 */
export function allocRead(kind: StoredKind, n: number): StoredArray {
  return kind === "int" ? new Int32Array(n) : allocStored(kind, n);
}

/** A new buffer array of `n` rows for a stored kind. */
export function allocStored(kind: StoredKind, n: number): StoredArray {
  switch (kind) {
    case "u64":
      return new BigUint64Array(n);
    case "ns":
      return new BigInt64Array(n);
    case "int":
      return new Float64Array(n);
    case "code":
      return new Uint8Array(n);
    case "mask":
      return new Int32Array(n);
  }
}
