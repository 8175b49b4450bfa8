import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { RunConfig } from "../config/index.js";
import { absentStoredColumns } from "../io/csv/header.js";
import { openTable } from "../io/csv/reader.js";
import { unusedReferenceWarning } from "../io/inputs/input-reference.js";
import { loadReferenceData, type ReferenceData } from "../io/inputs/reference.js";
import { readStoreManifest, removeOutputTempFiles } from "../io/store/index.js";
import { claimOutputFolder } from "../io/outputs/output-marker.js";
import { InputError, InputErrors } from "../model/errors.js";
import { DEFAULT_DECIMALS } from "../model/price.js";
import { AggregateRefusedError, aggregatedDir, emptySelectionError } from "./aggregate/aggregate-step.js";
import { RunAggregate } from "./aggregate/run-aggregate.js";
import { foundConfig } from "./found-config.js";
import { asUnwritable, type RunPhase } from "./errors.js";
import { jobStep, type JobsOutcome } from "./jobs/jobs-step.js";
import { clampChunkSize, workersWarning } from "./limits.js";
import { acquireRunLock, withLock } from "./lock.js";
import { makeOutputDir } from "./output-dir.js";
import { partitionStep, type PartitionOutcome } from "./partition/partition-step.js";
import { rejectedFileWarnings } from "./partition/rejected-files.js";
import { TaskPool } from "./pool.js";
import { PhaseTracker } from "./progress.js";
import { noDecimalsWarning, sessionUnusedWarning } from "./reasons.js";
import { storeDirOf, type PipelineOptions } from "./run-options.js";
import { assertNoJobShards, assertNoRebuild, liveShardLocks } from "./store-busy.js";
import { jobsStop, partitionStop } from "./stop.js";
import { buildSummary, writeSummary, type RunStop, type RunSummary } from "./summary.js";
import { runDataQuality } from "./summary-quality.js";

// The run's options, errors and phase outcomes live beside it; they are exported from here too.
export { storeDirOf, StoreNotReadyError, type PipelineOptions } from "./run-options.js";
export type { PartitionOutcome } from "./partition/partition-step.js";
export type { JobsOutcome } from "./jobs/jobs-step.js";

/**
 * The scaled run (ARCHITECTURE.md §3): partition the inputs once into the store (skipped when their
 * fingerprints are unchanged), run one job per (security, date) of the job matrix in the worker pool
 * (skipping jobs already done with the same inputs and analysis config), then aggregate. Failed jobs
 * are recorded in the manifest and the summary; the run goes on. A failed partition task stops the
 * run after the partition phase (no job runs on an incomplete store): the summary's `stopped` says
 * why. A full, read-only or forbidden output folder stops the run in any phase: `stopped` in the
 * summary when it can still be written, else `OutputUnwritableError` (`output_unwritable`, a
 * one-line `STOPPED: …` message); no temp file is left either way. Throws {@link InputErrors} before
 * any work when an input file is unusable, `OutputNotOursError` (`output_not_ours`) when the output
 * folder exists, holds files and was not created by sweeplab (nothing in it is touched),
 * `RunLockedError` (`run_locked`) when another live run holds the output folder (a stale lock of a
 * killed run is taken over), and `StoreBusyError` (`store_busy`) when the store would be rebuilt
 * under running shards, or a shard starts while a partition or whole run holds the folder.
 */
export async function runPipeline(config: RunConfig, options: PipelineOptions = {}): Promise<RunSummary> {
  const t0 = performance.now();
  const outputDir = config.outputDir;
  const unwritable = (e: unknown): never => {
    throw asUnwritable(e, outputDir, "setup") ?? e;
  };
  await makeOutputDir(outputDir);
  await claimOutputFolder(outputDir).catch(unwritable);
  const lock = await acquireRunLock(outputDir, options.shard).catch(unwritable);
  return withLock(lock, async () => {
    if (options.shard !== undefined) await assertNoRebuild(config.outputDir, storeDirOf(config.outputDir));
    else if (options.partitionOnly !== true)
      await assertNoJobShards(config.outputDir, storeDirOf(config.outputDir), "run");
    return runLocked(config, options, t0);
  });
}

