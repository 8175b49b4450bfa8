import { readdir } from "node:fs/promises";
import { join } from "node:path";
import {
  compareJobKeys,
  jobKeyString,
  resolveConfig,
  type JobKey,
  type RunConfig,
  type RunConfigInput,
} from "../config/index.js";
import { AggregateRefusedError, configJobs, liveShardLocks, lockName, readLock } from "../pipeline/index.js";
import type { OnCurrent } from "../pipeline/jobs/job-check.js";
import {
  jobsChangedError,
  noJobError,
  noneOfRunError,
  notARunError,
  outputGoneError,
  runUncheckedError,
} from "./source-errors.js";
import { jobFilterOf, keeper, type JobFilter } from "./source-filter.js";
import {
  FAILED_IN_RUN,
  failedInRun,
  NOT_REACHED_IN_RUN,
  reachedInRun,
  failuresOfFinishedRun,
  REMOVED_SINCE_RUN,
  rewrittenSinceRun,
} from "./source-run.js";

export { jobFilterOf, keeper, type JobDateRange, type JobFilter } from "./source-filter.js";
export { assertReadUnchanged, CHANGED_WHILE_READ, readUnchanged, runJobDir } from "./read-unchanged.js";

/**
 * Where a run's outputs are: an output folder, or anything with an `outputDir` (a `RunConfig`, a
 * `RunResult`; also a config object as given to `run`, written in place: `{ inputs, outputDir, … }`).
 */
export type OutputSource = string | { readonly outputDir: string } | (RunConfigInput & { readonly outputDir: string });

/**
 * The output folder of a source; RunSourceError `not_a_run` for anything else (typed at the REPL: a
 * run handle not awaited, undefined), saying what it got.
 */
export function outputDirOf(source: OutputSource): string {
  if (typeof source === "string") return source;
  const loose: unknown = source;
  const dir = (loose as { outputDir?: unknown } | null | undefined)?.outputDir;
  if (typeof dir === "string") return dir;
  throw notARunError(loose);
}

async function folders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** The complete jobs (their `job.json` exists) under `<outputDir>/by_security/` that pass the filter, sorted. */
export async function completeJobs(outputDir: string, filter: JobFilter = {}): Promise<JobKey[]> {
  const root = join(outputDir, "by_security");
  const out: JobKey[] = [];
  const keep = keeper(filter);
  for (const sec of (await folders(root)).filter((n) => n.startsWith("SEC_"))) {
    for (const date of await folders(join(root, sec))) {
      const securityCode = sec.slice(4);
      if (!keep(securityCode, date)) continue;
      const files = await readdir(join(root, sec, date)).catch(() => [] as string[]);
      if (files.includes("job.json")) out.push({ securityCode, date });
    }
  }
  return out.sort(compareJobKeys);
}

/**
 * The complete jobs of a run's outputs that pass the filter, as {@link completeJobs}; throws
 * `RunSourceError` when there is none: `no_run` (the folder holds no run: run it first),
 * `no_finished_job` (a run whose chosen jobs all failed or never ran: naming them, their codes and
 * what to do) or `empty_selection` (naming the securities and dates that are there).
 */
export async function requireJobs(outputDir: string, given: JobFilter = {}): Promise<JobKey[]> {
  const filter = jobFilterOf(given);
  const all = await completeJobs(outputDir);
  const keep = keeper(filter);
  const kept = all.filter((k) => keep(k.securityCode, k.date));
  const error = await noJobError(outputDir, all, filter, kept.length);
  if (error !== undefined) throw error;
  return kept;
}

/**
 * The run config of a source, when it carries one: a RunResult's `config`, or a config object, which
 * is resolved as `run` resolves it (`resolveConfig`: defaults filled in), so that one typed with only
 * the fields that differ from the defaults (`{ inputs, outputDir, analysis: { impactTicks: 2 } }`)
 * names the run it started, not a bare folder nor "the store does not hold the config's inputs".
 * Throws ConfigError `bad_config` for an object with a list of `inputs` that is no config.
 */
export function configOf(source: unknown): RunConfig | undefined {
  if (typeof source !== "object" || source === null) return undefined;
  if ("config" in source) {
    const c: unknown = source.config;
    return typeof c === "object" && c !== null && "analysis" in c && "inputs" in c ? (c as RunConfig) : undefined;
  }
  // A list of inputs: a config (a scan's result holds `inputs` too, as an object).
  return "inputs" in source && Array.isArray(source.inputs) ? resolveConfig(source) : undefined;
}

