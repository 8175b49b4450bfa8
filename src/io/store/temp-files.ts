import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { TEMP_PREFIX } from "../atomic.js";

/**
 * Removes leftover temporary files (names starting with TEMP_PREFIX, as writeFileAtomic leaves
 * them after a crash) anywhere under `dir`; returns how many were removed. A missing folder
 * removes nothing. Do not run it while writers are active in `dir` (it would remove their
 * in-flight temp files). Errors: file system errors other than ENOENT.
 */
export async function removeTempFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  let removed = 0;
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) removed += await removeTempFiles(path);
    else if (e.name.startsWith(TEMP_PREFIX)) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
