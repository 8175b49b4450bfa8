import { TABLES, type TableKind } from "../../model/schemas.js";

/**
 * What the store keeps of each table: the columns a `Partition` needs, under their input
 * header names, plus the security code. Adding a column is one line here (and its use on read).
 *
 * Stored kinds (Parquet/Arrow type, JS buffer while partitioning):
 * - `u64`: ids, Arrow UInt64 (Parquet INT64 UINT_64), `BigUint64Array`: exact, never a JS number.
 * - `ns`: UTC ns timestamps, Arrow Int64, `BigInt64Array`: exact.
 * - `int`: prices (ticks), quantities, sequence numbers, participant ids: Arrow Int64 from a
 *   `Float64Array` of safe integers (see int64.ts). A quote side with no price is NO_PRICE (−1,
 *   model/price.ts), an Int64 like any other.
 * - `code`: side, changereason, orderstatus, ordertype, dealsource, passiveaggressive: UInt8 (the
 *   readers accept codes 0–255, known or not, and nothing wider: see model/fields.ts).
 * - `mask`: exchangeordertype bit mask (≤ 0xffff), Int32.
 *
 * `delta` marks the high-cardinality, nearly monotone columns (ids, times, sequence numbers)
 * that are written DELTA_BINARY_PACKED instead of dictionary encoded (see parquet-codec.ts).
 */
export type StoredKind = "u64" | "ns" | "int" | "code" | "mask";

/** One stored column: its name (the input header name) and kind. */
export interface StoredColumn {
  name: string;
  kind: StoredKind;
  /** Written with DELTA_BINARY_PACKED (no dictionary). */
  delta: boolean;
}

const col = (name: string, kind: StoredKind, delta = false): StoredColumn => ({ name, kind, delta });

/** The stored columns of each table, in file order (the security code column comes first). */
export const STORE_COLUMNS: Readonly<Record<TableKind, readonly StoredColumn[]>> = {
  orders: [
    col("order_id", "u64", true),
    col("timestamp", "ns", true),
    col("sequence", "int", true),
    col("price", "int"),
    col("side", "code"),
    col("changereason", "code"),
    col("orderstatus", "code"),
    col("ordertype", "code"),
    col("exchangeordertype", "mask"),
    col("quantity", "int"),
    col("leavesquantity", "int"),
    col("totalmatchedquantity", "int"),
    col("minimumquantity", "int"),
    col("singlefillminimumquantity", "int"),
    col("national_bid", "int"),
    col("national_offer", "int"),
    col("participantid", "int"),
  ],
  trades: [
    col("orderid", "u64", true),
    col("matchgroupid", "u64", true),
    col("tradetime", "ns", true),
    col("sequence", "int", true),
    col("tradeprice", "int"),
    col("quantity", "int"),
    col("side", "code"),
    col("dealsource", "code"),
    col("participantid", "int"),
    col("passiveaggressive", "code"),
    col("nationalbidpricesnapshot", "int"),
    col("nationalofferpricesnapshot", "int"),
  ],
  nbbo: [col("timestamp", "ns", true), col("sequence", "int", true), col("bidprice", "int"), col("offerprice", "int")],
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
