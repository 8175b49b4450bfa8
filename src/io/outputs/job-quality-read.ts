/**
 * Reads back the `dataQuality` block a job wrote into its `job.json` (the serialised `JobResult`):
 * for the aggregated `data_quality.csv` and the run summary's data-quality section.
 */

import { z } from "zod";
import { DATA_QUALITY_FIELDS, type DataQualityCounts } from "../../core/data-quality.js";
import { JobOutputsError } from "./job-outputs-rows.js";
import { readJobJson, type SealedJobJson } from "./job-record.js";

const count = z.number().int().min(0);

/**
 * Counts added after job.json files were first written: 0 when an older job.json lacks them. A
 * count whose absence would be misread as "none found" is required instead, and comes with a new
 * JOB_RECORD_FORMAT (job-record.ts), so an older job.json is recomputed, never read:
 * `shortFilledOrders`, `shortFilledQty` (format 4).
 */
const LATER_COUNTS: ReadonlySet<string> = new Set(["finalStateJobs", "finalStateOrders"]);

/**
 * The counts of a job.json's `dataQuality`, one non-negative integer per `DATA_QUALITY_FIELDS` name
 * (the final-state counts default to 0: a job.json written before they existed held event data).
 */
export const DataQualityCountsSchema = z
  .object(
    Object.fromEntries(DATA_QUALITY_FIELDS.map((f) => [f, LATER_COUNTS.has(f) ? count.default(0) : count])) as Record<
      keyof DataQualityCounts,
      typeof count
    >,
  )
  .strip();

/** What aggregation and the summary take from a job's `job.json`: its key and data-quality block. */
export const JobQuality = z.object({
  securityCode: z.string(),
  date: z.string(),
  dataQuality: z.object({
    duplicates: z.enum(["drop", "keep"]),
    /** The order rows' shape (absent in a job.json written before it existed: event data). */
    orderShape: z
      .object({ shape: z.enum(["events", "final_state"]), rows: z.number().optional() })
      .passthrough()
      .optional(),
    counts: DataQualityCountsSchema,
    outsideSessionPlacedNs: z.object({ first: z.number(), last: z.number() }).nullable(),
    /** Samples as written (ids as decimal text); shown, never summed. */
    samples: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  }),
});
export type JobQuality = z.infer<typeof JobQuality>;

/**
 * The data-quality block of the job folder `dir` (`<out>/by_security/SEC_<code>/<date>/`), or
 * undefined when its job.json has none (a job written before data-quality blocks existed).
 * JobOutputsError `unreadable` (no job.json), `bad_value` (not JSON, or a malformed block).
 */
export async function readJobQuality(dir: string): Promise<JobQuality | undefined> {
  const read = await readJobJson(dir);
  if (read.kind !== "parsed") throw unreadJobJsonError(read);
  const { file, json } = read;
  if (typeof json === "object" && json !== null && !("dataQuality" in json)) return undefined;
  const parsed = JobQuality.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JobOutputsError(
      "bad_value",
      file,
      0,
      issue?.path.join(".") ?? "",
      issue?.message ?? "malformed dataQuality",
    );
  }
  return parsed.data;
}

/** The JobOutputsError of a job.json that cannot be read (`unreadable`) or is not JSON (`bad_value`). */
export function unreadJobJsonError(read: Extract<SealedJobJson, { kind: "unreadable" | "not_json" }>): JobOutputsError {
  return read.kind === "unreadable"
    ? new JobOutputsError("unreadable", read.file, 0, "", `cannot be read (${read.code})`)
    : new JobOutputsError("bad_value", read.file, 0, "", `is not JSON (${read.message})`);
}
