import {
  configFingerprint,
  jobKeyString,
  referenceFingerprint,
  type JobKey,
  type RunConfig,
} from "../../config/index.js";
import { jobDir } from "../../io/outputs/job-outputs.js";
import {
  checkJobRecord,
  type CheckedRecord,
  type CheckRecordOptions,
  type JobOutputRecord,
  type JobStamp,
  type RecordProblem,
  type SealedJob,
} from "../../io/outputs/job-record.js";
import { decimalsOf, loadReferenceData, type ReferenceData } from "../../io/inputs/reference.js";
import { fingerprintPartition, readPieceDigests, type PieceDigest } from "../../io/store/index.js";
import { sessionKey, type SessionWindow } from "../../model/session-window.js";
import { sessionWindowNs } from "../../core/job.js";
import { DEFAULT_DECIMALS } from "../../model/price.js";
import { TOOLKIT_VERSION } from "../../model/version.js";
import type { DetailFormat } from "../../io/outputs/detail-format.js";
import type { AnalysisFingerprintOf } from "../../io/outputs/stale-reason.js";
import { JOB_CHECK_CONCURRENCY, mapInOrder } from "./in-order.js";
import { setAsideJobDir } from "./job-folders-settle.js";

/**
 * What every job of a config is computed from, except its partition: the analysis fingerprint, the
 * reference data (for each job's reference values: its decimals and session window) and the
 * toolkit version.
 */
export interface JobContext {
  storeDir: string;
  outputDir: string;
  analysisFingerprint: string;
  /** How the jobs write their detail tables (`outputs.detailFormat`; covered by `analysisFingerprint`). */
  detailFormat: DetailFormat;
  /** `analysisFingerprint` with another detail format: a check then says when only the format changed. */
  analysisOf?: AnalysisFingerprintOf;
  reference: ReferenceData;
  /** The window of `analysis.session`, for the jobs the sessions file gives none. */
  configWindow: SessionWindow;
  toolkitVersion: string;
  /** The store's piece digests by path (`_piece_digests.json`): a check need not read the pieces that still match (fingerprintPartition). */
  pieceDigests: ReadonlyMap<string, PieceDigest>;
}

/**
 * The context of a config's jobs. Loads the configured reference files unless `reference` is given
 * (throws their `InputErrors` when one is unusable). `toolkitVersion` defaults to TOOLKIT_VERSION.
 */
export async function jobContext(
  config: RunConfig,
  storeDir: string,
  toolkitVersion?: string,
  reference?: ReferenceData,
): Promise<JobContext> {
  return {
    storeDir,
    outputDir: config.outputDir,
    analysisFingerprint: configFingerprint(config),
    detailFormat: config.outputs.detailFormat,
    analysisOf: {
      detailFormat: config.outputs.detailFormat,
      withFormat: (detailFormat) => configFingerprint({ ...config, outputs: { ...config.outputs, detailFormat } }),
    },
    reference: reference ?? (await loadReferenceData(config.reference)),
    configWindow: { ...sessionWindowNs(config.analysis), source: "config" },
    toolkitVersion: toolkitVersion ?? TOOLKIT_VERSION,
    pieceDigests: await readPieceDigests(storeDir),
  };
}

/** The price decimals a job of this security uses (DEFAULT_DECIMALS without an instruments file). */
export function jobDecimals(ctx: JobContext, securityCode: string): number {
  return ctx.reference.instruments.size === 0 ? DEFAULT_DECIMALS : decimalsOf(ctx.reference.instruments, securityCode);
}

/** The (security, date)'s continuous-session window of the sessions file, else the config's. */
export function jobSession(ctx: JobContext, k: JobKey): SessionWindow {
  const w = ctx.reference.sessions.get(sessionKey(k.securityCode, k.date));
  return w === undefined ? ctx.configWindow : { ...w, source: "sessions file" };
}

/** One job of the matrix with what its outputs must be stamped with; the input fingerprint is hashed once, when first asked. */
export class JobExpectation {
  private inputFp: Promise<string> | undefined;
  /** The job's output folder. */
  readonly dir: string;
  /** The job's `SEC|date` key. */
  readonly key: string;
  /** The reference values the job uses: its decimals… */
  readonly decimals: number;
  /** …and its continuous-session window. */
  readonly session: SessionWindow;
  /** Fingerprint of those reference values. */
  readonly referenceFingerprint: string;

  constructor(
    private readonly ctx: JobContext,
    readonly job: JobKey,
  ) {
    this.dir = jobDir(ctx.outputDir, job.securityCode, job.date);
    this.key = jobKeyString(job);
    this.decimals = jobDecimals(ctx, job.securityCode);
    this.session = jobSession(ctx, job);
    this.referenceFingerprint = referenceFingerprint({ decimals: this.decimals, session: this.session });
  }

