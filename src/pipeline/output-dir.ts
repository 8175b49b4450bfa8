import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { notAFolder } from "../io/outputs/output-marker.js";
import { asUnwritable } from "./errors.js";

/**
 * Creates the output folder (and its parents). Node's recursive mkdir reports a read-only or
 * forbidden parent as `ENOENT`; this retries the first missing level on its own to get the real
 * cause, so a read-only disk reads `EROFS` and not "no such file". Errors: `OutputUnwritableError`
 * (`output_unwritable`) for a full, read-only or forbidden disk; `OutputNotOursError`
 * (`output_not_ours`) when a file is where the folder or one above it would be; other file system
 * errors as they are.
 */
export async function makeOutputDir(outputDir: string): Promise<void> {
  try {
    await mkdir(outputDir, { recursive: true });
  } catch (e) {
    const real = (e as NodeJS.ErrnoException).code === "ENOENT" ? await firstMissingLevel(outputDir) : e;
    throw notAFolder(real, outputDir) ?? asUnwritable(real, outputDir, "setup") ?? real;
  }
}

/** The error of creating the first missing folder on the way to `dir`, alone (not recursive). */
async function firstMissingLevel(dir: string): Promise<unknown> {
  const levels: string[] = [];
  for (let d = dir; dirname(d) !== d; d = dirname(d)) levels.unshift(d);
  for (const level of levels) {
    try {
      await mkdir(level);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue;
      return e;
    }
  }
  return new Error(`${dir}: cannot be created`);
}
