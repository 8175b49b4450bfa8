import { rm } from "node:fs/promises";
import { join } from "node:path";
import { removeTree } from "../../io/atomic.js";
import type { AnalysisConfig } from "../../model/analysis-config.js";
import type { JobKey } from "../../config/index.js";
import type { JobOutputRecord } from "../../io/outputs/job-record.js";
import { mapInOrder, JOB_CHECK_CONCURRENCY } from "./in-order.js";
import { JobExpectation, type JobContext } from "./job-check.js";
import type { JobFileDigests } from "../../io/outputs/file-digests.js";
import type { SealedJob } from "../../io/outputs/job-record.js";
import type { JobRecord, RunManifest } from "../manifest.js";
import type { JobError, JobTask } from "../messages.js";

/** What the jobs phase must do, decided from the job records on disk. */
export interface JobPlan {
  /** The jobs to compute, in matrix order (their folders already cleared). */
  tasks: JobTask[];
  /** Jobs skipped because their records prove them current, in matrix order. */
  current: JobKey[];
  /** Earlier failures skipped because nothing they depend on changed (and `retryFailed` is off). */
  failures: { key: string; error: JobError; attempts: number }[];
  /** The manifest of the skipped jobs; the phase adds the jobs it computes. */
  manifest: RunManifest;
  /** Each job's expectation by key (its reference values and input fingerprint). */
  expectations: Map<string, JobExpectation>;
}

/** Options of {@link planJobs}. */
export interface PlanJobsOptions {
  retryFailed?: boolean;
  /** Each task's `returnSums`: whether the caller merges the sums the jobs return (see `JobTask`). */
  returnSums: boolean;
  /** The job files' known digests: a current job's files unchanged since are not hashed (verifyFiles). */
  digests?: JobFileDigests;
  /** Handed each job found current, in matrix order, with its job.json as the check read it. */
  onCurrent?: (job: JobKey, read: SealedJob) => void;
}

/** A manifest entry for a job done, from its record (and the timing of the run that did it, when known). */
export function doneEntry(
  record: Pick<JobOutputRecord, "stamp" | "rows" | "sweeps">,
  timing: { attempts?: number; ms?: number } = {},
): JobRecord {
  return {
    status: "done",
    inputFingerprint: record.stamp.input,
    configFingerprint: record.stamp.analysis,
    referenceFingerprint: record.stamp.reference,
    toolkitVersion: record.stamp.toolkitVersion,
    ...(timing.attempts === undefined ? {} : { attempts: timing.attempts }),
    ...(timing.ms === undefined ? {} : { ms: timing.ms }),
    rows: record.rows,
    sweeps: record.sweeps,
  };
}

/** Whether a manifest entry was made with exactly this stamp. */
async function sameStamp(entry: JobRecord, e: JobExpectation, ctx: JobContext): Promise<boolean> {
  return (
    entry.configFingerprint === ctx.analysisFingerprint &&
    entry.referenceFingerprint === e.referenceFingerprint &&
    entry.toolkitVersion === ctx.toolkitVersion &&
    entry.inputFingerprint === (await e.input())
  );
}

/**
 * Decides, job by job in matrix order, from the records on disk (never from the manifest alone),
 * checked up to JOB_CHECK_CONCURRENCY jobs at once: a job whose
 * job.json record is current for `ctx` is skipped; an earlier failure (in `old`) with the same
 * stamp is skipped unless `retryFailed`; every other job is computed, its folder cleared first
 * (job.json first, so a crash mid-clear leaves no complete-looking folder) so old and new files
 * never mix.
 */
export async function planJobs(
  ctx: JobContext,
  matrix: readonly JobKey[],
  old: RunManifest,
  analysis: AnalysisConfig,
  options: PlanJobsOptions,
): Promise<JobPlan> {
  const plan: JobPlan = {
    tasks: [],
    current: [],
    failures: [],
    manifest: { version: 1, session: { start: analysis.session.start, end: analysis.session.end }, jobs: {} },
    expectations: new Map(),
  };
  // Several jobs' records checked (their files hashed) at once; decided one by one in matrix order.
  const checks = mapInOrder(matrix, JOB_CHECK_CONCURRENCY, async (k) => {
    const e = new JobExpectation(ctx, k);
    return { k, e, check: await e.check(options.digests === undefined ? {} : { digests: options.digests }) };
  });
  for await (const { k, e, check } of checks) {
    plan.expectations.set(e.key, e);
    const prev = old.jobs[e.key];
    if (check.current) {
      plan.current.push(k);
      options.onCurrent?.(k, check.read);
      // The earlier entry, verbatim, when it says the same (its timing is kept); else one from the record.
      const same = prev?.status === "done" && (await sameStamp(prev, e, ctx));
      plan.manifest.jobs[e.key] = same ? prev : doneEntry(check.record);
      continue;
    }
    if (prev?.status === "failed" && options.retryFailed !== true && (await sameStamp(prev, e, ctx))) {
      // A failure of an earlier run stays a failure of this one until it is retried. Whatever its
      // folder holds (a detail file an attempt wrote, no job.json) is no output: a glob must not read it.
      await removeTree(e.dir);
      plan.manifest.jobs[e.key] = prev;
      if (prev.error !== undefined) plan.failures.push({ key: e.key, error: prev.error, attempts: prev.attempts ?? 0 });
      continue;
    }
    await rm(join(e.dir, "job.json"), { force: true });
    await removeTree(e.dir); // a file it may not remove: its own EPERM, not Node's ENOTDIR (atomic.ts)
    plan.tasks.push({
      kind: "job",
      securityCode: k.securityCode,
      date: k.date,
      decimals: e.decimals,
      session: e.session,
      storeDir: ctx.storeDir,
      jobDir: e.dir,
      analysis,
      detailFormat: ctx.detailFormat,
      toolkitVersion: ctx.toolkitVersion,
      returnSums: options.returnSums,
    });
  }
  return plan;
}
