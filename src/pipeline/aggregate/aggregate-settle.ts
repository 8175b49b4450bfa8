import { jobKeyString } from "../../config/index.js";
import { settleJobFolders } from "../jobs/job-folders-settle.js";
import { doneEntry } from "../jobs/job-plan.js";
import type { JobRecord, RunManifest } from "../manifest.js";
import { rewriteRunFiles } from "../run-files.js";
import type { ConfigJobs } from "./config-jobs.js";

/**
 * After `sweeplab aggregate` wrote the tables of `own.current` (all of its matrix, or the current
 * ones with `--allow-partial`): the output folder says what those tables are of. by_security/ then
 * holds exactly the jobs aggregated (one it read in set_aside/, where a run of another selection
 * had moved it, is moved back; any other job folder, of another config or selection, is set
 * aside, or removed when incomplete or of data no longer in the store: `settleJobFolders`), and
 * `run_manifest.json` lists them with the tables' `time_of_day` window (`session`), the stale run
 * files removed (`rewriteRunFiles`). Called only
 * once the tables are written, so a refused aggregation changes nothing. File system errors are thrown.
 */
export async function settleAggregated(
  outputDir: string,
  own: ConfigJobs,
  session: RunManifest["session"],
): Promise<void> {
  await settleJobFolders(outputDir, {
    matrix: own.current,
    mine: own.current,
    inStore: new Set(own.stored.map(jobKeyString)),
  });
  const done = new Map<string, JobRecord>();
  for (const [key, brief] of own.briefs) done.set(key, doneEntry(brief));
  await rewriteRunFiles(
    outputDir,
    done,
    own.notCurrent.map((n) => n.key),
    session,
  );
}
