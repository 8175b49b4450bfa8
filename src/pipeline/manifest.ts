import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../io/atomic.js";
import { shardSuffix } from "../config/index.js";
import type { TaskFailureCode } from "./messages.js";

const TASK_FAILURE_CODES = [
  "job_threw",
  "job_timeout",
  "worker_exited",
  "out_of_memory",
  "output_unwritable",
  "aborted",
  "bad_task",
] as const satisfies readonly TaskFailureCode[];
// Fails to compile when TaskFailureCode gains a code this list lacks.
const _allCodes: readonly (typeof TASK_FAILURE_CODES)[number][] = [] as TaskFailureCode[];

/** A failed job's code: a task failure, or the lower_snake code of the typed error the job threw (`value_too_large`). */
const JobErrorCodeSchema = z.union([z.enum(TASK_FAILURE_CODES), z.string().regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/)]);

/**
 * One job's entry in the run manifest. A `done` entry is a copy of the job's record (job.json is
 * what proves a job current; the manifest only lists it). A `failed` entry keeps what the failure
 * happened with, so an unchanged failure is not rerun unless asked (`retryFailed`).
 */
export const JobRecord = z.object({
  status: z.enum(["done", "failed"]),
  /** Fingerprint of the job's partition pieces, and of the analysis config it ran with. */
  inputFingerprint: z.string(),
  configFingerprint: z.string(),
  /** Fingerprint of the reference values the job used, and the toolkit version (absent in older manifests). */
  referenceFingerprint: z.string().exactOptional(),
  toolkitVersion: z.string().exactOptional(),
  /** Attempts and milliseconds of the run that computed it (absent when not known). */
  attempts: z.number().int().min(0).exactOptional(),
  ms: z.number().min(0).exactOptional(),
  rows: z.number().int().min(0).exactOptional(),
  sweeps: z.number().int().min(0).exactOptional(),
  error: z.object({ code: JobErrorCodeSchema, message: z.string(), stack: z.string().exactOptional() }).exactOptional(),
});
export type JobRecord = z.infer<typeof JobRecord>;

/**
 * The run manifest, `<outputDir>/run_manifest.json`: what is done and what failed, with what inputs
 * and config; and the config's `analysis.session`, the `time_of_day` window of the run's tables
 * (absent in older manifests), so an aggregation of the bare folder spans the run's own window.
 */
export const RunManifest = z.object({
  version: z.literal(1),
  session: z.object({ start: z.string(), end: z.string() }).exactOptional(),
  jobs: z.record(z.string(), JobRecord),
});
export type RunManifest = z.infer<typeof RunManifest>;

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
  return join(outputDir, `run_manifest${shardSuffix(shard)}.json`);
}

const MANIFEST_NAME = /^run_manifest(?:\.shard-(\d+)-of-(\d+))?\.json$/;

/**
 * The manifests an output folder holds, by name: `undefined` for the whole run's
 * (`run_manifest.json`), a {@link ShardRef} for each shard's; none when the folder is unreadable.
 */
export async function manifestsIn(outputDir: string): Promise<(ShardRef | undefined)[]> {
  const names = await readdir(outputDir).catch(() => [] as string[]);
  return names.sort().flatMap((name) => {
    const m = MANIFEST_NAME.exec(name);
    if (m === null) return [];
    return [m[1] === undefined ? undefined : { index: Number(m[1]), count: Number(m[2]) }];
  });
}

/**
 * Reads the manifest (validated with zod), or an empty one when there is none yet or it is damaged
 * (nothing is lost by that: done jobs are proved by their job.json records, not by the manifest).
 */
export async function readManifest(outputDir: string, shard?: ShardRef): Promise<RunManifest> {
  try {
    const parsed = RunManifest.safeParse(JSON.parse(await readFile(manifestPath(outputDir, shard), "utf8")));
    return parsed.success ? parsed.data : { version: 1, jobs: {} };
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
  const session = m.session === undefined ? {} : { session: { start: m.session.start, end: m.session.end } };
  await writeFileAtomic(
    manifestPath(outputDir, shard),
    JSON.stringify({ version: 1, ...session, jobs }, null, 2) + "\n",
  );
}

/**
 * The `time_of_day` window the folder's run files record (`session` of `run_manifest.json`, or of
 * the job shards' manifests when they all record the same): the config's `analysis.session` of the
 * run whose jobs `by_security/` holds. Undefined when none records one (an older run's folder) or
 * the shards' disagree.
 */
export async function recordedSession(outputDir: string): Promise<RunManifest["session"]> {
  const seen = new Map<string, RunManifest["session"]>();
  for (const shard of await manifestsIn(outputDir)) {
    const { session } = await readManifest(outputDir, shard);
    if (shard === undefined && session !== undefined) return session;
    seen.set(session === undefined ? "" : `${session.start}..${session.end}`, session);
  }
  return seen.size === 1 ? [...seen.values()][0] : undefined;
}
