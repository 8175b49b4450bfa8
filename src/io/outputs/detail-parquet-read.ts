/**
 * Reads a job's `simulation.parquet` (detail-parquet.ts) back as {@link SweepRow}s: the same rows,
 * field for field, as the `simulation.csv.gz` of the same job gives through the CSV reader
 * (tests/io/detail-parquet.test.ts), with the same checks (the job's identity, codes, whole
 * non-negative counts, the simulated fields all null or none) and errors naming file, row and column.
 *
 * Our own files are read straight from their bytes (detail-parquet-plain.ts); any other Parquet
 * file — one rewritten by DuckDB, pandas or polars with the same columns — with parquet-wasm
 * (arrow-rs in WebAssembly) and apache-arrow, loaded on first use. Rows are read only when a
 * notebook or the aggregation asks for them; a job never reads its own outputs.
 */
import type * as Arrow from "apache-arrow";
import type * as ParquetWasm from "parquet-wasm";
import { readFile } from "node:fs/promises";
import { readDetailPlain, type PlainValues } from "./detail-parquet-plain.js";
import { DAY_MS, readPlan, sweepRow } from "./detail-parquet-row.js";
import { SIMULATION_TABLE, type DetailColumn } from "../../core/detail-tables/index.js";
import { JobOutputsError, type JobIdentity } from "./job-outputs-rows.js";
import type { SweepRow } from "./sweep-row.js";

let libs: Promise<{ parquet: typeof ParquetWasm; arrow: typeof Arrow }> | undefined;
const load = (): NonNullable<typeof libs> =>
  (libs ??= Promise.all([import("parquet-wasm"), import("apache-arrow")]).then(
    ([parquet, arrow]) => ({ parquet, arrow }),
    (e: unknown) => {
      libs = undefined; // a failed load is tried again by the next file
      throw e;
    },
  ));

/** Whether an Arrow type holds a detail column of type `t` (as our writer or another tool stores it). */
function fits(arrow: typeof Arrow, type: Arrow.DataType, t: DetailColumn["type"]): boolean {
  const { DataType } = arrow;
  if (t === "text") return DataType.isUtf8(type) || DataType.isLargeUtf8(type);
  if (t === "date") return DataType.isDate(type);
  if (t === "float64") return DataType.isFloat(type);
  if (t === "timestamp_ns" && DataType.isTimestamp(type)) return true; // ours: plain INT64
  if (!DataType.isInt(type)) return false;
  if (t === "u64") return type.bitWidth === 64 && !type.isSigned;
  return type.isSigned || type.bitWidth < 64;
}

/** The bytes of a detail file; JobOutputsError `unreadable` (naming the system's code) when it cannot be read. */
export async function fileBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new JobOutputsError(
      "unreadable",
      file,
      0,
      "",
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
}

/**
 * Every sweep row of a job's `simulation.parquet` at `file`, in file order, each checked against
 * `job` (its folder's security, date and decimals). Throws {@link JobOutputsError}: `unreadable`
 * (the file cannot be read), `bad_parquet` (not a readable Parquet file), `missing_column` (a
 * column absent or of another type), `bad_value` (a value out of its column's domain; "line" is
 * the 1-based row), `wrong_job`.
 */
export async function readSweepParquet(
  file: string,
  job: JobIdentity,
  table: readonly DetailColumn[] = SIMULATION_TABLE,
): Promise<SweepRow[]> {
  const bytes = await fileBytes(file);
  const plain = plainGetters(bytes, table);
  const plan = readPlan(table);
  if (plain !== undefined) {
    const rows: SweepRow[] = [];
    for (let i = 0; i < plain.rows; i++) rows.push(sweepRow(file, i + 1, job, plan, (name) => plain.get(name, i)));
    return rows;
  }
  const arrowRead = await arrowColumns(file, bytes, table);
  const rows: SweepRow[] = [];
  for (let i = 0; i < arrowRead.rows; i++)
    rows.push(sweepRow(file, i + 1, job, plan, (name) => arrowRead.get(name, i)));
  return rows;
}

/**
 * The columns of `table` in a Parquet file that is not of our simple form (another tool's rewrite),
 * through parquet-wasm and apache-arrow: the row count and each value by column name and row, in
 * Arrow's conventions (a 64-bit integer a bigint, a date as epoch ms or a Date, null for a null).
 * Throws {@link JobOutputsError} `bad_parquet` (not a readable Parquet file) or `missing_column`
 * (naming every column absent or of another type).
 */
