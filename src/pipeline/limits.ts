import { availableParallelism } from "node:os";
import { MAX_CHUNK_SIZE } from "../io/csv/source.js";

/** A duration for a message: `600000 ms` → `10 min`, `3600000` → `1 h`, `1500` → `1.5 s`. */
export function formatDuration(ms: number): string {
  const trim = (v: number): string => String(Number(v.toFixed(1)));
  if (ms >= 3_600_000) return `${trim(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${trim(ms / 60_000)} min`;
  if (ms >= 1_000) return `${trim(ms / 1_000)} s`;
  return `${ms} ms`;
}

/** The message of a job attempt past its limit: names `jobTimeoutMs`, its value, and what to do. */
export function jobTimeoutMessage(ms: number): string {
  return (
    `exceeded jobTimeoutMs = ${ms} ms (${formatDuration(ms)}); raise jobTimeoutMs in the config ` +
    `if this job is just big, or look for what makes it hang`
  );
}

/** The message of a partition task past its limit, the larger of `jobTimeoutMs` and 1 h. */
export function partitionTimeoutMessage(ms: number): string {
  return (
    `exceeded the partition time limit of ${ms} ms (${formatDuration(ms)}, the larger of jobTimeoutMs and 1 h); ` +
    `raise jobTimeoutMs above it if this input is just big, or check that the input file can be read`
  );
}

/** A byte size for a message: `3221225472` → `3 GiB`. */
export function formatBytes(n: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${String(Number(v.toFixed(2)))} ${units[u]}`;
}

/**
 * The read chunk size the reader supports: at most `MAX_CHUNK_SIZE` (2 GiB − 1 byte: one read
 * call takes a 32-bit signed length, and a larger one aborts the process natively). A larger request
 * is clamped, with a warning saying so.
 */
export function clampChunkSize(requested: number): { chunkSize: number; warning?: string } {
  if (requested <= MAX_CHUNK_SIZE) return { chunkSize: requested };
  return {
    chunkSize: MAX_CHUNK_SIZE,
    warning:
      `chunkSize = ${requested} bytes (${formatBytes(requested)}) is over what the reader supports; ` +
      `using ${MAX_CHUNK_SIZE} bytes (2 GiB − 1, the largest single read). 8MB–64MB is enough for full speed`,
  };
}

/**
 * The warning for `workers` above the cores of this machine (undefined when it is not): threads
 * beyond the cores add no speed, and each holds one job's data in memory.
 */
export function workersWarning(workers: number, cores = availableParallelism()): string | undefined {
  if (workers <= cores) return undefined;
  return (
    `workers = ${workers} is more than the ${cores} core(s) of this machine: the extra threads add no ` +
    `speed but each holds a job's data in memory; use workers ≤ ${cores} (threads are capped at the tasks of each phase)`
  );
}
