/**
 * Reads any detail table of a job (`orders`, `classified`, `simulation`; declared in
 * core/detail-tables/) back as rows of exact cells, column for column as declared, from either
 * format a job writes: `<table>.parquet` (our own files straight from their bytes,
 * detail-parquet-plain.ts; another tool's rewrite through parquet-wasm, detail-parquet-read.ts) or
 * `<table>.csv.gz` (gunzip and csv-parse, streamed). The per-sweep `SweepRow` reader
 * (job-outputs-read.ts) stays the fast path of `simulation`; this one serves the notebook's
 * `details`, which shows every column of every table.
 */
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { CsvError, parse } from "csv-parse";
import type { DetailColumn } from "../../core/detail-tables/index.js";
import { readDetailPlain, type PlainValues } from "./detail-parquet-plain.js";
import { arrowColumns, fileBytes, PLAIN_KIND } from "./detail-parquet-read.js";
import { DAY_MS, dateText } from "./detail-parquet-row.js";
import { checkHeader, csvSyntax, JobOutputsError, NUMBER_TEXT } from "./job-outputs-rows.js";

/**
 * One cell of a detail table as read: a `u64` id or a `timestamp_ns` as its exact decimal digits
 * (never a JS number), a `date` as YYYY-MM-DD, `text` as it is, an `int64`/`int32` as a number
 * (the writer holds them to safe integers), a `float64` as a number; null where the column is
 * nullable and the value is absent (an empty CSV field, a Parquet null).
 */
export type DetailCell = string | number | null;

/** The (security, date) a job's rows must carry in the columns declared as the job's values. */
export interface DetailJob {
  securityCode: string;
  date: string;
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const UNSIGNED = /^(0|[1-9]\d*)$/;
const SIGNED = /^-?(0|[1-9]\d*)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SPECIAL = /^(-?Infinity|NaN)$/;

/** Where a value is, to name it in an error: file, 1-based row (line) and column. */
interface At {
  file: string;
  line: number;
}

/** A value as an error message shows it. */
const shown = (v: unknown): string =>
  v instanceof Date ? v.toISOString() : typeof v === "object" && v !== null ? "an object" : String(v);

/** A `bad_value` for column `c` at `at`, saying what was expected and what was there. */
const badValue = (c: DetailColumn, at: At, what: string, got: string): JobOutputsError =>
  new JobOutputsError("bad_value", at.file, at.line, c.name, `${what}, got ${got}`);

/** A whole number (number or bigint) of an integer column as a number: it must be safe (an Int32 for `int32`). */
function wholeNumber(c: DetailColumn, v: unknown, at: At): number {
  const n = typeof v === "bigint" && v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || (c.type === "int32" && (n | 0) !== n))
    throw badValue(c, at, c.type === "int32" ? "expected a 32-bit whole number" : "expected a whole number", shown(v));
  return n;
}

/** A CSV field of column `c` as its cell (see {@link DetailCell}). */
function textCell(c: DetailColumn, text: string, at: At): DetailCell {
  if (text === "" && c.type !== "text") {
    if (c.nullable === true) return null;
    throw badValue(c, at, "expected a value, got an empty field", JSON.stringify(text));
  }
  switch (c.type) {
    case "u64":
      if (!UNSIGNED.test(text) || BigInt(text) > U64_MAX)
        throw badValue(c, at, "expected a 64-bit id", JSON.stringify(text));
      return text;
    case "timestamp_ns":
      if (!SIGNED.test(text) || BigInt(text) < I64_MIN || BigInt(text) > I64_MAX)
        throw badValue(c, at, "expected ns digits", JSON.stringify(text));
      return text;
    case "int64":
    case "int32":
      if (!SIGNED.test(text)) throw badValue(c, at, "expected a whole number", JSON.stringify(text));
      return wholeNumber(c, Number(text), at);
    case "float64":
      if (!NUMBER_TEXT.test(text) && !SPECIAL.test(text))
        throw badValue(c, at, "expected a decimal number", JSON.stringify(text));
      return Number(text);
    case "date":
      if (!DATE.test(text)) throw badValue(c, at, "expected a YYYY-MM-DD date", JSON.stringify(text));
      return text;
    case "text":
      return text;
  }
}

/** A Parquet value of column `c` (bigint, number, text, epoch ms or Date, null) as its cell. */
function valueCell(c: DetailColumn, v: unknown, at: At): DetailCell {
  if (v === null || v === undefined) {
    if (c.nullable === true) return null;
    throw badValue(c, at, "expected a value, got null", shown(v));
  }
  switch (c.type) {
    case "u64":
    case "timestamp_ns": {
      // Our files hold both as INT64 (read as a signed bigint); an id is its unsigned 64 bits.
      const big = typeof v === "bigint" ? v : typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : undefined;
      if (big === undefined)
        throw badValue(c, at, c.type === "u64" ? "expected a 64-bit id" : "expected ns as a 64-bit integer", shown(v));
      return (c.type === "u64" ? BigInt.asUintN(64, big) : big).toString();
    }
    case "int64":
    case "int32":
      return wholeNumber(c, v, at);
    case "float64":
      if (typeof v !== "number") throw badValue(c, at, "expected a number", shown(v));
      return v;
    case "date": {
      const d = dateText(v);
      if (d === undefined) throw badValue(c, at, "expected a date", shown(v));
      return d;
    }
    case "text":
      if (typeof v !== "string") throw badValue(c, at, "expected text", shown(v));
      return v;
  }
}

/** A Parquet file's row count and a value getter per column (by name). */
interface ParquetColumns {
  rows: number;
  column: (name: string) => (i: number) => unknown;
}

