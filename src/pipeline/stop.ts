import { UNWRITABLE_CODES, unwritableMessage } from "./errors.js";
import type { JobError } from "./messages.js";
import type { PartitionOutcome } from "./partition/partition-step.js";
import type { RunStop } from "./summary.js";

/** The errno code quoted in a worker's error message (`ENOSPC: no space left…`), or `EIO`. */
function errnoOf(message: string): string {
  const code = /\b(E[A-Z]+)\b/.exec(message)?.[1];
  return code !== undefined && UNWRITABLE_CODES.has(code) ? code : "EIO";
}

/**
 * Why the run must stop after the partition phase, if it must: a task that could not write
 * (`output_unwritable`), or any other failed task (`incomplete_store`: e.g. an input moved away
 * mid-read), since jobs never start on an incomplete store. Cancelled tasks do not count: a
 * cancelled run stops anyway.
 */
export function partitionStop(part: PartitionOutcome, outputDir: string): RunStop | undefined {
  const failed = part.failures.filter((f) => f.error.code !== "aborted");
  const first = failed[0];
  if (first === undefined) return undefined;
  const unwritable = failed.find((f) => f.error.code === "output_unwritable");
  if (unwritable !== undefined) {
    const m = unwritable.error.message;
    return {
      phase: "partition",
      code: "output_unwritable",
      message: unwritableMessage(errnoOf(m), m, outputDir, "partition"),
    };
  }
  return {
    phase: "partition",
    code: "incomplete_store",
    message:
      `STOPPED after the partition phase: ${failed.length} partition task(s) failed ` +
      `(first: ${first.file}: [${first.error.code}] ${first.error.message}), so the store is incomplete ` +
      `and no job was started; fix that input and rerun (the store is rebuilt)`,
  };
}

/** The stop of a jobs phase that met an unwritable output (`JobsOutcome.stopped`). */
export function jobsStop(error: JobError, outputDir: string): RunStop {
  return {
    phase: "jobs",
    code: "output_unwritable",
    message: unwritableMessage(errnoOf(error.message), error.message, outputDir, "jobs"),
  };
}
