/**
 * The per-job detail tables (`orders`, `classified`, `simulation`), declared once: for each column
 * its name, type and meaning, where its value comes from (`value`: the job's result for the per-sweep
 * tables, the job's partition for `orders`) and, for the per-sweep `simulation` table, the field it
 * is read back into (`read`). From these lists derive the CSV headers, the Parquet schemas, the CSV
 * and Parquet writers (io/outputs/job-csv.ts, orders-csv.ts, detail-parquet.ts), the zod row schema
 * (io/outputs/sweep-row.ts), the fast CSV line parser's plan, the Parquet reader and the
 * {@link SweepRow} type. Adding a column is one entry in its table (CONTRIBUTING.md "Adding a column").
 *
 * Declared in core (pure data, no runtime import) so that src/aggregate, which may not import io,
 * takes its `SweepRow` from here too; io only derives writers and readers from it (the format
 * switch, `outputs.detailFormat`, is io/outputs/detail-format.ts).
 */
import type { DetailColumn } from "../detail-column.js";
import { ORDERS_TABLE } from "./orders.js";
import { CLASSIFIED_TABLE, SIMULATION_TABLE } from "./sweeps.js";

export type {
  DetailColumn,
  DetailType,
  JobSource,
  OrderArrayKey,
  OrderDetailColumn,
  OrderSource,
  ReadKind,
  ReadTypes,
  RowOf,
  SweepArrayKey,
  SweepDetailColumn,
  SweepSource,
} from "../detail-column.js";
export { ORDERS_TABLE } from "./orders.js";
export { orderColumnArray, type OrderColumnArray } from "./order-arrays.js";
export { CLASSIFIED_TABLE, SIMULATION_TABLE, type SweepRow } from "./sweeps.js";

/** The detail tables by name: the file stem in a job folder (`<name>.parquet` or `<name>.csv.gz`). */
export const DETAIL_TABLES = {
  orders: ORDERS_TABLE,
  classified: CLASSIFIED_TABLE,
  simulation: SIMULATION_TABLE,
} as const satisfies Record<string, readonly DetailColumn[]>;

/** A detail table's name. */
export type DetailTableName = keyof typeof DETAIL_TABLES;
