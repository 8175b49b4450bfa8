import { randomBytes } from "node:crypto";
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
  const tmp = join(dirname(path), `${TEMP_PREFIX}${basename(path)}.${randomBytes(6).toString("hex")}`);
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  try {
    await writeFile(tmp, path.endsWith(".gz") ? gzipSync(bytes, { level: 6 }) : bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
