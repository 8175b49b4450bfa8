import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { RunConfig, Shard } from "../config/index.js";
import { claimOutputFolder } from "../io/output-marker.js";
import {
  piecesOnDisk,
  removePiecesWhere,
  removeSliceRecord,
  SLICES_DIR,
  STORE_MANIFEST,
  writeSliceRecord,
  type SliceUnitRecord,
} from "../io/store/index.js";
import { asUnwritable } from "./errors.js";
import { clampChunkSize } from "./limits.js";
import { acquireRunLock, withLock } from "./lock.js";
import type { JobError } from "./messages.js";
import { makeOutputDir } from "./output-dir.js";
import { TaskPool, type TestWorker } from "./pool.js";
import type { RunProgress } from "./progress.js";
import { MIN_RANGE_BYTES, sliceContext, sliceState, unitsOfSlice } from "./slice-context.js";
import { unitOfRejectsFile, unitOfTag, unitTasks } from "./slice-plan.js";
import { runUnits } from "./slice-units.js";
import { assertNoRebuild, liveShardLocks, StoreBusyError } from "./store-busy.js";

/** Options of {@link partitionSlice} and {@link sealStore}. */
export interface SliceOptions {
  /** Live progress events of the slice's partition tasks. */
  onProgress?: (p: RunProgress) => void;
  /** Cancels the slice: running tasks are aborted, no half-written file is left. */
  signal?: AbortSignal;
  /** Called once per warning. */
  onWarning?: (message: string) => void;
  /**
   * Test hook: the least bytes per byte range of an uncompressed input (default 16 MiB), for the
   * slice plan and the worker ranges. Every slice and the seal must use the same value.
   * @internal
   */
  minRangeBytes?: number;
  /** Test hook: run the tasks in a test's worker. */
  testWorker?: TestWorker;
  /**
   * Test hook: awaited after every piece of the slice is written and before its record is (a
   * test kills the process there: a slice interrupted mid-way, its pieces on disk, no record).
   * @internal
   */
  beforeRecord?: () => Promise<void>;
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
  /** Failed tasks (then the slice is not complete: no record is written; rerun it). */
  failures: { file: string; error: JobError }[];
  seconds: number;
}

/**
 * `partition --shard i/N`: partitions slice `shard.index` of `shard.count` of the inputs (see
 * slice-plan.ts: whole gzip files and row-aligned byte ranges of plain files, balanced by bytes)
 * into the shared store `<output>/store/`, then writes the slice's record
 * (`store/_slices/slice-i-of-N.json`) last. Slices of one plan run at the same time on one output
 * folder: each holds its own lock (`.sweeplab.partition-i-of-N.lock`) and writes only pieces
 * tagged with its own units. A complete slice (its record current, its pieces there) or a sealed,
 * current store is skipped. Otherwise the slice first removes what it wrote before (its units'
 * pieces and rejects files, its record) — so a slice killed and rerun leaves no duplicate or
 * partial piece — and removes a stale store manifest (the store is no longer sealed).
 * Throws `RunLockedError` (`run_locked`) when the same slice runs elsewhere, {@link StoreBusyError}
 * (`store_busy`) when a whole partition or run holds the folder, or job shards read the store
 * this slice would change; InputErrors for unusable inputs; `output_not_ours`, `output_unwritable`.
 */
export async function partitionSlice(
  config: RunConfig,
  shard: Shard,
  options: SliceOptions = {},
): Promise<SliceOutcome> {
  const t0 = performance.now();
  const outputDir = config.outputDir;
  const unwritable = (e: unknown): never => {
    throw asUnwritable(e, outputDir, "setup") ?? e;
  };
  await makeOutputDir(outputDir);
  await claimOutputFolder(outputDir).catch(unwritable);
  const lock = await acquireRunLock(outputDir, shard, "partition").catch(unwritable);
  return withLock(lock, async () => {
    const storeDir = join(outputDir, "store");
    await assertNoRebuild(outputDir, storeDir);
    const minRangeBytes = Math.max(1, options.minRangeBytes ?? MIN_RANGE_BYTES);
    const ctx = await sliceContext(config, shard.count, minRangeBytes);
    const mine = ctx.plan.units.filter((u) => u.slice === shard.index);
    const outcome = (o: Partial<SliceOutcome>): SliceOutcome => ({
      shard,
      units: mine.length,
      rows: 0,
      pieces: 0,
      bytes: mine.reduce((a, u) => a + u.bytes, 0),
      failures: [],
      seconds: (performance.now() - t0) / 1000,
      ...o,
    });
    if (ctx.sealed) return outcome({ skipped: "store_sealed" });
    const state = await sliceState(storeDir, ctx.plan, shard.index, await piecesOnDisk(storeDir));
    if ("record" in state) return outcome({ skipped: "slice_complete" });
    const readers = await liveShardLocks(outputDir, "run");
    if (readers.length > 0) throw new StoreBusyError(storeDir, readers, "slice");
    // Marks the store as written by slices (runs refuse it until sealed), then clears what this
    // slice wrote before: a stale seal, its record, its units' pieces and rejects files.
    await mkdir(join(storeDir, SLICES_DIR), { recursive: true });
    await rm(join(storeDir, STORE_MANIFEST), { force: true });
    await removeSliceRecord(storeDir, shard.index, shard.count);
    const ids = unitsOfSlice(ctx.plan, shard.index);
    await removePiecesWhere(storeDir, (p) => ids.has(unitOfTag(p.tag) ?? ""));
    await removeRejectsOf(join(outputDir, "rejects"), ids);
    const chunkSize = clampChunkSize(ctx.config.chunkSize).chunkSize;
    const taskOptions = {
      workers: ctx.config.workers,
      minRangeBytes,
      storeDir,
      outputDir,
      chunkSize,
      unknownCodes: ctx.config.unknownCodes,
    };
    const planned = await Promise.all(mine.map(async (u) => ({ unit: u, tasks: await unitTasks(u, taskOptions) })));
    const pool = new TaskPool({
      workers: ctx.config.workers,
      ...(options.testWorker === undefined ? {} : { worker: options.testWorker }),
    });
    let done;
    try {
      done = await runUnits(pool, planned, { ...taskOptions, ...options, config: ctx.config });
    } finally {
      await pool.destroy();
    }
    if (done.failures.length > 0 || options.signal?.aborted === true)
      return outcome({ rows: done.rows, pieces: done.pieces.length, failures: done.failures });
    const units: SliceUnitRecord[] = done.units;
    await options.beforeRecord?.();
    await writeSliceRecord(storeDir, {
      version: 1,
      index: shard.index,
      count: shard.count,
      plan: ctx.plan.hash,
      units,
      pieces: done.pieces,
    });
    return outcome({ rows: done.rows, pieces: done.pieces.length });
  });
}

/** Removes the rejects files (`partition-<tag>.csv`) of the units `ids`. */
async function removeRejectsOf(dir: string, ids: ReadonlySet<string>): Promise<void> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  for (const n of names) if (ids.has(unitOfRejectsFile(n) ?? "")) await rm(join(dir, n), { force: true });
}
