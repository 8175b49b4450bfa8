import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { jobKeyString, type JobKey } from "../config/index.js";
import { jobDir } from "../io/outputs/job-outputs.js";
import { recordedSeal } from "../io/outputs/job-record.js";
import { SET_ASIDE } from "../pipeline/index.js";
import { jobsChangedError } from "./source-errors.js";
import type { RunJobs } from "./source.js";

/** Why a job of a run is refused after it was read: its job.json is not the one checked before. */
export const CHANGED_WHILE_READ =
  "rewritten or removed while it was read (a run is writing this output folder: read again once it has finished)";

/** The folder of a job of `own`: where it was checked (by_security/ or set_aside/). */
export function runJobDir(outputDir: string, own: RunJobs, k: JobKey): string {
  return own.dirs.get(jobKeyString(k)) ?? jobDir(outputDir, k.securityCode, k.date);
}

/** The same job folder in the other place: by_security/ ⇄ set_aside/ (a run moves a job whole, one rename). */
function otherPlace(outputDir: string, dir: string): string {
  const [root = "", ...rest] = relative(outputDir, dir).split(/[\\/]/);
  return join(outputDir, root === SET_ASIDE ? "by_security" : SET_ASIDE, ...rest);
}

/** The `record.jsonSha256` of the job.json in dir; undefined when there is none or it cannot be read. */
function sealIn(dir: string): string | undefined {
  try {
    return recordedSeal(readFileSync(join(dir, "job.json"), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Throws `jobs_changed` naming the jobs of `own` whose job.json is not, now, the one {@link runJobsOf}
 * checked (its `record.jsonSha256`): a run of other settings rewrote or cleared them while the
 * reader read them, so what was read may be that run's (its sums, or detail rows written before its
 * job.json). Called after the reads: a job folder is cleared, its job.json first gone, before any
 * file of a rewrite is written, so a file read that is not the checked job's leaves a job.json now
 * missing or of another seal. One small read per job. With `moved`, a job.json of the same seal in
 * the other place (set aside, or taken back, meanwhile: one rename of the whole folder, the same
 * bytes) is unchanged too: for reads that all succeeded.
 */
export function assertReadUnchanged(outputDir: string, own: RunJobs, moved = false): void {
  const changed = new Map<string, string>();
  for (const k of own.jobs) {
    const key = jobKeyString(k);
    const dir = runJobDir(outputDir, own, k);
    const seal = own.seals.get(key);
    if (sealIn(dir) === seal) continue;
    if (moved && sealIn(otherPlace(outputDir, dir)) === seal) continue;
    changed.set(key, CHANGED_WHILE_READ);
  }
  if (changed.size > 0) throw jobsChangedError(outputDir, changed);
}

/**
 * `read()`, then {@link assertReadUnchanged} when `own` (a run named) is given: a read that failed
 * on a file a run removed (or moved: set aside, taken back) meanwhile is that run's doing, said as
 * `jobs_changed`; a read that succeeded is that of the job checked when its job.json still is, in
 * its folder or, moved since, in the other place.
 */
export async function readUnchanged<T>(
  outputDir: string,
  own: RunJobs | undefined,
  read: () => Promise<T>,
): Promise<T> {
  if (own === undefined) return read();
  let value: T;
  try {
    value = await read();
  } catch (e) {
    assertReadUnchanged(outputDir, own);
    throw e;
  }
  assertReadUnchanged(outputDir, own, true);
  return value;
}
