/**
 * Named fixtures of the aggregation tests: `stubSweep({...})` builds one sweep row by hand, and
 * `writeSampleJobs()` runs the 12 sample_data jobs and writes their outputs to a temp folder.
 */
import { join } from "node:path";
import { runJob, type JobResult } from "../../src/core/job.js";
import { jobDir, writeJobOutputs, type JobOutputsWriteOptions } from "../../src/io/outputs/job-outputs.js";
import type { JobStamp } from "../../src/io/outputs/job-record.js";
import { loadPartitions } from "../../src/io/store/load-partitions.js";
import { defaultAnalysisConfig } from "../../src/model/analysis-config.js";
import type { JobSumsInput, SweepRow } from "../../src/frames/index.js";
import { forEachRecordedJob } from "../../src/io/outputs/job-sums-read.js";
import { compareSecurityDate } from "../../src/model/keys.js";
import { tmp } from "../helpers.js";

/** Centre Point: any of 64 | 256 | 2048 | 4096. */
export const CENTRE_POINT_MASK = 64 | 256 | 2048 | 4096;

/** "HH:MM(:SS)" Sydney local → ns since local midnight. */
export function at(hhmmss: string): number {
  const [h = 0, m = 0, s = 0] = hhmmss.split(":").map(Number);
  return ((h * 60 + m) * 60 + s) * 1e9;
}

/** A sweep row: a Small, unfilled buy of 100 shares at 10:00 by participant 1001 of (AAA, 2024-10-02, decimals 2), fields replaced by `over`. */
export function stubSweep(over: Partial<SweepRow> = {}): SweepRow {
  return {
    securityCode: "AAA",
    date: "2024-10-02",
    decimals: 2,
    orderId: 7_904_794_000_000_000_001n,
    participantId: 1001,
    side: 1,
    group: 3,
    sizeBand: "Small",
    qty: 100,
    placedNs: at("10:00"),
    realFilled: 0,
    realValueTicks: 0,
    realTrades: 0,
    simFilled: 0,
    simValueHalfTicks: 0,
    simFills: 0,
    comparedQty: 0,
    savingsMicroAud: 0,
    savingsBps: undefined,
    meanMidHalfTicks: undefined,
    costMidpointMicroAud: 0,
    costHalfSpreadMicroAud: 0,
    costImpactMicroAud: 0,
    ...over,
  };
}

/** The outputs of the 12 sample_data jobs, written under `dir`, with the in-memory results. */
export interface SampleJobs {
  dir: string;
  results: JobResult[];
}

/**
 * A record stamp for jobs written by a test (`writeJobOutputs(..., testStamp())`): a job.json
 * needs a record to hold the sums aggregation reads; what it was computed from is not checked here.
 */
export function testStamp(rows = 0): JobStamp & { rows: number } {
  return { toolkitVersion: "test", input: "in", analysis: "a".repeat(64), reference: "b".repeat(64), rows };
}

/**
 * Runs every sample_data job with the default config and writes its outputs with a record (as the
 * pool would), detail tables in `options.detailFormat` (default parquet).
 */
export async function writeSampleJobs(
  dir = tmp("sweeplab-frames-"),
  options: JobOutputsWriteOptions = {},
): Promise<SampleJobs> {
  const { partitions } = await loadPartitions([join(import.meta.dirname, "..", "..", "sample_data")]);
  const results: JobResult[] = [];
  for (const p of partitions) {
    const r = runJob(p, defaultAnalysisConfig());
    await writeJobOutputs(
      jobDir(dir, p.securityCode, p.date),
      r,
      p.orders,
      CENTRE_POINT_MASK,
      testStamp(p.orders.length + p.trades.length),
      options,
    );
    results.push(r);
  }
  return { dir, results };
}

/** The sums every complete job under `dir` recorded in its job.json, sorted by (security, date). */
export async function readSums(dir: string): Promise<JobSumsInput[]> {
  const out: JobSumsInput[] = [];
  await forEachRecordedJob(dir, (j) =>
    out.push({ securityCode: j.securityCode, date: j.date, decimals: j.decimals, sums: j.sums }),
  );
  return out.sort(compareSecurityDate);
}
