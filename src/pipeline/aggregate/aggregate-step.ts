import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { DataFrame } from "../../frames/index.js";
import { jobKeyString, type JobKey, type RunConfig } from "../../config/index.js";
import { writeFilesAtomic } from "../../io/atomic.js";
import { removeTempFiles } from "../../io/store/index.js";
import { forEachRecordedJob } from "../../io/outputs/job-sums-read.js";
import { jobDir } from "../../io/outputs/job-outputs.js";
import { loadReferenceData } from "../../io/inputs/reference.js";
import type { Participant } from "../../model/reference.js";
import { emptySelectionError, incompleteError, shardsHolding } from "./aggregate-errors.js";
import { configJobsOfFound, type ConfigJobs } from "./config-jobs.js";
import { settleAggregated } from "./aggregate-settle.js";
import { foundConfig } from "../found-config.js";
import { acquireRunLock, withLock } from "../lock.js";
import { assertNoJobShards } from "../store-busy.js";
import { recordedSession } from "../manifest.js";
import type { Aggregator } from "../../aggregate/aggregate.js";
import { tableToCsv, type AnyTableName, type Table } from "../../aggregate/table.js";
import { addRecordedJob, aggregatedTables, CheckedJobs, newAggregator } from "./checked-jobs.js";
import type { OnCurrent } from "../jobs/job-check.js";

/** The folder of the aggregated tables. */
export function aggregatedDir(outputDir: string): string {
  return join(outputDir, "aggregated");
}

/**
 * Merges into `aggregator` the complete jobs on disk (restricted to `only` when given), from the
 * sums and data-quality blocks their job.json records hold, job by job: no detail file
 * (metrics.csv, simulation.csv.gz, …) is opened, and memory holds the sums per output group, so it
 * does not grow with the number of sweeps. Throws `JobOutputsError` as {@link aggregateJobs}.
 */
