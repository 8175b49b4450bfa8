import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { RunConfig } from "../../config/index.js";
import { addReport, type FileReport } from "../../io/csv/reader.js";
import {
  fingerprintInputs,
  hasSlices,
  readStoreManifest,
  STORE_LAYOUT,
  storeHolds,
  writeStoreManifest,
  type PieceInfo,
} from "../../io/store/index.js";
import { assertOurOutput } from "../../io/outputs/output-marker.js";
import { addUnknownCodes } from "../../model/unknown-codes.js";
import type { JobError, PartitionTask, PartitionValue } from "../messages.js";
import { assertNoCaseClash, piecesSeen, type CodeAt } from "./code-case.js";
import { filesToRedo, planPartitionTasks, replanWhole } from "./partition-plan.js";
import { keepFiles, keptCodesSeen, keptFiles, type KeptStore } from "./partition-reuse.js";
import { partitionTaskRunner } from "./partition-tasks.js";
import type { TaskPool } from "../pool.js";
import { PhaseTracker } from "../progress.js";
import { StoreNotReadyError, type PipelineOptions } from "../run-options.js";
import { StoreNotSealedError } from "./slice-errors.js";
import { assertNoLiveShards } from "../store-busy.js";

const MIN_RANGE_BYTES = 16 * 1024 * 1024;

/** What the partition phase did. */
export interface PartitionOutcome {
  skipped: boolean;
  files: FileReport[];
  pieces: PieceInfo[];
  failures: { file: string; error: JobError }[];
  seconds: number;
  /** The bytes of the files read (not those kept). */
  bytes: number;
  /** The unchanged input files whose pieces were kept from the store (not read), and their rows. */
  kept?: { files: number; rows: number };
}

/**
 * The partition phase of {@link runPipeline}: partitions the inputs into the store, or skips it when
 * the store's manifest records the same input fingerprints and unknown-code policy and its pieces
 * match; when only some inputs changed, were added or removed, reads only those (partition-reuse.ts). Throws {@link StoreNotReadyError} when a shard would have to rebuild the store.
 */