/** The jobs of a run that {@link runJobsOf} gives: those to read, and those of the run not current any more. */
export interface RunJobs {
  /** The run's jobs passing the filter whose records are current for its config, sorted. */
  jobs: JobKey[];
  /** The run's other jobs passing the filter, each with why it is not current (`SEC|date` → reason). */
  notCurrent: Map<string, string>;
  /** The `record.jsonSha256` of each job of `jobs` as checked, by `SEC|date` ({@link assertReadUnchanged}). */
  seals: ReadonlyMap<string, string>;
  /**
   * The folder of each job of `jobs`, by `SEC|date`, where it was checked and is read: in
   * by_security/, or in set_aside/ where a later run of another selection moved it, intact.
   */
  dirs: ReadonlyMap<string, string>;
  /**
   * Those of `notCurrent` changed since the run: their job.json is there but not current (other
   * fingerprints) or damaged; or, given the `RunResult` of a run that went through its whole jobs
   * phase, gone though the run did not fail them (removed since: a later run cleared the folder).
   */
  changed: Map<string, string>;
}

/**
 * The jobs a reader of a run's detail files may read when the source names the run (a `RunResult`
 * or its `RunConfig`): the jobs of its config's job matrix that pass `filter` and are current for
 * it (`configJobs`), never a folder another run left (another subset, other settings, data no
 * longer in the inputs); a job a later run of another selection set aside is read from set_aside/
 * when its job.json there is current, as checked (`dirs`); undefined for a bare folder (every
 * complete job there is read) and for a run whose store was deleted (its jobs cannot be checked:
 * read as a folder). A job the `RunResult` lists among its failures is not read even once a later
 * run computed it (`retryFailed`): in `notCurrent`, left out as the run's tables leave it; nor is a
 * job the `RunResult` never reached (cancelled or stopped before it, another shard's), so that its
 * numbers do not change when a later run completes the folder. A job without job.json
 * is `changed` (removed since the run) when the source is the `RunResult` of a run that went through
 * its whole jobs phase and did not fail it (see `failuresOfFinishedRun`); given a `RunConfig`, or
 * a cancelled, stopped or sharded run, it cannot be told from a job the run failed or never
 * reached: only in `notCurrent` (aggregate and sweepRows leave it out). Throws `RunSourceError`
 * `empty_selection` when the filter keeps none of the run's jobs, `no_finished_job` when none of
 * those it keeps finished, `jobs_changed` when they cannot be checked (its inputs changed since the
 * run) or none of them is current and some changed; `InputErrors` for an input or reference file
 * that is gone or unusable.
 */
