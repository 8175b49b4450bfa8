/**
 * Reads any detail table of a job (`orders`, `classified`, `simulation`; declared in
 * core/detail-tables/) back as rows of exact cells, column for column as declared, from either
 * format a job writes: `<table>.parquet` (our own files straight from their bytes,
 * detail-parquet-plain.ts; another tool's rewrite through parquet-wasm, detail-parquet-read.ts) or
 * `<table>.csv.gz` (gunzip and csv-parse, streamed). The per-sweep `SweepRow` reader
 * (job-outputs-read.ts) stays the fast path of `simulation`; this one serves the notebook's
 * `details`, which shows every column of every table. The cells: detail-cells.ts.
 */
import { parse } from "csv-parse";
import type { DetailColumn } from "../../core/detail-tables/index.js";
import { textCell, valueCell, type At, type DetailCell } from "./detail-cells.js";
import { readDetailPlain, type PlainValues } from "./detail-parquet-plain.js";
import { arrowColumns, fileBytes, PLAIN_KIND } from "./detail-parquet-read.js";
import { DAY_MS } from "./detail-parquet-row.js";
import { eachGunzipped } from "./gunzip-read.js";
import { checkHeader, JobOutputsError } from "./job-outputs-rows.js";

export type { DetailCell } from "./detail-cells.js";

/** The (security, date) a job's rows must carry in the columns declared as the job's values. */
export interface DetailJob {
  securityCode: string;
  date: string;
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
  const parser = parse({ info: true, skip_empty_lines: true });
  await eachGunzipped<{ record: string[]; info: { lines: number } }>(
    file,
    ({ record, info }) => take(record, info.lines),
    parser,
  );
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
