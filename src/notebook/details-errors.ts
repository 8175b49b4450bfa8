import { resolve } from "node:path";
import { SweeplabError } from "../model/errors.js";
import { FAILED_IN_RUN, NOT_REACHED_IN_RUN } from "./source-run.js";

/**
 * Why `details` cannot give a detail table: `unknown_table` (the name is not one of the tables a
 * job writes; the message lists them) or `missing_table` (some jobs the filter keeps have no such
 * file, e.g. failed or unfinished jobs; the message and `jobs` list them) or `too_many_rows` (the
 * chosen jobs hold more rows than `maxRows`: a frame that size could exhaust the kernel's memory).
 */
export type DetailsErrorCode = "unknown_table" | "missing_table" | "too_many_rows";

/** A job the filter keeps whose detail table is not there, and why (`failed: job_threw …`, `no job.json …`). */
export interface MissingDetailJob {
  securityCode: string;
  /** YYYY-MM-DD. */
  date: string;
  reason: string;
}

/** `details` was asked for a table that does not exist, or that some of the chosen jobs lack. */
export class DetailsError extends SweeplabError {
  override readonly name = "DetailsError";
  constructor(
    readonly code: DetailsErrorCode,
    message: string,
    /** For `missing_table`: every job lacking the table (none for `unknown_table`). */
    readonly jobs: readonly MissingDetailJob[] = [],
  ) {
    super(message);
  }
}

/** `unknown_table`: "<name>" is not a detail table, naming the tables there are. */
export function unknownTable(name: unknown, tables: readonly string[]): DetailsError {
  const given = typeof name === "string" ? `"${name}"` : String(name);
  return new DetailsError(
    "unknown_table",
    `details: ${given} is not a detail table; a job writes ${tables.join(", ")} (e.g. details(result, "${tables[0] ?? ""}"))`,
  );
}

/** Up to 10 jobs as `SEC|date (reason)`, then "… (N in all)". */
function list(jobs: readonly MissingDetailJob[]): string {
  const shown = jobs.slice(0, 10).map((j) => `${j.securityCode}|${j.date} (${j.reason})`);
  return jobs.length <= 10 ? shown.join(", ") : `${shown.join(", ")}, … (${jobs.length} in all)`;
}

/** `missing_table`: the jobs of `outputDir` that lack `table`, and what to do. */
export function missingTable(outputDir: string, table: string, jobs: readonly MissingDetailJob[]): DetailsError {
  const n = jobs.length;
  return new DetailsError(
    "missing_table",
    `${resolve(outputDir)}: ${n} job${n === 1 ? " has" : "s have"} no ${table} table: ${list(jobs)}; ` +
      (jobs.every((j) => j.reason === FAILED_IN_RUN || j.reason === NOT_REACHED_IN_RUN)
        ? // Their tables are there, another run's: a rerun would not make them this run's.
          `their tables are another run's: read that run's result, or the folder as it is (details(outputDir, "${table}")), ` +
          "or leave them out with the filter ({ securities, dates })"
        : "rerun them (run(config, {}, { retryFailed: true })) or leave them out with the filter ({ securities, dates })"),
    jobs,
  );
}

/**
 * `too_many_rows`: the chosen jobs of `outputDir` hold over `maxRows` rows of `table`, and what to do;
 * the DuckDB query it suggests reads the jobs' files as written (`format`: Parquet, or the CSV.gz of
 * `outputs.detailFormat: csv.gz`).
 */
export function tooManyRows(
  outputDir: string,
  table: string,
  maxRows: number,
  jobs: number,
  format: "parquet" | "csv.gz" = "parquet",
): DetailsError {
  const where = resolve(outputDir);
  const reader = format === "parquet" ? "read_parquet" : "read_csv";
  return new DetailsError(
    "too_many_rows",
    `details: the ${jobs} job${jobs === 1 ? "" : "s"} chosen hold over ${maxRows.toLocaleString("en-US")} ${table} rows ` +
      "(more than a notebook's memory holds well as one frame): choose fewer with the filter ({ securities, dates }), " +
      `or raise the limit ({ maxRows: n }); for the whole table, DuckDB: ${reader}('${where}/by_security/*/*/${table}.${format}')`,
  );
}
