import { existsSync } from "node:fs";
import { join } from "node:path";
import { compareJobKeys, jobKeyString } from "../config/index.js";
import { DETAIL_TABLES, type DetailColumn, type DetailTableName } from "../core/detail-tables/index.js";
import { FrameError, type DataFrame } from "../frames/index.js";
import { showValue } from "../config/errors.js";
import { checkOptionKeys } from "../frames/option-keys.js";
import { readDetailTable, type DetailCell } from "../io/outputs/detail-table-read.js";
import { briefly } from "./brief-errors.js";
import { missingTable, tooManyRows, unknownTable, type MissingDetailJob } from "./details-errors.js";
import { frameOf, keyColumn, ratioColumn, sumColumn, type ColumnSpec } from "./frame.js";
import { unfinishedJobs, unfinishedReason } from "./run-record.js";
import { FAILED_IN_RUN, NOT_REACHED_IN_RUN } from "./source-run.js";
import {
  keeper,
  notCurrentReason,
  outputDirOf,
  requireJobs,
  readUnchanged,
  runJobDir,
  runJobsOf,
  type JobFilter,
  type OutputSource,
} from "./source.js";

/** The names of the detail tables a job writes: `orders`, `classified`, `simulation`. */
export const DETAIL_TABLE_NAMES = Object.keys(DETAIL_TABLES) as DetailTableName[];

/** A column of a detail table as a frame column: ids, times, dates and texts exact text; integers; numbers. */
function frameColumn(c: DetailColumn): ColumnSpec {
  if (c.type === "int64" || c.type === "int32") return sumColumn(c.name);
  if (c.type === "float64") return ratioColumn(c.name);
  return keyColumn(c.name);
}

/** The most rows {@link details} gives by default (its `maxRows`): about what a kernel holds well as one frame. */
export const DETAIL_MAX_ROWS = 2_000_000;

/**
 * A job's detail table as a DataFrame: the rows of `<table>.parquet` or `<table>.csv.gz` (whichever
 * format the run wrote, `outputs.detailFormat`) of every complete job of the run's outputs that
 * `filter` keeps (only those are read) — given a `RunResult` or `RunConfig`, only that run's jobs
 * still current for its config (see `runJobsOf`: never a job folder another run left, and a job a
 * later run of other settings rewrote or removed is `missing_table`, saying so) — jobs by
 * (security, date), rows in file order, with the file's columns, names and order as REFERENCE.md's detail tables list them. `table` is one of
 * `orders` (the partition's Centre Point order events), `classified` (a sweep's fill group and
 * size band) or `simulation` (a sweep real against simulated). Exact: an id (`order_id`) and a
 * time in ns since the epoch (`timestamp`) are their decimal digits as text, never a JS number;
 * a date is YYYY-MM-DD text; integers (quantities, ticks, micro-AUD, ns of day, codes) are
 * numbers; an absent value (a sweep not simulated, a ratio with no answer) is NaN. `source` is an
 * output folder, a `RunResult` or a `RunConfig`; `filter` as for `sweepRows`. At most
 * `options.maxRows` rows (default 2,000,000): a frame of a year's orders would
 * exhaust the kernel's memory, so more stops with `too_many_rows` saying what to do.
 *
 * Errors (brief unless `setDebug(true)`): `DetailsError` `unknown_table` (naming the tables there
 * are), `missing_table` (listing every chosen job without the file — a failed or unfinished job
 * is never skipped silently — with what to do) or `too_many_rows`; `RunSourceError` `no_run` /
 * `no_finished_job` (none of the chosen jobs finished) / `empty_selection` / `jobs_changed` (a run
 * named whose inputs changed since);
 * `JobOutputsError` naming the file, row and column of a damaged file.
 *
 * @example
 * ```ts
 * const orders = await details(result, "orders", { securities: ["110621"], dates: ["2024-10-03"] });
 * show(orders, { columns: ["order_id", "timestamp", "price", "quantity", "leavesquantity"] });
 * const sweeps = await details("out/", "classified");
 * ```
 */
export function details(
  source: OutputSource,
  table: DetailTableName,
  filter: JobFilter = {},
  options: { maxRows?: number } = {},
): Promise<DataFrame> {
  return briefly(async () => {
    checkOptionKeys("details", options, ["maxRows"]);
    const given: unknown = options.maxRows;
    // Infinity: no limit (as before the option was checked).
    const count = typeof given === "number" && (Number.isInteger(given) || given === Infinity) && given >= 1;
    if (given !== undefined && !count)
      throw new FrameError(
        "bad_argument",
        `details: maxRows must be an integer ≥ 1 (or Infinity: no limit), got ${showValue(given)}`,
      );
    const maxRows = options.maxRows ?? DETAIL_MAX_ROWS;
    if (!Object.hasOwn(DETAIL_TABLES, table)) throw unknownTable(table, DETAIL_TABLE_NAMES);
    const columns: readonly DetailColumn[] = DETAIL_TABLES[table];
    const dir = outputDirOf(source);
    const unfinished = await unfinishedJobs(dir, keeper(filter));
    // A run named (its result or config): its own current jobs only; the others of its matrix are missing.
    const own = await runJobsOf(source, filter);
    // No complete job chosen: requireJobs (a folder) or runJobsOf (a run) says why: no run, none
    // finished, or an empty selection.
    const jobs = own === undefined ? await requireJobs(dir, filter) : own.jobs;
    const notRead = own?.notCurrent ?? new Map([...unfinished].map(([k, j]) => [k, unfinishedReason(j)]));
    const missing: MissingDetailJob[] = [...notRead].map(([key, reason]) => {
      const [securityCode = "", date = ""] = key.split("|");
      // A job of the run changed or removed since: a later run's failure there is not this run's.
      const u = own?.changed.has(key) === true ? undefined : unfinished.get(key);
      const why =
        u !== undefined
          ? unfinishedReason(u)
          : reason === FAILED_IN_RUN || reason === NOT_REACHED_IN_RUN
            ? reason
            : notCurrentReason(reason);
      return { securityCode, date, reason: why };
    });
    const files: { file: string; securityCode: string; date: string }[] = [];
    for (const j of jobs.filter((k) => !notRead.has(jobKeyString(k)))) {
      // A run's job where it was checked (set_aside/ when a later run of another selection moved it).
      const folder =
        own === undefined ? join(dir, "by_security", `SEC_${j.securityCode}`, j.date) : runJobDir(dir, own, j);
      const file = [`${table}.parquet`, `${table}.csv.gz`].map((f) => join(folder, f)).find((f) => existsSync(f));
      if (file === undefined)
        missing.push({ ...j, reason: `no ${table}.parquet or ${table}.csv.gz beside its job.json` });
      else files.push({ file, ...j });
    }
    if (missing.length > 0) throw missingTable(dir, table, missing.sort(compareJobKeys));
    const rows: DetailCell[][] = [];
    // A run named: its jobs' job.json seals are compared with those checked once read (readUnchanged).
    await readUnchanged(dir, own, async () => {
      for (const f of files) {
        for (const row of await readDetailTable(f.file, columns, f)) rows.push(row);
        if (rows.length > maxRows)
          throw tooManyRows(dir, table, maxRows, files.length, f.file.endsWith(".csv.gz") ? "csv.gz" : "parquet");
      }
    });
    // An absent value is "" for the frame: NaN in a number column.
    return frameOf(
      columns.map(frameColumn),
      rows.map((r) => r.map((v) => v ?? "")),
    );
  });
}
