import {
  DATA_QUALITY_FIELDS,
  DATA_QUALITY_WARNINGS,
  dataQualityWarnings,
  emptyDataQualityCounts,
  type DataQualityCounts,
} from "../core/data-quality.js";
import { jobKeyString, type JobKey, type RunConfig } from "../config/index.js";
import { jobDir } from "../io/job-outputs.js";
import { readJobQuality, type JobQuality } from "../io/job-quality-read.js";
import { listStore } from "../io/store/index.js";
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

/** The data-quality blocks of the given jobs' job.json (jobs without one — failed, or older — are left out). */
export async function readRunQuality(outputDir: string, jobs: readonly JobKey[]): Promise<JobQuality[]> {
  const out: JobQuality[] = [];
  for (const k of jobs) {
    const q = await readJobQuality(jobDir(outputDir, k.securityCode, k.date)).catch((e: unknown) => {
      if ((e as { code?: string }).code === "unreadable") return undefined; // no job.json: the job failed
      throw e;
    });
    if (q !== undefined) out.push(q);
  }
  return out;
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
  for (const b of blocks) {
    for (const f of DATA_QUALITY_FIELDS) totals[f] += b.dataQuality.counts[f];
    const when = b.dataQuality.outsideSessionPlacedNs;
    if (when !== null) {
      first = Math.min(first, when.first);
      last = Math.max(last, when.last);
    }
    for (const o of b.dataQuality.samples.overfilledOrders ?? [])
      if (overfilled.length < 5) overfilled.push(String(o.orderId));
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
      overfilledSample: overfilled,
    }),
  };
}

/** Reads the blocks of the run's jobs and builds the section (`storeDir`: the partition store). */
export async function runDataQuality(
  config: Pick<RunConfig, "securities" | "dates" | "analysis" | "outputDir">,
  storeDir: string,
  matrix: readonly JobKey[],
): Promise<DataQualitySummary> {
  const present = (await listStore(storeDir)).map((p) => ({ securityCode: p.securityCode, date: p.date }));
  const blocks = await readRunQuality(config.outputDir, matrix);
  return buildDataQualitySummary(blocks, { config, present, jobs: matrix.length });
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
