/**
 * The per-job detail tables (`orders`, `classified`, `simulation`), declared once: each column's
 * name, type and meaning (`orders` here; the per-sweep `classified` and `simulation`, with where each
 * value comes from and how it is read back, in core/sweep-tables.ts, re-exported here). The CSV headers (`JOB_ORDER_COLUMNS`, `CLASSIFIED_COLUMNS`,
 * `SIMULATION_COLUMNS` in job-outputs.ts) and the Parquet schemas (detail-parquet.ts) both derive
 * from these lists, so the two formats cannot disagree on a name or an order. The metrics file
 * (`metrics.csv`, 9 rows of sums) is not a detail table and stays CSV.
 */
import { z } from "zod";
import {
  CLASSIFIED_TABLE,
  DATE,
  ORDER_ID,
  SECURITY,
  SIDE,
  SIMULATION_TABLE,
  type DetailColumn,
} from "../../core/sweep-tables.js";

export {
  CLASSIFIED_TABLE,
  SIMULATION_TABLE,
  type DetailColumn,
  type DetailType,
  type ReadKind,
  type RowOf,
  type SweepRow,
  type SweepSource,
} from "../../core/sweep-tables.js";

/**
 * How a job writes its detail tables (`outputs.detailFormat` of the run config): `parquet` (the
 * default; `orders.parquet`, `classified.parquet`, `simulation.parquet`) or `csv.gz` (the seed's
 * layout: `orders.csv.gz`, `classified.csv.gz`, `simulation.csv.gz`, byte for byte as before).
 */
export const DetailFormat = z.enum(["parquet", "csv.gz"]);
/** `parquet` or `csv.gz`. */
export type DetailFormat = z.infer<typeof DetailFormat>;

/** The names of a table's columns, in order, as a tuple type. */
export type ColumnNames<T extends readonly DetailColumn[]> = { readonly [K in keyof T]: T[K]["name"] };

/** The column names of a table, in order. */
export function columnNames<const T extends readonly DetailColumn[]>(table: T): ColumnNames<T> {
  return table.map((c) => c.name) as unknown as ColumnNames<T>;
}

/** `orders`: the partition's Centre Point order events (any bit of `analysis.centrePointMask`), input columns. */
export const ORDERS_TABLE = [
  ORDER_ID,
  { name: "timestamp", type: "timestamp_ns", doc: "event time, ns since the Unix epoch (UTC)" },
  SECURITY,
  { name: "price", type: "int64", doc: "limit price, integer ticks (0 for a market order)" },
  SIDE,
  { name: "changereason", type: "int32", doc: "the exchange's change reason code" },
  { name: "orderstatus", type: "int32", doc: "the exchange's order status code" },
  { name: "quantity", type: "int64", doc: "order quantity, shares" },
  { name: "leavesquantity", type: "int64", doc: "quantity left after the event, shares" },
  { name: "ordertype", type: "int32", doc: "1 limit, 2 market, 3 market-to-limit" },
  { name: "exchangeordertype", type: "int32", doc: "the exchange order type bit mask" },
  { name: "national_bid", type: "int64", doc: "national best bid on the row, ticks (0 = none)" },
  { name: "national_offer", type: "int64", doc: "national best offer on the row, ticks (0 = none)" },
  { name: "participantid", type: "int32", doc: "the participant id" },
  { name: "minimumquantity", type: "int64", doc: "minimum execution quantity, shares" },
  { name: "singlefillminimumquantity", type: "int64", doc: "single-fill minimum quantity, shares" },
  { name: "sequence", type: "int64", doc: "the exchange's sequence number" },
  { name: "totalmatchedquantity", type: "int64", doc: "cumulative filled quantity after the event, shares" },
  DATE,
] as const satisfies readonly DetailColumn[];

/** The detail tables by name: the file stem in a job folder (`<name>.parquet` or `<name>.csv.gz`). */
export const DETAIL_TABLES = {
  orders: ORDERS_TABLE,
  classified: CLASSIFIED_TABLE,
  simulation: SIMULATION_TABLE,
} as const;

/** A detail table's name. */
export type DetailTableName = keyof typeof DETAIL_TABLES;

/** The file name of a detail table in a job folder for a format: `simulation.parquet`, `orders.csv.gz`, … */
export function detailFile(table: DetailTableName, format: DetailFormat): string {
  return `${table}.${format}`;
}