/**
 * The value getter of each column of an own-form Parquet file (PLAIN pages), in the conventions of
 * the Arrow path (a 64-bit integer a bigint, a date as epoch ms, null for a null); undefined when
 * the file is not of that form or a column not of its declared physical type.
 */
function plainColumns(bytes: Uint8Array, table: readonly DetailColumn[]): ParquetColumns | undefined {
  const plain = readDetailPlain(
    bytes,
    table.map((c) => c.name),
  );
  if (plain === undefined) return undefined;
  for (const c of table) if ((plain.columns.get(c.name) as PlainValues).kind !== PLAIN_KIND[c.type]) return undefined;
  const getters = new Map<string, (i: number) => unknown>();
  for (const c of table) {
    const v = plain.columns.get(c.name) as PlainValues;
    const values = v.values;
    // A DATE is days since the epoch; Arrow's convention (and dateText's) is epoch ms.
    const get = c.type === "date" ? (i: number) => (values[i] as number) * DAY_MS : (i: number) => values[i];
    const present = v.present;
    getters.set(c.name, present === undefined ? get : (i) => (present[i] === 0 ? null : get(i)));
  }
  return { rows: plain.rows, column: (name) => getters.get(name) as (i: number) => unknown };
}

/** Throws `wrong_job` when a column holding the job's security or date disagrees with its folder. */
function checkJob(file: string, line: number, table: readonly DetailColumn[], row: DetailCell[], job: DetailJob): void {
  table.forEach((c, k) => {
    const from = c.value !== undefined && "job" in c.value ? c.value.job : undefined;
    const want = from === "securityCode" ? job.securityCode : from === "date" ? job.date : undefined;
    if (want !== undefined && row[k] !== want)
      throw new JobOutputsError("wrong_job", file, line, c.name, `holds ${String(row[k])}; its folder is ${want}`);
  });
}

async function readParquetRows(file: string, table: readonly DetailColumn[], job?: DetailJob): Promise<DetailCell[][]> {
  const bytes = await fileBytes(file);
  let cols: ParquetColumns | undefined = plainColumns(bytes, table);
  if (cols === undefined) {
    const arrow = await arrowColumns(file, bytes, table);
    cols = { rows: arrow.rows, column: (name) => (i) => arrow.get(name, i) };
  }
  const n = table.length;
  // One getter per column, looked up once (not per cell).
  const { rows: count, column } = cols;
  const getters = table.map((c) => column(c.name));
  const rows: DetailCell[][] = new Array<DetailCell[]>(count);
  const at: At = { file, line: 0 };
  for (let i = 0; i < count; i++) {
    at.line = i + 1;
    const row = new Array<DetailCell>(n);
    for (let k = 0; k < n; k++)
      row[k] = valueCell(table[k] as DetailColumn, (getters[k] as (i: number) => unknown)(i), at);
    if (job !== undefined) checkJob(file, i + 1, table, row, job);
    rows[i] = row;
  }
  return rows;
}

async function readCsvGzRows(file: string, table: readonly DetailColumn[], job?: DetailJob): Promise<DetailCell[][]> {
  const rows: DetailCell[][] = [];
  const names = table.map((c) => c.name);
  let header: string[] | undefined;
  let order: number[] = [];
  let own: { error: unknown } | undefined;
  const take = (fields: string[], line: number): void => {
    if (header === undefined) {
      header = fields;
      checkHeader(file, header, names);
      order = names.map((n) => (header as string[]).indexOf(n));
      return;
    }
    const at: At = { file, line };
    const row = table.map((c, k) => textCell(c, fields[order[k] as number] as string, at));
    if (job !== undefined) checkJob(file, line, table, row, job);
    rows.push(row);
  };
  try {
    await pipeline(
      createReadStream(file),
      createGunzip(),
      parse({ info: true, skip_empty_lines: true }),
      async (records: AsyncIterable<{ record: string[]; info: { lines: number } }>) => {
        for await (const { record, info } of records) {
          try {
            take(record, info.lines);
          } catch (e) {
            own = { error: e };
            throw e;
          }
        }
      },
    );
  } catch (e) {
    if (own !== undefined) throw own.error;
    if (e instanceof JobOutputsError) throw e;
    if (e instanceof CsvError) throw csvSyntax(file, e);
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (code.startsWith("Z_"))
      throw new JobOutputsError("truncated_gzip", file, 0, "", `is not a complete gzip stream (${String(e)})`);
    throw new JobOutputsError("unreadable", file, 0, "", `cannot be read (${code === "" ? String(e) : code})`);
  }
  if (header === undefined) throw new JobOutputsError("empty_file", file, 0, "", "is empty: expected a header line");
  return rows;
}

/**
 * Every row of a detail table's file — `<table>.parquet` or `<table>.csv.gz`, by its name — as
 * cells in the order of `table`'s columns (see {@link DetailCell}), rows in file order; with
 * `job`, each row's security and date checked against it. Throws {@link JobOutputsError} naming
 * file, row (1-based; the CSV's line) and column: `unreadable`, `bad_parquet`, `truncated_gzip`,
 * `empty_file`, `missing_column`, `csv_syntax`, `bad_value` (a value out of its column's type, or
 * null where it may not be), `wrong_job`.
 */
export function readDetailTable(
  file: string,
  table: readonly DetailColumn[],
  job?: DetailJob,
): Promise<DetailCell[][]> {
  return file.endsWith(".parquet") ? readParquetRows(file, table, job) : readCsvGzRows(file, table, job);
}
