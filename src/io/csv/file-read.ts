import { open, type FileHandle } from "node:fs/promises";
import { InputError } from "../../model/errors.js";

/** Bytes of the underlying file consumed so far (compressed bytes for gzip). */
export interface ChunkProgress {
  fileBytesRead: number;
}

/** Plain files are read at least this much per system call; a smaller chunk is a slice of it. */
export const MIN_READ = 64 * 1024;

/** Opens a file for reading; `unreadable` InputError when it cannot be. */
export async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, "r");
  } catch (e) {
    throw new InputError("unreadable", path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Reads up to `length` bytes at `pos` into `buf`; `unreadable` InputError naming the byte on failure. */
export async function readAt(fh: FileHandle, path: string, buf: Buffer, length: number, pos: number): Promise<number> {
  try {
    return (await fh.read(buf, 0, length, pos)).bytesRead;
  } catch (e) {
    throw new InputError(
      "unreadable",
      path,
      `read failed at byte ${pos} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
}

/** `buf` in slices of at most `size` bytes (views, no copy). */
export function* slices(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, Math.min(buf.length, i + size));
}
