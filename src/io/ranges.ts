import { open, type FileHandle } from "node:fs/promises";
import { fileSize, isGzip, type ByteRange } from "./source.js";
import { InputError } from "../model/errors.js";
import { readHeader } from "./header.js";

/** Options of {@link splitByteRanges}. */
export interface SplitOptions {
  /**
   * Put each boundary just after the first line (from the row start after the target) that looks
   * like a whole plain record: no quote character and exactly one comma fewer than the header has
   * fields; within 1 MiB, else at that row start. Inside a quoted value spanning lines such a line is
   * unlikely, so a boundary seldom cuts a record. It still may (a value whose lines look like rows,
   * a quote never closed before the boundary): a caller must still check each range's
   * `FileReport.cutRecord`. Off by default. Errors: also those of `readHeader`.
   */
  avoidQuotedRecords?: boolean;
}

const SEARCH_BYTES = 1024 * 1024;

/**
 * Splits an uncompressed file into `n` contiguous byte ranges whose boundaries fall on row starts
 * (just after a newline), so that `n` workers can parse one range each and the union of their rows
 * is exactly the file's rows. Range 0 starts at byte 0 and so holds the header, which the reader
 * skips. Ranges may be empty when the file has fewer rows than `n`. A quoted field spanning lines
 * is not supported across a boundary (its rest would be rejected as `csv_syntax`/`field_count`):
 * the range before it reports `cutRecord`; `avoidQuotedRecords` makes that rare.
 * Errors: `unreadable`, `range_on_gzip`.
 */
export async function splitByteRanges(path: string, n: number, options: SplitOptions = {}): Promise<ByteRange[]> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`range count must be a positive integer, got ${n}`);
  const size = await fileSize(path);
  const targets = Array.from({ length: n - 1 }, (_, i) => Math.floor((size * (i + 1)) / n));
  return splitByteRangesAt(path, { start: 0, end: size }, targets, options);
}

/**
 * Splits the row-aligned byte range `within` of an uncompressed file at (just after) each of the
 * `targets` (file offsets, ascending): each boundary is the first row start at or after its target
 * (with `avoidQuotedRecords`, moved past the first plain-looking record as in
 * {@link splitByteRanges}), never before the boundary before it nor past `within.end`. Returns
 * `targets.length + 1` contiguous ranges covering `within`; some may be empty. The same file,
 * range and targets give the same ranges on every machine. Errors: `unreadable`, `range_on_gzip`.
 */
export async function splitByteRangesAt(
  path: string,
  within: ByteRange,
  targets: readonly number[],
  options: SplitOptions = {},
): Promise<ByteRange[]> {
  if (isGzip(path))
    throw new InputError(
      "range_on_gzip",
      path,
      "cannot split a gzip file into byte ranges; decompress it or read it whole",
    );
  const size = Math.min(within.end, await fileSize(path));
  const commas = options.avoidQuotedRecords === true ? (await readHeader(path)).names.length - 1 : undefined;
  const fh = await open(path, "r");
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    const starts = [within.start];
    for (const t of targets) {
      const target = Math.max(t, starts[starts.length - 1] as number);
      const start = await nextRowStart(fh, buf, target, size);
      const after = commas === undefined ? start : ((await afterPlainRecord(fh, buf, start, size, commas)) ?? start);
      starts.push(Math.min(after, size));
    }
    starts.push(size);
    return starts.slice(0, targets.length + 1).map((start, i) => ({ start, end: starts[i + 1] as number }));
  } finally {
    await fh.close();
  }
}

/** The first row start ≥ `target`: `target` itself when the byte before it is a newline. */
async function nextRowStart(fh: FileHandle, buf: Buffer, target: number, size: number): Promise<number> {
  if (target <= 0) return 0;
  let pos = target - 1;
  while (pos < size) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    const lf = buf.subarray(0, bytesRead).indexOf(10);
    if (lf !== -1) return pos + lf + 1;
    pos += bytesRead;
  }
  return size;
}

/**
 * The end (+1) of the first line from `start` (a line start) that has no quote and exactly `commas`
 * commas, searching SEARCH_BYTES; undefined when there is none.
 */
async function afterPlainRecord(
  fh: FileHandle,
  buf: Buffer,
  start: number,
  size: number,
  commas: number,
): Promise<number | undefined> {
  const limit = Math.min(size, start + SEARCH_BYTES);
  let quote = false;
  let count = 0;
  for (let pos = start; pos < limit;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, limit - pos), pos);
    if (bytesRead === 0) break;
    for (let i = 0; i < bytesRead; i++) {
      const b = buf[i];
      if (b === 10) {
        if (!quote && count === commas) return pos + i + 1;
        quote = false;
        count = 0;
      } else if (b === 44) count++;
      else if (b === 34) quote = true;
    }
    pos += bytesRead;
  }
  return undefined;
}
