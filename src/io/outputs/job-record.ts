/**
 * The record in a job's `job.json`: what the job's outputs were computed from (fingerprints of its
 * partition, analysis config, reference values and the toolkit version) and the size and sha256 of
 * every file it wrote, and the job's additive sums (all that aggregation reads of a job). A job is
 * current only when its record proves it: {@link checkJobRecord}.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { sha256File, type JobFileDigests } from "./file-digests.js";
import { JobSumsRecord } from "./job-sums-record.js";
import { analysisStaleReason, type AnalysisFingerprintOf } from "./stale-reason.js";

/**
 * Version of the record's layout; a record of another version is foreign (stale: the job is
 * recomputed). 2: the record holds the job's `decimals` and additive `sums`; 3: and `jsonSha256`,
 * the seal of job.json's own text (sealJobJson); 4: the job.json it seals counts the orders filled
 * short of their totalmatchedquantity (`dataQuality.counts.shortFilledOrders`, `shortFilledQty`), so
 * an older job.json, which never looked, is recomputed instead of read as having none.
 */
export const JOB_RECORD_FORMAT = 4;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** What a job's results depend on: equal stamps mean equal results (outputs are deterministic). */
export const JobStamp = z.object({
  /** TOOLKIT_VERSION of the code that ran the job. */
  toolkitVersion: z.string().min(1),
  /** Fingerprint of the partition's store pieces (`fingerprintPartition`). */
  input: z.string().min(1),
  /** `configFingerprint` of the analysis config and `outputs` (the detail tables' format). */
  analysis: Sha256,
  /** `referenceFingerprint` of the reference values the job used. */
  reference: Sha256,
});
export type JobStamp = z.infer<typeof JobStamp>;

/** One output file of a job: its name in the job folder, size in bytes and sha256 hex. */
export const RecordedFile = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/),
  bytes: z.number().int().min(0),
  sha256: Sha256,
});
export type RecordedFile = z.infer<typeof RecordedFile>;

/** The `record` member of `job.json`. */
export const JobOutputRecord = z.object({
  format: z.literal(JOB_RECORD_FORMAT),
  stamp: JobStamp,
  /** Order rows + trade rows the job read, and its sweep orders. */
  rows: z.number().int().min(0),
  sweeps: z.number().int().min(0),
  /** Every file the job wrote except job.json itself, sorted by name. */
  files: z.array(RecordedFile),
  /** The job's price decimals (DecimalsInPrice): the scale of its sums in ticks. */
  decimals: z.number().int().min(0).max(9),
  /** The job's additive sums (`JobSums`, see job-sums-record.ts): what aggregation merges. */
  sums: JobSumsRecord,
  /**
   * sha256 hex of job.json's text with this value written as 64 zeros (sealJobJson): a
   * job.json edited by hand (its sums, counts or data-quality block) is not current.
   */
  jsonSha256: Sha256,
});
export type JobOutputRecord = z.infer<typeof JobOutputRecord>;

