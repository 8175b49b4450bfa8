import type { RunConfig } from "../../config/index.js";
import { partitionTimeoutMessage } from "../limits.js";
import type { JobError, PartitionTask, PartitionValue } from "../messages.js";
import type { TaskPool } from "../pool.js";
import type { PhaseTracker, RunProgress } from "../progress.js";

/** What {@link partitionTaskRunner} gives: where the tasks' results go, and the function running a list. */
export interface PartitionTaskRunner {
  /** Each finished task's value. */
  values: Map<PartitionTask, PartitionValue>;
  /** Each failed (or aborted) task's error. */
  errors: Map<PartitionTask, JobError>;
  /** Aborted by the caller's signal, or at the first task that found the output unwritable. */
  signal: AbortSignal;
  /** Runs `list` in the pool, recording every outcome and the phase's progress. */
  run: (list: PartitionTask[]) => Promise<void>;
}

/**
 * Runs partition tasks for the whole partition (partition-step.ts) and for a slice
 * (slice-units.ts) alike: the phase's timeout (at least an hour) and retries, progress in `track`.
 * A full or read-only output disk fails every task after it, so the first task that finds it
 * unwritable stops the phase (the tasks not run are recorded as aborted failures, and no store
 * manifest or slice record is written).
 */
export function partitionTaskRunner(
  pool: TaskPool,
  config: Pick<RunConfig, "jobTimeoutMs" | "retries">,
  track: PhaseTracker,
  o: { signal?: AbortSignal | undefined; onProgress?: ((p: RunProgress) => void) | undefined },
): PartitionTaskRunner {
  const values = new Map<PartitionTask, PartitionValue>();
  const errors = new Map<PartitionTask, JobError>();
  const stop = new AbortController();
  const signal = o.signal === undefined ? stop.signal : AbortSignal.any([o.signal, stop.signal]);
  const runOptions = {
    timeoutMs: Math.max(config.jobTimeoutMs, 3_600_000),
    timeoutMessage: partitionTimeoutMessage,
    retries: config.retries,
    onStart: () => {
      track.running++;
      o.onProgress?.(track.snapshot());
    },
    onEnd: (_task: unknown, attempts: number) => {
      track.running = Math.max(0, track.running - attempts);
    },
    signal,
  };
  const run = async (list: PartitionTask[]): Promise<void> => {
    for await (const f of pool.run<PartitionTask, PartitionValue>(list, runOptions)) {
      if (f.outcome.ok) {
        track.done++;
        track.rows += f.outcome.value.report.rowsRead;
        values.set(f.task, f.outcome.value);
      } else {
        track.failed++;
        errors.set(f.task, f.outcome.error);
        if (f.outcome.error.code === "output_unwritable") stop.abort(new Error(f.outcome.error.message));
      }
      o.onProgress?.(track.snapshot());
    }
  };
  return { values, errors, signal, run };
}
