import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { configFingerprint, jobKeyString, jobMatrix, shardJobs, type JobKey, type RunConfig } from "../config/index.js";
import { expandInputs } from "../io/inputs.js";
import { jobDir } from "../io/job-outputs.js";
import { addReport, openTable, type FileReport } from "../io/reader.js";
import { splitByteRanges } from "../io/ranges.js";
import { decimalsOf, loadReferenceData, type ReferenceData } from "../io/reference.js";
import { isGzip } from "../io/source.js";
import {
  fingerprintFile,
  fingerprintPartition,
  listStore,
  readStoreManifest,
  removeTempFiles,
  writeStoreManifest,
  type PieceInfo,
} from "../io/store/index.js";
import { InputError, InputErrors } from "../model/errors.js";
import { sessionKey, type SessionWindow } from "../model/session-window.js";
import { sessionWindowNs } from "../core/job.js";
import { aggregateRun } from "./aggregate-step.js";
import { acquireRunLock } from "./lock.js";
import { isCurrent, readManifest, writeManifest } from "./manifest.js";
import type { JobError, JobTask, JobValue, PartitionTask, PartitionValue } from "./messages.js";
import { TaskPool } from "./pool.js";
import { PhaseTracker, type RunProgress } from "./progress.js";
import { buildSummary, writeSummary, type JobTiming, type RunSummary } from "./summary.js";

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
  /** Per-worker heap limit in MB (a job over it fails with `out_of_memory`). */
  maxOldGenerationSizeMb?: number;
  /** Test hook: inject a fault into the job with this key (`SEC|YYYY-MM-DD`). */
  faults?: Readonly<Record<string, "throw" | "hang" | "exit" | "oom" | "enospc">>;
}

