import { open, type FileHandle } from "node:fs/promises";
import { fileSize, isGzip, type ByteRange } from "./source.js";
import { InputError } from "../model/errors.js";

/**
 * Splits an uncompressed file into `n` contiguous byte ranges whose boundaries fall on row starts
 * (just after a newline), so that `n` workers can parse one range each and the union of their rows
 * is exactly the file's rows. Range 0 starts at byte 0 and so holds the header, which the reader
 * skips. Ranges may be empty when the file has fewer rows than `n`. A quoted field spanning lines
 * is not supported across a boundary (its rest would be rejected as `csv_syntax`/`field_count`).
 * Errors: `unreadable`, `range_on_gzip`.
 */
export async function splitByteRanges(path: string, n: number): Promise<ByteRange[]> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`range count must be a positive integer, got ${n}`);
  if (isGzip(path))
    throw new InputError(
      "range_on_gzip",
      path,
      "cannot split a gzip file into byte ranges; decompress it or read it whole",
    );
  const size = await fileSize(path);
  const fh = await open(path, "r");
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    const starts = [0];
    for (let i = 1; i < n; i++) {
      const target = Math.max(Math.floor((size * i) / n), starts[starts.length - 1] as number);
      starts.push(await nextRowStart(fh, buf, target, size));
    }
    starts.push(size);
    return starts.slice(0, n).map((start, i) => ({ start, end: starts[i + 1] as number }));
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
