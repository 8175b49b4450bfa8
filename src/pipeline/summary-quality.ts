import {
  DATA_QUALITY_FIELDS,
  DATA_QUALITY_WARNINGS,
  dataQualityWarnings,
  emptyDataQualityCounts,
  type DataQualityCounts,
} from "../core/data-quality.js";
import { jobKeyString, type JobKey, type RunConfig } from "../config/index.js";
import { jobDir } from "../io/outputs/job-outputs.js";
import { readJobQuality, type JobQuality } from "../io/outputs/job-quality-read.js";
import { listStoreKeys } from "../io/store/index.js";
import { compareSecurityDate } from "../model/keys.js";
import { resultReasons } from "./reasons.js";

/** The data-quality section of the run summary (`run_summary.json` → `dataQuality`). */
export interface DataQualitySummary {
  /** Jobs whose job.json holds a data-quality block (done now or before). */
  jobs: number;
  /** Σ of the jobs' counts. */
  totals: DataQualityCounts;
  /** Σ of the warning counts (see `DATA_QUALITY_WARNINGS`). */
  warnings: number;
  /** The 5 jobs with the most warnings (none without), with their non-zero warning counts. */
  worst: { key: string; warnings: number; counts: Partial<DataQualityCounts> }[];
  /** One-line reasons for an empty or implausible result (see `resultReasons`). */
  reasons: string[];
}

/** job.json files read at the same time by {@link readRunQuality}. */
const READ_CONCURRENCY = 8;

/**
 * The data-quality blocks of the given jobs' job.json, in the order of `jobs`. Jobs without one —
 * failed, or written before data-quality blocks existed — are left out; a malformed block is left
 * out too and its error message listed in `problems` (the summary of a finished run never throws
 * for it).
 */
export async function readRunQuality(
  outputDir: string,
  jobs: readonly JobKey[],
): Promise<{ blocks: JobQuality[]; problems: string[] }> {
  const found: (JobQuality | undefined)[] = new Array<JobQuality | undefined>(jobs.length);
  const problems: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const k = jobs[i] as JobKey;
      found[i] = await readJobQuality(jobDir(outputDir, k.securityCode, k.date)).catch((e: unknown) => {
        // No job.json: the job failed (reported as such). A malformed one: reported here.
        if ((e as { code?: string }).code !== "unreadable") problems.push((e as Error).message);
        return undefined;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, jobs.length) }, worker));
  return { blocks: found.filter((q): q is JobQuality => q !== undefined), problems: problems.sort() };
}

/** Builds the section from the jobs' blocks and what was asked (pure). */
export function buildDataQualitySummary(
  blocks: readonly JobQuality[],
  context: { config: Pick<RunConfig, "securities" | "dates" | "analysis">; present: readonly JobKey[]; jobs: number },
): DataQualitySummary {
  const totals = emptyDataQualityCounts();
  let first = Infinity;
  let last = -Infinity;
  const overfilled: string[] = [];
  const shortFilled: string[] = [];
  const noTrades: string[] = [];
  const finalState: string[] = [];
  const noOrders: string[] = [];
  for (const b of blocks) {
    if (b.dataQuality.orderShape?.rows === 0) noOrders.push(jobKeyString(b));
    if (b.dataQuality.counts.finalStateJobs > 0) finalState.push(jobKeyString(b));
    if (b.dataQuality.counts.noTradeFilledOrders > 0) noTrades.push(jobKeyString(b));
    for (const f of DATA_QUALITY_FIELDS) totals[f] += b.dataQuality.counts[f];
    const when = b.dataQuality.outsideSessionPlacedNs;
    if (when !== null) {
      first = Math.min(first, when.first);
      last = Math.max(last, when.last);
    }
    for (const o of b.dataQuality.samples.overfilledOrders ?? [])
      if (overfilled.length < 5) overfilled.push(String(o.orderId));
    for (const o of b.dataQuality.samples.shortFilledOrders ?? [])
      if (shortFilled.length < 5) shortFilled.push(String(o.orderId));
  }
  const worst = blocks
    .map((b) => ({ key: jobKeyString(b), warnings: dataQualityWarnings(b.dataQuality.counts), b }))
    .filter((w) => w.warnings > 0)
    .sort((a, b) => b.warnings - a.warnings || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, 5)
    .map(({ key, warnings, b }) => ({
      key,
      warnings,
      counts: Object.fromEntries(
        DATA_QUALITY_WARNINGS.filter((f) => b.dataQuality.counts[f] > 0).map((f) => [f, b.dataQuality.counts[f]]),
      ),
    }));
  return {
    jobs: blocks.length,
    totals,
    warnings: dataQualityWarnings(totals),
    worst,
    reasons: resultReasons({
      requested: context.config,
      present: context.present,
      jobs: context.jobs,
      session: context.config.analysis.session,
      ...(blocks.length === 0 ? {} : { totals }),
      outsideSessionPlacedNs: first <= last ? { first, last } : null,
      duplicates: context.config.analysis.duplicates,
      centrePointMask: context.config.analysis.centrePointMask,
      overfilledSample: overfilled,
      shortFilledSample: shortFilled,
      noTradeJobs: noTrades,
      finalStateSample: finalState,
      noOrderJobs: noOrders,
    }),
  };
}