async function runLocked(given: RunConfig, options: PipelineOptions, t0: number): Promise<RunSummary> {
  const outputDir = given.outputDir;
  const storeDir = storeDirOf(outputDir);
  // Leftovers of a killed run. Not while shards run: they may be writing right now.
  const cleanTemps = async (): Promise<void> => {
    if (options.shard === undefined && (await liveShardLocks(outputDir)).length === 0)
      await removeOutputTempFiles(outputDir).catch(() => 0);
  };
  await cleanTemps();
  const chunk = clampChunkSize(given.chunkSize);
  const warnings = [chunk.warning, workersWarning(given.workers)].filter((w): w is string => w !== undefined);
  for (const w of warnings) options.onWarning?.(w);
  // Tables found by header, each file once; a reference table found there fills an unset `reference`.
  const { config, inputs, unusedReference } = await foundConfig(given);
  // Several files of a reference table found and none used: said as a warning, with what it costs.
  const configSession = `${config.analysis.session.start}..${config.analysis.session.end}`;
  for (const w of unusedReference.map((u) => unusedReferenceWarning(u, configSession))) {
    warnings.push(w);
    options.onWarning?.(w);
  }
  const files = inputs.data.map((d) => d.file);
  const reference = await checkInputs(files, config.reference, (w) => {
    warnings.push(w);
    options.onWarning?.(w);
  });
  const pool = new TaskPool({
    workers: config.workers,
    ...(options.maxOldGenerationSizeMb === undefined ? {} : { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb }),
    ...(options.testWorker === undefined ? {} : { worker: options.testWorker }),
    onPoolError: (w) => {
      warnings.push(w);
      options.onWarning?.(w);
    },
  });
  const aborted = (): boolean => options.signal?.aborted === true;
  let phase: RunPhase = "partition";
  let stopped: RunStop | undefined;
  let failed = false;
  // Whether the signal cut the run short: set where the run skips work because it fired. A signal
  // after the run's last such decision stops nothing: the run completes and is not interrupted.
  let interrupted = false;
  const finish = async (
    part: PartitionOutcome,
    jobs: JobsOutcome | undefined,
    agg: { seconds: number; files: string[] } | undefined,
  ): Promise<RunSummary> => {
    phase = stopped?.phase ?? "summary";
    const dataQuality = jobs === undefined ? undefined : await runDataQuality(config, storeDir, jobs);
    const summary = buildSummary({
      wallSeconds: (performance.now() - t0) / 1000,
      partition: part,
      jobs,
      aggregate: agg,
      stopped,
      interrupted,
      warnings,
      strict: config.strict,
      peakThreads: pool.peakThreads,
      inputs,
      dataQuality,
    });
    await writeSummary(outputDir, summary, options.shard);
    return summary;
  };
  try {
    const warn = (w: string): void => {
      warnings.push(w);
      options.onWarning?.(w);
    };
    const part = await partitionStep(pool, { ...config, chunkSize: chunk.chunkSize }, files, storeDir, {
      ...options,
      onWarning: warn,
    });
    // A file whose every row was rejected is named, with its codes (the run goes on without it).
    for (const w of rejectedFileWarnings(part.files, join(outputDir, "rejects"))) warn(w);
    // Jobs never start on an incomplete store: stop after the partition phase.
    stopped = partitionStop(part, outputDir);
    if (stopped !== undefined) {
      // The store is rebuilt from scratch next time (it has no manifest); removing it now frees the
      // space a full disk needs for the summary. Best effort: a read-only disk keeps it, unused.
      await rm(storeDir, { recursive: true, force: true }).catch(() => undefined);
    }
    if (options.partitionOnly === true || stopped !== undefined || aborted()) {
      // The partition phase writes the store's manifest last, only when not cancelled: a store without
      // one was cut short. A whole run stops here when cancelled: its jobs never start.
      if (aborted())
        interrupted =
          options.partitionOnly !== true || (!part.skipped && (await readStoreManifest(storeDir)) === undefined);
      return await finish(part, undefined, undefined);
    }
    phase = "jobs";
    // The jobs computed now are aggregated from the sums their workers return, as they finish.
    const aggregate = options.aggregate ?? options.shard === undefined;
    const tables = aggregate
      ? new RunAggregate({ participants: reference.participants, session: config.analysis.session })
      : undefined;
    // Without aggregation no callback: the workers then return no sums (job.json holds them).
    const jobs = await jobStep(
      pool,
      config,
      storeDir,
      { ...options, onWarning: warn },
      reference,
      tables === undefined ? undefined : (v) => tables.addComputed(v),
      tables === undefined ? undefined : (j) => tables.addSkipped(j),
    );
    if (jobs.stopped !== undefined) stopped = jobsStop(jobs.stopped, outputDir);
    const noDecimals = noDecimalsWarning(
      reference.instruments,
      jobs.matrix,
      DEFAULT_DECIMALS,
      config.reference?.instruments,
    );
    if (noDecimals !== undefined) warn(noDecimals);
    const session = config.analysis.session;
    const unusedSession = sessionUnusedWarning(session, reference.sessions, jobs.matrix, config.reference?.sessions);
    if (unusedSession !== undefined) warn(unusedSession);
    let agg: { seconds: number; files: string[] } | undefined;
    // The run's last look at the signal: past it, the aggregation runs to its end whatever fires. A
    // run without aggregation (a shard) was cut short only if a job of its matrix was cancelled.
    if (aborted())
      interrupted = tables !== undefined || jobs.current.length + jobs.failures.length < jobs.matrix.length;
    if (tables !== undefined && !interrupted && stopped === undefined) {
      phase = "aggregate";
      agg = await aggregateStep(config, jobs, options, tables, part).catch(async (e: unknown) => {
        // A refusal still leaves the summary of the jobs phase behind.
        if (e instanceof AggregateRefusedError) {
          await finish(part, jobs, undefined);
          throw e;
        }
        const u = asUnwritable(e, outputDir, "aggregate");
        if (u === undefined) throw e;
        stopped = { phase: "aggregate", code: "output_unwritable", message: u.message };
        // Some tables of this run and some of an older one would not add up: none is better.
        await rm(aggregatedDir(outputDir), { recursive: true, force: true }).catch(() => undefined);
        return undefined;
      });
    }
    // Not aggregated (interrupted, stopped) after by_security/ changed: the tables of the run before
    // would describe other jobs than the folder's; none is better (a rerun writes them).
    if (agg === undefined && options.shard === undefined && (jobs.computing > 0 || jobs.settled !== undefined))
      await rm(aggregatedDir(outputDir), { recursive: true, force: true }).catch(() => undefined);
    return await finish(part, jobs, agg);
  } catch (e) {
    failed = true;
    throw asUnwritable(e, outputDir, phase) ?? e;
  } finally {
    await pool.destroy();
    // A cancelled or stopped run's terminated threads may leave temp files behind: finished files are
    // never touched (they were renamed into place whole), so removing the temps leaves no trace.
    if (aborted() || failed || stopped !== undefined) await cleanTemps().catch(() => undefined);
  }
}

