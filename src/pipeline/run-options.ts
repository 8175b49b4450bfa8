import { join } from "node:path";
import type { JobKey } from "../config/index.js";
import type { TestWorker } from "./pool.js";
import type { JobRecord } from "./manifest.js";
import type { RunProgress } from "./progress.js";
import { SweeplabError } from "../model/errors.js";

/** Options of {@link runPipeline}. */
export interface PipelineOptions {
  /** Live progress events (phase, done/failed/running, rows/s, ETA) for a progress bar or display. */
  onProgress?: (p: RunProgress) => void;
  /**
   * Called as each job this run ran ends, done or failed (not for a job skipped as current, nor one
   * cancelled), with its key (`SEC|YYYY-MM-DD`), its run-manifest entry (done: a copy of its
   * record; failed: its error) and the key's parts (`job`: security code and date). The manifest
   * file itself is saved about once a second.
   */
  onJob?: (key: string, entry: JobRecord, job: JobKey) => void;
  /**
   * Called for each job skipped as current (its outputs are an earlier run's), in matrix order,
   * before any job runs, with its key, its run-manifest entry (a copy of the record of the
   * job.json its check read) and the key's parts, as `onJob` (not for an earlier failure left failed).
   */
  onSkippedJob?: (key: string, entry: JobRecord, job: JobKey) => void;
  /** Cancels the run: running jobs are aborted, no half-written file is left (writes are atomic). */
  signal?: AbortSignal;
  /** Rerun the jobs that failed before (a plain rerun skips them while their inputs are unchanged). */
  retryFailed?: boolean;
  /** Run only the i-th of N slices of the job matrix (0-based), and skip aggregation. */
  shard?: { index: number; count: number };
  /** Skip the aggregation step (default: aggregate unless sharded). */
  aggregate?: boolean;
  /** Only partition the inputs (the `partition` command). */
  partitionOnly?: boolean;
  /**
   * Called once per warning about the settings (a chunk size clamped to the reader's limit, more
   * workers than cores); the same lines are in the summary's `warnings`.
   */
  onWarning?: (message: string) => void;
  /** Per-worker heap limit in MB (a job over it fails with `out_of_memory`). */
  maxOldGenerationSizeMb?: number;
  /**
   * Aggregate even when the job matrix is empty (the selection matches no partition); without it
   * the run refuses (`AggregateRefusedError`, `aggregate_empty`) rather than write empty tables.
   */
  allowPartial?: boolean;
  /** Test hook: the toolkit version to record and expect (default TOOLKIT_VERSION), to simulate an upgrade. */
  toolkitVersion?: string;
  /** Test hook: run the tasks in a test's worker, which injects faults (see {@link TestWorker}). */
  testWorker?: TestWorker;
  /**
   * Test hook: the least bytes per byte range when an uncompressed input is split across workers
   * (default 16 MiB), so that tests exercise ranges on small files. Not a config setting.
   * @internal
   */
  minRangeBytes?: number;
}

/** A shard found no current partition store: `sweeplab partition` must run once first. */
export class StoreNotReadyError extends SweeplabError {
  override readonly name = "StoreNotReadyError";
  readonly code = "store_not_ready";
  constructor(readonly storeDir: string) {
    super(
      `${storeDir}: no current partition store for these inputs; run \`sweeplab partition\` once, with the shards' --config (or --inputs) and --output, before the shards`,
    );
  }
}

/** The partition store folder of an output folder. */
export function storeDirOf(outputDir: string): string {
  return join(outputDir, "store");
}