  /** fingerprintPartition of the job's store pieces (on the first call only; pieces unchanged since the manifest recorded them are not read). */
  input(): Promise<string> {
    this.inputFp ??= fingerprintPartition(
      this.ctx.storeDir,
      this.job.securityCode,
      this.job.date,
      this.ctx.pieceDigests,
    );
    return this.inputFp;
  }

  /** The stamp the job's record must hold to be current. */
  async stamp(): Promise<JobStamp> {
    return {
      toolkitVersion: this.ctx.toolkitVersion,
      input: await this.input(),
      analysis: this.ctx.analysisFingerprint,
      reference: this.referenceFingerprint,
    };
  }

  /** Whether the job folder's record (or that of the folder `dir`) proves the job current (see `checkJobRecord` and its options). */
  check(options: CheckRecordOptions = {}, dir = this.dir): Promise<CheckedRecord> {
    const analysisOf = this.ctx.analysisOf;
    return checkJobRecord(dir, () => this.stamp(), analysisOf === undefined ? options : { analysisOf, ...options });
  }
}

/** Handed a job found current with its job.json as its check read it (sealed, with a valid record). */
export type OnCurrent = (job: JobKey, read: SealedJob) => void;

/** A job of the matrix that is not current, and why. */
export interface NotCurrent {
  key: string;
  kind: RecordProblem["kind"];
  reason: string;
}

/** Why a job of the matrix in set_aside/ (none in by_security/) is not current, before what its check found. */
export const SET_ASIDE_NOT_CURRENT = "in set_aside/ (set aside by a run of another selection), and there ";

/** Options of {@link currentJobs}. */
export interface CurrentJobsOptions extends CheckRecordOptions {
  /** Handed each current job, in matrix order, with its job.json as read. */
  onCurrent?: OnCurrent;
  /**
   * A job with no job.json in by_security/ is checked in set_aside/, where a run of another
   * selection moved it (`settleJobFolders`): current there, it is current, read from there (a
   * reader's); else not current, saying where it is ({@link SET_ASIDE_NOT_CURRENT}).
   */
  setAside?: boolean;
}

// A job's check: in by_security/, else (options.setAside, no job.json there) in set_aside/.
async function checkJob(
  ctx: JobContext,
  e: JobExpectation,
  options: CurrentJobsOptions,
): Promise<{ c: CheckedRecord; dir: string }> {
  const c = await e.check(options);
  if (c.current || c.kind !== "missing" || options.setAside !== true) return { c, dir: e.dir };
  const dir = setAsideJobDir(ctx.outputDir, e.job.securityCode, e.job.date);
  const aside = await e.check(options, dir);
  if (aside.current) return { c: aside, dir };
  if (aside.kind === "missing") return { c, dir: e.dir };
  return { c: { ...aside, reason: `${SET_ASIDE_NOT_CURRENT}${aside.reason}` }, dir };
}

/** A current job's record less its sums and file list: what its run-manifest entry says of it. */
export type RecordBrief = Pick<JobOutputRecord, "stamp" | "rows" | "sweeps">;

/**
 * Splits a job matrix into the jobs whose records are current for the context and the others (with
 * the reason), both in matrix order, and gives each current job's `record.jsonSha256` (`seals`, by
 * `SEC|date`): a reader checks against it that the job.json it read from is the one checked; its
 * stamp, rows and sweeps (`briefs`, by `SEC|date`); and its folder (`dirs`, by `SEC|date`: in
 * by_security/, or set_aside/ with `options.setAside`). Reads every record, and checksums every
 * recorded file unless `options.verifyFiles` is false (aggregation, which reads no detail file).
 * `options.onCurrent` is handed each current job, in matrix order, with its job.json as read (an
 * aggregation merges it then).
 */
export async function currentJobs(
  ctx: JobContext,
  matrix: readonly JobKey[],
  options: CurrentJobsOptions = {},
): Promise<{
  current: JobKey[];
  notCurrent: NotCurrent[];
  seals: Map<string, string>;
  briefs: Map<string, RecordBrief>;
  dirs: Map<string, string>;
}> {
  const current: JobKey[] = [];
  const notCurrent: NotCurrent[] = [];
  const seals = new Map<string, string>();
  const briefs = new Map<string, RecordBrief>();
  const dirs = new Map<string, string>();
  const checks = mapInOrder(matrix, JOB_CHECK_CONCURRENCY, async (k) => {
    const e = new JobExpectation(ctx, k);
    return { k, key: e.key, ...(await checkJob(ctx, e, options)) };
  });
  for await (const { k, key, c, dir } of checks) {
    if (c.current) {
      current.push(k);
      seals.set(key, c.record.jsonSha256);
      briefs.set(key, { stamp: c.record.stamp, rows: c.record.rows, sweeps: c.record.sweeps });
      dirs.set(key, dir);
      options.onCurrent?.(k, c.read);
    } else notCurrent.push({ key, kind: c.kind, reason: c.reason });
  }
  return { current, notCurrent, seals, briefs, dirs };
}
