import { open, stat } from "node:fs/promises";
import { InputError } from "../../model/errors.js";
import { MIN_READ, openFile, readAt, type ChunkProgress } from "./file-read.js";
import { gzipChunks } from "./gzip.js";

export type { ChunkProgress } from "./file-read.js";

/** A byte range [start, end) of an uncompressed file, aligned to row starts. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Default read chunk: 64 MiB, as in ARCHITECTURE.md §3. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024 * 1024;

/**
 * Largest read chunk: 2 GiB − 1 byte. One read call takes a 32-bit signed length (Node's fs binding
 * aborts the whole process natively on a larger one), so a larger chunk size is clamped to this.
 */
export const MAX_CHUNK_SIZE = 2 ** 31 - 1;

/** True when the path names a gzip file (by its `.gz` suffix). */
export function isGzip(path: string): boolean {
  return path.toLowerCase().endsWith(".gz");
}

/** Size in bytes of a file; `unreadable` InputError when it cannot be stat'ed or is not a file. */
export async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new InputError("unreadable", path, "is not a regular file");
    return s.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError("unreadable", path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/**
 * Streams the (decompressed) bytes of a file in chunks of at most `chunkSize` bytes. With `range`
 * (uncompressed files only) it reads exactly [start, end). Errors: `range_on_gzip` (thrown by the
 * call), then while iterating `unreadable`;
 * for gzip, after every byte before the problem was yielded: `truncated_gzip` (cut short, corrupt,
 * or not gzip at all) and `gzip_trailing_garbage` (bytes after the last complete member that are
 * neither another member nor NUL padding; every member before them was read whole).
 */
export function byteChunks(
  path: string,
  chunkSize: number,
  range?: ByteRange,
  progress?: ChunkProgress,
): AsyncGenerator<Buffer> {
  const gz = isGzip(path);
  if (gz && range !== undefined) throw new InputError("range_on_gzip", path, "byte ranges need an uncompressed file");
  const size = Math.max(1, Math.min(MAX_CHUNK_SIZE, Math.floor(chunkSize)));
  // The generator itself, not a wrapper delegating to it: with 1-byte chunks every layer counts.
  return gz ? gzipChunks(path, size, progress) : plainChunks(path, size, range, progress);
}

/**
 * Reads a plain file into ONE reused buffer: the consumer must be done with a chunk before asking
 * for the next (the line splitter copies what it keeps). Memory is then one buffer, whatever the
 * file size, instead of a trail of chunk buffers waiting for the garbage collector.
 */
async function* plainChunks(
  path: string,
  chunkSize: number,
  range: ByteRange | undefined,
  progress?: ChunkProgress,
): AsyncGenerator<Buffer> {
  if (range !== undefined && range.end <= range.start) return;
  const fh = await openFile(path);
  try {
    const first = range?.start ?? 0;
    // The buffer never exceeds what there is to read (a small file gets a small buffer).
    const end = Math.min(range?.end ?? Number.MAX_SAFE_INTEGER, (await fh.stat()).size);
    let pos = first;
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(Math.max(chunkSize, MIN_READ), end - pos)));
    while (pos < end) {
      const n = await readAt(fh, path, buf, Math.min(buf.length, end - pos), pos);
      if (n === 0) break;
      for (let at = 0; at < n; at += chunkSize) {
        const m = Math.min(chunkSize, n - at);
        if (progress !== undefined) progress.fileBytesRead = pos + at + m - first;
        yield buf.subarray(at, at + m);
      }
      pos += n;
    }
  } finally {
    await fh.close();
  }
}

/**
 * Counts the newline bytes in [0, end) of an uncompressed file: the number of lines before a byte
 * range, needed only to give a rejected row its line number.
 */
export async function countNewlines(path: string, end: number): Promise<number> {
  if (end <= 0) return 0;
  const fh = await open(path, "r");
  try {
    const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
    let pos = 0;
    let n = 0;
    while (pos < end) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(10, 0); i !== -1 && i < bytesRead; i = buf.indexOf(10, i + 1)) n++;
      pos += bytesRead;
    }
    return n;
  } finally {
    await fh.close();
  }
}
