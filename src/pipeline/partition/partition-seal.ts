import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { RunConfig } from "../../config/index.js";
import type { FileReport } from "../../io/csv/reader.js";
import { claimOutputFolder } from "../../io/outputs/output-marker.js";
import {
  piecesOnDisk,
  removeEmptyFolders,
  removePiecesWhere,
  removeTempFiles,
  STORE_LAYOUT,
  writeStoreManifest,
  type PieceInfo,
  type SliceRecord,
} from "../../io/store/index.js";
import { asUnwritable } from "../errors.js";
import { clampChunkSize } from "../limits.js";
import { acquireRunLock, withLock } from "../lock.js";
import { assertNoCaseClash, piecesSeen } from "./code-case.js";
import type { PartitionTask, PartitionValue } from "../messages.js";
import { makeOutputDir } from "../output-dir.js";
import { mergeReport } from "./partition-step.js";
import type { SliceOptions } from "./partition-slice.js";
import { TaskPool } from "../pool.js";
import { MIN_RANGE_BYTES, sliceContext, sliceState } from "./slice-context.js";
import { SlicesIncompleteError, type SliceProblem } from "./slice-errors.js";
import { unitId, unitOfRejectsFile, unitOfTag, unitTask, type SliceUnit } from "./slice-plan.js";
import { liveShardLocks, StoreBusyError } from "../store-busy.js";

/** What `partition --seal` did. */
export interface SealOutcome {
  /** The store was already sealed and current: nothing was written. */
  alreadySealed: boolean;
  count: number;
  pieces: number;
  partitions: number;
  /** Input files partitioned again whole at the seal (a slice boundary cut a quoted record). */
  redone: string[];
}

/**
 * `partition --seal --shards N`: seals a store written by N partition slices. Verifies that every
 * slice 0…N−1 is complete for the current inputs (its record has the current plan's hash and its
 * pieces are on disk), else throws {@link SlicesIncompleteError} (`slices_incomplete`) naming them.
 * A file whose slice boundary cut a quoted record spanning lines (a unit but the file's last one
 * recorded `cutEnd`) is partitioned again whole here, on one thread, as the whole partition does.
 * Then removes what no current slice lists (pieces and rejects files of earlier plans, temp files,
 * empty folders) and writes the store manifest exactly as a whole partition would (inputs, policy,
 * every piece, per-file reports merged in input then byte order), so `run` and `run --shard` see a
 * current store. Idempotent: an already sealed, current store is left as it is. Holds the main lock;
 * throws StoreBusyError (`store_busy`) while slices still run, RunLockedError while a run holds it.
 */
