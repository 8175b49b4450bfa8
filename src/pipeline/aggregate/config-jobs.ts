import { join } from "node:path";
import { jobKeyString, jobMatrix, type JobKey, type RunConfig } from "../../config/index.js";
import { foundConfig } from "../found-config.js";
import { currentJobs, jobContext, type NotCurrent, type OnCurrent, type RecordBrief } from "../jobs/job-check.js";
import { assertStoreCurrent } from "./store-current.js";

/** A config's jobs in an output folder: which of its job matrix are current for it, and why the others are not. */
export interface ConfigJobs {
  /** The partitions the store holds (the matrix is drawn from them). */
  stored: JobKey[];
  /** The whole job matrix of the config over the partitions in its store, in matrix order. */
  whole: JobKey[];
  /** The matrix restricted to `only` (the whole matrix without it): the jobs checked. */
  matrix: JobKey[];
  /** The jobs of `matrix` whose job.json records are current for the config (detail files not hashed). */
  current: JobKey[];
  /** The other jobs of `matrix`, each with why (no job.json, another analysis or reference fingerprint, …; where, when in set_aside/). */
  notCurrent: NotCurrent[];
  /** The `record.jsonSha256` of each job of `current` as checked, by `SEC|date` (see `unchangedSince`). */
  seals: Map<string, string>;
  /** The stamp, rows and sweeps of each job of `current`'s record, by `SEC|date` (its run-manifest entry). */
  briefs: Map<string, RecordBrief>;
  /**
   * The folder of each job of `current`, by `SEC|date`: in by_security/, or in set_aside/ where a
   * run of another selection moved it, intact (its job.json current, as checked there).
   */
  dirs: Map<string, string>;
}

/**
 * The jobs to check of a config's matrix: a list of them, or a test of each (a notebook's filter).
 * Only these are checked: checking a job hashes its store partition.
 */
export type JobChoice = readonly JobKey[] | ((k: JobKey) => boolean);

/**
 * The jobs of a config already completed by `foundConfig` (see {@link configJobs}). Throws
 * `AggregateRefusedError` `aggregate_stale_store` when the store does not hold the inputs as they
 * are now (jobs current for a store of other data would pass as today's).
 */
export async function configJobsOfFound(
  found: Awaited<ReturnType<typeof foundConfig>>,
  only?: JobChoice,
  toolkitVersion?: string,
  onCurrent?: OnCurrent,
): Promise<ConfigJobs> {
  const { config } = found;
  // The store folder of an output folder (storeDirOf in run-options.ts).
  const storeDir = join(config.outputDir, "store");
  // The partitions its manifest lists, which the check proved are those on disk (no second walk of the store).
  const present = await assertStoreCurrent(
    config,
    found.inputs.data.map((d) => d.file),
    storeDir,
  );
  const whole = jobMatrix(config, present);
  let matrix = whole;
  if (typeof only === "function") matrix = matrix.filter(only);
  else if (only !== undefined) {
    const keep = new Set(only.map(jobKeyString));
    matrix = matrix.filter((k) => keep.has(jobKeyString(k)));
  }
  // A job a run of another selection set aside is checked there: current, it is read from there.
  const { current, notCurrent, seals, briefs, dirs } = await currentJobs(
    await jobContext(config, storeDir, toolkitVersion),
    matrix,
    { verifyFiles: false, setAside: true, ...(onCurrent === undefined ? {} : { onCurrent }) },
  );
  return { stored: present, whole, matrix, current, notCurrent, seals, briefs, dirs };
}

/**
 * Which jobs of `config`'s job matrix (over the partitions in its store; restricted to `only`) in
 * its output folder are current for it — their job.json records hold its analysis and reference
 * fingerprints, today's store partition and this toolkit version — and why each other one is not.
 * What a reader of a run's outputs that names the run (a `RunResult` or its `RunConfig`) may read:
 * a job folder outside the matrix, or rewritten by a run of other settings, is not this run's; a
 * job a run of another selection set aside (none in by_security/) is checked, and read, in
 * set_aside/ (`dirs`).
 * `onCurrent` is handed each current job with its job.json as read (see `currentJobs`). Throws
 * `AggregateRefusedError` `aggregate_stale_store` when the inputs changed since the store was
 * made, `InputErrors` for an unusable reference file.
 */
export async function configJobs(config: RunConfig, only?: JobChoice, onCurrent?: OnCurrent): Promise<ConfigJobs> {
  return configJobsOfFound(await foundConfig(config), only, undefined, onCurrent);
}
