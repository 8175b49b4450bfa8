import { writeFileAtomic } from "../io/atomic.js";
import { shardSuffix } from "../config/index.js";
import { formatUnknownCodes } from "../io/scan/scan-format.js";
import { addUnknownCodes, type UnknownCodeCounts } from "../model/unknown-codes.js";
import { join } from "node:path";
import type { RunPhase } from "./errors.js";
import { formatInputListing } from "../io/inputs/input-format.js";
import type { InputListing } from "../io/inputs/inputs.js";
import type { JobError } from "./messages.js";
import { formatDataQuality, type DataQualitySummary } from "./summary-quality.js";
import type { JobsOutcome } from "./jobs/jobs-step.js";
import type { SettleOutcome } from "./jobs/job-folders-settle.js";
import type { PartitionOutcome } from "./partition/partition-step.js";

/** Time and size of one finished job. */
export interface JobTiming {
  key: string;
  ms: number;
  rows: number;
}

/**
 * Why a run stopped before its end: `output_unwritable` (full disk, read-only or no permission; the
 * message starts `STOPPED:` and says what to do) or `incomplete_store` (a partition task failed, so
 * no job was started). The CLI prints `message` as one line and exits 1.
 */
export interface RunStop {
  phase: RunPhase;
  code: "output_unwritable" | "incomplete_store";
  message: string;
}

/** The execution summary saved with a run (`run_summary.json`) and printed. */
export interface RunSummary {
  wallSeconds: number;
  /** Set when the run stopped early; the phases after `stopped.phase` did not run. */
  stopped?: RunStop;
  /**
   * Set when the run's signal (Ctrl-C in the CLI) cut it short: a job was cancelled or the
   * aggregation skipped; a rerun finishes it. Absent when the signal fired only once the run no
   * longer consulted it (during the aggregation's writes or after): the run is complete.
   */
  interrupted?: true;
  /** Limits clamped or doubtful settings (chunk size, workers above the cores), one line each. */
  warnings?: string[];
  /** With `strict: true` in the config: what broke it (see {@link strictViolations}); empty when nothing did. */
  strict?: { violations: string[] };
  /** The most worker threads alive at once (at most `workers`, and at most the tasks of a phase). */
  peakThreads?: number;
  partition: {
    skipped: boolean;
    seconds: number;
    files: {
      file: string;
      table: string;
      rowsRead: number;
      accepted: number;
      rejected: number;
      error?: string;
      /** Code values outside the exchange's tables in this file's kept rows, per column and value. */
      unknownCodes?: UnknownCodeCounts;
    }[];
    rowsRead: number;
    accepted: number;
    rejected: number;
    /** Rows read per second: of the files read this time (not those kept). */
    rowsPerSecond: number;
    mbPerSecond: number;
    pieces: number;
    /** The unchanged files whose pieces were kept from the store, not read again, and their rows (counted in `rowsRead`). */
    kept?: { files: number; rows: number };
    failures: { file: string; error: JobError }[];
    /** Code values outside their tables in the kept rows, over all files, per column and value (absent when none). */
    unknownCodes?: UnknownCodeCounts;
  };
  jobs?: {
    total: number;
    done: number;
    skipped: number;
    failed: number;
    seconds: number;
    rowsPerSecond: number;
    slowest: JobTiming[];
    fastest: JobTiming[];
    failures: { key: string; error: JobError; attempts: number }[];
    /** Why the run stopped early (a full or read-only output disk), if it did. */
    stopped?: JobError;
    /** Job folders of earlier runs, not of this run's selection: set aside in set_aside/, taken back, removed (absent when none). */
    settled?: SettleOutcome;
  };
  aggregate?: { seconds: number; files: string[] };
  /** Peak resident memory of the process (main thread and workers), MB. */
  peakRssMb: number;
  /**
   * What the inputs held (see `discoverInputs`): data files read, reference tables found (and
   * whether the run took them), files ignored with the reason, duplicates read once, folders not read.
   */
  inputs?: InputListing;
  /** The jobs' data-quality totals, worst jobs and reasons for an empty or implausible result. */
  dataQuality?: DataQualitySummary;
}

const n = (v: number): string => Math.round(v).toLocaleString("en-US");

/**
 * The checks of `strict: true`, one line each: a count that must be zero, and the message when it
 * is not. To make another warning count fail a strict run, add one line here.
 */
const STRICT_CHECKS: readonly ((s: RunSummary) => string | undefined)[] = [
  (s) =>
    s.partition.rejected > 0
      ? `${n(s.partition.rejected)} rejected row(s) in the inputs (listed in rejects/*.csv)`
      : undefined,
  (s) =>
    s.partition.unknownCodes === undefined
      ? undefined
      : `code values outside the exchange's tables (rows kept): ${formatUnknownCodes(s.partition.unknownCodes)}`,
  (s) =>
    (s.dataQuality?.warnings ?? 0) > 0
      ? `${n(s.dataQuality?.warnings ?? 0)} data-quality warning(s) in the jobs (see data_quality.csv)`
      : undefined,
];

