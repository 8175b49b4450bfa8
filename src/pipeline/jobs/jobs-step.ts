import {
  jobKeyString,
  jobMatrix,
  shardJobs,
  shardSuffix,
  sortedJobKeys,
  type JobKey,
  type RunConfig,
} from "../../config/index.js";
import type { JobQuality } from "../../io/outputs/job-quality-read.js";
import { recordedJobOf, type RecordedJob } from "../../io/outputs/job-sums-read.js";
import type { ReferenceData } from "../../io/inputs/reference.js";
import { rm } from "node:fs/promises";
import { listStore } from "../../io/store/index.js";
import { readJobFileDigests, writeJobFileDigests } from "../../io/outputs/file-digests.js";
import { join } from "node:path";
import { settleJobFolders, type SettleOutcome } from "./job-folders-settle.js";
import { removeStaleRunFiles } from "../run-files.js";
import { jobAdmission } from "./admission.js";
import { jobContext } from "./job-check.js";
import { doneEntry, planJobs } from "./job-plan.js";
import { JobSumsMissingError } from "./job-sums-missing.js";
import { ManifestSaver } from "./manifest-saver.js";
import { jobTimeoutMessage } from "../limits.js";
import { readManifest, writeManifest, type JobRecord } from "../manifest.js";
import type { JobError, JobTask, JobValue, JobValueWithSums } from "../messages.js";
import type { TaskPool } from "../pool.js";
import { PhaseTracker } from "../progress.js";
import type { PipelineOptions } from "../run-options.js";
import type { JobTiming } from "../summary.js";

/** What the jobs phase did. */
export interface JobsOutcome {
  matrix: JobKey[];
  /** The jobs of the matrix whose outputs are current (skipped as current, or computed by this run). */
  current: JobKey[];
  /** The jobs of `current` skipped as current (their records are of an earlier run), in matrix order. */
  skippedCurrent: JobKey[];
  /** The data-quality blocks the jobs computed by this run returned, in the order they finished. */
  quality: JobQuality[];
  /**
   * The data-quality blocks of the jobs skipped as current, from the job.json their check read (by
   * `SEC|date`; undefined: it has none). A job missing here (its job.json read but refused by
   * recordedJobOf) is read again by whoever needs it, which reports why.
   */
  skippedQuality: Map<string, JobQuality | undefined>;
  timings: JobTiming[];
  failures: { key: string; error: JobError; attempts: number }[];
  skipped: number;
  seconds: number;
  rows: number;
  /** Set when the run stopped early because the output disk is full or read-only. */
  stopped?: JobError;
  /** The jobs it set out to compute (their folders cleared first). */
  computing: number;
  /** The job folders of earlier runs it set aside, took back or removed (settleJobFolders), when any. */
  settled?: SettleOutcome;
}

/**
 * The jobs phase of {@link runPipeline}: one job per (security, date) of the (sharded) job matrix in
 * the worker pool, skipping the jobs whose records are current; the manifest is saved at the start,
 * the end and every second or so between (ManifestSaver).
 * `onComputed` is handed each job computed now, as its worker returned it (its record with its
 * sums), once, as it finishes: the run's aggregate step merges them without reading them back.
 * Without `onComputed` the workers leave the sums out of what they return (they are in each job's
 * job.json all the same). `onSkipped` is handed each job skipped as current, from the job.json its
 * check read (a job.json refused there is not handed: the aggregate step reads it and reports why). Throws {@link JobSumsMissingError} if a worker asked for sums returns none.
 */
