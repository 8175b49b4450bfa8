import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { jobKeyString, jobMatrix, shardJobs, sortedJobKeys, type JobKey, type RunConfig } from "../config/index.js";
import { addReport, openTable, type FileReport } from "../io/reader.js";
import { loadReferenceData, type ReferenceData } from "../io/reference.js";
import {
  fingerprintFile,
  listStore,
  readStoreManifest,
  removeOutputTempFiles,
  storeDrift,
  writeStoreManifest,
  type PieceInfo,
} from "../io/store/index.js";
import { assertOurOutput, claimOutputFolder } from "../io/output-marker.js";
import { addUnknownCodes } from "../model/unknown-codes.js";
import { InputError, InputErrors, SweeplabError } from "../model/errors.js";
import { jobAdmission } from "./admission.js";
import { AggregateRefusedError, aggregatedDir, aggregateJobs, emptySelectionError } from "./aggregate-step.js";
import { foundConfig } from "./found-config.js";
import { jobContext } from "./job-check.js";
import { doneEntry, planJobs } from "./job-plan.js";
import { asUnwritable, type RunPhase } from "./errors.js";
import { clampChunkSize, jobTimeoutMessage, partitionTimeoutMessage, workersWarning } from "./limits.js";
import { acquireRunLock, withLock } from "./lock.js";
import { makeOutputDir } from "./output-dir.js";
import { readManifest, writeManifest } from "./manifest.js";
import type { JobError, JobTask, JobValue, PartitionTask, PartitionValue } from "./messages.js";
import { filesToRedo, planPartitionTasks, replanWhole } from "./partition-plan.js";
import { TaskPool, type TestWorker } from "./pool.js";
import { PhaseTracker, type RunProgress } from "./progress.js";
import { assertNoLiveShards, assertNoRebuild, liveShardLocks } from "./store-busy.js";
import { jobsStop, partitionStop } from "./stop.js";
import { buildSummary, writeSummary, type JobTiming, type RunStop, type RunSummary } from "./summary.js";
import { runDataQuality } from "./summary-quality.js";

/** Options of {@link runPipeline}. */
export interface PipelineOptions {
  /** Live progress events (phase, done/failed/running, rows/s, ETA) for a progress bar or display. */
  onProgress?: (p: RunProgress) => void;
  /** Cancels the run: running jobs are aborted, no half-written file is left (writes are atomic). */
  signal?: AbortSignal;
  /** Rerun the jobs that failed before (a plain rerun skips them while their inputs are unchanged). */
  retryFailed?: boolean;
  /** Run only the i-th of N slices of the job matrix (0-based), and skip aggregation. */
  shard?: { index: number; count: number };
  /** Skip the aggregation step (default: aggregate unless sharded). */
  aggregate?: boolean;
  /** Only partition the inputs (the `partition` command). */
  partitionOnly?: boolean;
  /**
   * Called once per warning about the settings (a chunk size clamped to the reader's limit, more
   * workers than cores); the same lines are in the summary's `warnings`.
   */
  onWarning?: (message: string) => void;
  /** Per-worker heap limit in MB (a job over it fails with `out_of_memory`). */
  maxOldGenerationSizeMb?: number;
  /**
   * Aggregate even when the job matrix is empty (the selection matches no partition); without it
   * the run refuses (`AggregateRefusedError`, `aggregate_empty`) rather than write empty tables.
   */
  allowPartial?: boolean;
  /** Test hook: the toolkit version to record and expect (default TOOLKIT_VERSION), to simulate an upgrade. */
  toolkitVersion?: string;
  /** Test hook: run the tasks in a test's worker, which injects faults (see {@link TestWorker}). */
  testWorker?: TestWorker;
  /**
   * Test hook: the least bytes per byte range when an uncompressed input is split across workers
   * (default 16 MiB), so that tests exercise ranges on small files. Not a config setting.
   * @internal
   */
  minRangeBytes?: number;
}

/** A shard found no current partition store: `sweeplab partition` must run once first. */
export class StoreNotReadyError extends SweeplabError {
  override readonly name = "StoreNotReadyError";
  readonly code = "store_not_ready";
  constructor(readonly storeDir: string) {
    super(
      `${storeDir}: no current partition store for these inputs; run \`sweeplab partition --config …\` once before the shards`,
    );
  }
}

/** The partition store folder of an output folder. */
export function storeDirOf(outputDir: string): string {
  return join(outputDir, "store");
}

