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
import { SIZE_BANDS } from "../../core/classify.js";
import { readDetailPlain, type PlainValues } from "./detail-parquet-plain.js";
import { SIMULATION_TABLE, type DetailColumn, type ReadKind } from "./detail-tables.js";
import { JobOutputsError, sameJob, wrongJob, type JobIdentity } from "./job-outputs-rows.js";
import { rowBuilder, type SweepRow } from "./sweep-row.js";

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

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of an Arrow date value (epoch ms as a number, or a Date, depending on the version). */
function dateText(v: unknown): string | undefined {
  const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : undefined;
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
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
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new JobOutputsError(
      "unreadable",
      file,
      0,
      "",
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  const plain = plainGetters(bytes, table);
  const plan = readPlan(table);
  if (plain !== undefined) {
    const rows: SweepRow[] = [];
    for (let i = 0; i < plain.rows; i++) rows.push(sweepRow(file, i + 1, job, plan, (name) => plain.get(name, i)));
    return rows;
  }
  const { parquet, arrow } = await load();
  let arrowTable: Arrow.Table;
  try {
    arrowTable = arrow.tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
  } catch (e) {
    throw new JobOutputsError("bad_parquet", file, 0, "", `is not a readable Parquet file (${String(e)})`);
  }
  const cols = new Map<string, Arrow.Vector>();
  const missing: string[] = [];
  for (const c of table) {
    const v = arrowTable.getChild(c.name);
    if (v === null || !fits(arrow, v.type as Arrow.DataType, c.type)) missing.push(c.name);
    else cols.set(c.name, v);
  }
  if (missing.length > 0)
    throw new JobOutputsError("missing_column", file, 0, missing.join(", "), "missing or not of its declared type");
  const get = (name: string, i: number): unknown => (cols.get(name) as Arrow.Vector).get(i);
  const rows: SweepRow[] = [];
  for (let i = 0; i < arrowTable.numRows; i++) rows.push(sweepRow(file, i + 1, job, plan, (name) => get(name, i)));
  return rows;
}

/** The physical kind each declared type is written as (detail-pages.ts). */
const PLAIN_KIND: Record<DetailColumn["type"], PlainValues["kind"]> = {
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

/** The read columns of a table, by position, planned once per table (never per row). */
interface ReadPlan {
  names: string[];
  kinds: ReadKind[];
  nullable: boolean[];
  /** Names of the `simulated` columns: null all together or not at all. */
  simulated: string[];
  build: (values: readonly unknown[]) => Record<string, unknown>;
}

const plans = new WeakMap<readonly DetailColumn[], ReadPlan>();

/** The {@link ReadPlan} of `table`, made on its first use. */
function readPlan(table: readonly DetailColumn[]): ReadPlan {
  let plan = plans.get(table);
  if (plan !== undefined) return plan;
  const read = table.filter((c) => c.read !== undefined);
  plan = {
    names: read.map((c) => c.name),
    kinds: read.map((c) => c.read!.kind),
    nullable: read.map((c) => c.nullable === true),
    simulated: read.filter((c) => c.simulated === true).map((c) => c.name),
    build: rowBuilder(read.map((c) => c.read!.field)),
  };
  plans.set(table, plan);
  return plan;
}
readPlan(SIMULATION_TABLE); // at module load

/** One row's values (by column name) as a checked SweepRow: each `read` column of the table by its kind. */
function sweepRow(
  file: string,
  line: number,
  job: JobIdentity,
  plan: ReadPlan,
  value: (name: string) => unknown,
): SweepRow {
  const bad = (name: string, what: string): JobOutputsError =>
    new JobOutputsError("bad_value", file, line, name, `${what}, got ${String(value(name))}`);
  const whole = (name: string, min: number): number => {
    const v = value(name);
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min)
      throw bad(name, min === 0 ? "expected a whole number ≥ 0" : "expected a whole number");
    return n;
  };
  const oneOf = (name: string, values: readonly number[]): number => {
    const n = whole(name, Number.MIN_SAFE_INTEGER);
    if (!values.includes(n)) throw bad(name, `expected one of ${values.join(", ")}`);
    return n;
  };
  const { names, kinds, nullable, simulated } = plan;
  const nulls = simulated.filter((f) => value(f) === null);
  if (nulls.length > 0 && nulls.length < simulated.length)
    throw bad(
      nulls[0] as string,
      `is null while other simulated fields are not: all of ${simulated.join(", ")} are null (not simulated) or none`,
    );
  const row: unknown[] = new Array(names.length);
  for (let field = 0; field < names.length; field++) {
    const name = names[field] as string;
    const kind = kinds[field] as ReadKind;
    const v = value(name);
    if (nullable[field] === true && (v === null || (kind === "number" && typeof v === "number" && Number.isNaN(v)))) {
      row[field] = undefined;
      continue;
    }
    switch (kind) {
      case "security":
        if (typeof v !== "string") throw bad(name, "expected text");
        row[field] = v;
        break;
      case "date": {
        const date = dateText(v);
        if (date === undefined) throw bad(name, "expected a date");
        row[field] = date;
        break;
      }
      case "decimals":
        row[field] = oneOf(name, [0, 1, 2, 3, 4, 5, 6]);
        break;
      case "u64":
        if (typeof v !== "bigint") throw bad(name, "expected a 64-bit id");
        row[field] = v;
        break;
      case "count":
        row[field] = whole(name, 0);
        break;
      case "signed":
        row[field] = whole(name, Number.MIN_SAFE_INTEGER);
        break;
      case "side":
        row[field] = oneOf(name, [1, 2]);
        break;
      case "group":
        row[field] = oneOf(name, [1, 2, 3]);
        break;
      case "band":
        if (!SIZE_BANDS.includes(v as (typeof SIZE_BANDS)[number]))
          throw bad(name, `expected one of ${SIZE_BANDS.join(", ")}`);
        row[field] = v;
        break;
      case "number":
        if (typeof v !== "number") throw bad(name, nullable[field] === true ? "expected a number or null" : "expected a number");
        row[field] = v;
        break;
    }
  }
  const r = plan.build(row) as SweepRow;
  if (!sameJob(r, job)) throw wrongJob(file, line, r, job);
  return r;
}
