import { z } from "zod";

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

/** Why a job of a finished run is not there any more, as a reader names it (`jobs_changed`, `missing_table`). */
export const REMOVED_SINCE_RUN =
  "removed since the run: no job.json (a later run cleared its folder, or it was deleted)";

/** Why a job of a run is not in by_security/ any more: a later run of another selection set it aside. */
export const SET_ASIDE_SINCE_RUN =
  "set aside since the run, in set_aside/, by a later run of another selection (a run of this config takes it back)";

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