const MIN_RANGE_BYTES = 16 * 1024 * 1024;

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
  const { config, inputs } = await foundConfig(given);
  const files = inputs.data.map((d) => d.file);
  const reference = await checkInputs(files, config.reference);
  const pool = new TaskPool({
    workers: config.workers,
    ...(options.maxOldGenerationSizeMb === undefined ? {} : { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb }),
    ...(options.testWorker === undefined ? {} : { worker: options.testWorker }),
  });
  const aborted = (): boolean => options.signal?.aborted === true;
  let phase: RunPhase = "partition";
  let stopped: RunStop | undefined;
  let failed = false;
  const finish = async (
    part: PartitionOutcome,
    jobs: JobsOutcome | undefined,
    agg: { seconds: number; files: string[] } | undefined,
  ): Promise<RunSummary> => {
    phase = stopped?.phase ?? "summary";
    const dataQuality = jobs === undefined ? undefined : await runDataQuality(config, storeDir, jobs.matrix);
    const summary = buildSummary({
      wallSeconds: (performance.now() - t0) / 1000,
      partition: part,
      jobs,
      aggregate: agg,
      stopped,
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
    // Jobs never start on an incomplete store: stop after the partition phase.
    stopped = partitionStop(part, outputDir);
    if (stopped !== undefined) {
      // The store is rebuilt from scratch next time (it has no manifest); removing it now frees the
      // space a full disk needs for the summary. Best effort: a read-only disk keeps it, unused.
      await rm(storeDir, { recursive: true, force: true }).catch(() => undefined);
    }
    if (options.partitionOnly === true || stopped !== undefined || aborted())
      return await finish(part, undefined, undefined);
    phase = "jobs";
    const jobs = await jobStep(pool, config, storeDir, { ...options, onWarning: warn }, reference);
    if (jobs.stopped !== undefined) stopped = jobsStop(jobs.stopped, outputDir);
    const aggregate = options.aggregate ?? options.shard === undefined;
    let agg: { seconds: number; files: string[] } | undefined;
    if (aggregate && !aborted() && stopped === undefined) {
      phase = "aggregate";
      agg = await aggregateStep(config, jobs, options, reference).catch(async (e: unknown) => {
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

// Every input file and every configured reference file, before any work: all problems at once.
async function checkInputs(files: string[], paths: RunConfig["reference"]): Promise<ReferenceData> {
  const problems: InputError[] = [];
  for (const f of files) {
    try {
      await openTable(f);
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

/** What the partition phase did. */
export interface PartitionOutcome {
  skipped: boolean;
  files: FileReport[];
  pieces: PieceInfo[];
  failures: { file: string; error: JobError }[];
  seconds: number;
  bytes: number;
}

async function partitionStep(
  pool: TaskPool,
  config: RunConfig,
  files: string[],
  storeDir: string,
  options: PipelineOptions,
): Promise<PartitionOutcome> {
  const t0 = performance.now();
  const inputs: Record<string, string> = {};
  for (const f of files) inputs[f] = await fingerprintFile(f);
  const existing = await readStoreManifest(storeDir);
  // A store read under another unknown-code policy holds other rows: it is partitioned again. So is
  // one whose pieces drifted from its manifest (a piece deleted or added by hand): its jobs would
  // silently miss or double rows.
  const matches =
    existing !== undefined &&
    JSON.stringify(existing.inputs) === JSON.stringify(inputs) &&
    (existing.unknownCodes ?? "keep") === config.unknownCodes;
  const drift = matches ? await storeDrift(storeDir, existing) : undefined;
  if (drift !== undefined && (drift.missing.length > 0 || drift.extra.length > 0)) {
    const list = (xs: string[]): string => xs.slice(0, 3).join(", ") + (xs.length > 3 ? ", …" : "");
    options.onWarning?.(
      `${storeDir}: the store's pieces differ from its manifest (${drift.missing.length} missing${drift.missing.length > 0 ? `: ${list(drift.missing)}` : ""}; ${drift.extra.length} not listed${drift.extra.length > 0 ? `: ${list(drift.extra)}` : ""}): partitioning the inputs again`,
    );
  }
  if (matches && drift !== undefined && drift.missing.length === 0 && drift.extra.length === 0) {
    const track = new PhaseTracker("partition", files.length);
    track.skipped = files.length;
    options.onProgress?.(track.snapshot());
    return { skipped: true, files: existing.files, pieces: existing.pieces, failures: [], seconds: 0, bytes: 0 };
  }
  if (options.shard !== undefined) {
    // Shards run concurrently on several nodes over one shared store: rebuilding it here would race.
    throw new StoreNotReadyError(storeDir);
  }
  // Deleting the store under running shards would fail them: refuse instead (we hold the main lock).
  await assertNoLiveShards(config.outputDir, storeDir);
  // Only inside our own (marked, see claimOutputFolder) output folder, and only what the partition
  // wrote: the store, and its rejects files (a scan's rejects beside them are kept).
  await assertOurOutput(config.outputDir);
  await rm(storeDir, { recursive: true, force: true });
  await removePartitionRejects(join(config.outputDir, "rejects"));
  const plan = await planPartitionTasks(files, {
    workers: config.workers,
    minRangeBytes: Math.max(1, options.minRangeBytes ?? MIN_RANGE_BYTES),
    storeDir,
    outputDir: config.outputDir,
    chunkSize: config.chunkSize,
    unknownCodes: config.unknownCodes,
  });
  let tasks = plan.tasks;
  const track = new PhaseTracker("partition", tasks.length);
  const values = new Map<PartitionTask, PartitionValue>();
  const errors = new Map<PartitionTask, JobError>();
  // A full or read-only output disk fails every task after it: stop the phase at the first one
  // (the tasks not run are recorded as aborted failures, so the store manifest is not written).
  const stop = new AbortController();
  const runOptions = {
    timeoutMs: Math.max(config.jobTimeoutMs, 3_600_000),
    timeoutMessage: partitionTimeoutMessage,
    retries: config.retries,
    onStart: () => {
      track.running++;
      options.onProgress?.(track.snapshot());
    },
    signal: options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]),
  };
  const runTasks = async (list: PartitionTask[]): Promise<void> => {
    for await (const f of pool.run<PartitionTask, PartitionValue>(list, runOptions)) {
      track.running = Math.max(0, track.running - f.attempts);
      if (f.outcome.ok) {
        track.done++;
        track.rows += f.outcome.value.report.rowsRead;
        values.set(f.task, f.outcome.value);
      } else {
        track.failed++;
        errors.set(f.task, f.outcome.error);
        if (f.outcome.error.code === "output_unwritable") stop.abort(new Error(f.outcome.error.message));
      }
      options.onProgress?.(track.snapshot());
    }
  };
  await runTasks(tasks);
  // A byte range that ended inside a quoted record spanning lines: that file is partitioned again
  // whole, as one worker would (see partition-plan.ts for why, and what is guaranteed).
  const redo = filesToRedo(tasks, values);
  if (redo.size > 0 && !runOptions.signal.aborted) {
    const again = await replanWhole(tasks, redo, storeDir);
    for (const t of again.dropped) {
      track.rows -= values.get(t)?.report.rowsRead ?? 0;
      values.delete(t);
      errors.delete(t);
    }
    track.total += again.whole.length;
    tasks = again.tasks;
    await runTasks(again.whole);
  }
  // Merged in task order (input order, then range order), whatever order the tasks finished in: a
  // file's report lists its reject codes in the order a whole read meets them.
  const reports = new Map<string, FileReport>();
  const pieces: PieceInfo[] = [];
  const failures: { file: string; error: JobError }[] = [];
  for (const t of tasks) {
    const v = values.get(t);
    if (v !== undefined) {
      mergeReport(reports, v.report);
      pieces.push(...v.pieces);
    }
    const error = errors.get(t);
    if (error !== undefined) failures.push({ file: t.file, error });
  }
  const fileReports = files.map((f) => reports.get(f)).filter((r): r is FileReport => r !== undefined);
  pieces.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The store manifest is written last and only when every piece exists, so a crash or a failure
  // means the next run partitions again rather than trusting a partial store.
  if (failures.length === 0 && options.signal?.aborted !== true)
    await writeStoreManifest(storeDir, {
      version: 1,
      inputs,
      unknownCodes: config.unknownCodes,
      pieces,
      files: fileReports,
    });
  return {
    skipped: false,
    files: fileReports,
    pieces,
    failures,
    seconds: (performance.now() - t0) / 1000,
    bytes: plan.bytes,
  };
}

/** Removes the partition rejects files (`partition-<file>-<range>.csv`) of an earlier partition. */
async function removePartitionRejects(dir: string): Promise<void> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  for (const n of names) if (/^partition-\d+-\d+\.csv$/.test(n)) await rm(join(dir, n), { force: true });
}

function mergeReport(reports: Map<string, FileReport>, r: FileReport): void {
  const prev = reports.get(r.file);
  if (prev === undefined) {
    const { range: _range, cutRecord: _cut, ...whole } = r;
    reports.set(r.file, {
      ...whole,
      rejectsByCode: { ...r.rejectsByCode },
      ...(r.unknownCodes === undefined ? {} : { unknownCodes: addUnknownCodes(undefined, r.unknownCodes) }),
    });
    return;
  }
  addReport(prev, r);
  if (r.error !== undefined) prev.error = r.error;
}

/** What the jobs phase did. */
export interface JobsOutcome {
  matrix: JobKey[];
  /** The jobs of the matrix whose outputs are current (skipped as current, or computed by this run). */
  current: JobKey[];
  timings: JobTiming[];
  failures: { key: string; error: JobError; attempts: number }[];
  skipped: number;
  seconds: number;
  rows: number;
  /** Set when the run stopped early because the output disk is full or read-only. */
  stopped?: JobError;
}

async function jobStep(
  pool: TaskPool,
  config: RunConfig,
  storeDir: string,
  options: PipelineOptions,
  reference: ReferenceData,
): Promise<JobsOutcome> {
  const t0 = performance.now();
  const partitions = await listStore(storeDir);
  const present = partitions.map((p) => ({ securityCode: p.securityCode, date: p.date }));
  let matrix = jobMatrix(config, present);
  if (options.shard !== undefined) matrix = shardJobs(matrix, options.shard.index, options.shard.count);
  const ctx = await jobContext(config, storeDir, options.toolkitVersion, reference);
  // Skipping is decided from each job's record on disk; the old manifest only remembers failures.
  const plan = await planJobs(ctx, matrix, await readManifest(config.outputDir, options.shard), config.analysis, {
    ...(options.retryFailed === undefined ? {} : { retryFailed: options.retryFailed }),
  });
  const manifest = plan.manifest;
  const current = [...plan.current];
  const failures: JobsOutcome["failures"] = [...plan.failures];
  const track = new PhaseTracker("jobs", matrix.length);
  track.skipped = plan.current.length + plan.failures.length;
  options.onProgress?.(track.snapshot());
  const timings: JobTiming[] = [];
  // A full or read-only output disk fails every job after it: stop the run at the first one.
  const stop = new AbortController();
  let stopped: JobError | undefined;
  // The manifest write itself may hit the same full disk: the previous manifest then stays intact.
  const saveManifest = (): Promise<void> =>
    writeManifest(config.outputDir, manifest, options.shard).catch((e: unknown) => {
      stopped ??= { code: "output_unwritable", message: (e as Error).message };
      stop.abort(e);
    });
  // The entries of the jobs about to be recomputed go first: none of them is done any more.
  await saveManifest();
  // Jobs start while their estimated memory fits memoryBudget; one over it alone runs alone.
  const { admission, warnings } = jobAdmission(plan.tasks, partitions, config.memoryBudget);
  for (const w of warnings) options.onWarning?.(w);
  const runOptions = {
    admission,
    timeoutMs: config.jobTimeoutMs,
    timeoutMessage: jobTimeoutMessage,
    retries: config.retries,
    onStart: () => {
      track.running++;
      options.onProgress?.(track.snapshot());
    },
    signal: options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]),
  };
  for await (const f of pool.run<JobTask, JobValue>(plan.tasks, runOptions)) {
    track.running = Math.max(0, track.running - f.attempts);
    const key = jobKeyString(f.task);
    const timing = { attempts: f.attempts, ms: Math.round(f.ms) };
    if (f.outcome.ok) {
      track.done++;
      track.rows += f.outcome.value.rows;
      timings.push({ key, ms: f.ms, rows: f.outcome.value.rows });
      current.push({ securityCode: f.task.securityCode, date: f.task.date });
      manifest.jobs[key] = doneEntry(f.outcome.value.record, timing);
    } else if (f.outcome.error.code !== "aborted") {
      track.failed++;
      failures.push({ key, error: f.outcome.error, attempts: f.attempts });
      if (f.outcome.error.code === "output_unwritable") {
        stopped ??= f.outcome.error;
        stop.abort(new Error(f.outcome.error.message));
      } else {
        const e = plan.expectations.get(key);
        manifest.jobs[key] = {
          status: "failed",
          inputFingerprint: e === undefined ? "" : await e.input().catch(() => ""),
          configFingerprint: ctx.analysisFingerprint,
          ...(e === undefined ? {} : { referenceFingerprint: e.referenceFingerprint }),
          toolkitVersion: ctx.toolkitVersion,
          ...timing,
          error: f.outcome.error,
        };
      }
    }
    await saveManifest();
    options.onProgress?.(track.snapshot());
  }
  // The manifest as rebuilt from the records: the done jobs are those proved by their job.json.
  await saveManifest();
  return {
    matrix,
    current: sortedJobKeys(current),
    timings,
    failures,
    skipped: track.skipped,
    seconds: (performance.now() - t0) / 1000,
    rows: track.rows,
    ...(stopped === undefined ? {} : { stopped }),
  };
}

async function aggregateStep(
  config: RunConfig,
  jobs: JobsOutcome,
  options: PipelineOptions,
  reference: ReferenceData,
): Promise<{ seconds: number; files: string[] }> {
  const t0 = performance.now();
  const track = new PhaseTracker("aggregate", 1);
  options.onProgress?.(track.snapshot());
  // Never overwrite the tables with empty ones because the selection matched nothing.
  if (jobs.matrix.length === 0 && options.allowPartial !== true)
    throw await emptySelectionError(storeDirOf(config.outputDir));
  // Only the jobs proved current (skipped with a current record, or just computed): a job that
  // failed has no outputs, and no stray folder of another config is mixed in.
  const files = await aggregateJobs(config.outputDir, jobs.current, { participants: reference.participants });
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
