import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Prefix of the toolkit's temporary files (and folders); a file with it is never a finished output.
 * Specific to sweeplab, so that cleanup (`removeOutputTempFiles`) removes only what sweeplab wrote.
 */
export const TEMP_PREFIX = ".sweeplab-tmp-";

/**
 * Writes a file atomically: the bytes go to a temporary file in the same folder, which is then
 * renamed over the target, so a reader (or a crash) never sees a half-written file. `.gz` targets
 * are gzipped (deterministic: no timestamp in the header).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempBeside(path);
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  try {
    await writeFile(tmp, path.endsWith(".gz") ? gzipSync(bytes, { level: 6 }) : bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * {@link writeFileAtomic} with synchronous file calls, for a worker thread writing many small files
 * (the store's pieces, a job's outputs): there an await per call left the thread idle between them.
 * `.gz` targets are gzipped at `gzipLevel` (default 6, as {@link writeFileAtomic}). Returns the
 * bytes written (the gzipped ones for `.gz`), for a caller that records their size and hash.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, gzipLevel = 6): Uint8Array {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempBeside(path);
  const text = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  // gzipSync leaves the header's mtime 0, so the bytes are deterministic.
  const bytes = path.endsWith(".gz") ? gzipSync(text, { level: gzipLevel }) : text;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return bytes;
}

/** A temporary file's path in the folder of `path` (see {@link TEMP_PREFIX}). */
export function tempBeside(path: string): string {
  return join(dirname(path), `${TEMP_PREFIX}${basename(path)}.${randomBytes(6).toString("hex")}`);
}
