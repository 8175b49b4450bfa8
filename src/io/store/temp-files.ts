import { readdirSync, rmSync, type Dirent } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { TEMP_PREFIX } from "../atomic.js";
import { isMarkedOutput } from "../outputs/output-marker.js";

/** The subfolders of an output folder where sweeplab writes (and so may leave temp files). */
export const OUTPUT_SUBTREES = ["store", "by_security", "aggregated", "rejects"] as const;

/**
 * Removes leftover temporary files and folders (names starting with TEMP_PREFIX, as an atomic write
 * or a parallel scan leaves them after a crash) anywhere under `dir`; returns how many were removed.
 * Symbolic links are not followed. A missing folder removes nothing. Do not run it while writers
 * are active in `dir` (it would remove their in-flight temp files). Errors: file system errors
 * other than ENOENT.
 */
export function removeTempFiles(dir: string): Promise<number> {
  try {
    return Promise.resolve(removeTempFilesSync(dir));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

// Synchronous: a run walks its whole output folder (a folder per job, thousands of them), and each
// async readdir's round trip through libuv's pool cost several times the call (bench/readers.mjs --fs).
function removeTempFilesSync(dir: string): number {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return 0;
    throw e;
  }
  let removed = 0;
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.name.startsWith(TEMP_PREFIX)) {
      rmSync(path, { recursive: e.isDirectory(), force: true });
      removed++;
    } else if (e.isDirectory()) removed += removeTempFilesSync(path);
  }
  return removed;
}

/**
 * Removes sweeplab's leftover temp files of an output folder — only in a folder marked as a
 * sweeplab output (`.sweeplab-output.json`; an unmarked folder removes nothing), and only at its
 * top level and under its own subtrees ({@link OUTPUT_SUBTREES}), never elsewhere. Returns how many
 * were removed. Same caveat as {@link removeTempFiles}: not while writers are active there.
 */
export async function removeOutputTempFiles(outputDir: string): Promise<number> {
  if (!(await isMarkedOutput(outputDir))) return 0;
  let removed = 0;
  const top = await readdir(outputDir, { withFileTypes: true });
  for (const e of top) {
    if (e.name.startsWith(TEMP_PREFIX) && !e.isDirectory()) {
      await rm(join(outputDir, e.name), { force: true });
      removed++;
    }
  }
  for (const sub of OUTPUT_SUBTREES) removed += await removeTempFiles(join(outputDir, sub));
  return removed;
}
