import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { splitByteRanges } from "../io/ranges.js";
import { REJECTS_HEADER } from "../io/rejects.js";
import {
  mergeScans,
  openScanInputs,
  scan,
  type ScanOptions,
  type ScanPart,
  type ScanProgress,
  type ScanResult,
} from "../io/scan.js";
import { isGzip, type ByteRange } from "../io/source.js";
import { InputError, type RowReject } from "../model/errors.js";
import type { ScanTask, ScanValue } from "./messages.js";
import { TaskPool } from "./pool.js";
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
}

/**
 * `scan` over a pool of `workers` threads, with exactly the same result (but for the timing
 * figures) and the same rejects file bytes: each uncompressed file is cut into row-aligned byte
 * ranges and each gzip file is one task; every task returns its {@link ScanPart} (counts,
 * participants, distinct sweep order ids) and writes its rejects to a temp file; the parts are merged
 * with `mergeScans` and the rejects concatenated in file order. Headers are all checked first
 * ({@link InputErrors} before any row is read); an `InputError` met while reading is rethrown. A
 * task that fails otherwise (a worker crash) throws an `Error` naming the file.
 */
export async function scanParallel(inputs: readonly string[], options: ParallelScanOptions = {}): Promise<ScanResult> {
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  if (workers === 1) return scan(inputs, options);
  const t0 = performance.now();
  const { files, readers } = await openScanInputs(inputs);
  const minRange = Math.max(1, options.minRangeBytes ?? DEFAULT_MIN_RANGE_BYTES);
  const tempDir = options.rejectsPath === undefined ? undefined : await mkdtemp(join(tmpdir(), "sweeplab-scan-"));
  const pieces: { fileIndex: number; file: string; range?: ByteRange; bytes: number }[] = [];
  for (const [fileIndex, r] of readers.entries()) {
    const size = r.report.bytes;
    const n = isGzip(r.file) ? 1 : Math.max(1, Math.min(workers, Math.floor(size / minRange)));
    if (n === 1) pieces.push({ fileIndex, file: r.file, bytes: size });
    else
      for (const range of await splitByteRanges(r.file, n))
        if (range.end > range.start) pieces.push({ fileIndex, file: r.file, range, bytes: range.end - range.start });
  }
  const shared = new SharedArrayBuffer(8 * PROGRESS_FIELDS * Math.max(1, pieces.length));
  const planned: Planned[] = pieces.map(({ fileIndex, file, range, bytes }, slot) => ({
    fileIndex,
    bytes,
    task: {
      kind: "scan",
      file,
      ...(range === undefined ? {} : { range }),
      ...(options.chunkSize === undefined ? {} : { chunkSize: Math.max(1, Math.floor(options.chunkSize)) }),
      ...(tempDir === undefined ? {} : { rejectsPath: join(tempDir, `${slot}.csv`) }),
      returnRejects: options.onReject !== undefined,
      progress: shared,
      progressSlot: slot,
    },
  }));
  const slots = new BigInt64Array(shared);
  const bytesTotal = readers.reduce((s, r) => s + r.report.bytes, 0);
  const values: (ScanValue | undefined)[] = planned.map(() => undefined);
  const slotOf = new Map(planned.map((p, i) => [p.task, i]));
  const report = progressReporter(files, planned, slots, values, bytesTotal, options.onProgress);
  const timer =
    options.onProgress === undefined ? undefined : setInterval(report, Math.max(10, options.progressIntervalMs ?? 200));
  const pool = new TaskPool({ workers });
  try {
    // Largest first, so that the last tasks to start are small ones and the threads finish together.
    const order = [...planned].sort((a, b) => b.bytes - a.bytes).map((p) => p.task);
    for await (const f of pool.run<ScanTask, ScanValue>(order, { timeoutMs: NO_TIMEOUT_MS, retries: 0 })) {
      if (!f.outcome.ok)
        throw new Error(`scan of ${f.task.file} failed: [${f.outcome.error.code}] ${f.outcome.error.message}`);
      const v = f.outcome.value;
      if (v.inputError !== undefined) throw rebuildInputError(v.inputError);
      values[slotOf.get(f.task) as number] = v;
      report();
    }
    const parts = values.map((v) => (v as ScanValue).part as ScanPart);
    if (options.onReject !== undefined)
      for (const v of values) for (const r of v?.rejects ?? ([] as RowReject[])) options.onReject(r);
    if (options.rejectsPath !== undefined) await concatRejects(options.rejectsPath, planned);
    return mergeScans(parts, {
      seconds: (performance.now() - t0) / 1000,
      ...(options.rejectsPath === undefined ? {} : { rejectsPath: options.rejectsPath }),
    });
  } finally {
    if (timer !== undefined) clearInterval(timer);
    await pool.destroy();
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
  }
}

function rebuildInputError(e: NonNullable<ScanValue["inputError"]>): InputError {
  const err = new InputError(e.code, e.file, "");
  err.message = e.message; // already "file: message"
  return err;
}

/** Writes the rejects header, then each task's rejects in task (= file, then range) order. */
async function concatRejects(path: string, planned: readonly Planned[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write(REJECTS_HEADER.join(",") + "\n");
  for (const p of planned) {
    const part = p.task.rejectsPath;
    if (part !== undefined && existsSync(part)) await pipeline(createReadStream(part), out, { end: false });
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/**
 * A progress callback over the workers' shared slots: bytes read across every task, and the rows
 * and rejects of the first file not yet finished. Emits only when something moved.
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
    planned.forEach((p, i) => {
      const at = i * PROGRESS_FIELDS;
      const done = values[i]?.part?.report;
      bytesRead += done?.bytes ?? Number(Atomics.load(slots, at));
      rows[p.fileIndex] = (rows[p.fileIndex] ?? 0) + (done?.rowsRead ?? Number(Atomics.load(slots, at + 1)));
      rejected[p.fileIndex] = (rejected[p.fileIndex] ?? 0) + (done?.rejected ?? Number(Atomics.load(slots, at + 2)));
      if (done === undefined) open[p.fileIndex] = true;
    });
    const first = open.indexOf(true);
    const fileIndex = first === -1 ? files.length - 1 : first;
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
