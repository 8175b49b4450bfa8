import { z } from "zod";
import { AnalysisConfig } from "../model/analysis-config.js";
import { DetailFormat } from "../io/outputs/detail-format.js";
import { SECURITY_CODE_PATTERN } from "../model/fields.js";
import { SessionWindow } from "../model/session-window.js";
import type { FileErrorCode, RowReject } from "../model/errors.js";
import type { JobOutputRecord } from "../io/outputs/job-record.js";
import type { JobQuality } from "../io/outputs/job-quality-read.js";
import type { FileReport } from "../io/csv/reader.js";
import type { ScanPart } from "../io/scan/scan.js";
import type { CodeOffset, PieceDigest, PieceInfo } from "../io/store/index.js";

/** A task for a worker thread: partition one file (or byte range), or run one (security, date) job. */
export const PartitionTask = z.object({
  kind: z.literal("partition"),
  file: z.string(),
  range: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }).optional(),
  storeDir: z.string(),
  tag: z.string().regex(/^[A-Za-z0-9._-]+$/),
  chunkSize: z.number().int().min(1),
  /** Where this task writes its rejected rows (a CSV of its own, no shared writer). */
  rejectsPath: z.string(),
  /** A code value outside its table: keep and count it (default) or reject the row. */
  unknownCodes: z.enum(["keep", "reject"]).optional(),
});
export type PartitionTask = z.infer<typeof PartitionTask>;

/** Run the analysis of one partition and write its outputs. */
export const JobTask = z.object({
  kind: z.literal("job"),
  securityCode: z.string().regex(SECURITY_CODE_PATTERN),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  decimals: z.number().int().min(0).max(9),
  storeDir: z.string(),
  jobDir: z.string(),
  analysis: AnalysisConfig,
  /** How the job writes its detail tables (`outputs.detailFormat` of the run config). */
  detailFormat: DetailFormat,
  /** The toolkit version to record (default TOOLKIT_VERSION; a test hook to simulate an upgrade). */
  toolkitVersion: z.string().min(1).optional(),
  /**
   * The continuous-session window this job uses: the book's from the sessions file for this date,
   * else `analysis.session` (its `source` says which). Part of the task so that the job's record and
   * reference fingerprint cover it.
   */
  session: SessionWindow,
  /**
   * Whether the caller merges the job's additive sums from the value it returns (a run that
   * aggregates). When false (a shard, a run without aggregation, the bench's jobs phase) the value
   * leaves them out ({@link JobValueWithoutSums}): they are still written into the job's job.json,
   * which shards and `sweeplab aggregate` read, and not cloned back from the worker (~170 KB and
   * 1–2 ms of serialize + deserialize a job on the bench's 10M data, against ~2 KB without).
   */
  returnSums: z.boolean(),
});
export type JobTask = z.infer<typeof JobTask>;

/** Scan one file (or byte range of an uncompressed file) for `scanParallel`. */
export const ScanTask = z.object({
  kind: z.literal("scan"),
  file: z.string(),
  range: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }).optional(),
  chunkSize: z.number().int().min(1).optional(),
  /** Append this task's rejected rows here as CSV lines, without a header (file created on the first). */
  rejectsPath: z.string().optional(),
  /** Also return the rejected rows in the value (for an `onReject` callback). */
  returnRejects: z.boolean(),
  /** A code value outside its table: keep and count it (default) or reject the row. */
  unknownCodes: z.enum(["keep", "reject"]).optional(),
  /** Live progress: slot `progressSlot` of this shared BigInt64Array holds [bytes read, rows, rejected]. */
  progress: z.instanceof(SharedArrayBuffer).optional(),
  progressSlot: z.number().int().min(0),
});
export type ScanTask = z.infer<typeof ScanTask>;

/** Any task. */
export const Task = z.discriminatedUnion("kind", [PartitionTask, JobTask, ScanTask]);
export type Task = z.infer<typeof Task>;

/** What a partition task returns: the file's (or range's) accounting and the pieces written. */
export interface PartitionValue {
  kind: "partition";
  report: FileReport;
  pieces: PieceInfo[];
  /** Each security code's first accepted row in the file or range (partitionFile's `codes`). */
  codes?: CodeOffset[];
  ms: number;
}

