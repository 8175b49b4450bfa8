/**
 * What a detail table's column declares (the tables are in core/detail-tables/): its type, where
 * its value comes from (the job, a per-sweep array or a partition's order column), how it is read
 * back, and the row type a table's read columns give. Types only.
 */
import type { OrderEvents } from "../model/partition.js";
import type { FillGroup, SIZE_BANDS } from "./classify.js";
import type { SweepMetrics } from "./metrics.js";

/**
 * A detail column's type, and how it is stored in Parquet:
 * - `u64`: an id, INT64 annotated UINT_64 (exact; bigint in JS, UBIGINT in DuckDB, uint64 in pandas);
 * - `timestamp_ns`: ns since the Unix epoch (UTC), plain INT64 (exact; see io/outputs/detail-pages.ts
 *   for why not TIMESTAMP(NANOS, UTC));
 * - `int64`: a whole number (quantities, ticks, micro-AUD, ns of day), INT64;
 * - `int32`: a small whole number (codes, side, group, participant id, decimals), INT32;
 * - `float64`: a ratio or mean, DOUBLE;
 * - `date`: the Sydney trading date, INT32 annotated DATE (days since 1970-01-01);
 * - `text`: UTF-8 text, BYTE_ARRAY annotated UTF8.
 * In CSV each is the text the seed wrote (the date as YYYY-MM-DD, a timestamp as its ns digits).
 */
export type DetailType = "u64" | "timestamp_ns" | "int64" | "int32" | "float64" | "date" | "text";

/** A per-sweep array of the job's {@link SweepMetrics}. */
export type SweepArrayKey = Exclude<keyof SweepMetrics, "length">;

/** A value of the job, the same on every row of its tables: `JobResult`'s field of that name. */
export type JobSource = { job: "securityCode" | "date" | "decimals" };

/**
 * Where a per-sweep column's value comes from: a value of the job (`job`, the same on every row),
 * or sweep `i`'s entry of an array of `JobResult.sweeps` (`sweep`), written as its number (id,
 * count, ratio: by the column's type) or, with `as`, as text: `clock` (ns of day as HH:MM:SS.mmm),
 * `band` (the size band's name), `groupName` (the fill group's name).
 */
export type SweepSource = JobSource | { sweep: SweepArrayKey; as?: "clock" | "band" | "groupName" };

/** An order-event column of a job's partition ({@link OrderEvents}, declared in model/tables/orders.ts). */
export type OrderArrayKey = Exclude<keyof OrderEvents, "length" | "tNs">;

/**
 * Where a column of the per-order `orders` table comes from: a value of the job (`job`), or row
 * `i`'s entry of a partition's order column (`order`), written as it is (a 64-bit id or time as its
 * exact digits, any other as its number).
 */
export type OrderSource = JobSource | { order: OrderArrayKey };

/**
 * How a column's text (CSV) or value (Parquet) is read back into its row field: `security`, `date`
 * and `decimals` must be the job's; `u64` an exact id (bigint); `count` a whole number ≥ 0;
 * `signed` a whole number; `side` 1 | 2; `group` 1 | 2 | 3; `band` a size band's name; `number`
 * any decimal number.
 */
export type ReadKind =
  "security" | "date" | "decimals" | "u64" | "count" | "signed" | "side" | "group" | "band" | "number";

/** The TypeScript type of a field read as each {@link ReadKind}. */
export interface ReadTypes {
  security: string;
  date: string;
  decimals: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  u64: bigint;
  count: number;
  signed: number;
  side: 1 | 2;
  group: FillGroup;
  band: (typeof SIZE_BANDS)[number];
  number: number;
}

/** One column of a detail table. */
export interface DetailColumn {
  /** The CSV header and Parquet column name. */
  name: string;
  type: DetailType;
  /** Null in Parquet (an empty field in CSV) where the value does not exist; else never null. */
  nullable?: boolean;
  /**
   * Null (empty) exactly when the sweep was not simulated (`SweepMetrics.simulated` 0): such
   * columns are null all together or not at all (the readers refuse a row with some of them null).
   */
  simulated?: boolean;
  /** What the value is, with its unit. */
  doc: string;
  /** Where the value comes from: the job's result (a per-sweep table) or its partition (`orders`). */
  value?: SweepSource | OrderSource;
  /** The row field it is read back into (camelCase of `name`) and how; absent: not read back. */
  read?: { field: string; kind: ReadKind };
}

/** A column of a per-sweep table (`classified`, `simulation`): its value from the job's result. */
export interface SweepDetailColumn extends DetailColumn {
  value: SweepSource;
}

/** A column of the per-order `orders` table: its value from the job's partition. */
export interface OrderDetailColumn extends DetailColumn {
  value: OrderSource;
}

/** The row a table's `read` columns give: field → type (undefined too where nullable). */
export type RowOf<T extends readonly DetailColumn[]> = {
  -readonly [C in T[number] as C extends { read: { field: infer F extends string } } ? F : never]: C extends {
    read: { kind: infer K extends ReadKind };
  }
    ? ReadTypes[K] | (C extends { nullable: true } ? undefined : never)
    : never;
};
