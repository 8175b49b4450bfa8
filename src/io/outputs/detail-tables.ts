/**
 * The per-job detail tables (`orders`, `classified`, `simulation`), declared once: each column's
 * name, type and meaning. The CSV headers (`JOB_ORDER_COLUMNS`, `CLASSIFIED_COLUMNS`,
 * `SIMULATION_COLUMNS` in job-outputs.ts) and the Parquet schemas (detail-parquet.ts) both derive
 * from these lists, so the two formats cannot disagree on a name or an order. The metrics file
 * (`metrics.csv`, 9 rows of sums) is not a detail table and stays CSV.
 */
import { z } from "zod";

/**
 * How a job writes its detail tables (`outputs.detailFormat` of the run config): `parquet` (the
 * default; `orders.parquet`, `classified.parquet`, `simulation.parquet`) or `csv.gz` (the seed's
 * layout: `orders.csv.gz`, `classified.csv.gz`, `simulation.csv.gz`, byte for byte as before).
 */
export const DetailFormat = z.enum(["parquet", "csv.gz"]);
/** `parquet` or `csv.gz`. */
export type DetailFormat = z.infer<typeof DetailFormat>;

/**
 * A detail column's type, and how it is stored in Parquet:
 * - `u64`: an id, INT64 annotated UINT_64 (exact; bigint in JS, UBIGINT in DuckDB, uint64 in pandas);
 * - `timestamp_ns`: ns since the Unix epoch (UTC), plain INT64 (exact; see detail-pages.ts for why
 *   not TIMESTAMP(NANOS, UTC));
 * - `int64`: a whole number (quantities, ticks, micro-AUD, ns of day), INT64;
 * - `int32`: a small whole number (codes, side, group, participant id, decimals), INT32;
 * - `float64`: a ratio or mean, DOUBLE;
 * - `date`: the Sydney trading date, INT32 annotated DATE (days since 1970-01-01);
 * - `text`: UTF-8 text, BYTE_ARRAY annotated UTF8.
 * In CSV each is the text the seed wrote (the date as YYYY-MM-DD, a timestamp as its ns digits).
 */
export type DetailType = "u64" | "timestamp_ns" | "int64" | "int32" | "float64" | "date" | "text";

/** One column of a detail table. */
export interface DetailColumn {
  /** The CSV header and Parquet column name. */
  name: string;
  type: DetailType;
  /** Null in Parquet (an empty field in CSV) where the value does not exist; else never null. */
  nullable?: boolean;
  /** What the value is, with its unit. */
  doc: string;
}

/** The names of a table's columns, in order, as a tuple type. */
export type ColumnNames<T extends readonly DetailColumn[]> = { readonly [K in keyof T]: T[K]["name"] };

/** The column names of a table, in order. */
export function columnNames<const T extends readonly DetailColumn[]>(table: T): ColumnNames<T> {
  return table.map((c) => c.name) as unknown as ColumnNames<T>;
}

const SECURITY = { name: "security_code", type: "text", doc: "the security code of the job" } as const;
const DATE = { name: "date", type: "date", doc: "the Sydney trading date of the job" } as const;
const ORDER_ID = { name: "order_id", type: "u64", doc: "the order id (exact 64-bit)" } as const;
const SIDE = { name: "side", type: "int32", doc: "1 buy, 2 sell" } as const;
const GROUP = { name: "group", type: "int32", doc: "fill group: 1 fully, 2 partially, 3 not filled" } as const;
const BAND = { name: "size_band", type: "text", doc: "Small, Medium or Large (analysis.sizeBands)" } as const;
const QTY = { name: "qty", type: "int64", doc: "the order's quantity, shares" } as const;
const PLACED_TIME = { name: "placed_time", type: "text", doc: "placement time, Sydney local HH:MM:SS.mmm" } as const;

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

/** `classified`: one row per sweep order with its fill group and size band. */
export const CLASSIFIED_TABLE = [
  SECURITY,
  DATE,
  ORDER_ID,
  { name: "participant_id", type: "int32", doc: "the participant id" },
  SIDE,
  GROUP,
  { name: "group_name", type: "text", doc: "Fully filled, Partially filled or Unfilled" },
  BAND,
  QTY,
  PLACED_TIME,
] as const satisfies readonly DetailColumn[];

const SIM = "; null (empty in CSV) when the sweep was not simulated (a final-state job)";

/** `simulation`: one row per sweep order, real against simulated (units as in `SweepMetrics`). */
export const SIMULATION_TABLE = [
  SECURITY,
  DATE,
  { name: "decimals", type: "int32", doc: "price decimals of the security: AUD = ticks / 10^decimals" },
  ORDER_ID,
  { name: "participant_id", type: "int32", doc: "the participant id" },
  SIDE,
  GROUP,
  BAND,
  QTY,
  { name: "placed_ns", type: "int64", doc: "placement time, ns since Sydney local midnight (a time of day)" },
  PLACED_TIME,
  { name: "real_filled", type: "int64", doc: "real filled quantity, shares" },
  { name: "real_value_ticks", type: "int64", doc: "real filled value Σ price·qty, ticks" },
  { name: "real_trades", type: "int32", doc: "real trade legs" },
  { name: "sim_filled", type: "int64", nullable: true, doc: `simulated filled quantity, shares${SIM}` },
  { name: "sim_value_half_ticks", type: "int64", nullable: true, doc: `simulated value, half ticks${SIM}` },
  { name: "sim_fills", type: "int32", nullable: true, doc: `simulated fills${SIM}` },
  { name: "compared_qty", type: "int64", nullable: true, doc: `min(real, simulated filled), shares${SIM}` },
  {
    name: "savings_micro_aud",
    type: "int64",
    nullable: true,
    doc: `side-signed saving of the simulation, whole micro-AUD${SIM}`,
  },
  { name: "savings_bps", type: "float64", nullable: true, doc: "saving in basis points; null when nothing compared" },
  {
    name: "mean_mid_half_ticks",
    type: "float64",
    nullable: true,
    doc: "time-weighted mean NBBO midpoint, half ticks; null when there was none",
  },
  {
    name: "cost_midpoint_micro_aud",
    type: "int64",
    doc: "side-signed cost of the real fill against the mean midpoint, whole micro-AUD (0 without fill or midpoint)",
  },
  { name: "cost_half_spread_micro_aud", type: "int64", doc: "half of the midpoint cost, whole micro-AUD" },
  {
    name: "cost_impact_micro_aud",
    type: "int64",
    doc: "side-signed cost against mid ± analysis.impactTicks price steps, whole micro-AUD",
  },
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
