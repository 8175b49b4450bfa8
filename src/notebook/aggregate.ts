import type { DataFrame } from "../frames/index.js";
import { DATA_QUALITY_TABLE, TABLE_NAMES, type AnyTableName } from "../aggregate/table.js";
import { loadReferenceData } from "../io/inputs/reference.js";
import { loadAggregateFrames } from "../pipeline/index.js";
import { CheckedJobs } from "../pipeline/aggregate/checked-jobs.js";
import { briefly } from "./brief-errors.js";
import {
  configOf,
  outputDirOf,
  readUnchanged,
  requireJobs,
  runJobsOf,
  type JobFilter,
  type OutputSource,
} from "./source.js";
import { jobsChangedError } from "./source-errors.js";
import { referenceFileOf } from "./source-reference.js";

/**
 * What {@link aggregate} reads: an output folder, or a `RunConfig` (its `outputDir` and
 * `reference.participants`; also a config object as given to `run`, its defaults filled in as `run`
 * fills them) or a `RunResult` (its `outputDir` and `config.reference.participants`).
 */
export type AggregateSource =
  | OutputSource
  | {
      readonly outputDir: string;
      readonly reference?: { readonly participants?: string | undefined } | undefined;
      readonly config?: { readonly reference?: { readonly participants?: string | undefined } | undefined };
    };

/** The aggregated tables as DataFrames, by name (`global_summary`, `by_security`, `by_date`, …, `data_quality`). */
export type AggregateFrames = Record<AnyTableName, DataFrame>;

/**
 * The aggregated tables of a run's outputs as danfojs DataFrames (`loadAggregateFrames`), merged
 * from the additive sums the jobs saved in their job.json (no detail file is read) — of every
 * complete job, or of those passing `filter` (e.g. the securities of a subset rerun). The same
 * figures as the run's `aggregated/*.csv` (given a bare folder, which names no config, `time_of_day`
 * spans the session its `run_manifest.json` records: 10:00–16:00 when it records none);
 * AUD as numbers, ratios as numbers (NaN: no answer).
 * `by_participant` names the participants when the source is a config or run result with a
 * participants file (`reference.participants`; a config naming none: the one among its inputs, as
 * its run found it). Given a run (its result or config), only its jobs
 * still current for its config (a job it failed is left out, as in its own tables). A job of the run
 * gone since (a later run cleared its folder and did not finish it) is refused, `jobs_changed`, given
 * the `RunResult` of a run that went through its jobs (not cancelled or stopped, not a shard);
 * given its `RunConfig`, or a cancelled, stopped or sharded run, such a job cannot be told from one
 * the run failed or never reached, and is left out without a word. Throws
 * `RunSourceError` when the folder holds no run (`no_run`: run it first), holds a run none of whose
 * (chosen) jobs finished (`no_finished_job`: every one failed or none ran; it names them with their
 * codes and says what to do), the filter matches no job of the run (`empty_selection`, naming what
 * is there) or jobs of the run named changed since it ran (`jobs_changed`, naming them: rewritten
 * by a later run of other settings, damaged or removed; also while they were read, by a run writing
 * the folder meanwhile: each job.json is compared with the one checked once read),
 * `JobOutputsError` naming a job.json without a valid record (one written by an
 * older sweeplab has no sums: rerun it) or of another job (`wrong_job`: a job folder copied or
 * renamed by hand under by_security/, which the folder as it is would count twice), `InputErrors` for an unreadable participants file; a
 * toolkit error is brief (its message only) unless `setDebug(true)`.
 */
export function aggregate(source: AggregateSource, filter?: JobFilter): Promise<AggregateFrames> {
  return briefly(() => aggregateFrames(source, filter));
}

async function aggregateFrames(source: AggregateSource, filter?: JobFilter): Promise<AggregateFrames> {
  const outputDir = outputDirOf(source);
  // A run named whose jobs changed since (a later run of other settings rewrote or removed them): its
  // tables without them would pass for its own. A job it failed is left out, as in its tables. Its
  // jobs first (as sweepRows): a run clearing every job folder meanwhile is that, not "no run".
  // With the run's config (a RunResult or a RunConfig): only the jobs current for that config.
  const { participants } = await loadReferenceData({ participants: await referenceFileOf(source, "participants") });
  // The run's jobs are merged as runJobsOf's check reads them (CheckedJobs): each job.json read
  // once, and what is merged is the very job.json proved current, so no run rewriting the folder
  // meanwhile can slip another run's sums in.
  // time_of_day over the run's own session window (for a bare folder, the one its run_manifest.json records).
  const session = configOf(source)?.analysis.session;
  const checked = new CheckedJobs({ participants, ...(session === undefined ? {} : { session }) });
  const own = await runJobsOf(source, filter, checked.onCurrent);
  if (own !== undefined && own.changed.size > 0) throw jobsChangedError(outputDir, own.changed);
  const selected = own === undefined ? await requireJobs(outputDir, filter) : undefined;
  const only = filter === undefined ? undefined : selected;
  const merged = own === undefined ? undefined : checked.tables(own.jobs);
  // Else (not all of them merged) read, then their job.json seals compared with those checked (a
  // run rewriting the folder meanwhile); without a run, as loadAggregateFrames decides.
  const frames: Record<string, DataFrame | undefined> =
    merged !== undefined
      ? (await import("../frames/frames.js")).tablesToFrames(merged)
      : own !== undefined
        ? await readUnchanged(outputDir, own, () =>
            loadAggregateFrames(outputDir, {
              only: own.jobs,
              dirs: own.dirs,
              participants,
              ...(session === undefined ? {} : { session }),
            }),
          )
        : await loadAggregateFrames(configOf(source) ?? outputDir, {
            ...(only === undefined ? {} : { only }),
            allowPartial: true,
            participants,
          });
  const missing = [...TABLE_NAMES, DATA_QUALITY_TABLE].filter((t) => frames[t] === undefined);
  if (missing.length > 0) throw new Error(`aggregate: tables ${missing.join(", ")} are missing`);
  return frames as AggregateFrames;
}