export async function runJobsOf(
  source: OutputSource,
  given: JobFilter = {},
  onCurrent?: OnCurrent,
): Promise<RunJobs | undefined> {
  const config = configOf(source);
  if (config === undefined) return undefined;
  // The run's folder deleted since (workDir's fresh): say so, not "holds no sweeplab run: run it first".
  const folderGone = await outputGoneError(source, outputDirOf(source));
  if (folderGone !== undefined) throw folderGone;
  const filter = jobFilterOf(given);
  const keep = keeper(filter);
  // Only the jobs the filter keeps are checked (each check hashes the job's store partition).
  const own = await configJobs(config, (k) => keep(k.securityCode, k.date), onCurrent).catch((e: unknown) => {
    // Its inputs changed since the run (the store is not theirs): unchecked, it is not read as the run's.
    if (!(e instanceof AggregateRefusedError)) throw e;
    throw runUncheckedError(outputDirOf(source), e.message);
  });
  if (own.whole.length === 0) return undefined;
  const kept = own.matrix;
  const error = await noJobError(outputDirOf(source), own.whole, filter, kept.length);
  if (error !== undefined) throw error;
  const keys = new Set(kept.map(jobKeyString));
  const current = own.current.filter((k) => keys.has(jobKeyString(k))).sort(compareJobKeys);
  // Current for the config, yet not the run's own: the same config run since on other data.
  const rewritten = await rewrittenSinceRun(source, outputDirOf(source), current, own.dirs);
  // A job the run failed is not in its tables, though a later run computed it since (retryFailed).
  const failedHere = failedInRun(source);
  // Nor is a job the run never reached (cancelled, stopped, another shard's): its numbers stay its own.
  const reached = reachedInRun(source);
  const unreached = (key: string): boolean => reached !== undefined && !reached.has(key);
  const jobs = current.filter((k) => {
    const key = jobKeyString(k);
    return !rewritten.has(key) && !failedHere.has(key) && !unreached(key);
  });
  // A run that went through its whole jobs phase did, skipped as current or failed every job of its
  // matrix: one of them gone now that it did not fail was removed since (a later run cleared it).
  const failed = failuresOfFinishedRun(source, own.whole.length);
  const removed = (n: { key: string; kind: string }): boolean =>
    n.kind === "missing" && failed !== undefined && !failed.has(n.key);
  // A job set aside by a later run of another selection and not current there is `stale` or
  // `damaged` (configJobs says where it is): changed since the run, whatever the source.
  const notCurrent = own.notCurrent
    .filter((n) => keys.has(n.key))
    .map((n) => (removed(n) ? { ...n, kind: "removed", reason: REMOVED_SINCE_RUN } : n));
  const changed = new Map(notCurrent.filter((n) => n.kind !== "missing").map((n) => [n.key, n.reason]));
  for (const [key, reason] of rewritten) changed.set(key, reason);
  // A job gone while a run writes the folder is one that run cleared to rewrite (its job.json is
  // removed first), not one this run never reached: never left out without a word.
  const gone = notCurrent.filter((n) => n.kind === "missing");
  const writer = gone.length > 0 ? await liveWriter(outputDirOf(source)) : undefined;
  if (writer !== undefined) for (const n of gone) changed.set(n.key, `${CLEARED_BY_LIVE_RUN} (${writer})`);
  // The run's failures a later run computed since: left out (not changed: the run's tables lack them).
  for (const k of current)
    if (failedHere.has(jobKeyString(k)))
      notCurrent.push({ key: jobKeyString(k), kind: "failed", reason: FAILED_IN_RUN });
    else if (unreached(jobKeyString(k)))
      notCurrent.push({ key: jobKeyString(k), kind: "unreached", reason: NOT_REACHED_IN_RUN });
  if (jobs.length === 0) {
    const dir = outputDirOf(source);
    // None of the run's chosen jobs is there to read: a later run rewrote some (jobs_changed); or none
    // of them finished (every one failed, or none ran: no_finished_job names them); or they were
    // removed since (a later run's cleared job folders): never an empty answer without a word.
    if (changed.size > 0) throw jobsChangedError(dir, changed);
    // Every one the run never reached or failed, computed since by a later run: none is this run's.
    if (notCurrent.length > 0 && notCurrent.every((n) => n.kind === "unreached" || n.kind === "failed"))
      throw noneOfRunError(dir, new Map(notCurrent.map((n) => [n.key, n.reason])));
    const none = await noJobError(dir, [], filter, 0);
    if (none?.code === "no_finished_job") throw none;
    if (notCurrent.length > 0) throw jobsChangedError(dir, new Map(notCurrent.map((n) => [n.key, n.reason])));
  }
  return {
    jobs,
    notCurrent: new Map(notCurrent.map((n) => [n.key, n.reason])),
    changed,
    seals: own.seals,
    dirs: own.dirs,
  };
}

/** A run's job that is not current any more, as a reader says it: why, and that a later run of other settings or data did it. */
export function notCurrentReason(reason: string): string {
  return `not this run's outputs any more: ${reason} (a later run with other settings or inputs rewrote or removed it; rerun this config)`;
}

/** Why a job of a run is refused while another run writes the folder: it is cleared, to be rewritten. */
export const CLEARED_BY_LIVE_RUN =
  "no job.json while a run is writing this output folder (cleared to be rewritten: read again once it has finished)";

/** Who writes `outputDir` now: a live run (or aggregate, partition) holding its lock, or a live job shard; undefined when none. */
async function liveWriter(outputDir: string): Promise<string | undefined> {
  const main = await readLock(join(outputDir, lockName())).catch(() => undefined);
  if (main !== undefined && !main.stale) return `pid ${main.info.pid} on ${main.info.host}`;
  const [shard] = await liveShardLocks(outputDir, "run").catch(() => []);
  if (shard === undefined) return undefined;
  const which = shard.shard === undefined ? "a job shard" : `job shard ${shard.shard.index}/${shard.shard.count}`;
  return `${which}, pid ${shard.holder.pid} on ${shard.holder.host}`;
}
