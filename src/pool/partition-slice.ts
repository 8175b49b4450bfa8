import type { RunConfig, Shard } from "../config/index.js";
import type { JobError } from "./messages.js";
import type { TestWorker } from "./pool.js";
import type { RunProgress } from "./progress.js";
import { SweeplabError } from "../model/errors.js";

/** Options of {@link partitionSlice} and {@link sealStore}. */
export interface SliceOptions {
  /** Live progress events of the slice's partition tasks. */
  onProgress?: (p: RunProgress) => void;
  /** Cancels the slice: running tasks are aborted, no half-written file is left. */
  signal?: AbortSignal;
  /** Called once per warning (e.g. stale pieces of an earlier plan removed). */
  onWarning?: (message: string) => void;
  /**
   * Test hook: the least bytes per byte range of an uncompressed input (default 16 MiB), for the
   * slice plan and the worker ranges. Every slice and the seal must use the same value.
   * @internal
   */
  minRangeBytes?: number;
  /** Test hook: run the tasks in a test's worker. */
  testWorker?: TestWorker;
}

/** What one partition slice did. */
export interface SliceOutcome {
  shard: Shard;
  /** Why nothing was written: the slice was already complete, or the store already sealed and current. */
  skipped?: "slice_complete" | "store_sealed";
  /** Units of the slice plan (whole gzip files, byte ranges of plain files) this slice owns. */
  units: number;
  /** Input rows read, pieces written, input bytes of the slice's units. */
  rows: number;
  pieces: number;
  bytes: number;
  failures: { file: string; error: JobError }[];
  seconds: number;
}

/**
 * Partitions slice `shard.index` of `shard.count` of the inputs into the shared store (see
 * slice-plan.ts). Not implemented yet.
 */
export async function partitionSlice(
  _config: RunConfig,
  _shard: Shard,
  _options: SliceOptions = {},
): Promise<SliceOutcome> {
  throw new NotImplementedError("partition --shard");
}

/** A command that is declared but not built yet (code `not_implemented`). */
export class NotImplementedError extends SweeplabError {
  override readonly name = "NotImplementedError";
  readonly code = "not_implemented";
  constructor(what: string) {
    super(`${what} is not implemented yet in this build`);
  }
}
