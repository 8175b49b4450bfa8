import { performance } from "node:perf_hooks";
import type { UnknownCodePolicy } from "../../model/unknown-codes.js";
import { InputError, InputErrors, type RowReject } from "../../model/errors.js";
import { discoverInputs, type InputListing } from "../inputs/inputs.js";
import { openTable, type ReadOptions, type TableReader } from "../csv/reader.js";
import { RejectsWriter } from "../csv/rejects.js";
import { SCAN_COLUMNS, ScanAccumulator } from "./scan-accumulator.js";
import { buildResult } from "./scan-merge.js";
import type { ScanOptions, ScanPart, ScanResult } from "./scan-types.js";
import type { ByteRange } from "../csv/source.js";

export { mergeScans } from "./scan-merge.js";
export type { PartitionPart, PartitionScan, ScanOptions, ScanPart, ScanProgress, ScanResult } from "./scan-types.js";

/** Reader options a scan uses for one file (or range): only the scanned columns are stored. */
export function scanReadOptions(
  options: Pick<ReadOptions, "chunkSize" | "range" | "onProgress" | "onReject" | "unknownCodes">,
): ReadOptions {
  return { ...options, columns: SCAN_COLUMNS, reuseBatches: true };
}

/** Options of {@link scanPart}. */
export interface ScanPartOptions {
  chunkSize?: number;
  /** Read only this row-aligned byte range of an uncompressed file (see `splitByteRanges`). */
  range?: ByteRange;
  /** Receives every rejected row, in file order, with its absolute line number. */
  onReject?: (r: RowReject) => void;
  /** Called once per read chunk with the bytes, rows and rejects of this part so far. */
  onProgress?: (p: { bytesRead: number; rows: number; rejected: number }) => void;
  /** A code value outside its table: keep and count it (default) or reject the row (`unknown_code`). */
  unknownCodes?: UnknownCodePolicy;
}

/**
 * Scans one file, or one byte range of an uncompressed file, into a {@link ScanPart} — the unit of
 * work of a parallel scan; {@link mergeScans} of the parts of every file (in file order, a file's
 * ranges in order) equals {@link scan} of the files. Throws {@link InputError} like `openTable`.
 */
export async function scanPart(file: string, options: ScanPartOptions = {}): Promise<ScanPart> {
  const reader = await openTable(
    file,
    scanReadOptions({
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      ...(options.range === undefined ? {} : { range: options.range }),
      ...(options.unknownCodes === undefined ? {} : { unknownCodes: options.unknownCodes }),
      ...(options.onReject === undefined ? {} : { onReject: options.onReject }),
      ...(options.onProgress === undefined
        ? {}
        : {
            onProgress: (p) => options.onProgress?.({ bytesRead: p.bytesRead, rows: p.rows, rejected: p.rejected }),
          }),
    }),
  );
  const acc = new ScanAccumulator();
  for await (const batch of reader) acc.add(batch);
  return { report: reader.report, partitions: acc.partial() };
}

/**
 * Finds the inputs' tables ({@link discoverInputs}: by header, each file once) and opens every data
 * file, checking every header before any row is read: throws {@link InputErrors} listing every
 * unusable file. Returns the data files, their readers (not yet iterated) and the input listing.
 */
export async function openScanInputs(
  inputs: readonly string[],
  readOptions: (file: string, fileIndex: number, fileCount: number) => ReadOptions = () => ({}),
): Promise<{ files: string[]; readers: TableReader[]; listing: InputListing }> {
  const listing = await discoverInputs(inputs);
  const files = listing.data.map((d) => d.file);
  const readers: TableReader[] = [];
  const problems: InputError[] = [];
  for (const [fileIndex, f] of files.entries()) {
    try {
      readers.push(await openTable(f, readOptions(f, fileIndex, files.length)));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(e);
    }
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return { files, readers, listing };
}

/**
 * One pass over order, trade and NBBO files (plain or gzip; files, folders or globs) that reports
 * per (security, date): row counts, time range, participants, Centre Point and sweep counts; plus
 * per-file accounting (`rowsRead = accepted + rejected`) and rows/s. Every file's header is checked
 * first: throws {@link InputErrors} (codes `unreadable`, `empty_file`, `missing_column`, …) before
 * any row is read. Bad rows are counted, reported and written to `rejectsPath`. Runs on the calling
 * thread; `scanParallel` (src/pipeline) splits the same work over worker threads with the same result.
 */
export async function scan(inputs: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const t0 = performance.now();
  let rejects: RejectsWriter | undefined;
  let bytesDone = 0;
  let bytesTotal = 0;
  const { readers, listing } = await openScanInputs(inputs, (_file, fileIndex, fileCount) =>
    scanReadOptions({
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      ...(options.unknownCodes === undefined ? {} : { unknownCodes: options.unknownCodes }),
      onReject: (rej) => {
        rejects?.write(rej);
        options.onReject?.(rej);
      },
      onProgress: (p) =>
        options.onProgress?.({
          file: p.file,
          fileIndex,
          fileCount,
          bytesRead: bytesDone + p.bytesRead,
          bytesTotal,
          rows: p.rows,
          rejected: p.rejected,
        }),
    }),
  );
  bytesTotal = readers.reduce((s, r) => s + r.report.bytes, 0);
  if (options.rejectsPath !== undefined) rejects = await RejectsWriter.create(options.rejectsPath);
  const acc = new ScanAccumulator();
  try {
    for (const r of readers) {
      for await (const batch of r) acc.add(batch);
      bytesDone += r.report.bytes;
    }
  } finally {
    await rejects?.close();
  }
  const partitions = acc.finish();
  const seconds = (performance.now() - t0) / 1000;
  return {
    ...buildResult(
      readers.map((r) => r.report),
      partitions,
      seconds,
      options.rejectsPath,
    ),
    inputs: listing,
  };
}
