import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  manifestsIn,
  readManifest,
  writeManifest,
  type JobRecord,
  type RunManifest,
  type ShardRef,
} from "./manifest.js";

const RUN_FILE = /^run_(?:summary|manifest)(?:\.shard-(\d+)-of-(\d+))?\.json$/;

/** The run files (`run_summary*.json`, `run_manifest*.json`) of an output folder, with the shard count of each (undefined: the whole run's). */
async function runFiles(outputDir: string): Promise<{ name: string; count: number | undefined }[]> {
  const names = await readdir(outputDir).catch(() => [] as string[]);
  return names.flatMap((name) => {
    const m = RUN_FILE.exec(name);
    return m === null ? [] : [{ name, count: m[2] === undefined ? undefined : Number(m[2]) }];
  });
}

/**
 * Removes, as a run's jobs phase starts, the run files that stop describing the output folder: for
 * a whole run, every job shard's (`run_summary.shard-i-of-N.json`, `run_manifest.shard-i-of-N.json`:
 * this run redoes or sets aside their jobs); for shard i/N, the whole run's `run_summary.json` and
 * `run_manifest.json` and those of shards of another count (the N shards rewrite the jobs they
 * listed; `sweeplab aggregate` then writes `run_manifest.json` of what is there), and `aggregated/`
 * (the tables of the run before, which `sweeplab aggregate` writes again once every shard has run).
 * Its own files are rewritten by the run. File system errors other than a missing file are thrown.
 */
export async function removeStaleRunFiles(outputDir: string, shard?: ShardRef): Promise<void> {
  for (const f of await runFiles(outputDir)) {
    const stale = shard === undefined ? f.count !== undefined : f.count !== shard.count;
    if (stale) await rm(join(outputDir, f.name), { force: true });
  }
  if (shard !== undefined) await rm(join(outputDir, "aggregated"), { recursive: true, force: true });
}

/** The done entries of a manifest as comparable text: key and stamp of each. */
function doneStamps(m: RunManifest): Set<string> {
  return new Set(
    Object.entries(m.jobs)
      .filter(([, j]) => j.status === "done")
      .map(([k, j]) =>
        [k, j.inputFingerprint, j.configFingerprint, j.referenceFingerprint ?? "", j.toolkitVersion ?? ""].join(" "),
      ),
  );
}

/**
 * After `sweeplab aggregate` (or `aggregateRun`) wrote the tables of a config's jobs: writes
 * `run_manifest.json` as what is now there — `done` entries of the jobs aggregated (`done`, from
 * their records) and the `failed` entries the folder's manifests hold for the config's other jobs
 * (`failedKeys` lists which may be), with the tables' `time_of_day` window (`session`) — and removes each execution summary and shard manifest that
 * describes other jobs: `run_summary.json` unless the previous `run_manifest.json` listed exactly
 * these done jobs with these stamps, a shard's unless every done job its manifest lists is among
 * them. So after shards and aggregate, or an aggregate of another config, no run file describes an
 * earlier run. File system errors are thrown.
 */
export async function rewriteRunFiles(
  outputDir: string,
  done: ReadonlyMap<string, JobRecord>,
  failedKeys: readonly string[],
  session: RunManifest["session"],
): Promise<void> {
  const next: RunManifest = {
    version: 1,
    ...(session === undefined ? {} : { session }),
    jobs: Object.fromEntries(done),
  };
  const manifests = await manifestsIn(outputDir);
  const read = new Map<ShardRef | undefined, RunManifest>();
  for (const shard of manifests) read.set(shard, await readManifest(outputDir, shard));
  for (const key of failedKeys)
    for (const m of read.values()) {
      const entry = m.jobs[key];
      if (entry?.status === "failed") next.jobs[key] = entry;
    }
  const now = doneStamps(next);
  const wholeBefore = read.get(undefined) ?? { version: 1, jobs: {} };
  const before = doneStamps(wholeBefore);
  const sameAsBefore = before.size === now.size && [...before].every((s) => now.has(s));
  await writeManifest(outputDir, next);
  if (!sameAsBefore) await rm(join(outputDir, "run_summary.json"), { force: true });
  for (const [shard, m] of read) {
    if (shard === undefined || [...doneStamps(m)].every((s) => now.has(s))) continue;
    const suffix = `.shard-${shard.index}-of-${shard.count}.json`;
    await rm(join(outputDir, `run_manifest${suffix}`), { force: true });
    await rm(join(outputDir, `run_summary${suffix}`), { force: true });
  }
}