/** The fields of every {@link JobValue}, with or without its sums. */
export interface JobValueFields {
  kind: "job";
  securityCode: string;
  date: string;
  rows: number;
  sweeps: number;
  outputs: string[];
  /** Each detail file's digest as written, by file name (file-digests.ts): a rerun proves the file by a stat. */
  fileDigests: Record<string, PieceDigest>;
  /** fingerprintPartition of the job's input, computed in the worker (in parallel, not up front). */
  inputFingerprint: string;
  /** The job's data-quality block, as job.json holds it: the run summary reads no job.json of a job computed now. */
  quality: JobQuality;
  ms: number;
}

/**
 * What a job task with `returnSums: true` returns: the record written into the job's job.json (what
 * makes the job current for a rerun) with the job's additive sums (`record.sums`), which run's
 * aggregate step merges (it reads no job.json of a job computed now; cloning them costs 1–2 ms a
 * job, less than reading job.json back).
 */
export interface JobValueWithSums extends JobValueFields {
  withSums: true;
  record: JobOutputRecord;
}

/**
 * What a job task with `returnSums: false` returns: the record written into the job's job.json
 * without its sums (job.json holds them; nobody merges them from this value).
 */
export interface JobValueWithoutSums extends JobValueFields {
  withSums: false;
  record: Omit<JobOutputRecord, "sums">;
}

/** What a job task returns: its sums only when the task asked for them (`withSums` says which). */
export type JobValue = JobValueWithSums | JobValueWithoutSums;

/** What a scan task returns: its part of the scan, or the file-level error met while reading. */
export interface ScanValue {
  kind: "scan";
  part?: ScanPart;
  /** An `InputError` thrown while reading (e.g. `unreadable`), rethrown by `scanParallel`. */
  inputError?: { code: FileErrorCode; file: string; message: string };
  /** The rejected rows, when the task asked for them. */
  rejects?: RowReject[];
  ms: number;
}

/** Why a task failed, when the pool or the worker says so: a crash, a limit, the caller, a bug. */
export type TaskFailureCode =
  | "job_threw" // the job's code threw an error that is not one of the toolkit's typed errors
  | "job_timeout" // an attempt ran past jobTimeoutMs and its thread was terminated
  | "worker_exited" // the worker thread died (process.exit, a native crash)
  | "out_of_memory" // the worker hit its heap limit
  | "output_unwritable" // the output disk is full or read-only (ENOSPC, EROFS, EDQUOT, EACCES, EPERM): the run stops
  | "aborted" // cancelled by the caller
  | "bad_task"; // a malformed task message

/**
 * The lower_snake `code` of a typed error of the toolkit (a `SweeplabError`) that a task threw: its
 * data is at fault (`value_too_large`, `corrupt_piece`, `missing_partition`, …), so the same data
 * fails the same way again and the task is not retried. Any code of the error family; REFERENCE.md
 * ("Error codes") says what each means and what to do
 * (`string & Record<never, never>`: any text, while editors still offer the task failure codes).
 */
export type DataErrorCode = string & Record<never, never>;

/** Why a task failed: a {@link TaskFailureCode}, or the {@link DataErrorCode} of the typed error it threw. */
export type JobErrorCode = TaskFailureCode | DataErrorCode;

/**
 * The failures a retry may cure, the only ones the pool retries: a crash, a hang, a dead thread,
 * a full heap (another attempt may run beside other jobs, or not meet the fault).
 */
export const RETRIED_CODES: ReadonlySet<JobErrorCode> = new Set<TaskFailureCode>([
  "job_threw",
  "job_timeout",
  "worker_exited",
  "out_of_memory",
]);

/**
 * A failed task, as data (STYLE.md §3: results cross thread boundaries, exceptions do not). A typed
 * error of the toolkit keeps its own `code` and message (which names the order, row or file at
 * fault) and has no `stack`; any other failure has a {@link TaskFailureCode}.
 */
export interface JobError {
  code: JobErrorCode;
  message: string;
  stack?: string;
}

/** The envelope every task resolves to. */
export type TaskOutcome<V> = { ok: true; value: V } | { ok: false; error: JobError };