/** The size and sha256 of bytes about to be written as `name`. */
export function recordFile(name: string, bytes: Uint8Array): RecordedFile {
  return { name, bytes: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** What `record.jsonSha256` holds while job.json's text is hashed: 64 zeros. */
export const UNSEALED_JSON_SHA256 = "0".repeat(64);

const SEAL = /"jsonSha256":\s*"([0-9a-f]{64})"/;

const sha256Text = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * Seals job.json's text, written with `record.jsonSha256` = {@link UNSEALED_JSON_SHA256}: that
 * value replaced by the sha256 of the whole text as written. Returns the sealed text and the sha256.
 */
export function sealJobJson(text: string): { text: string; sha256: string } {
  const m = SEAL.exec(text);
  if (m?.[1] !== UNSEALED_JSON_SHA256) throw new Error("job.json text without an unsealed record.jsonSha256");
  const sha256 = sha256Text(text);
  return {
    text: text.slice(0, m.index) + m[0].replace(UNSEALED_JSON_SHA256, sha256) + text.slice(m.index + m[0].length),
    sha256,
  };
}

/** The `record.jsonSha256` written in job.json's text (its first), unchecked; undefined when there is none. */
export function recordedSeal(text: string): string | undefined {
  return SEAL.exec(text)?.[1];
}

/**
 * Whether job.json's text is as its job wrote it (sealJobJson): the first
 * `"jsonSha256": "<hex>"` in it is `recorded` and the sha256 of the text with it zeroed.
 */
export function jobJsonSealed(text: string, recorded: string): boolean {
  const m = SEAL.exec(text);
  if (m?.[1] !== recorded) return false;
  const at = m.index + m[0].length - 65;
  return sha256Text(text.slice(0, at) + UNSEALED_JSON_SHA256 + text.slice(at + 64)) === recorded;
}

/** Why a job folder is not current (`missing`: no job.json; `damaged`: job.json or a file is bad; `stale`: another stamp). */
export type RecordProblem = { kind: "missing" | "damaged" | "stale"; reason: string };

/**
 * A job folder's job.json as read and checked by `readSealedJobJson`: its JSON and its sealed
 * record, or the first thing wrong with it (the file, when it cannot be read, is `file`).
 */
export type SealedJobJson =
  | { kind: "sealed"; file: string; json: object; record: JobOutputRecord }
  /** It cannot be read: `code` is the file system error's (ENOENT: there is none). */
  | { kind: "unreadable"; file: string; code: string }
  /** Not JSON: `message` is the parser's. */
  | { kind: "not_json"; file: string; message: string }
  /** No valid record: the first zod issue, `path` from the root ("record.sums.cells"); `format` as found. */
  | { kind: "invalid"; file: string; format: unknown; path: string; message: string }
  /** A valid record, but the text was changed after its job wrote it (the seal does not match). */
  | { kind: "unsealed"; file: string };

/** A job.json read whole, with a valid record and its seal intact. */
export type SealedJob = Extract<SealedJobJson, { kind: "sealed" }>;

/**
 * `<dir>/job.json` read and parsed, not validated (its text and JSON), or why not: the first step of
 * every reader of job.json ({@link readSealedJobJson}, `readJobQuality`). Never throws.
 */
export function readJobJson(
  dir: string,
): Promise<
  | { kind: "parsed"; file: string; text: string; json: unknown }
  | Extract<SealedJobJson, { kind: "unreadable" | "not_json" }>
> {
  const file = join(dir, "job.json");
  let text: string;
  try {
    // Synchronous: a check or an aggregation reads thousands of small job.json files in a row, and
    // the async call's four round trips through libuv's pool (open, fstat, read, close) cost several
    // times the read (a notebook's aggregate of 4,000 jobs: ≈ 3 s of CPU in them).
    text = readFileSync(file, "utf8");
  } catch (e) {
    return Promise.resolve({ kind: "unreadable", file, code: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  try {
    return Promise.resolve({ kind: "parsed", file, text, json: JSON.parse(text) as unknown });
  } catch (e) {
    return Promise.resolve({ kind: "not_json", file, message: (e as Error).message });
  }
}

/**
 * Reads `<dir>/job.json`, parses it, validates its `record` ({@link JobOutputRecord}) and checks its
 * seal ({@link jobJsonSealed}): the one reader behind {@link readJobRecord} (is the job current) and
 * the aggregation's `readRecordedJob` (its sums), which word the outcomes each their own way.
 * Never throws.
 */
export async function readSealedJobJson(dir: string): Promise<SealedJobJson> {
  const read = await readJobJson(dir);
  if (read.kind !== "parsed") return read;
  const { file, text, json } = read;
  const parsed = z.object({ record: JobOutputRecord }).safeParse(json);
  if (!parsed.success) {
    const format = (json as { record?: { format?: unknown } } | null)?.record?.format;
    const issue = parsed.error.issues[0];
    return { kind: "invalid", file, format, path: issue?.path.join(".") ?? "", message: issue?.message ?? "malformed" };
  }
  if (!jobJsonSealed(text, parsed.data.record.jsonSha256)) return { kind: "unsealed", file };
  return { kind: "sealed", file, json: json as object, record: parsed.data.record };
}

/** The record of a job folder (with its job.json as read), or why there is none usable. Never throws. */
export async function readJobRecord(
  dir: string,
): Promise<{ record: JobOutputRecord; read: SealedJob } | RecordProblem> {
  const read = await readSealedJobJson(dir);
  switch (read.kind) {
    case "sealed":
      return { record: read.record, read };
    case "unreadable":
      return { kind: read.code === "ENOENT" ? "missing" : "damaged", reason: `job.json cannot be read (${read.code})` };
    case "not_json":
      return { kind: "damaged", reason: "job.json is not valid JSON" };
    case "invalid":
      return typeof read.format === "number" && read.format !== JOB_RECORD_FORMAT
        ? {
            kind: "stale",
            reason: `job.json holds a record of format ${read.format}, not ${JOB_RECORD_FORMAT} (an older sweeplab wrote it)`,
          }
        : { kind: "damaged", reason: `job.json holds no valid record (${read.message})` };
    case "unsealed":
      return {
        kind: "damaged",
        reason: "job.json was changed after its job wrote it (record.jsonSha256 does not match)",
      };
  }
}

/** The first field in which two stamps differ, or undefined when they are equal. */
export function stampDifference(a: JobStamp, b: JobStamp): string | undefined {
  for (const k of ["toolkitVersion", "analysis", "reference", "input"] as const) if (a[k] !== b[k]) return k;
  return undefined;
}

/**
 * The first recorded file that is missing or differs in size or sha256, as a problem; undefined when
 * all match. A file `digests` knows unchanged since its digest (size, inode, times) is not read;
 * each file read and found intact is added to `digests`.
 */
export async function verifyFiles(
  dir: string,
  record: JobOutputRecord,
  digests?: JobFileDigests,
): Promise<RecordProblem | undefined> {
  for (const f of record.files) {
    const path = join(dir, f.name);
    if (digests?.matches(path, f) === true) continue;
    const before = statSync(path, { bigint: true, throwIfNoEntry: false });
    if (before === undefined) return { kind: "damaged", reason: `${f.name} is missing` };
    if (before.size !== BigInt(f.bytes))
      return { kind: "damaged", reason: `${f.name} has ${before.size} bytes; recorded ${f.bytes}` };
    const sum = await sha256File(path).catch(() => "");
    if (sum !== f.sha256) return { kind: "damaged", reason: `${f.name} does not match its recorded sha256` };
    digests?.hashed(path, f, before);
  }
  return undefined;
}

/** Options of {@link checkJobRecord}. */
export interface CheckRecordOptions {
  /**
   * Whether every recorded file must exist with its size and sha256 (default true: a rerun
   * recomputes a job whose files were damaged). Aggregation passes false: it reads the record's
   * sums only, never a detail file.
   */
  verifyFiles?: boolean;
  /** The job files' known digests: a file unchanged since its digest is not read again (see {@link verifyFiles}). */
  digests?: JobFileDigests;
  /** What the expected analysis fingerprint covers, to say when only `outputs.detailFormat` changed. */
  analysisOf?: AnalysisFingerprintOf;
}

/**
 * Whether a job folder is current for `expected`: job.json parses with a valid record of
 * {@link JOB_RECORD_FORMAT}, every fingerprint and the toolkit version equal the expected ones,
 * and (unless `options.verifyFiles` is false) every recorded file exists with its recorded size
 * and sha256. `expected` is a function so the costly input fingerprint is only computed for
 * folders that have a record. Never throws on a bad folder.
 */
export async function checkJobRecord(
  dir: string,
  expected: () => Promise<JobStamp>,
  options: CheckRecordOptions = {},
): Promise<CheckedRecord> {
  const read = await readJobRecord(dir);
  if (!("record" in read)) return { current: false, ...read };
  const differs = stampDifference(read.record.stamp, await expected());
  if (differs !== undefined)
    return {
      current: false,
      kind: "stale",
      reason:
        differs === "analysis"
          ? analysisStaleReason(read.record.stamp.analysis, read.record.files, options.analysisOf)
          : `recorded with another ${differs} fingerprint`,
    };
  if (options.verifyFiles !== false) {
    const bad = await verifyFiles(dir, read.record, options.digests);
    if (bad !== undefined) return { current: false, ...bad };
  }
  return { current: true, record: read.record, read: read.read };
}

/** What {@link checkJobRecord} found: a current job's record and its job.json as read, or why it is not current. */
export type CheckedRecord =
  { current: true; record: JobOutputRecord; read: SealedJob } | ({ current: false } & RecordProblem);
