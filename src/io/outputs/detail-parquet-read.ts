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
import { SIMULATION_TABLE, type DetailColumn } from "./detail-tables.js";
import { JobOutputsError, sameJob, wrongJob, type JobIdentity, type SweepRow } from "./job-outputs-rows.js";

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
export async function readSweepParquet(file: string, job: JobIdentity): Promise<SweepRow[]> {
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
  const plain = plainGetters(bytes);
  if (plain !== undefined) {
    const rows: SweepRow[] = [];
    for (let i = 0; i < plain.rows; i++) rows.push(sweepRow(file, i + 1, job, (name) => plain.get(name, i)));
    return rows;
  }
  const { parquet, arrow } = await load();
  let table: Arrow.Table;
  try {
    table = arrow.tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
  } catch (e) {
    throw new JobOutputsError("bad_parquet", file, 0, "", `is not a readable Parquet file (${String(e)})`);
  }
  const cols = new Map<string, Arrow.Vector>();
  const missing: string[] = [];
  for (const c of SIMULATION_TABLE) {
    const v = table.getChild(c.name);
    if (v === null || !fits(arrow, v.type as Arrow.DataType, c.type)) missing.push(c.name);
    else cols.set(c.name, v);
  }
  if (missing.length > 0)
    throw new JobOutputsError("missing_column", file, 0, missing.join(", "), "missing or not of its declared type");
  const get = (name: string, i: number): unknown => (cols.get(name) as Arrow.Vector).get(i);
  const rows: SweepRow[] = [];
  for (let i = 0; i < table.numRows; i++) rows.push(sweepRow(file, i + 1, job, (name) => get(name, i)));
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
function plainGetters(bytes: Uint8Array): { rows: number; get: (name: string, i: number) => unknown } | undefined {
  const plain = readDetailPlain(
    bytes,
    SIMULATION_TABLE.map((c) => c.name),
  );
  if (plain === undefined) return undefined;
  const getters = new Map<string, (i: number) => unknown>();
  for (const c of SIMULATION_TABLE) {
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

const SIM_FIELDS = ["sim_filled", "sim_value_half_ticks", "sim_fills", "compared_qty", "savings_micro_aud"] as const;

/** One row's values (by column name) as a checked SweepRow. */
function sweepRow(file: string, line: number, job: JobIdentity, value: (name: string) => unknown): SweepRow {
  const bad = (name: string, what: string): JobOutputsError =>
    new JobOutputsError("bad_value", file, line, name, `${what}, got ${String(value(name))}`);
  const whole = (name: string, min: number): number => {
    const v = value(name);
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min)
      throw bad(name, min === 0 ? "expected a whole number ≥ 0" : "expected a whole number");
    return n;
  };
  const count = (name: string): number => whole(name, 0);
  const signed = (name: string): number => whole(name, Number.MIN_SAFE_INTEGER);
  const oneOf = <V extends number>(name: string, values: readonly V[]): V => {
    const n = signed(name);
    if (!values.includes(n as V)) throw bad(name, `expected one of ${values.join(", ")}`);
    return n as V;
  };
  const optional = (name: string): number | undefined => {
    const v = value(name);
    if (v === null || (typeof v === "number" && Number.isNaN(v))) return undefined;
    if (typeof v !== "number") throw bad(name, "expected a number or null");
    return v;
  };
  const nulls = SIM_FIELDS.filter((f) => value(f) === null);
  if (nulls.length > 0 && nulls.length < SIM_FIELDS.length)
    throw bad(
      nulls[0] as string,
      `is null while other simulated fields are not: all of ${SIM_FIELDS.join(", ")} are null (not simulated) or none`,
    );
  const simulated = nulls.length === 0;
  const securityCode = value("security_code");
  const date = dateText(value("date"));
  if (typeof securityCode !== "string") throw bad("security_code", "expected text");
  if (date === undefined) throw bad("date", "expected a date");
  const decimals = oneOf("decimals", [0, 1, 2, 3, 4, 5, 6] as const);
  const id = value("order_id");
  if (typeof id !== "bigint") throw bad("order_id", "expected a 64-bit id");
  const sizeBand = value("size_band");
  if (!SIZE_BANDS.includes(sizeBand as (typeof SIZE_BANDS)[number]))
    throw bad("size_band", `expected one of ${SIZE_BANDS.join(", ")}`);
  const row: SweepRow = {
    securityCode,
    date,
    decimals,
    orderId: id,
    participantId: signed("participant_id"),
    side: oneOf("side", [1, 2] as const),
    group: oneOf("group", [1, 2, 3] as const),
    sizeBand: sizeBand as SweepRow["sizeBand"],
    placedNs: count("placed_ns"),
    qty: count("qty"),
    realFilled: count("real_filled"),
    realValueTicks: count("real_value_ticks"),
    realTrades: count("real_trades"),
    costMidpointMicroAud: signed("cost_midpoint_micro_aud"),
    costHalfSpreadMicroAud: signed("cost_half_spread_micro_aud"),
    costImpactMicroAud: signed("cost_impact_micro_aud"),
    simFilled: simulated ? count("sim_filled") : undefined,
    simValueHalfTicks: simulated ? count("sim_value_half_ticks") : undefined,
    simFills: simulated ? count("sim_fills") : undefined,
    comparedQty: simulated ? count("compared_qty") : undefined,
    savingsMicroAud: simulated ? signed("savings_micro_aud") : undefined,
    savingsBps: optional("savings_bps"),
    meanMidHalfTicks: optional("mean_mid_half_ticks"),
  };
  if (!sameJob(row, job)) throw wrongJob(file, line, row, job);
  return row;
}
