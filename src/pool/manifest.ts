import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";
import type { JobError } from "./messages.js";

/** One job's record in the run manifest. */
export interface JobRecord {
  status: "done" | "failed";
  /** Fingerprint of the job's partition pieces and of the analysis config it ran with. */
  inputFingerprint: string;
  configFingerprint: string;
  attempts: number;
  ms: number;
  rows?: number;
  sweeps?: number;
  error?: JobError;
}

/** The run manifest, `<outputDir>/run_manifest.json`: what is done, with what inputs and config. */
export interface RunManifest {
  version: 1;
  jobs: Record<string, JobRecord>;
}

/** A shard of the job matrix: 0-based index of count slices. */
export interface ShardRef {
  index: number;
  count: number;
}

/**
 * Path of the manifest of an output folder: `run_manifest.json`, or `run_manifest.shard-i-of-N.json`
 * for a shard (shards run at once over one shared folder, so each keeps its own).
 */
export function manifestPath(outputDir: string, shard?: ShardRef): string {
  return join(
    outputDir,
    shard === undefined ? "run_manifest.json" : `run_manifest.shard-${shard.index}-of-${shard.count}.json`,
  );
}

/** Reads the manifest, or an empty one when there is none yet. */
export async function readManifest(outputDir: string, shard?: ShardRef): Promise<RunManifest> {
  try {
    const m = JSON.parse(await readFile(manifestPath(outputDir, shard), "utf8")) as RunManifest;
    return m.version === 1 && typeof m.jobs === "object" ? m : { version: 1, jobs: {} };
  } catch {
    return { version: 1, jobs: {} };
  }
}

/**
 * Writes the manifest atomically, jobs sorted by key so the file is deterministic for the same set
 * of jobs. Timing fields (`ms`) make it differ between runs; outputs never depend on it.
 */
export async function writeManifest(outputDir: string, m: RunManifest, shard?: ShardRef): Promise<void> {
  const jobs = Object.fromEntries(Object.entries(m.jobs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeFileAtomic(manifestPath(outputDir, shard), JSON.stringify({ version: 1, jobs }, null, 2) + "\n");
}

/** True when a job is recorded done with these fingerprints (then a rerun skips it). */
export function isCurrent(m: RunManifest, key: string, inputFingerprint: string, configFingerprint: string): boolean {
  const r = m.jobs[key];
  return r?.status === "done" && r.inputFingerprint === inputFingerprint && r.configFingerprint === configFingerprint;
}
