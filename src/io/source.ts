import { createReadStream } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { InputError } from "../model/errors.js";

/** A byte range [start, end) of an uncompressed file, aligned to row starts. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Default read chunk: 64 MiB, as in ARCHITECTURE.md §3. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024 * 1024;

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

/** Bytes of the underlying file consumed so far (compressed bytes for gzip). */
export interface ChunkProgress {
  fileBytesRead: number;
}

/**
 * Streams the (decompressed) bytes of a file in chunks of about `chunkSize` bytes. With `range`
 * (uncompressed files only) it reads exactly [start, end). Errors: `unreadable`, `range_on_gzip`,
 * and `truncated_gzip` (thrown after every byte before the damage was yielded).
 */
export async function* byteChunks(
  path: string,
  chunkSize: number,
  range?: ByteRange,
  progress?: ChunkProgress,
): AsyncGenerator<Buffer> {
  const gz = isGzip(path);
  if (gz && range !== undefined) throw new InputError("range_on_gzip", path, "byte ranges need an uncompressed file");
  if (range !== undefined && range.end <= range.start) return;
  if (!gz) {
    yield* plainChunks(path, chunkSize, range, progress);
    return;
  }
  const file = createReadStream(path, { highWaterMark: Math.min(chunkSize, 1024 * 1024) });
  const track = (): void => {
    if (progress !== undefined) progress.fileBytesRead = file.bytesRead;
  };
  const gunzip = createGunzip({ chunkSize: Math.max(64, Math.min(chunkSize, 64 * 1024 * 1024)) });
  file.on("error", (e) => gunzip.destroy(e));
  file.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      track();
      yield chunk as Buffer;
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT" || err.code === "EACCES" || err.code === "EISDIR") {
      throw new InputError("unreadable", path, `cannot be read (${err.code})`);
    }
    throw new InputError(
      "truncated_gzip",
      path,
      `gzip stream is truncated or corrupt (${err.message}); rows before the damage were read`,
    );
  } finally {
    file.destroy();
  }
}

/**
 * Reads a plain file into ONE reused buffer: the consumer must be done with a chunk before asking
 * for the next (the line splitter copies what it keeps). Memory is then one chunk, whatever the
 * file size, instead of a trail of chunk buffers waiting for the garbage collector.
 */
async function* plainChunks(
  path: string,
  chunkSize: number,
  range: ByteRange | undefined,
  progress?: ChunkProgress,
): AsyncGenerator<Buffer> {
  let fh: FileHandle;
  try {
    fh = await open(path, "r");
  } catch (e) {
    throw new InputError("unreadable", path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    const end = range?.end ?? Number.MAX_SAFE_INTEGER;
    let pos = range?.start ?? 0;
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunkSize, range === undefined ? chunkSize : end - pos)));
    while (pos < end) {
      let n: number;
      try {
        n = (await fh.read(buf, 0, Math.min(buf.length, end - pos), pos)).bytesRead;
      } catch (e) {
        throw new InputError(
          "unreadable",
          path,
          `read failed at byte ${pos} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
        );
      }
      if (n === 0) break;
      pos += n;
      if (progress !== undefined) progress.fileBytesRead = pos - (range?.start ?? 0);
      yield buf.subarray(0, n);
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
