import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { compareJobKeys, type JobKey } from "../config/index.js";
import { noJobError } from "./source-errors.js";
import { jobFilterOf, keeper, type JobFilter } from "./source-filter.js";

export { jobFilterOf, keeper, type JobFilter } from "./source-filter.js";

/** Where a run's outputs are: an output folder, or anything with an `outputDir` (a `RunConfig`, a `RunResult`). */
export type OutputSource = string | { readonly outputDir: string };

/** The output folder of a source. */
export function outputDirOf(source: OutputSource): string {
  return typeof source === "string" ? source : source.outputDir;
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
