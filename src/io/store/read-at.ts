import { readSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";

/** Reads `length` bytes at `position` into `buf` (fewer at the end of the file); returns them. */
export async function readAt(fh: FileHandle, buf: Uint8Array, length: number, position: number): Promise<Uint8Array> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/**
 * {@link readAt} of an open file descriptor, synchronous: a job reads its pieces in a worker
 * thread, where an await per file call left the thread idle between calls.
 */
export function readAtSync(fd: number, buf: Uint8Array, length: number, position: number): Uint8Array {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}