/** A shard found no current partition store: `sweeplab partition` must run once first. */
export class StoreNotReadyError extends Error {
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
 * are recorded in the manifest and the summary; the run goes on. Throws {@link InputErrors} before
 * any work when an input file is unusable, and `RunLockedError` (`run_locked`) when another live run
 * holds the output folder (a stale lock of a killed run is taken over).
 */
export async function runPipeline(config: RunConfig, options: PipelineOptions = {}): Promise<RunSummary> {
  const t0 = performance.now();
  const lock = await acquireRunLock(config.outputDir, options.shard);
  try {
    return await runLocked(config, options, t0);
  } finally {
    await lock.release();
  }
}

async function runLocked(config: RunConfig, options: PipelineOptions, t0: number): Promise<RunSummary> {
  const outputDir = config.outputDir;
  const storeDir = storeDirOf(outputDir);
  // Leftovers of a killed run. Not for a shard: the others may be writing right now.
  if (options.shard === undefined) await removeTempFiles(outputDir).catch(() => 0);
  const files = await expandInputs(config.inputs);
  const reference = await checkInputs(files, config.reference);
  const pool = new TaskPool({
    workers: config.workers,
    ...(options.maxOldGenerationSizeMb === undefined ? {} : { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb }),
  });
  try {
    const part = await partitionStep(pool, config, files, storeDir, options);
    if (options.partitionOnly === true) return await finish(config, t0, part, undefined, undefined, options.shard);
    const jobs = await jobStep(pool, config, storeDir, options, reference);
    const aggregate = options.aggregate ?? options.shard === undefined;
    const agg =
      aggregate && options.signal?.aborted !== true && jobs.stopped === undefined
        ? await aggregateStep(config, jobs.matrix, options, reference)
        : undefined;
    return await finish(config, t0, part, jobs, agg, options.shard);
  } finally {
    await pool.destroy();
    // A cancelled run's terminated threads may leave temp files behind: finished files are never
    // touched (they were renamed into place whole), so removing the temps leaves no trace.
    if (options.signal?.aborted === true) await removeTempFiles(outputDir).catch(() => 0);
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
  if (existing !== undefined && JSON.stringify(existing.inputs) === JSON.stringify(inputs)) {
    const track = new PhaseTracker("partition", files.length);
    track.skipped = files.length;
    options.onProgress?.(track.snapshot());
    return { skipped: true, files: existing.files, pieces: existing.pieces, failures: [], seconds: 0, bytes: 0 };
  }
  if (options.shard !== undefined) {
    // Shards run concurrently on several nodes over one shared store: rebuilding it here would race.
    throw new StoreNotReadyError(storeDir);
  }
  await rm(storeDir, { recursive: true, force: true });
  await rm(join(config.outputDir, "rejects"), { recursive: true, force: true });
  const tasks: PartitionTask[] = [];
  let bytes = 0;
  for (const [i, file] of files.entries()) {
    const size = (await stat(file)).size;
    bytes += size;
    const n = isGzip(file) ? 1 : Math.max(1, Math.min(config.workers, Math.floor(size / MIN_RANGE_BYTES)));
    const ranges = n === 1 ? [undefined] : await splitByteRanges(file, n);
    ranges.forEach((range, r) => {
      const tag = `${String(i).padStart(4, "0")}-${String(r).padStart(2, "0")}`;
      tasks.push({
        kind: "partition",
        file,
        ...(range === undefined ? {} : { range }),
        storeDir,
        tag,
        chunkSize: config.chunkSize,
        rejectsPath: join(config.outputDir, "rejects", `partition-${tag}.csv`),
      });
    });
  }
  const track = new PhaseTracker("partition", tasks.length);
  const reports = new Map<string, FileReport>();
  const pieces: PieceInfo[] = [];
  const failures: { file: string; error: JobError }[] = [];
  const runOptions = {
    timeoutMs: Math.max(config.jobTimeoutMs, 3_600_000),
    retries: config.retries,
    onStart: () => {
      track.running++;
      options.onProgress?.(track.snapshot());
    },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  for await (const f of pool.run<PartitionTask, PartitionValue>(tasks, runOptions)) {
    track.running = Math.max(0, track.running - f.attempts);
    if (f.outcome.ok) {
      track.done++;
      track.rows += f.outcome.value.report.rowsRead;
      mergeReport(reports, f.outcome.value.report);
      pieces.push(...f.outcome.value.pieces);
    } else {
      track.failed++;
      failures.push({ file: f.task.file, error: f.outcome.error });
    }
    options.onProgress?.(track.snapshot());
  }
  const fileReports = files.map((f) => reports.get(f)).filter((r): r is FileReport => r !== undefined);
  pieces.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The store manifest is written last and only when every piece exists, so a crash or a failure
  // means the next run partitions again rather than trusting a partial store.
  if (failures.length === 0 && options.signal?.aborted !== true)
    await writeStoreManifest(storeDir, { version: 1, inputs, pieces, files: fileReports });
  return { skipped: false, files: fileReports, pieces, failures, seconds: (performance.now() - t0) / 1000, bytes };
}

function mergeReport(reports: Map<string, FileReport>, r: FileReport): void {
  const prev = reports.get(r.file);
  if (prev === undefined) {
    const { range: _range, ...whole } = r;
    reports.set(r.file, { ...whole, rejectsByCode: { ...r.rejectsByCode } });
    return;
  }
  addReport(prev, r);
  if (r.error !== undefined) prev.error = r.error;
}

/** What the jobs phase did. */
export interface JobsOutcome {
  matrix: JobKey[];
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
  const present = (await listStore(storeDir)).map((p) => ({ securityCode: p.securityCode, date: p.date }));
  let matrix = jobMatrix(config, present);
  if (options.shard !== undefined) matrix = shardJobs(matrix, options.shard.index, options.shard.count);
  const configWindow: SessionWindow = { ...sessionWindowNs(config.analysis), source: "config" };
  const manifest = await readManifest(config.outputDir, options.shard);
  const configFp = configFingerprint(config);
  const track = new PhaseTracker("jobs", matrix.length);
  const tasks: JobTask[] = [];
  const failures: JobsOutcome["failures"] = [];
  const inputFps = new Map<string, string>();
  for (const k of matrix) {
    const key = jobKeyString(k);
    const rec = manifest.jobs[key];
    // Reading and hashing a partition's pieces is needed up front only to decide whether a job
    // recorded before can be skipped; a new job's worker fingerprints its input itself, in parallel.
    const inputFp = rec === undefined ? undefined : await fingerprintPartition(storeDir, k.securityCode, k.date);
    if (inputFp !== undefined) inputFps.set(key, inputFp);
    const unchangedFailure =
      rec?.status === "failed" && rec.inputFingerprint === inputFp && rec.configFingerprint === configFp;
    if (
      (inputFp !== undefined && isCurrent(manifest, key, inputFp, configFp)) ||
      (unchangedFailure && options.retryFailed !== true)
    ) {
      track.skipped++;
      // A failure of an earlier run stays a failure of this one until it is retried.
      if (unchangedFailure && rec.error !== undefined) failures.push({ key, error: rec.error, attempts: rec.attempts });
      continue;
    }
    const dir = jobDir(config.outputDir, k.securityCode, k.date);
    // Without job.json a job folder is incomplete: remove it first, so a crash mid-job never leaves
    // old and new files mixed under a complete-looking folder.
    await rm(join(dir, "job.json"), { force: true });
    const fault = options.faults?.[key];
    tasks.push({
      kind: "job",
      securityCode: k.securityCode,
      date: k.date,
      decimals: decimalsOf(reference.instruments, k.securityCode),
      session: windowOf(reference, k, configWindow),
      storeDir,
      jobDir: dir,
      analysis: config.analysis,
      ...(fault === undefined ? {} : { fault }),
    });
  }
  options.onProgress?.(track.snapshot());
  const timings: JobTiming[] = [];
  // A full or read-only output disk fails every job after it: stop the run at the first one.
  const stop = new AbortController();
  let stopped: JobError | undefined;
  const runOptions = {
    timeoutMs: config.jobTimeoutMs,
    retries: config.retries,
    onStart: () => {
      track.running++;
      options.onProgress?.(track.snapshot());
    },
    signal: options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]),
  };
  for await (const f of pool.run<JobTask, JobValue>(tasks, runOptions)) {
    track.running = Math.max(0, track.running - f.attempts);
    const key = jobKeyString(f.task);
    const base = {
      inputFingerprint: f.outcome.ok
        ? f.outcome.value.inputFingerprint
        : (inputFps.get(key) ??
          (await fingerprintPartition(storeDir, f.task.securityCode, f.task.date).catch(() => ""))),
      configFingerprint: configFp,
      attempts: f.attempts,
      ms: Math.round(f.ms),
    };
    if (f.outcome.ok) {
      track.done++;
      track.rows += f.outcome.value.rows;
      timings.push({ key, ms: f.ms, rows: f.outcome.value.rows });
      manifest.jobs[key] = { status: "done", ...base, rows: f.outcome.value.rows, sweeps: f.outcome.value.sweeps };
    } else if (f.outcome.error.code !== "aborted") {
      track.failed++;
      failures.push({ key, error: f.outcome.error, attempts: f.attempts });
      if (f.outcome.error.code === "output_unwritable") {
        stopped ??= f.outcome.error;
        stop.abort(new Error(f.outcome.error.message));
      } else {
        manifest.jobs[key] = { status: "failed", ...base, error: f.outcome.error };
      }
    }
    // The manifest write itself may hit the same full disk: the previous manifest then stays intact.
    await writeManifest(config.outputDir, manifest, options.shard).catch((e: unknown) => {
      stopped ??= { code: "output_unwritable", message: (e as Error).message };
      stop.abort(e);
    });
    options.onProgress?.(track.snapshot());
  }
  return {
    matrix,
    timings,
    failures,
    skipped: track.skipped,
    seconds: (performance.now() - t0) / 1000,
    rows: track.rows,
    ...(stopped === undefined ? {} : { stopped }),
  };
}

// The (security, date)'s continuous-session window of the sessions file, else the config's.
function windowOf(reference: ReferenceData, k: JobKey, configWindow: SessionWindow): SessionWindow {
  const w = reference.sessions.get(sessionKey(k.securityCode, k.date));
  return w === undefined ? configWindow : { ...w, source: "sessions file" };
}

async function aggregateStep(
  config: RunConfig,
  matrix: JobKey[],
  options: PipelineOptions,
  reference: ReferenceData,
): Promise<{ seconds: number; files: string[] }> {
  const t0 = performance.now();
  const track = new PhaseTracker("aggregate", 1);
  options.onProgress?.(track.snapshot());
  const files = await aggregateRun(config.outputDir, matrix, { participants: reference.participants });
  track.done = 1;
  options.onProgress?.(track.snapshot());
  return { seconds: (performance.now() - t0) / 1000, files };
}

async function finish(
  config: RunConfig,
  t0: number,
  part: PartitionOutcome,
  jobs: JobsOutcome | undefined,
  agg: { seconds: number; files: string[] } | undefined,
  shard: PipelineOptions["shard"],
): Promise<RunSummary> {
  const summary = buildSummary({ wallSeconds: (performance.now() - t0) / 1000, partition: part, jobs, aggregate: agg });
  await writeSummary(config.outputDir, summary, shard);
  return summary;
}

/** Reruns only the jobs that failed before (inputs and config unchanged): `runPipeline` with `retryFailed`. */
export function retryFailed(
  config: RunConfig,
  options: Omit<PipelineOptions, "retryFailed"> = {},
): Promise<RunSummary> {
  return runPipeline(config, { ...options, retryFailed: true });
}
