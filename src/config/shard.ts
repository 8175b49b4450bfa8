import { ConfigError } from "./errors.js";
import { sortedJobKeys, type JobKey } from "./matrix.js";

/** One slice of the job matrix: shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

const SHARD_ALLOWED = '"i/N" with whole numbers N ≥ 1 and 0 ≤ i < N (e.g. "0/4")';

function shardError(message: string): ConfigError {
  return new ConfigError("bad_config", [{ path: "shard", message, allowed: SHARD_ALLOWED }]);
}

function checkShard(index: number, count: number, shown: string): void {
  if (!Number.isSafeInteger(count) || count < 1)
    throw shardError(`expected a shard count N that is a whole number ≥ 1, got ${shown}`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count)
    throw shardError(`expected a shard index i from 0 to ${count - 1} (shards are 0-based), got ${shown}`);
}

/**
 * Parses a `--shard` value `"i/N"`: shard `i` (0-based) of `N`, `0 ≤ i < N`. Surrounding spaces are
 * allowed. Throws {@link ConfigError} `bad_config` (path `shard`) for anything else, e.g. "4/4"
 * (index too large: shards are 0 to 3), "1/0", "-1/4", "a/b".
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const shown = JSON.stringify(text);
  if (m === null) throw shardError(`expected ${SHARD_ALLOWED}, got ${shown}`);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  checkShard(shard.index, shard.count, shown);
  return shard;
}

/**
 * Shard `index` of `count` of the job matrix: the jobs are sorted by (securityCode, date) and
 * de-duplicated, and job `j` of that order goes to shard `j mod count` ({@link jobShards}). So every
 * machine that computes the same matrix agrees on the slices; the `count` shards are disjoint and
 * together are exactly the matrix; and each shard gets an even mix of securities and dates.
 * Throws {@link ConfigError} `bad_config` unless `0 ≤ index < count` are whole numbers.
 */
export function shardJobs(jobs: readonly JobKey[], index: number, count: number): JobKey[] {
  checkShard(index, count, `${index}/${count}`);
  return jobShards(jobs, count)
    .filter((j) => j.shard === index)
    .map((j) => j.key);
}

/**
 * Every job of `jobs` with the shard of `count` that holds it: the jobs sorted by (securityCode,
 * date) and de-duplicated, job `j` of that order in shard `j mod count`. The one rule by which
 * {@link shardJobs} cuts the matrix, and by which a refusal names the shards that hold missing jobs.
 * Throws {@link ConfigError} `bad_config` unless `count` is a whole number ≥ 1.
 */
export function jobShards(jobs: readonly JobKey[], count: number): { key: JobKey; shard: number }[] {
  checkShard(0, count, `0/${count}`);
  return sortedJobKeys(jobs).map((key, j) => ({ key, shard: j % count }));
}

/**
 * The part of a file name that says which shard wrote it: `shard-i-of-N` (`.sweeplab.shard-1-of-4.lock`,
 * `run_manifest.shard-1-of-4.json`, `run_summary.shard-1-of-4.json`); `partition-i-of-N` with `kind`
 * "partition" (a partition slice's lock).
 */
export function shardTag(shard: Shard, kind: "shard" | "partition" = "shard"): string {
  return `${kind}-${shard.index}-of-${shard.count}`;
}

/** `.shard-i-of-N` ({@link shardTag}) before the extension of a shard's own file; "" for a whole run. */
export function shardSuffix(shard: Shard | undefined): string {
  return shard === undefined ? "" : `.${shardTag(shard)}`;
}