export async function partitionStep(
  pool: TaskPool,
  config: RunConfig,
  files: string[],
  storeDir: string,
  options: PipelineOptions,
): Promise<PartitionOutcome> {
  const t0 = performance.now();
  const inputs = await fingerprintInputs(files);
  const existing = await readStoreManifest(storeDir);
  // A store read under another unknown-code policy holds other rows: it is partitioned again. So is
  // one whose pieces drifted from its manifest (a piece deleted or added by hand): its jobs would
  // silently miss or double rows.
  // So is one another sweeplab wrote (another store layout): its pieces may not read as this one's.
  const { current, drift } = await storeHolds(storeDir, existing, inputs, config.unknownCodes);
  if (drift !== undefined && !current) {
    const list = (xs: string[]): string => xs.slice(0, 3).join(", ") + (xs.length > 3 ? ", …" : "");
    options.onWarning?.(
      `${storeDir}: the store's pieces differ from its manifest (${drift.missing.length} missing${drift.missing.length > 0 ? `: ${list(drift.missing)}` : ""}; ${drift.extra.length} not listed${drift.extra.length > 0 ? `: ${list(drift.extra)}` : ""}): partitioning the inputs again`,
    );
  }
  if (current && existing !== undefined) {
    // A store partitioned by an older sweeplab may hold codes that differ only in case.
    await assertNoCaseClash(piecesSeen(storeDir, existing.pieces));
    const track = new PhaseTracker("partition", files.length);
    track.skipped = files.length;
    options.onProgress?.(track.snapshot());
    return { skipped: true, files: existing.files, pieces: existing.pieces, failures: [], seconds: 0, bytes: 0 };
  }
  // A store written by partition slices is sealed (`partition --seal`), never rebuilt by a run.
  if (options.shard !== undefined) {
    // Shards run concurrently on several nodes over one shared store: rebuilding it here would race.
    throw (await hasSlices(storeDir)) ? new StoreNotSealedError(storeDir) : new StoreNotReadyError(storeDir);
  }
  // Deleting the store under running shards or slices would fail them: refuse instead (we hold the main lock).
  await assertNoLiveShards(config.outputDir, storeDir);
  if (options.partitionOnly !== true && (await hasSlices(storeDir))) throw new StoreNotSealedError(storeDir);
  // Only inside our own (marked, see claimOutputFolder) output folder, and only what the partition
  // wrote: the store, and its rejects files (a scan's rejects beside them are kept).
  await assertOurOutput(config.outputDir);
  // The files unchanged since the store was written keep their pieces: only the others are read.
  const reuse =
    drift === undefined ? await keptFiles(storeDir, existing, files, inputs, config.unknownCodes) : undefined;
  const rejectsDir = join(config.outputDir, "rejects");
  let kept: KeptStore | undefined;
  if (reuse !== undefined && existing !== undefined) kept = await keepFiles(storeDir, rejectsDir, existing, reuse);
  else {
    await rm(storeDir, { recursive: true, force: true });
    await removePartitionRejects(rejectsDir);
  }
  const plan = await planPartitionTasks(files, {
    workers: config.workers,
    minRangeBytes: Math.max(1, options.minRangeBytes ?? MIN_RANGE_BYTES),
    storeDir,
    outputDir: config.outputDir,
    chunkSize: config.chunkSize,
    unknownCodes: config.unknownCodes,
    ...(reuse === undefined ? {} : { skip: new Set(reuse.keys()) }),
  });
  let tasks = plan.tasks;
  const track = new PhaseTracker("partition", tasks.length + (reuse?.size ?? 0));
  track.skipped = reuse?.size ?? 0;
  const { values, errors, signal, run: runTasks } = partitionTaskRunner(pool, config, track, options);
  await runTasks(tasks);
  // A byte range that ended inside a quoted record spanning lines: that file is partitioned again
  // whole, as one worker would (see partition-plan.ts for why, and what is guaranteed).
  const redo = filesToRedo(tasks, values);
  if (redo.size > 0 && !signal.aborted) {
    const again = await replanWhole(tasks, redo, storeDir);
    for (const t of again.dropped) {
      track.rows -= values.get(t)?.report.rowsRead ?? 0;
      values.delete(t);
      errors.delete(t);
    }
    track.total += again.whole.length;
    tasks = again.tasks;
    await runTasks(again.whole);
  }
  // Merged in task order (input order, then range order), whatever order the tasks finished in: a
  // file's report lists its reject codes in the order a whole read meets them.
  const reports = new Map<string, FileReport>();
  const pieces: PieceInfo[] = [...(kept?.pieces ?? [])];
  const failures: { file: string; error: JobError }[] = [];
  for (const t of tasks) {
    const v = values.get(t);
    if (v !== undefined) {
      mergeReport(reports, v.report);
      pieces.push(...v.pieces);
    }
    const error = errors.get(t);
    if (error !== undefined) failures.push({ file: t.file, error });
  }
  const fileReports = files
    .map((f) => reports.get(f) ?? kept?.reports.get(f))
    .filter((r): r is FileReport => r !== undefined);
  // Codes that differ only in case share a folder on a case-insensitive disk: no job, no store
  // (a cancelled partition ends as cancelled: it runs no job and writes no store manifest either).
  // Sightings in input order, kept files by their file (not read again): where a fresh partition sees each code first.
  if (options.signal?.aborted !== true)
    await assertNoCaseClash(
      [...keptCodesSeen(files, kept?.pieces ?? []), ...codesSeen(tasks, values)].sort((a, b) => a.index - b.index),
      () => rm(storeDir, { recursive: true, force: true }),
    );
  pieces.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The store manifest is written last and only when every piece exists, so a crash or a failure
  // means the next run partitions again rather than trusting a partial store.
  if (failures.length === 0 && options.signal?.aborted !== true)
    await writeStoreManifest(storeDir, {
      version: 1,
      inputs,
      unknownCodes: config.unknownCodes,
      layout: STORE_LAYOUT,
      pieces,
      files: fileReports,
    });
  return {
    skipped: false,
    files: fileReports,
    pieces,
    failures,
    seconds: (performance.now() - t0) / 1000,
    bytes: plan.bytes,
    ...(kept === undefined ? {} : { kept: { files: kept.reports.size, rows: kept.rows } }),
  };
}

/** Each task's security codes by their first rows, in task order (input order, then range order), with the task's input index. */
function codesSeen(
  tasks: readonly PartitionTask[],
  values: ReadonlyMap<PartitionTask, PartitionValue>,
): (CodeAt & { index: number })[] {
  return tasks.flatMap((t) => {
    const v = values.get(t);
    if (v === undefined) return [];
    const index = Number(t.tag.slice(0, t.tag.indexOf("-")));
    return (
      v.codes?.map((c) => ({ index, securityCode: c.securityCode, file: t.file, offset: c.offset })) ??
      v.pieces.map((p) => ({ index, securityCode: p.securityCode, file: t.file }))
    );
  });
}

/** Removes the partition rejects files (`partition-<file>-<range>.csv`, a slice's `partition-<file>-<segment>-<range>.csv`) of an earlier partition. */
async function removePartitionRejects(dir: string): Promise<void> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  for (const n of names) if (/^partition-\d+(-\d+){1,2}\.csv$/.test(n)) await rm(join(dir, n), { force: true });
}

/**
 * Adds a task's report `r` (a whole file or one byte range) to the per-file reports: the first of a
 * file is copied without its range; the others are added to it (counts, reject codes). Call in task
 * order (input order, then byte order) so a file's reject codes are listed as a whole read meets them.
 */
export function mergeReport(reports: Map<string, FileReport>, r: FileReport): void {
  const prev = reports.get(r.file);
  if (prev === undefined) {
    const { range: _range, cutRecord: _cut, ...whole } = r;
    reports.set(r.file, {
      ...whole,
      rejectsByCode: { ...r.rejectsByCode },
      ...(r.unknownCodes === undefined ? {} : { unknownCodes: addUnknownCodes(undefined, r.unknownCodes) }),
    });
    return;
  }
  addReport(prev, r);
  if (r.error !== undefined) prev.error = r.error;
}
