/**
 * Reads back, for aggregation, what each complete job saved in its `job.json`: its additive sums
 * (the record's `sums` and `decimals`) and its data-quality block. Never opens a job's detail
 * files (metrics.csv, simulation.csv.gz, …): aggregation merges sums only.
 */

import type { z } from "zod";
import type { JobSums } from "../../core/job-sums.js";
import { forEachJobFolder, type JobFolderAt } from "./job-folders.js";
import { JobOutputsError } from "./job-outputs-rows.js";
import { JobQuality, unreadJobJsonError } from "./job-quality-read.js";
import { JOB_RECORD_FORMAT, readSealedJobJson, type SealedJobJson } from "./job-record.js";

/** One job as its job.json records it for aggregation. */
export interface RecordedJob {
  securityCode: string;
  date: string;
  /** The job's price decimals: the scale of the ticks in `sums`. */
  decimals: number;
  sums: JobSums;
  /** The job's data-quality block (undefined for a job.json without one). */
  quality: JobQuality | undefined;
}

const issueOf = (e: z.ZodError): { path: string; message: string } => ({
  path: e.issues[0]?.path.join(".") ?? "",
  message: e.issues[0]?.message ?? "malformed",
});

/**
 * The sums, decimals and data-quality block of the job folder `j`, from its job.json alone.
 * JobOutputsError `unreadable` (no job.json), `bad_value` (not JSON, no record of
 * {@link JOB_RECORD_FORMAT} — one written by an older sweeplab has no sums — or a malformed block),
 * `wrong_job` (its `securityCode` or `date` is not its folder's: a job folder copied or renamed).
 */
export async function readRecordedJob(j: { dir: string; securityCode: string; date: string }): Promise<RecordedJob> {
  return recordedJobOf(j, await readSealedJobJson(j.dir));
}

/**
 * {@link readRecordedJob} of a job.json already read (`read`, by readSealedJobJson): the same job,
 * or the same error. Lets a run take the sums of a job it just checked without reading it again.
 */
export function recordedJobOf(j: { securityCode: string; date: string }, read: SealedJobJson): RecordedJob {
  const { file } = read;
  if (read.kind === "unreadable" || read.kind === "not_json") throw unreadJobJsonError(read);
  if (read.kind === "invalid" && read.format !== JOB_RECORD_FORMAT)
    throw new JobOutputsError(
      "bad_value",
      file,
      0,
      "record.format",
      `holds no record of format ${JOB_RECORD_FORMAT} with the job's sums (found ${JSON.stringify(read.format ?? null)}: ` +
        "written by an older sweeplab or not by a run)",
    );
  if (read.kind === "invalid") throw new JobOutputsError("bad_value", file, 0, read.path, read.message);
  if (read.kind === "unsealed")
    throw new JobOutputsError(
      "bad_value",
      file,
      0,
      "record.jsonSha256",
      "was changed after its job wrote it (the seal does not match): run the job again",
    );
  const { json, record } = read;
  // A job.json of another job: a job folder copied or renamed by hand (`SEC_110621.bak/`,
  // `2024-10-02 copy/`) would count that job twice, or under another security or date.
  const own = json as { securityCode?: unknown; date?: unknown };
  for (const [field, want] of [
    ["securityCode", j.securityCode],
    ["date", j.date],
  ] as const)
    if (own[field] !== want)
      throw new JobOutputsError(
        "wrong_job",
        file,
        0,
        field,
        `holds ${JSON.stringify(own[field] ?? null)}; its folder is ${want}: a copy of another job's folder (move it out of by_security/)`,
      );
  let quality: JobQuality | undefined;
  if ("dataQuality" in json) {
    const q = JobQuality.safeParse(json);
    if (!q.success) {
      const { path, message } = issueOf(q.error);
      throw new JobOutputsError("bad_value", file, 0, path, message);
    }
    quality = q.data;
  }
  return {
    securityCode: j.securityCode,
    date: j.date,
    decimals: record.decimals,
    sums: record.sums,
    quality,
  };
}

/** Options of {@link forEachRecordedJob}. */
export interface RecordedJobsOptions {
  /** Only the jobs for which this returns true (default: every complete job). */
  only?: (securityCode: string, date: string) => boolean;
  /** job.json files read at the same time, ≥ 1 (default 4); the visitor sees each job once either way. */
  concurrency?: number;
  /** Exactly these job folders instead of those under by_security/ (a run's jobs, some in set_aside/); one without job.json is `unreadable`. */
  at?: readonly JobFolderAt[];
}

/**
 * Hands every complete job under `<outputDir>/by_security/SEC_<code>/<date>/` (complete: its
 * `job.json` exists; an output folder without `by_security/` has none) to `visit`, from its job.json
 * alone ({@link readRecordedJob}); jobs start in (security code, date) order and may finish in
 * another when `concurrency` > 1. Resolves to the number of jobs read. Throws the
 * {@link JobOutputsError} of the first job in order that has one; an error thrown by `visit` is
 * passed through. RangeError on a bad `concurrency`.
 */
export async function forEachRecordedJob(
  outputDir: string,
  visit: (job: RecordedJob) => void,
  options: RecordedJobsOptions = {},
): Promise<number> {
  return forEachJobFolder(
    outputDir,
    options.only,
    options.concurrency ?? 4,
    async (j) => visit(await readRecordedJob(j)),
    options.at,
  );
}
