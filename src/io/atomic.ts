import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, unlink, writeFile } from "node:fs/promises";
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
 * Writes several files that belong together (a run's aggregated tables) so that none replaces its
 * old version before every one is written: all go to temporary files first, then each is renamed
 * over its target. A failure while writing (a full disk) removes the temporary files and leaves
 * every target as it was, never some new and some old; only a rename can fail in between (the
 * folder made read-only meanwhile, a target that may not be replaced). Errors: file system errors.
 */
export async function writeFilesAtomic(files: readonly { path: string; data: string | Uint8Array }[]): Promise<void> {
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      const tmp = tempBeside(f.path);
      temps.push({ tmp, path: f.path });
      const bytes = typeof f.data === "string" ? Buffer.from(f.data, "utf8") : f.data;
      await writeFile(tmp, f.path.endsWith(".gz") ? gzipSync(bytes, { level: 6 }) : bytes);
    }
    for (const t of temps) await rename(t.tmp, t.path);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t.tmp, { force: true })));
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

/**
 * Removes the folder `dir` and all it holds (already gone is fine), throwing the real error of a file
 * it may not remove. Node 20's recursive rm, refused a file's unlink with EPERM (an immutable or
 * append-only file, another user's file in a sticky folder), tries the file as a folder next and
 * reports that: `ENOTDIR: not a directory, scandir '<file>'`. Then the file's unlink is tried again,
 * so the error thrown is its own (`EPERM: operation not permitted, unlink '<file>'`). Errors: file
 * system errors.
 */
export async function removeTree(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== "ENOTDIR" || err.syscall !== "scandir" || typeof err.path !== "string") throw e;
    await unlink(err.path).catch((u: NodeJS.ErrnoException) => {
      if (u.code !== "ENOENT") throw u;
    });
    await rm(dir, { recursive: true, force: true });
  }
}