/**
 * Opens every input file and loads every configured reference file before any work, reporting all
 * problems at once: throws {@link InputErrors}. Returns the reference data. `onWarning` hears of
 * each file lacking optional columns the analysis reads (read as 0 in every row).
 */
export async function checkInputs(
  files: string[],
  paths: RunConfig["reference"],
  onWarning?: (w: string) => void,
): Promise<ReferenceData> {
  const problems: InputError[] = [];
  for (const f of files) {
    try {
      const t = await openTable(f);
      const absent = absentStoredColumns(t.spec.kind, t.header);
      if (absent.length > 0)
        onWarning?.(
          `${f}: no column(s) ${absent.join(", ")}: every row reads them as 0 (add them if the extract has them)`,
        );
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(e);
    }
  }
  const reference = await loadReferenceData(paths).catch((e: unknown) => {
    if (!(e instanceof InputErrors)) throw e;
    problems.push(...e.errors);
    return undefined;
  });
  if (problems.length > 0 || reference === undefined) throw new InputErrors(problems);
  return reference;
}

async function aggregateStep(
  config: RunConfig,
  jobs: JobsOutcome,
  options: PipelineOptions,
  tables: RunAggregate,
  part: PartitionOutcome,
): Promise<{ seconds: number; files: string[] }> {
  const t0 = performance.now();
  const track = new PhaseTracker("aggregate", 1);
  options.onProgress?.(track.snapshot());
  // Never overwrite the tables with empty ones because the selection matched nothing.
  if (jobs.matrix.length === 0 && options.allowPartial !== true)
    throw await emptySelectionError(
      storeDirOf(config.outputDir),
      part.skipped ? undefined : { files: part.files, rejectsDir: join(config.outputDir, "rejects") },
    );
  // Only the jobs proved current: those just computed (already merged from their workers' sums) and
  // those skipped with a current record (merged from the job.json their check read). A job that failed has no
  // outputs, and no stray folder of another config is mixed in.
  const files = await tables.write(config.outputDir, jobs.skippedCurrent);
  track.done = 1;
  options.onProgress?.(track.snapshot());
  return { seconds: (performance.now() - t0) / 1000, files };
}

/** Reruns only the jobs that failed before (inputs and config unchanged): `runPipeline` with `retryFailed`. */
export function retryFailed(
  config: RunConfig,
  options: Omit<PipelineOptions, "retryFailed"> = {},
): Promise<RunSummary> {
  return runPipeline(config, { ...options, retryFailed: true });
}
