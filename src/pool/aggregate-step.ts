import { join } from "node:path";
import type { DataFrame } from "../frames/index.js";
import { jobKeyString, type JobKey } from "../config/index.js";
import { writeFileAtomic } from "../io/atomic.js";
import { readJobOutputs } from "../io/job-outputs-read.js";
// Not frames/index.js: that would load danfojs (≈1 s) into every run just to write CSV.
import { aggregateAll } from "../frames/aggregate.js";
import { tableToCsv } from "../frames/table.js";

/** The folder of the aggregated tables. */
export function aggregatedDir(outputDir: string): string {
  return join(outputDir, "aggregated");
}

/** The complete job outputs on disk, restricted to `only` when given. */
async function jobOutputsOf(outputDir: string, only: readonly JobKey[] | undefined): ReturnType<typeof readJobOutputs> {
  const out = await readJobOutputs(outputDir);
  if (only === undefined) return out;
  const keep = new Set(only.map(jobKeyString));
  const mine = (x: JobKey): boolean => keep.has(jobKeyString(x));
  return { ...out, cells: out.cells.filter(mine), sweeps: out.sweeps.filter(mine) };
}

/**
 * Aggregates the complete job outputs of the given jobs (all complete jobs when `only` is omitted)
 * into `<outputDir>/aggregated/<table>.csv`, each written atomically. Built only from the per-job
 * additive sums and per-order rows on disk, so N shards aggregated equal one whole run.
 */
export async function aggregateRun(outputDir: string, only?: readonly JobKey[]): Promise<string[]> {
  const { cells, sweeps } = await jobOutputsOf(outputDir, only);
  const tables = aggregateAll(cells, sweeps);
  const dir = aggregatedDir(outputDir);
  const files: string[] = [];
  for (const t of tables) {
    const path = join(dir, `${t.name}.csv`);
    await writeFileAtomic(path, tableToCsv(t));
    files.push(path);
  }
  return files;
}

/**
 * The aggregated tables of a finished run as danfojs DataFrames (by table name), built from the
 * per-job outputs on disk. danfojs is loaded only when this is called.
 */
export async function loadAggregateFrames(
  outputDir: string,
  only?: readonly JobKey[],
): Promise<Record<string, DataFrame>> {
  const { cells, sweeps } = await jobOutputsOf(outputDir, only);
  const { aggregateFrames } = await import("../frames/frames.js");
  return aggregateFrames(cells, sweeps);
}