export async function addRecordedJobs(
  aggregator: Aggregator,
  outputDir: string,
  only: readonly JobKey[] | undefined,
  concurrency?: number,
  dirs?: ReadonlyMap<string, string>,
): Promise<void> {
  const keep = only === undefined ? undefined : new Set(only.map(jobKeyString));
  // The folders of `only` where `dirs` names them (a run's jobs read from set_aside/).
  const at =
    only === undefined || dirs === undefined
      ? undefined
      : only.map((k) => ({ ...k, dir: dirs.get(jobKeyString(k)) ?? jobDir(outputDir, k.securityCode, k.date) }));
  await forEachRecordedJob(outputDir, (job) => addRecordedJob(aggregator, job), {
    ...(keep === undefined
      ? {}
      : { only: (securityCode: string, date: string) => keep.has(jobKeyString({ securityCode, date })) }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(at === undefined ? {} : { at }),
  });
}

/** The tables of the jobs on disk ({@link addRecordedJobs}), in the order they are written. */
async function aggregateOutputs(
  outputDir: string,
  only: readonly JobKey[] | undefined,
  options: AggregateJobsOptions,
): Promise<Table[]> {
  const aggregator = newAggregator(options);
  await addRecordedJobs(aggregator, outputDir, only, options.concurrency, options.dirs);
  return aggregatedTables(aggregator);
}

/**
 * Writes each table as `<outputDir>/aggregated/<table>.csv` and returns the paths: every table to a
 * temporary file first, then each renamed into place, so a full disk leaves the old tables as they
 * were, never some of each. Errors: file system errors.
 */
export async function writeAggregatedTables(outputDir: string, tables: readonly Table[]): Promise<string[]> {
  const dir = aggregatedDir(outputDir);
  const files = tables.map((t) => ({ path: join(dir, `${t.name}.csv`), data: tableToCsv(t) }));
  // Every table written before any replaces the old one: a full disk leaves the old tables whole.
  await writeFilesAtomic(files);
  return files.map((f) => f.path);
}

/** Options of {@link aggregateJobs}. */
export interface AggregateJobsOptions {
  /** job.json files read at the same time (default 4); the tables do not depend on it. */
  concurrency?: number;
  /**
   * Participant names and types by id (`loadParticipants` of the participants file): `by_participant`
   * gets them in its `participant_name` and `participant_type` columns (default none: "").
   */
  participants?: ReadonlyMap<number, Pick<Participant, "name" | "type">>;
  /**
   * The `time_of_day` window (default the config's `analysis.session` when there is a config, else
   * 10:00–16:00); a bound with seconds widens its bucket to the minute, its label stating the bound.
   */
  session?: { start: string; end: string };
  /** The folder of each job of `only` that is not in by_security/ (`SEC|date` → folder: a run's job in set_aside/). */
  dirs?: ReadonlyMap<string, string>;
}

/**
 * Aggregates the job folders of `only` (every complete job folder when omitted) into
 * `<outputDir>/aggregated/<table>.csv`, each written atomically, WITHOUT checking that they are
 * current: the caller has (the run's aggregate step passes the jobs it proved current; use
 * {@link aggregateRun} otherwise). Built only from the additive sums in the jobs' job.json records
 * (never a detail file), so N shards aggregated equal one whole run; job by job, so peak memory
 * does not grow with the number of sweeps. Options: {@link AggregateJobsOptions}. Throws
 * `JobOutputsError` on a job.json without a valid record (`bad_value`) or that cannot be read.
 */
export async function aggregateJobs(
  outputDir: string,
  only?: readonly JobKey[],
  options: AggregateJobsOptions = {},
): Promise<string[]> {
  return writeAggregatedTables(outputDir, await aggregateOutputs(outputDir, only, options));
}

/**
 * Options of {@link aggregateRun} and {@link loadAggregateFrames}. Participant names come from
 * `participants`, else from the config's `reference.participants` file.
 */
export interface AggregateOptions extends AggregateJobsOptions {
  /** Only these jobs of the config's job matrix (default: the whole matrix). */
  only?: readonly JobKey[];
  /** Aggregate the current jobs even when some of the matrix are not current, or the matrix is empty. */
  allowPartial?: boolean;
  /** Test hook: the toolkit version the records must hold (default TOOLKIT_VERSION). */
  toolkitVersion?: string;
}

/**
 * The jobs of a config's job matrix (over the partitions in its store, restricted to `only`) whose
 * job.json records are current for the config: a record of this format, same partition, analysis
 * config, reference values and toolkit version. The detail files are not read nor hashed:
 * aggregation uses the records' sums only (a rerun checks them). Throws {@link AggregateRefusedError}
 * (`aggregate_empty` when the matrix is empty, `aggregate_incomplete` naming the jobs that are not
 * current) unless `allowPartial`; then it returns the current ones only. Throws it with
 * `aggregate_stale_store`, `allowPartial` or not, when the store does not hold the inputs as they are
 * now (see assertStoreCurrent).
 */
export async function currentJobsOf(given: RunConfig, options: AggregateOptions = {}): Promise<JobKey[]> {
  // The reference tables a run over these inputs found and used (see foundConfig).
  return currentJobsOfFound(await foundConfig(given), options);
}

// currentJobsOf for a config already completed by foundConfig (discovering the inputs is a walk of
// every input folder: done once per aggregation).
async function currentJobsOfFound(
  found: Awaited<ReturnType<typeof foundConfig>>,
  options: AggregateOptions,
  onCurrent?: OnCurrent,
): Promise<JobKey[]> {
  return (await checkedJobsOfFound(found, options, onCurrent)).current;
}

// The config's jobs as configJobsOfFound checks them (each current one handed to `onCurrent`), refused as currentJobsOf says.
async function checkedJobsOfFound(
  found: Awaited<ReturnType<typeof foundConfig>>,
  options: AggregateOptions,
  onCurrent?: OnCurrent,
): Promise<ConfigJobs> {
  const { config } = found;
  const storeDir = join(config.outputDir, "store");
  const own = await configJobsOfFound(found, options.only, options.toolkitVersion, onCurrent);
  const { whole, matrix, notCurrent } = own;
  if (matrix.length === 0 && options.allowPartial !== true) throw await emptySelectionError(storeDir);
  if (notCurrent.length > 0 && options.allowPartial !== true) {
    const keys = notCurrent.map((n) => n.key);
    throw incompleteError(
      config.outputDir,
      matrix.length,
      notCurrent,
      await shardsHolding(config.outputDir, whole, keys),
    );
  }
  return own;
}

/**
 * Aggregates a config's jobs into `<outputDir>/aggregated/<table>.csv` (see {@link aggregateJobs}):
 * only the jobs of its job matrix whose records are current for it ({@link currentJobsOf}), never
 * a stray folder of another config. Refuses with {@link AggregateRefusedError} and leaves the
 * tables as they were when jobs are missing or the matrix is empty, unless `allowPartial`. Holds
 * the output folder's lock meanwhile: `RunLockedError` (`run_locked`) while a run holds it,
 * `StoreBusyError` (`store_busy`), `allowPartial` or not, while job shards run on the folder.
 * Removes the temp files a killed run left in `aggregated/`. Once the tables are written (and the
 * folder exists), `by_security/` holds exactly their jobs and `run_manifest.json` lists them
 * (`settleAggregated`: any other job folder set aside, stale run files removed).
 */
export async function aggregateRun(config: RunConfig, options: AggregateOptions = {}): Promise<string[]> {
  const body = async (settle: boolean): Promise<string[]> => {
    // The participants file first: a configured reference file that cannot be read stops before any work.
    const found = await foundConfig(config);
    const jobsOpts = await jobsOptions(found.config, options);
    // Each job merged from the job.json its check read (CheckedJobs): one read a job.
    const checked = new CheckedJobs(jobsOpts);
    const own = await checkedJobsOfFound(found, options, checked.onCurrent);
    const tables =
      checked.tables(own.current) ??
      (await aggregateOutputs(config.outputDir, own.current, { ...jobsOpts, dirs: own.dirs }));
    const files = await writeAggregatedTables(config.outputDir, tables);
    // The folder then holds, and its run files list, exactly the jobs of these tables.
    if (settle) await settleAggregated(config.outputDir, own, jobsOpts.session);
    return files;
  };
  // The folder's lock, as a run's: a run rewriting job folders (or its own tables) meanwhile would
  // mix jobs of its config into these tables. No folder: nothing to hold (the selection is empty).
  if (
    !(await stat(config.outputDir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return body(false);
  return withLock(await acquireRunLock(config.outputDir), async () => {
    await assertNoJobShards(config.outputDir, join(config.outputDir, "store"));
    // A run killed while writing its tables left a temp file beside them; only a holder of this
    // lock writes aggregated/, so none is in flight (a run removes them too, at its start).
    await removeTempFiles(aggregatedDir(config.outputDir));
    return body(true);
  });
}

// The options of aggregateJobs: concurrency, and the participants given or of the config's file.
// A bare folder (`folder`, no config): the time_of_day window its run files record, if any.
async function jobsOptions(
  config: RunConfig | undefined,
  options: AggregateOptions,
  folder?: string,
): Promise<AggregateJobsOptions> {
  const participants =
    options.participants ??
    (config?.reference?.participants === undefined
      ? undefined
      : (await loadReferenceData({ participants: config.reference.participants })).participants);
  const session =
    options.session ?? config?.analysis.session ?? (folder === undefined ? undefined : await recordedSession(folder));
  return {
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(participants === undefined ? {} : { participants }),
    ...(session === undefined ? {} : { session }),
    ...(options.dirs === undefined ? {} : { dirs: options.dirs }),
  };
}

/**
 * The aggregated tables as danfojs DataFrames (by table name). Given a config, built as
 * {@link aggregateRun} builds them (the jobs of its matrix that are current for it; refusing as it
 * does). Given a bare output folder, which says nothing about the config, from every complete job
 * folder under it (restricted to `options.only`), unchecked. danfojs is loaded only when this is called.
 */
export async function loadAggregateFrames(
  source: RunConfig | string,
  options: AggregateOptions = {},
): Promise<Record<string, DataFrame>> {
  const tables =
    typeof source === "string"
      ? await aggregateOutputs(source, options.only, await jobsOptions(undefined, options, source))
      : await aggregateFound(await foundConfig(source), options);
  const { tablesToFrames } = await import("../../frames/frames.js");
  return tablesToFrames(tables) satisfies Partial<Record<AnyTableName, DataFrame>>;
}

// The tables of a config completed by foundConfig: its current jobs, with its participants, merged
// from the job.json their check read (CheckedJobs), each read once.
async function aggregateFound(
  found: Awaited<ReturnType<typeof foundConfig>>,
  options: AggregateOptions,
): ReturnType<typeof aggregateOutputs> {
  const jobsOpts = await jobsOptions(found.config, options);
  const checked = new CheckedJobs(jobsOpts);
  const { current, dirs } = await checkedJobsOfFound(found, options, checked.onCurrent);
  return checked.tables(current) ?? aggregateOutputs(found.config.outputDir, current, { ...jobsOpts, dirs });
}

export {
  AggregateRefusedError,
  emptySelectionError,
  type AggregateRefusedCode,
  type ReadCounts,
} from "./aggregate-errors.js";
