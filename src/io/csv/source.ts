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
 * Reads a plain file into TWO reused buffers, taking turns: while the consumer works on a chunk of
 * one, the next chunk is read into the other (the read runs on libuv's thread pool, beside the
 * parse). The consumer must be done with a chunk before asking for the next (the line splitter
 * copies what it keeps). Memory is then two buffers, whatever the file size, instead of a trail of
 * chunk buffers waiting for the garbage collector.
 */
async function* plainChunks(
  path: string,
  chunkSize: number,
  range: ByteRange | undefined,
  progress?: ChunkProgress,
): AsyncGenerator<Buffer> {
  if (range !== undefined && range.end <= range.start) return;
  const fh = await openFile(path);
  let next: Promise<number> | undefined;
  try {
    const first = range?.start ?? 0;
    // The buffers never exceed what there is to read (a small file gets small buffers).
    const end = Math.min(range?.end ?? Number.MAX_SAFE_INTEGER, (await fh.stat()).size);
    const length = Math.max(1, Math.min(Math.max(chunkSize, MIN_READ), end - first));
    const bufs: Buffer[] = [Buffer.allocUnsafe(length)]; // the second only when a second read is needed
    const readInto = (turn: number, at: number): Promise<number> => {
      const buf = (bufs[turn] ??= Buffer.allocUnsafe(length));
      const read = readAt(fh, path, buf, Math.min(length, end - at), at);
      read.catch(() => undefined); // awaited below; meanwhile its failure is not "unhandled"
      return read;
    };
    let pos = first;
    let turn = 0;
    next = pos < end ? readInto(0, pos) : undefined;
    while (next !== undefined) {
      const n = await next;
      next = undefined;
      if (n === 0) break;
      const buf = bufs[turn] as Buffer;
      const after = pos + n;
      turn = 1 - turn;
      if (after < end) next = readInto(turn, after);
      for (let at = 0; at < n; at += chunkSize) {
        const m = Math.min(chunkSize, n - at);
        if (progress !== undefined) progress.fileBytesRead = pos + at + m - first;
        yield buf.subarray(at, at + m);
      }
      pos = after;
    }
  } finally {
    // A consumer that stops early leaves a read in flight: let it end before the file is closed.
    await next?.catch(() => 0);
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