export async function arrowColumns(
  file: string,
  bytes: Uint8Array,
  table: readonly DetailColumn[],
): Promise<{ rows: number; get: (name: string, i: number) => unknown }> {
  const { parquet, arrow } = await load();
  let arrowTable: Arrow.Table;
  try {
    arrowTable = arrow.tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
  } catch (e) {
    throw new JobOutputsError("bad_parquet", file, 0, "", `is not a readable Parquet file (${String(e)})`);
  }
  const cols = new Map<string, (i: number) => unknown>();
  const missing: string[] = [];
  for (const c of table) {
    const v = arrowTable.getChild(c.name);
    if (v === null || !fits(arrow, v.type as Arrow.DataType, c.type)) missing.push(c.name);
    else if (arrow.DataType.isTimestamp(v.type)) cols.set(c.name, timestampNs(v as Arrow.Vector<Arrow.Timestamp>));
    else cols.set(c.name, (i) => v.get(i) as unknown);
  }
  if (missing.length > 0)
    throw new JobOutputsError("missing_column", file, 0, missing.join(", "), "missing or not of its declared type");
  return { rows: arrowTable.numRows, get: (name, i): unknown => (cols.get(name) as (i: number) => unknown)(i) };
}

/**
 * A TIMESTAMP column's values as exact ns since the epoch (bigint; null for a null), from the
 * stored integers scaled by their unit (s, ms, µs or ns): Arrow's own getter gives epoch ms as a
 * JS number, which drops the last digits.
 */
function timestampNs(v: Arrow.Vector<Arrow.Timestamp>): (i: number) => bigint | null {
  const scale = 10n ** BigInt(9 - 3 * v.type.unit); // TimeUnit: SECOND 0, MILLISECOND 1, MICROSECOND 2, NANOSECOND 3
  const values: (bigint | null)[] = [];
  for (const d of v.data) {
    const stored = d.values;
    for (let k = 0; k < d.length; k++) values.push(d.getValid(k) ? (stored[k] as bigint) * scale : null);
  }
  return (i) => values[i] ?? null;
}

/** The physical kind each declared type is written as (detail-pages.ts). */
export const PLAIN_KIND: Record<DetailColumn["type"], PlainValues["kind"]> = {
  u64: "i64",
  timestamp_ns: "i64",
  int64: "i64",
  int32: "i32",
  float64: "f64",
  date: "i32",
  text: "text",
};

const TWO_32 = 4_294_967_296;

/**
 * The simulation table of a file of our own simple form (detail-parquet-plain.ts), as values by
 * column and row in the conventions of the Arrow path (u64 a bigint, whole numbers as numbers while
 * safe, a date as epoch ms, null for a null); undefined when the file is not of that form or a
 * column is not of its declared physical type (then parquet-wasm reads it and reports).
 */
function plainGetters(
  bytes: Uint8Array,
  table: readonly DetailColumn[],
): { rows: number; get: (name: string, i: number) => unknown } | undefined {
  const plain = readDetailPlain(
    bytes,
    table.map((c) => c.name),
  );
  if (plain === undefined) return undefined;
  const getters = new Map<string, (i: number) => unknown>();
  for (const c of table) {
    const v = plain.columns.get(c.name) as PlainValues;
    if (v.kind !== PLAIN_KIND[c.type]) return undefined;
    const present = v.present;
    let get: (i: number) => unknown;
    if (v.kind === "i64") {
      const w = new Int32Array(v.values.buffer, 0, 2 * v.values.length);
      get =
        c.type === "u64"
          ? (i) => BigInt.asUintN(64, v.values[i] as bigint)
          : (i) => {
              const hi = w[2 * i + 1] as number;
              // Exact as a number below 2^53 in magnitude; else the bigint (refused as not safe).
              return hi >= -0x200000 && hi < 0x200000 ? hi * TWO_32 + ((w[2 * i] as number) >>> 0) : v.values[i];
            };
    } else if (v.kind === "i32" && c.type === "date") get = (i) => (v.values[i] as number) * DAY_MS;
    else get = (i) => v.values[i];
    getters.set(c.name, present === undefined ? get : (i) => (present[i] === 1 ? get(i) : null));
  }
  return { rows: plain.rows, get: (name, i) => (getters.get(name) as (i: number) => unknown)(i) };
}