/**
 * Builds the section from the blocks the jobs computed by this run returned (`quality`), those of
 * the jobs skipped as current that their check read (`skippedQuality`), and the job.json of every
 * other current job (`current`; a job.json is not read again for a block already given). `storeDir`: the partition store; `matrix`: every job asked for.
 */
export async function runDataQuality(
  config: Pick<RunConfig, "securities" | "dates" | "analysis" | "outputDir">,
  storeDir: string,
  jobs: {
    matrix: readonly JobKey[];
    current: readonly JobKey[];
    quality: readonly JobQuality[];
    skippedQuality?: ReadonlyMap<string, JobQuality | undefined>;
  },
): Promise<DataQualitySummary> {
  const present = await listStoreKeys(storeDir);
  const taken = jobs.skippedQuality ?? new Map<string, JobQuality | undefined>();
  const computed = new Set(jobs.quality.map(jobKeyString));
  const skipped = jobs.current.filter((k) => !computed.has(jobKeyString(k)) && !taken.has(jobKeyString(k)));
  const { blocks: read, problems } = await readRunQuality(config.outputDir, skipped);
  const known = [...taken.values()].filter((q): q is JobQuality => q !== undefined);
  // In (security, date) order whichever way a block came: the worst list breaks ties by key anyway.
  const blocks = [...read, ...known, ...jobs.quality].sort((a, b) => compareSecurityDate(a, b));
  const summary = buildDataQualitySummary(blocks, { config, present, jobs: jobs.matrix.length });
  summary.reasons.push(...problems.map((p) => `no data-quality block: ${p}`));
  return summary;
}

const n = (v: number): string => v.toLocaleString("en-US");

/** The section as lines for the terminal (no final newline): totals, worst jobs, reasons. */
export function formatDataQuality(d: DataQualitySummary): string[] {
  const lines: string[] = [];
  const nonZero = DATA_QUALITY_WARNINGS.filter((f) => d.totals[f] > 0);
  lines.push(
    `data quality: ${n(d.warnings)} warnings in ${d.jobs} jobs` +
      (nonZero.length === 0 ? "" : ` (${nonZero.map((f) => `${f} ${n(d.totals[f])}`).join(", ")})`) +
      ` — per job in job.json and aggregated/data_quality.csv`,
  );
  for (const w of d.worst)
    lines.push(
      `  ${w.key}: ${n(w.warnings)} (${Object.entries(w.counts)
        .map(([k, v]) => `${k} ${n(v)}`)
        .join(", ")})`,
    );
  for (const r of d.reasons) lines.push(`  ! ${r}`);
  return lines;
}
