/**
 * How a job writes its detail tables (`outputs.detailFormat`), their file names, and their CSV
 * headers' derivation. The tables themselves (`orders`, `classified`, `simulation`: each column's
 * name, type, meaning and value) are declared once in core/detail-tables/; the CSV headers
 * (`JOB_ORDER_COLUMNS`, `CLASSIFIED_COLUMNS`, `SIMULATION_COLUMNS` in job-outputs.ts), the Parquet
 * schemas and both writers (orders-csv.ts, job-csv.ts, detail-parquet.ts) derive from them, so the
 * two formats cannot disagree on a name or an order. The metrics file (`metrics.csv`, 9 rows of
 * sums) is not a detail table and stays CSV.
 */
import { z } from "zod";
import type { DetailColumn, DetailTableName } from "../../core/detail-tables/index.js";

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

/** The column names of a table, in order: its CSV header and its Parquet schema's names. */
export function columnNames<const T extends readonly DetailColumn[]>(table: T): ColumnNames<T> {
  return table.map((c) => c.name) as unknown as ColumnNames<T>;
}

/** The file name of a detail table in a job folder for a format: `simulation.parquet`, `orders.csv.gz`, … */
export function detailFile(table: DetailTableName, format: DetailFormat): string {
  return `${table}.${format}`;
}
