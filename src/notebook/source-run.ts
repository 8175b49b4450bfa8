import { z } from "zod";
import { jobKeyString, type JobKey } from "../config/index.js";
import { jobDir } from "../io/outputs/job-outputs.js";
import { readJobRecord } from "../io/outputs/job-record.js";

/**
 * The fields of a `RunResult` that say whether its run went through its whole jobs phase (checked,
 * not trusted: a source is any object with an `outputDir`).
 */
const RunOutcome = z.object({
  cancelled: z.boolean(),
  summary: z.object({
    interrupted: z.boolean().optional(),
    stopped: z.unknown().optional(),
    jobs: z
      .object({
        total: z.number(),
        failures: z.array(z.object({ key: z.string() })),
        stopped: z.unknown().optional(),
      })
      .optional(),
  }),
});

/** Whether `source` is a `RunResult` (checked, not trusted: its `cancelled` and `summary`). */
export function isRunResult(source: unknown): boolean {
  return RunOutcome.safeParse(source).success;
}

/** The failures a `RunResult` lists (`summary.jobs.failures`; checked, not trusted). */
const RecordedFailures = z.object({
  summary: z.object({ jobs: z.object({ failures: z.array(z.object({ key: z.string() })) }) }),
});

/** Why a job the run failed is not read, though a later run has computed it since. */
export const FAILED_IN_RUN = "failed in this run (its tables leave it out); a later run computed it since";

/**
 * The jobs the `RunResult` `source` failed (`SEC|date`: its own failures and the earlier ones it
 * left failed), whatever became of the run (cancelled, stopped, a shard): none of them is in its
 * tables, so a job.json a later run wrote for one since (a rerun with `retryFailed`) is not the
 * run's. Empty for a source that is not a `RunResult`.
 */
export function failedInRun(source: unknown): ReadonlySet<string> {
  const parsed = RecordedFailures.safeParse(source);
  return new Set(parsed.success ? parsed.data.summary.jobs.failures.map((f) => f.key) : []);
}

/** Why a job the run never reached (cancelled, stopped, a shard's) is not read, though another run (earlier: another shard; or since) computed it. */
export const NOT_REACHED_IN_RUN =
  "not reached by this run (it was cancelled or stopped before it, or it is another shard's); another run computed it";

/** The jobs a `RunResult` lists: computed (done or failed), skipped as current, failed earlier and left failed. */
const ReachedJobs = z.object({
  jobs: z.array(z.object({ key: z.string() })),
  skippedCurrent: z.array(z.object({ key: z.string() })),
  summary: z.object({ jobs: z.object({ failures: z.array(z.object({ key: z.string() })) }).optional() }),
});

/**
 * The jobs (`SEC|date`) the `RunResult` `source` reached: those it computed (done or failed), those
 * it skipped as current and those it left failed — every job of its tables, and for a run that went
 * through its whole matrix every job of it. A job of its matrix outside this set (one a cancelled or
 * stopped run never reached, another shard's) is not the run's, though a later run computed it
 * since. Undefined for a source that is not a `RunResult`, or one of an older version (no
 * `skippedCurrent`): that cannot be told.
 */
export function reachedInRun(source: unknown): ReadonlySet<string> | undefined {
  const parsed = ReachedJobs.safeParse(source);
  if (!parsed.success) return undefined;
  const { jobs, skippedCurrent, summary } = parsed.data;
  return new Set([...jobs, ...skippedCurrent, ...(summary.jobs?.failures ?? [])].map((j) => j.key));
}

/** Why a job of a finished run is not there any more, as a reader names it (`jobs_changed`, `missing_table`). */
export const REMOVED_SINCE_RUN =
  "removed since the run: no job.json (a later run cleared its folder, or it was deleted)";

/**
 * The jobs a run failed (`SEC|date`: its own failures and the earlier ones it did not run again),
 * when `source` is the `RunResult` of a run that went through the jobs phase of its whole job
 * matrix (`wholeJobs` jobs): not cancelled, not stopped (`summary.stopped`, `summary.jobs.stopped`),
 * not a shard. Every other job of its matrix was then done or skipped as current: one missing now
 * was removed after the run. Undefined when that cannot be told: a `RunConfig`, a folder, a
 * cancelled, stopped or sharded run (a job missing may be one it never reached).
 */
export function failuresOfFinishedRun(source: unknown, wholeJobs: number): ReadonlySet<string> | undefined {
  const parsed = RunOutcome.safeParse(source);
  if (!parsed.success) return undefined;
  const { cancelled, summary } = parsed.data;
  const jobs = summary.jobs;
  if (cancelled || summary.interrupted === true || summary.stopped !== undefined) return undefined;
  if (jobs === undefined || jobs.stopped !== undefined || jobs.total !== wholeJobs) return undefined;
  return new Set(jobs.failures.map((f) => f.key));
}

const SkippedJob = z.object({
  key: z.string(),
  record: z.object({
    inputFingerprint: z.string(),
    configFingerprint: z.string(),
    referenceFingerprint: z.string().optional(),
  }),
});
const ComputedJob = SkippedJob.extend({ status: z.string() });

/**
 * The jobs a `RunResult` computed, as its `jobs` list them, and those it skipped as current, as its
 * `skippedCurrent` does (absent in a result of an older version): checked, not trusted.
 */
const RecordedJobs = z.object({
  jobs: z.array(ComputedJob),
  skippedCurrent: z.array(SkippedJob).optional(),
});

/** Why a job of the run is refused: its job.json is of the same settings but other data. */
export const REWRITTEN_SINCE_RUN =
  "rewritten since the run: its job.json records other input data or settings than when this run computed it or found it current (a later run of the same config after the input files were replaced)";

/**
 * The jobs of `keys` (current for the run's config) that the `RunResult` `source` computed itself
 * or skipped as current, and whose job.json now records other fingerprints than the run computed
 * them with or found in it: a later run of the same config on other data at the same paths (a
 * notebook generating a new data set into the same folder) rewrote them, and reading them would
 * give that run's numbers as this one's (each read in its folder of `dirs`, `SEC|date` → folder,
 * when there: a job set aside). Empty for a source that is not a `RunResult`, `SEC|date` → reason.
 */
export async function rewrittenSinceRun(
  source: unknown,
  outputDir: string,
  keys: readonly JobKey[],
  dirs: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const parsed = RecordedJobs.safeParse(source);
  if (!parsed.success) return out;
  const { jobs, skippedCurrent = [] } = parsed.data;
  const computed = new Map(
    [...jobs.filter((j) => j.status === "done"), ...skippedCurrent].map((j) => [j.key, j.record]),
  );
  for (const k of keys) {
    const key = jobKeyString(k);
    const ran = computed.get(key);
    if (ran === undefined) continue;
    const read = await readJobRecord(dirs.get(key) ?? jobDir(outputDir, k.securityCode, k.date));
    if (!("record" in read)) continue; // gone or damaged: the readers' other checks say so
    const { input, analysis, reference } = read.record.stamp;
    const same =
      input === ran.inputFingerprint &&
      analysis === ran.configFingerprint &&
      (ran.referenceFingerprint === undefined || reference === ran.referenceFingerprint);
    if (!same) out.set(key, REWRITTEN_SINCE_RUN);
  }
  return out;
}
