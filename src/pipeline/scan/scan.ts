import { createReadStream, existsSync, type WriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { TEMP_PREFIX } from "../../io/atomic.js";
import { splitByteRanges } from "../../io/csv/ranges.js";
import { openWriteFile, REJECTS_HEADER } from "../../io/csv/rejects.js";
import {
  mergeScans,
  openScanInputs,
  scan,
  type ScanOptions,
  type ScanPart,
  type ScanProgress,
  type ScanResult,
} from "../../io/scan/scan.js";
import type { TableReader } from "../../io/csv/reader.js";
import { isGzip, type ByteRange } from "../../io/csv/source.js";
import { InputError, type RowReject } from "../../model/errors.js";
import type { ScanTask, ScanValue } from "../messages.js";
import { TaskPool } from "../pool.js";
import { PROGRESS_FIELDS } from "./scan-task.js";

/** Options of {@link scanParallel}: those of `scan`, plus the worker count. */
export interface ParallelScanOptions extends ScanOptions {
  /** Worker threads (default 1: `scan` on the calling thread, no pool). */
  workers?: number;
  /**
   * An uncompressed file is split into at most `workers` row-aligned byte ranges of at least this
   * many bytes each (default 8 MB); a gzip file is always one task.
   */
  minRangeBytes?: number;
  /** How often progress is polled from the workers, ms (default 200). */
  progressIntervalMs?: number;
}

const DEFAULT_MIN_RANGE_BYTES = 8 * 1024 * 1024;
const NO_TIMEOUT_MS = 2_147_483_647;

interface Planned {
  task: ScanTask;
  fileIndex: number;
  bytes: number;
  /** The file's last (or only) task. */
  last: boolean;
}

/**
 * `scan` over a pool of `workers` threads, with exactly the same result (but for the timing
 * figures) and the same rejects file bytes: each uncompressed file is cut into row-aligned byte
 * ranges and each gzip file is one task; every task returns its {@link ScanPart} (counts,
 * participants, distinct sweep order ids) and writes its rejects to a temp file; the parts are merged
 * with `mergeScans` and the rejects concatenated in file order. A file whose range boundary cut a
 * quoted record spanning lines (seen as a `csv_syntax`/`bad_encoding` reject before a boundary) is
 * scanned again whole, so the result stays exact. Headers are all checked first
 * ({@link InputErrors} before any row is read); an `InputError` met while reading is rethrown. A
 * task that fails otherwise (a worker crash) throws an `Error` naming the file.
 */
export async function scanParallel(inputs: readonly string[], options: ParallelScanOptions = {}): Promise<ScanResult> {
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  if (workers === 1) return scan(inputs, options);
  const t0 = performance.now();
  const { files, readers, listing } = await openScanInputs(inputs);
  const minRange = Math.max(1, options.minRangeBytes ?? DEFAULT_MIN_RANGE_BYTES);
  const pieces: { fileIndex: number; file: string; range?: ByteRange; bytes: number; last: boolean }[] = [];
  for (const [fileIndex, r] of readers.entries()) {
    const size = r.report.bytes;
    const n = isGzip(r.file) ? 1 : Math.max(1, Math.min(workers, Math.floor(size / minRange)));
    const ranges = n === 1 ? [] : (await splitByteRanges(r.file, n)).filter((g) => g.end > g.start);
    if (ranges.length <= 1) pieces.push({ fileIndex, file: r.file, bytes: size, last: true });
    else
      ranges.forEach((range, k) =>
        pieces.push({ fileIndex, file: r.file, range, bytes: range.end - range.start, last: k === ranges.length - 1 }),
      );
  }
  // Each task's rejects go to a temp folder beside the rejects file (same disk), removed at the end
  // (its name carries the toolkit's temp prefix, so a rerun into an output folder removes it after a crash).
  // The rejects file is opened first, as the one-thread scan does: a path that cannot be written
  // (a folder, no permission) stops the scan before any work, with its one-line error.
  const rejectsOut = options.rejectsPath === undefined ? undefined : await openWriteFile(options.rejectsPath);
  const tempDir =
    options.rejectsPath === undefined
      ? undefined
      : await mkdtemp(join(await madeDir(options.rejectsPath), `${TEMP_PREFIX}scan-rejects-`));
  const shared = new SharedArrayBuffer(8 * PROGRESS_FIELDS * Math.max(1, pieces.length));
  const taskOf = (file: string, slot: number, range: ByteRange | undefined, tag: string): ScanTask => ({
    kind: "scan",
    file,
    ...(range === undefined ? {} : { range }),
    ...(options.chunkSize === undefined ? {} : { chunkSize: Math.max(1, Math.floor(options.chunkSize)) }),
    ...(tempDir === undefined ? {} : { rejectsPath: join(tempDir, `${tag}.csv`) }),
    returnRejects: options.onReject !== undefined,
    ...(options.unknownCodes === undefined ? {} : { unknownCodes: options.unknownCodes }),
    progress: shared,
    progressSlot: slot,
  });
  const planned: Planned[] = pieces.map(({ fileIndex, file, range, bytes, last }, slot) => ({
    fileIndex,
    bytes,
    last,
    task: taskOf(file, slot, range, String(slot)),
  }));
  const values: (ScanValue | undefined)[] = planned.map(() => undefined);
  const report = progressReporter(
    files,
    planned,
    new BigInt64Array(shared),
    values,
    readers.reduce((s, r) => s + r.report.bytes, 0),
    options.onProgress,
  );
  const timer =
    options.onProgress === undefined ? undefined : setInterval(report, Math.max(10, options.progressIntervalMs ?? 200));
  const pool = new TaskPool({ workers });
  try {
    await runAll(pool, planned, values, report);
    // A byte range that ends inside a quoted record spanning lines (see splitByteRanges) reports it
    // as `csv_syntax` (or `bad_encoding`); the one-thread read would have joined it with the lines of
    // the next range. Such files (rare: real data has no multi-line fields) are scanned again whole.
    const redo = new Set<number>();
    planned.forEach((p, i) => {
      const codes = values[i]?.part?.report.rejectsByCode;
      if (!p.last && ((codes?.csv_syntax ?? 0) > 0 || (codes?.bad_encoding ?? 0) > 0)) redo.add(p.fileIndex);
    });
    let done = planned.map((p, i) => ({ p, v: values[i] as ScanValue }));
    if (redo.size > 0) {
      const whole: Planned[] = [...redo].map((fileIndex) => {
        const r = readers[fileIndex] as TableReader;
        const task = taskOf(r.file, 0, undefined, `whole-${fileIndex}`);
        delete task.progress;
        return { fileIndex, bytes: r.report.bytes, last: true, task };
      });
      const again: (ScanValue | undefined)[] = whole.map(() => undefined);
      await runAll(pool, whole, again, report);
      done = [
        ...done.filter(({ p }) => !redo.has(p.fileIndex)),
        ...whole.map((p, i) => ({ p, v: again[i] as ScanValue })),
      ].sort((a, b) => a.p.fileIndex - b.p.fileIndex); // stable: a file's ranges stay in order
    }
    if (options.onReject !== undefined)
      for (const { v } of done) for (const r of v.rejects ?? ([] as RowReject[])) options.onReject(r);
    if (rejectsOut !== undefined)
      await concatRejects(
        rejectsOut,
        done.map(({ p }) => p.task.rejectsPath),
      );
    const merged = mergeScans(
      done.map(({ v }) => v.part as ScanPart),
      {
        seconds: (performance.now() - t0) / 1000,
        ...(options.rejectsPath === undefined ? {} : { rejectsPath: options.rejectsPath }),
      },
    );
    return { ...merged, inputs: listing };
  } finally {
    if (timer !== undefined) clearInterval(timer);
    if (rejectsOut !== undefined && !rejectsOut.writableFinished) rejectsOut.destroy();
    await pool.destroy();
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
  }
}

/** Runs `list` in the pool (largest first) and stores each value at its index in `values`. */
async function runAll(
  pool: TaskPool,
  list: readonly Planned[],
  values: (ScanValue | undefined)[],
  onDone: () => void,
): Promise<void> {
  const index = new Map(list.map((p, i) => [p.task, i]));
  // Largest first, so that the last tasks to start are small ones and the threads finish together.
  const order = [...list].sort((a, b) => b.bytes - a.bytes).map((p) => p.task);
  for await (const f of pool.run<ScanTask, ScanValue>(order, { timeoutMs: NO_TIMEOUT_MS, retries: 0 })) {
    if (!f.outcome.ok)
      throw new Error(`scan of ${f.task.file} failed: [${f.outcome.error.code}] ${f.outcome.error.message}`);
    const v = f.outcome.value;
    if (v.inputError !== undefined) throw rebuildInputError(v.inputError);
    values[index.get(f.task) as number] = v;
    onDone();
  }
}

function rebuildInputError(e: NonNullable<ScanValue["inputError"]>): InputError {
  const err = new InputError(e.code, e.file, "");
  err.message = e.message; // already "file: message"
  return err;
}

async function madeDir(file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  return dirname(file);
}

/** Writes the rejects header, then each task's rejects file in the given (file, then range) order. */
async function concatRejects(out: WriteStream, parts: readonly (string | undefined)[]): Promise<void> {
  out.write(REJECTS_HEADER.join(",") + "\n");
  for (const part of parts) {
    if (part !== undefined && existsSync(part)) await pipeline(createReadStream(part), out, { end: false });
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/**
 * A progress callback over the workers' shared slots: bytes read across every task, and the rows
 * and rejects of the unfinished file read furthest so far (the last file once all are done). Emits
 * only when something moved.
 */
function progressReporter(
  files: readonly string[],
  planned: readonly Planned[],
  slots: BigInt64Array,
  values: readonly (ScanValue | undefined)[],
  bytesTotal: number,
  onProgress: ((p: ScanProgress) => void) | undefined,
): () => void {
  let last = "";
  return () => {
    if (onProgress === undefined) return;
    let bytesRead = 0;
    const rows = files.map(() => 0);
    const rejected = files.map(() => 0);
    const open = files.map(() => false);
    const read = files.map(() => 0);
    planned.forEach((p, i) => {
      const at = i * PROGRESS_FIELDS;
      const done = values[i]?.part?.report;
      const bytes = done?.bytes ?? Number(Atomics.load(slots, at));
      bytesRead += bytes;
      read[p.fileIndex] = (read[p.fileIndex] ?? 0) + bytes;
      rows[p.fileIndex] = (rows[p.fileIndex] ?? 0) + (done?.rowsRead ?? Number(Atomics.load(slots, at + 1)));
      rejected[p.fileIndex] = (rejected[p.fileIndex] ?? 0) + (done?.rejected ?? Number(Atomics.load(slots, at + 2)));
      if (done === undefined) open[p.fileIndex] = true;
    });
    let fileIndex = files.length - 1;
    for (let f = 0, best = -1; f < files.length; f++)
      if (open[f] === true && (read[f] ?? 0) > best) [fileIndex, best] = [f, read[f] ?? 0];
    const p: ScanProgress = {
      file: files[fileIndex] ?? "",
      fileIndex,
      fileCount: files.length,
      bytesRead,
      bytesTotal,
      rows: rows[fileIndex] ?? 0,
      rejected: rejected[fileIndex] ?? 0,
    };
    const key = `${p.fileIndex}:${p.bytesRead}:${p.rows}`;
    if (key === last) return;
    last = key;
    onProgress(p);
  };
}
