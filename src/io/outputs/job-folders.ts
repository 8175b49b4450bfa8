/**
 * The complete job folders of an output folder (`<outputDir>/by_security/SEC_<code>/<date>/` with
 * its `job.json`), listed in (security code, date) order and visited a few at a time: what the
 * readers of a run's job outputs (job-outputs-read.ts, job-sums-read.ts) walk.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { compareSecurityDate } from "../../model/keys.js";
import { JobOutputsError } from "./job-outputs-rows.js";

const reason = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** Names of the subfolders of dir; none when `missingOk` and dir does not exist. */
async function subfolders(dir: string, missingOk = false): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (e) {
    if (missingOk && reason(e) === "ENOENT") return [];
    throw new JobOutputsError("unreadable", dir, 0, "", `cannot be listed (${reason(e)})`);
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A complete job folder: `job.json` exists (the writer puts it last). */
export interface JobFolder {
  dir: string;
  securityCode: string;
  date: string;
  /** Its sweep rows are in `simulation.parquet` (else `simulation.csv.gz`). */
  parquet: boolean;
}

/**
 * The complete job folders under `<outputDir>/by_security/`, sorted by (security code, date) in
 * code-unit order; none without `by_security/`. JobOutputsError `unreadable` when a folder cannot be listed.
 */
export async function completeJobFolders(outputDir: string): Promise<JobFolder[]> {
  const root = join(outputDir, "by_security");
  await subfolders(outputDir); // a wrong path is an error, not an empty run
  const jobs: JobFolder[] = [];
  for (const sec of (await subfolders(root, true)).filter((n) => n.startsWith("SEC_")).sort(byText)) {
    for (const date of (await subfolders(join(root, sec))).sort(byText)) {
      const dir = join(root, sec, date);
      const files = await readdir(dir);
      if (files.includes("job.json"))
        jobs.push({ dir, securityCode: sec.slice(4), date, parquet: files.includes("simulation.parquet") });
    }
  }
  return jobs.sort(compareSecurityDate);
}

/** A job folder to read wherever it is (a run's job read from `set_aside/`): its job and folder. */
export interface JobFolderAt {
  securityCode: string;
  date: string;
  dir: string;
}

/**
 * The folders `at` as job folders, sorted by (security code, date). Each must be complete: one
 * without `job.json` (moved or cleared since it was chosen) is JobOutputsError `unreadable`, never
 * left out without a word.
 */
export async function jobFoldersAt(at: readonly JobFolderAt[]): Promise<JobFolder[]> {
  const jobs: JobFolder[] = [];
  for (const j of at) {
    const files = await readdir(j.dir).catch(() => [] as string[]);
    if (!files.includes("job.json"))
      throw new JobOutputsError(
        "unreadable",
        join(j.dir, "job.json"),
        0,
        "",
        "is gone (its job folder was moved or cleared)",
      );
    jobs.push({ ...j, parquet: files.includes("simulation.parquet") });
  }
  return jobs.sort(compareSecurityDate);
}

/**
 * Calls `visit` on every complete job folder (those `only` keeps; of `at` when given, else under
 * `<outputDir>/by_security/`), `width` ≥ 1 at a time, started
 * in (security code, date) order. A worker takes the next job until none is left or one has failed:
 * every job before a failed one has been started, so the error thrown is that of the first bad job
 * in order. Resolves to the number of jobs. RangeError on a bad `width`.
 */
export async function forEachJobFolder(
  outputDir: string,
  only: ((securityCode: string, date: string) => boolean) | undefined,
  width: number,
  visit: (j: JobFolder) => Promise<void>,
  at?: readonly JobFolderAt[],
): Promise<number> {
  if (!Number.isInteger(width) || width < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${width}`);
  const all = at === undefined ? await completeJobFolders(outputDir) : await jobFoldersAt(at);
  const jobs = all.filter((j) => only === undefined || only(j.securityCode, j.date));
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < jobs.length) {
      const index = next++;
      try {
        await visit(jobs[index] as JobFolder);
      } catch (error) {
        failures.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  if (failures.length > 0) throw failures.reduce((a, b) => (b.index < a.index ? b : a)).error;
  return jobs.length;
}