export async function sealStore(
  config: RunConfig,
  count: number,
  options: SliceOptions & { flags?: string } = {},
): Promise<SealOutcome> {
  const outputDir = config.outputDir;
  const unwritable = (e: unknown): never => {
    throw asUnwritable(e, outputDir, "setup") ?? e;
  };
  await makeOutputDir(outputDir);
  await claimOutputFolder(outputDir).catch(unwritable);
  const lock = await acquireRunLock(outputDir).catch(unwritable);
  return withLock(lock, async () => {
    const storeDir = join(outputDir, "store");
    const writing = await liveShardLocks(outputDir, "partition");
    if (writing.length > 0) throw new StoreBusyError(storeDir, writing, "seal");
    const ctx = await sliceContext(config, count, Math.max(1, options.minRangeBytes ?? MIN_RANGE_BYTES));
    const none = { count, pieces: 0, partitions: 0, redone: [] };
    if (ctx.sealed) return { ...none, alreadySealed: true };
    const onDisk = await piecesOnDisk(storeDir);
    const records: SliceRecord[] = [];
    const problems: SliceProblem[] = [];
    for (let i = 0; i < count; i++) {
      const s = await sliceState(storeDir, ctx.plan, i, onDisk);
      if ("record" in s) records.push(s.record);
      else problems.push(s);
    }
    if (problems.length > 0) throw new SlicesIncompleteError(storeDir, count, problems, options.flags ?? "");
    const byUnit = new Map(records.flatMap((r) => r.units.map((u) => [u.id, u] as const)));
    const pieces = new Map<string, PieceInfo>(records.flatMap((r) => r.pieces.map((p) => [p.path, p] as const)));
    // A boundary between two slices' units of one file cut a quoted record: that file again, whole.
    const redoFiles = new Set(
      ctx.plan.units.filter((u) => !u.last && byUnit.get(u.id)?.cutEnd === true).map((u) => u.fileIndex),
    );
    const redone = new Map<number, FileReport>();
    if (redoFiles.size > 0) {
      const pool = new TaskPool({
        workers: 1,
        ...(options.testWorker === undefined ? {} : { worker: options.testWorker }),
      });
      try {
        for (const i of [...redoFiles].sort((a, b) => a - b)) {
          const file = ctx.files[i] as string;
          const ofFile = (id: string | undefined): boolean => id?.startsWith(`${String(i).padStart(4, "0")}-`) === true;
          for (const p of await removePiecesWhere(storeDir, (p) => ofFile(unitOfTag(p.tag)))) pieces.delete(p);
          await removeRejects(join(outputDir, "rejects"), ofFile);
          const unit: SliceUnit = { id: unitId(i, 0), fileIndex: i, file, bytes: 0, last: true, slice: 0 };
          const task = unitTask(unit, undefined, `${unit.id}-00`, {
            storeDir,
            outputDir,
            chunkSize: clampChunkSize(ctx.config.chunkSize).chunkSize,
            unknownCodes: ctx.config.unknownCodes,
          });
          const value = await runOne(pool, task, ctx.config);
          redone.set(i, value.report);
          for (const p of value.pieces) pieces.set(p.path, p);
        }
      } finally {
        await pool.destroy();
      }
    }
    // Nothing but the current slices' pieces may stay: a job would read a stray piece's rows too.
    await removePiecesWhere(storeDir, (p) => !pieces.has(p.path));
    const units = new Set(ctx.plan.units.map((u) => u.id));
    await removeRejects(join(outputDir, "rejects"), (id) => !units.has(id), true);
    await removeTempFiles(storeDir);
    await removeTempFiles(join(outputDir, "rejects"));
    await removeEmptyFolders(storeDir);
    const reports = new Map<string, FileReport>();
    for (const u of ctx.plan.units) {
      const r = redone.get(u.fileIndex);
      if (r !== undefined) {
        if (u.id === unitId(u.fileIndex, 0)) mergeReport(reports, r);
        continue;
      }
      for (const rep of byUnit.get(u.id)?.reports ?? []) mergeReport(reports, rep);
    }
    const list = [...pieces.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // Codes that differ only in case share a folder on a case-insensitive disk: not sealed, no job.
    await assertNoCaseClash(piecesSeen(storeDir, list));
    await writeStoreManifest(storeDir, {
      version: 1,
      inputs: ctx.inputs,
      unknownCodes: ctx.config.unknownCodes,
      layout: STORE_LAYOUT,
      pieces: list,
      files: ctx.files.map((f) => reports.get(f)).filter((r): r is FileReport => r !== undefined),
    });
    const partitions = new Set(list.map((p) => `${p.securityCode}|${p.date}`)).size;
    return {
      ...none,
      alreadySealed: false,
      pieces: list.length,
      partitions,
      redone: [...redoFiles].map((i) => ctx.files[i] as string),
    };
  });
}

/** Runs one partition task; throws its error (a seal that cannot redo a file does not seal). */
async function runOne(pool: TaskPool, task: PartitionTask, config: RunConfig): Promise<PartitionValue> {
  for await (const f of pool.run<PartitionTask, PartitionValue>([task], {
    timeoutMs: Math.max(config.jobTimeoutMs, 3_600_000),
    retries: config.retries,
  })) {
    if (f.outcome.ok) return f.outcome.value;
    throw Object.assign(new Error(`${task.file}: partitioning it again whole failed: ${f.outcome.error.message}`), {
      code: f.outcome.error.code,
    });
  }
  throw new Error(`${task.file}: partitioning it again whole returned nothing`);
}

/**
 * Removes the partition rejects files whose unit id passes `remove` (with `others`, also the rejects
 * files of a whole partition, whose tags name no unit).
 */
async function removeRejects(dir: string, remove: (id: string) => boolean, others = false): Promise<void> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  for (const n of names) {
    if (!/^partition-.+\.csv$/.test(n)) continue;
    const id = unitOfRejectsFile(n);
    if (id === undefined ? others : remove(id)) await rm(join(dir, n), { force: true });
  }
}
