import { BYTE_SIZE_HELP, parseByteSize } from "../config/bytes.js";
import { showValue } from "../config/errors.js";
import { FrameError } from "../frames/frame-error.js";
import { clampChunkSize } from "../pipeline/limits.js";
import type { ParallelScanOptions } from "../pipeline/scan/scan.js";

/** Options of the notebook's `scan`: those of `scanParallel`, `chunkSize` also as a size text ("64MB"), as in a config. */
export type ScanFramesOptions = Omit<ParallelScanOptions, "chunkSize"> & {
  /** Read chunk: bytes, or a size such as "512KB", "64MB" (1 KB = 1024 B), as the config's `chunkSize`. */
  chunkSize?: number | string;
};

const KEYS = {
  chunkSize: true,
  workers: true,
  rejectsPath: true,
  unknownCodes: true,
  onProgress: true,
  onReject: true,
  minRangeBytes: true,
  progressIntervalMs: true,
} as const satisfies Record<keyof ScanFramesOptions, true>;

const bad = (what: string): FrameError => new FrameError("bad_argument", `scan: ${what}`);

/**
 * The options of a `scan` call checked, as `run` checks its own: at the REPL or in a script nothing
 * type-checks them, and a size text for `chunkSize` ("1MB", as `--chunk-size` and the config take)
 * read no row at all, a misspelt option (`chunksize`) was ignored and `workers: "two"` failed as a
 * cancelled task. Returns them with `chunkSize` in bytes (at most the reader's largest read).
 * FrameError `bad_argument` naming the option and what it takes.
 */
export function scanOptions(given: ScanFramesOptions | null | undefined): ParallelScanOptions {
  if (given === undefined || given === null) return {};
  if (typeof given !== "object")
    throw bad(`its options must be an object ({ workers: 2, chunkSize: "64MB" }), got ${typeof given}`);
  const unknown = Object.keys(given).filter((k) => !Object.hasOwn(KEYS, k));
  if (unknown.length > 0)
    throw bad(
      `${unknown.map((k) => `"${k}"`).join(", ")} ${unknown.length === 1 ? "is no option" : "are no options"} of scan ` +
        `(${Object.keys(KEYS).join(", ")})`,
    );
  const { chunkSize, workers, unknownCodes } = given as Record<string, unknown>;
  if (workers !== undefined && !(typeof workers === "number" && Number.isInteger(workers) && workers >= 1))
    throw bad(`workers must be an integer ≥ 1, got ${showValue(workers)}`);
  if (unknownCodes !== undefined && unknownCodes !== "keep" && unknownCodes !== "reject")
    throw bad(`unknownCodes must be "keep" or "reject", got ${showValue(unknownCodes)}`);
  const { chunkSize: _, ...rest } = given;
  if (chunkSize === undefined) return rest;
  const bytes =
    typeof chunkSize === "string"
      ? parseByteSize(chunkSize)
      : typeof chunkSize === "number" && Number.isSafeInteger(chunkSize) && chunkSize >= 1
        ? chunkSize
        : undefined;
  if (bytes === undefined) throw bad(`chunkSize must be ${BYTE_SIZE_HELP}, got ${showValue(chunkSize)}`);
  return { ...rest, chunkSize: clampChunkSize(bytes).chunkSize };
}