/**
 * What makes a run fail under `strict: true`: one line per violated check (any rejected
 * row, any unknown code value, any data-quality warning). Empty when the run is clean. The run's outputs are kept either way.
 */
export function strictViolations(s: RunSummary): string[] {
  return STRICT_CHECKS.map((check) => check(s)).filter((v): v is string => v !== undefined);
}

/** Builds the summary from the phases' outcomes. */
export function buildSummary(x: {
  wallSeconds: number;
  partition: PartitionOutcome;
  jobs: JobsOutcome | undefined;
  aggregate: { seconds: number; files: string[] } | undefined;
  stopped?: RunStop | undefined;
  /** The signal cut the run short (see {@link RunSummary.interrupted}). */
  interrupted?: boolean;
  warnings?: readonly string[];
  /** `strict` of the run config: record {@link strictViolations} in the summary. */
  strict?: boolean;
  /** The jobs' data-quality totals (see `runDataQuality`). */
  dataQuality?: DataQualitySummary | undefined;
  peakThreads?: number;
  /**
   * What the inputs held (see `discoverInputs`): data files read, reference tables found (and
   * whether the run took them), files ignored with the reason, duplicates read once, folders not read.
   */
  inputs?: InputListing | undefined;
}): RunSummary {
  const p = x.partition;
  const rowsRead = p.files.reduce((s, f) => s + f.rowsRead, 0);
  const byTime = [...(x.jobs?.timings ?? [])].sort((a, b) => b.ms - a.ms || (a.key < b.key ? -1 : 1));
  const round = (t: JobTiming): JobTiming => ({ ...t, ms: Math.round(t.ms) });
  let unknownCodes: UnknownCodeCounts | undefined;
  for (const f of p.files)
    if (f.unknownCodes !== undefined) unknownCodes = addUnknownCodes(unknownCodes, f.unknownCodes);
  const summary: RunSummary = {
    wallSeconds: x.wallSeconds,
    ...(x.stopped === undefined ? {} : { stopped: x.stopped }),
    ...(x.interrupted === true ? { interrupted: true as const } : {}),
    ...(x.warnings === undefined || x.warnings.length === 0 ? {} : { warnings: [...x.warnings] }),
    ...(x.peakThreads === undefined ? {} : { peakThreads: x.peakThreads }),
    partition: {
      skipped: p.skipped,
      seconds: p.seconds,
      files: p.files.map((f) => ({
        file: f.file,
        table: f.table,
        rowsRead: f.rowsRead,
        accepted: f.accepted,
        rejected: f.rejected,
        ...(f.error === undefined ? {} : { error: f.error.code }),
        ...(f.unknownCodes === undefined ? {} : { unknownCodes: f.unknownCodes }),
      })),
      rowsRead,
      accepted: p.files.reduce((s, f) => s + f.accepted, 0),
      rejected: p.files.reduce((s, f) => s + f.rejected, 0),
      rowsPerSecond: p.seconds > 0 ? (rowsRead - (p.kept?.rows ?? 0)) / p.seconds : 0,
      mbPerSecond: p.seconds > 0 ? p.bytes / 1e6 / p.seconds : 0,
      pieces: p.pieces.length,
      ...(p.kept === undefined ? {} : { kept: p.kept }),
      failures: p.failures,
      ...(unknownCodes === undefined ? {} : { unknownCodes }),
    },
    ...(x.jobs === undefined
      ? {}
      : {
          jobs: {
            total: x.jobs.matrix.length,
            done: x.jobs.timings.length,
            skipped: x.jobs.skipped,
            failed: x.jobs.failures.length,
            seconds: x.jobs.seconds,
            rowsPerSecond: x.jobs.seconds > 0 ? x.jobs.rows / x.jobs.seconds : 0,
            slowest: byTime.slice(0, 5).map(round),
            fastest: byTime.slice(-5).reverse().map(round),
            failures: x.jobs.failures,
            ...(x.jobs.stopped === undefined ? {} : { stopped: x.jobs.stopped }),
            ...(x.jobs.settled === undefined ? {} : { settled: x.jobs.settled }),
          },
        }),
    ...(x.aggregate === undefined ? {} : { aggregate: x.aggregate }),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ...(x.inputs === undefined ? {} : { inputs: x.inputs }),
  };
  if (x.dataQuality !== undefined) summary.dataQuality = x.dataQuality;
  if (x.strict === true) summary.strict = { violations: strictViolations(summary) };
  return summary;
}

