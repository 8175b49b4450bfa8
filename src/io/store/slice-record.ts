import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../atomic.js";
import { StoreError } from "./errors.js";
import { FileReportSchema, PieceInfoSchema } from "./manifest.js";
import { readValidatedJson } from "./read-json.js";

/** The folder of the slice records inside the store. */
export const SLICES_DIR = "_slices";

/** One unit of a completed slice: its reports (one per task, in byte order) and whether its end cut a quoted record. */
export const SliceUnitRecord = z.object({
  /** `iiii-ss` (see slice-plan.ts in src/pipeline). */
  id: z.string().regex(/^\d{4,}-\d{2,}$/),
  file: z.string(),
  reports: z.array(FileReportSchema),
  /** The unit's last reader ended inside an open quoted record (its end is not a record boundary). */
  cutEnd: z.boolean(),
});
export type SliceUnitRecord = z.infer<typeof SliceUnitRecord>;

/**
 * The record `<storeDir>/_slices/slice-<i>-of-<N>.json` of a completed partition slice, written
 * atomically after every piece of the slice: its presence with the current plan's hash means the
 * slice is complete for the current inputs (as long as its pieces are on disk).
 */
export const SliceRecord = z.object({
  version: z.literal(1),
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  /** The slice plan's hash (input fingerprints, unknown-code policy, units). */
  plan: z.string().regex(/^[0-9a-f]{64}$/),
  units: z.array(SliceUnitRecord),
  /** Every piece the slice wrote, paths relative to the store, sorted. */
  pieces: z.array(PieceInfoSchema),
});
export type SliceRecord = z.infer<typeof SliceRecord>;

/** The path of slice `index` of `count`'s record. */
export function sliceRecordPath(storeDir: string, index: number, count: number): string {
  return join(storeDir, SLICES_DIR, `slice-${index}-of-${count}.json`);
}

/**
 * Reads a slice record; undefined when there is none. A damaged record (not JSON, not the shape)
 * is reported as undefined too when `lenient` (the slice is simply not complete), else throws
 * StoreError `bad_manifest` naming the file, what is wrong and what to do (see `readValidatedJson`).
 * Errors: file system errors other than ENOENT.
 */
export async function readSliceRecord(
  storeDir: string,
  index: number,
  count: number,
  lenient = true,
): Promise<SliceRecord | undefined> {
  const read = readValidatedJson(sliceRecordPath(storeDir, index, count), SliceRecord, {
    is: "a slice record",
    fix: "delete it and rerun that slice",
  });
  if (!lenient) return read;
  return read.catch((e: unknown) => {
    if (e instanceof StoreError && e.code === "bad_manifest") return undefined;
    throw e;
  });
}

/** Writes a slice record atomically (last, after every piece of the slice). Errors: file system errors. */
export async function writeSliceRecord(storeDir: string, r: SliceRecord): Promise<void> {
  await writeFileAtomic(
    sliceRecordPath(storeDir, r.index, r.count),
    `${JSON.stringify(SliceRecord.parse(r), null, 2)}\n`,
  );
}

/** Removes a slice's record (before the slice writes again); a missing one is fine. */
export async function removeSliceRecord(storeDir: string, index: number, count: number): Promise<void> {
  await rm(sliceRecordPath(storeDir, index, count), { force: true });
}

/**
 * Whether partition slices have written to the store (its `_slices` folder exists: a slice creates
 * it before its first piece), whether or not any completed. Errors: file system errors.
 */
export async function hasSlices(storeDir: string): Promise<boolean> {
  try {
    return (await stat(join(storeDir, SLICES_DIR))).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}