export async function jobStep(
  pool: TaskPool,
  config: RunConfig,
  storeDir: string,
  options: PipelineOptions,
  reference: ReferenceData,
  onComputed?: (job: JobValueWithSums) => void,
  onSkipped?: (job: RecordedJob) => void,
): Promise<JobsOutcome> {
  const t0 = performance.now();
  const partitions = await listStore(storeDir);
  const present = partitions.map((p) => ({ securityCode: p.securityCode, date: p.date }));
  const whole = jobMatrix(config, present);
  const matrix = options.shard === undefined ? whole : shardJobs(whole, options.shard.index, options.shard.count);
  // by_security/ holds the run's job set only (a glob over it reads this run's jobs): an earlier
  // run's job outside it is set aside (or removed), one of it set aside before comes back. Not for
  // a selection matching nothing that the run then refuses (a typo must not empty the folder).
  let settled: SettleOutcome | undefined;
  if (whole.length > 0 || (options.shard === undefined && options.allowPartial === true)) {
    settled = await settleJobFolders(config.outputDir, {
      matrix: whole,
      mine: matrix,
      inStore: new Set(present.map(jobKeyString)),
      ...(options.shard === undefined ? {} : { shard: options.shard }),
    });
    // The run files of other runs stop describing the folder now (a shard's of the whole run, …).
    await removeStaleRunFiles(config.outputDir, options.shard);
  }
  const ctx = await jobContext(config, storeDir, options.toolkitVersion, reference);
  const digests = await readJobFileDigests(config.outputDir);
  const skippedQuality = new Map<string, JobQuality | undefined>();
  // Skipping is decided from each job's record on disk; the old manifest only remembers failures.
  const plan = await planJobs(ctx, matrix, await readManifest(config.outputDir, options.shard), config.analysis, {
    ...(options.retryFailed === undefined ? {} : { retryFailed: options.retryFailed }),
    returnSums: onComputed !== undefined,
    digests,
    // A job skipped as current: its sums and data-quality block from the job.json its check just
    // read, so the aggregate step and the summary need not read it again (a run adding a day to a
    // year of jobs read every job.json three times).
    onCurrent: (k, read) => {
      let job: RecordedJob;
      try {
        job = recordedJobOf(k, read);
      } catch {
        return; // read again by the aggregate step and the summary, which report it
      }
      skippedQuality.set(jobKeyString(k), job.quality);
      onSkipped?.(job);
    },
  });
  const manifest = plan.manifest;
  for (const k of plan.current) {
    const key = jobKeyString(k);
    const entry = manifest.jobs[key];
    if (entry !== undefined) options.onSkippedJob?.(key, entry, { securityCode: k.securityCode, date: k.date });
  }
  const current = [...plan.current];
  const failures: JobsOutcome["failures"] = [...plan.failures];
  // Their FAILED lines below are an earlier run's (its error, maybe about a value since changed).
  if (plan.failures.length > 0) {
    const n = plan.failures.length;
    const keys = plan.failures.slice(0, 5).map((f) => f.key);
    const more = n > 5 ? `, … ${n - 5} more` : "";
    options.onWarning?.(
      `${n} job(s) failed in an earlier run and were not run again, since nothing they depend on changed ` +
        `(${keys.join(", ")}${more}): rerun them with --retry-failed (retryFailed in a notebook)`,
    );
  }
  const track = new PhaseTracker("jobs", matrix.length);
  track.skipped = plan.current.length + plan.failures.length;
  options.onProgress?.(track.snapshot());
  const timings: JobTiming[] = [];
  const quality: JobQuality[] = [];
  // A full or read-only output disk fails every job after it: stop the run at the first one.
  const stop = new AbortController();
  let stopped: JobError | undefined;
  // The manifest write itself may hit the same full disk: the previous manifest then stays intact.
  const saveManifest = (): Promise<void> =>
    writeManifest(config.outputDir, manifest, options.shard).catch((e: unknown) => {
      stopped ??= { code: "output_unwritable", message: (e as Error).message };
      stop.abort(e);
    });
  const saver = new ManifestSaver(saveManifest);
  // The entries of the jobs about to be recomputed go first: none of them is done any more.
  await saver.flush();
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
    onEnd: (_task: unknown, attempts: number) => {
      track.running = Math.max(0, track.running - attempts);
    },
    signal: options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]),
  };
  try {
    for await (const f of pool.run<JobTask, JobValue>(plan.tasks, runOptions)) {
      const key = jobKeyString(f.task);
      const job: JobKey = { securityCode: f.task.securityCode, date: f.task.date };
      const timing = { attempts: f.attempts, ms: Math.round(f.ms) };
      if (f.outcome.ok) {
        track.done++;
        track.rows += f.outcome.value.rows;
        timings.push({ key, ms: f.ms, rows: f.outcome.value.rows });
        current.push({ securityCode: f.task.securityCode, date: f.task.date });
        quality.push(f.outcome.value.quality);
        for (const [name, d] of Object.entries(f.outcome.value.fileDigests)) digests.add(join(f.task.jobDir, name), d);
        const entry = doneEntry(f.outcome.value.record, timing);
        manifest.jobs[key] = entry;
        options.onJob?.(key, entry, job);
        if (onComputed !== undefined) onComputed(withSums(f.outcome.value, f.task));
      } else if (f.outcome.error.code !== "aborted") {
        track.failed++;
        failures.push({ key, error: f.outcome.error, attempts: f.attempts });
        // Whatever its attempts wrote before failing (a detail file without job.json) is no output.
        await rm(f.task.jobDir, { recursive: true, force: true }).catch(() => undefined);
        if (f.outcome.error.code === "output_unwritable") {
          stopped ??= f.outcome.error;
          stop.abort(new Error(f.outcome.error.message));
        } else {
          const e = plan.expectations.get(key);
          const entry: JobRecord = {
            status: "failed",
            inputFingerprint: e === undefined ? "" : await e.input().catch(() => ""),
            configFingerprint: ctx.analysisFingerprint,
            ...(e === undefined ? {} : { referenceFingerprint: e.referenceFingerprint }),
            toolkitVersion: ctx.toolkitVersion,
            ...timing,
            error: f.outcome.error,
          };
          manifest.jobs[key] = entry;
          options.onJob?.(key, entry, job);
        }
      }
      await saver.changed();
      options.onProgress?.(track.snapshot());
    }
  } finally {
    // The manifest as rebuilt from the records: the done jobs are those proved by their job.json.
    await saver.flush();
    // A cache: a digests file not written means hashing those files at the next rerun, never a wrong answer.
    await writeJobFileDigests(digests, shardSuffix(options.shard)).catch(() => undefined);
  }
  return {
    matrix,
    current: sortedJobKeys(current),
    skippedCurrent: plan.current,
    computing: plan.tasks.length,
    quality,
    skippedQuality,
    timings,
    failures,
    skipped: track.skipped,
    seconds: (performance.now() - t0) / 1000,
    rows: track.rows,
    ...(stopped === undefined ? {} : { stopped }),
    ...(settled === undefined || settled.setAside + settled.restored + settled.removed === 0 ? {} : { settled }),
  };
}

/** `value` as one with sums; a value without them is a worker's bug: the run stops (never merges less). */
function withSums(value: JobValue, task: JobTask): JobValueWithSums {
  if (!value.withSums) throw new JobSumsMissingError(jobKeyString(task), task.jobDir);
  return value;
}