/** Writes `run_summary.json` (`run_summary.shard-i-of-N.json` for a shard) atomically. */
export async function writeSummary(
  outputDir: string,
  s: RunSummary,
  shard?: { index: number; count: number },
): Promise<void> {
  const name = `run_summary${shardSuffix(shard)}.json`;
  await writeFileAtomic(join(outputDir, name), JSON.stringify(s, null, 2) + "\n");
}

/** The summary as text for the terminal. */
export function formatSummary(s: RunSummary): string {
  const lines: string[] = s.inputs === undefined ? [] : formatInputListing(s.inputs);
  for (const w of s.warnings ?? []) lines.push(`warning: ${w}`);
  const p = s.partition;
  lines.push(
    p.skipped
      ? `partition: skipped (inputs unchanged) — ${n(p.rowsRead)} rows in the store`
      : p.kept !== undefined && p.kept.rows === p.rowsRead && p.failures.length === 0
        ? // Files removed only (or added without a row): nothing was read, no rate to give.
          `partition: ${n(p.rowsRead)} rows = ${n(p.accepted)} accepted + ${n(p.rejected)} rejected, ${p.pieces} pieces, ${p.seconds.toFixed(2)} s — all of ${p.kept.files} unchanged file(s) kept from the store, none read again`
        : `partition: ${n(p.rowsRead)} rows read = ${n(p.accepted)} accepted + ${n(p.rejected)} rejected, ${p.pieces} pieces, ${p.seconds.toFixed(2)} s (${n(p.rowsPerSecond)} rows/s, ${p.mbPerSecond.toFixed(1)} MB/s)` +
          (p.kept === undefined
            ? ""
            : ` — of these, ${n(p.kept.rows)} rows of ${p.kept.files} unchanged file(s) kept from the store, not read again`),
  );
  for (const f of p.failures) lines.push(`  FAILED ${f.file}: [${f.error.code}] ${f.error.message}`);
  if (p.unknownCodes !== undefined) {
    const where = p.files.filter((f) => f.unknownCodes !== undefined).map((f) => f.file);
    const files = where.length <= 3 ? where.join(", ") : `${where.slice(0, 3).join(", ")}, … (${where.length} files)`;
    lines.push(
      `  unknown code values (rows kept): ${formatUnknownCodes(p.unknownCodes)} — in ${files} (outside the exchange's ` +
        `code tables, e.g. a later release's: kept and counted; unknownCodes: "reject" makes each a reject naming its file and line)`,
    );
  }
  if (s.jobs !== undefined) {
    const j = s.jobs;
    lines.push(
      `jobs: ${j.done} done, ${j.skipped} skipped (already current), ${j.failed} failed of ${j.total}, ${j.seconds.toFixed(2)} s (${n(j.rowsPerSecond)} rows/s)`,
    );
    if (j.slowest.length > 0) lines.push(`  slowest: ${j.slowest.map((t) => `${t.key} ${t.ms} ms`).join(", ")}`);
    if (j.fastest.length > 0) lines.push(`  fastest: ${j.fastest.map((t) => `${t.key} ${t.ms} ms`).join(", ")}`);
    if (j.settled !== undefined) lines.push(`  ${formatSettled(j.settled)}`);
    for (const f of j.failures)
      lines.push(`  FAILED ${f.key} after ${f.attempts} attempt(s): [${f.error.code}] ${f.error.message}`);
  }
  if (s.aggregate !== undefined)
    lines.push(`aggregate: ${s.aggregate.files.length} files in ${s.aggregate.seconds.toFixed(2)} s`);
  if (s.dataQuality !== undefined) lines.push(...formatDataQuality(s.dataQuality));
  lines.push(`wall time ${s.wallSeconds.toFixed(2)} s, peak RSS ${n(s.peakRssMb)} MB`);
  if (s.strict !== undefined && s.strict.violations.length > 0)
    lines.push(`FAILED (strict: true): ${s.strict.violations.join("; ")}; the outputs are kept`);
  if (s.stopped !== undefined) lines.push(s.stopped.message);
  return lines.join("\n") + "\n";
}

/** The summary's line on the job folders of earlier runs (see `settleJobFolders`). */
function formatSettled(x: SettleOutcome): string {
  const parts = [
    x.setAside > 0
      ? `${x.setAside} not in this run's selection set aside in set_aside/ (a run of theirs takes them back)`
      : "",
    x.restored > 0 ? `${x.restored} taken back from set_aside/` : "",
    x.removed > 0 ? `${x.removed} removed (incomplete, a stale copy, or of data no longer in the inputs)` : "",
  ].filter((p) => p !== "");
  return `job folders of earlier runs: ${parts.join(", ")}; by_security/ holds this run's job set only`;
}
