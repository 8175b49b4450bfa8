import { join } from "node:path";
import type { DataFrame } from "../frames/index.js";
import type { JobKey } from "../config/index.js";
import { writeFileAtomic } from "../io/atomic.js";
import { readJobOutputs } from "../io/job-outputs-read.js";
// Not frames/index.js: that would load danfojs (≈1 s) into every run just to write CSV.
import { aggregateAll } from "../frames/aggregate.js";
import { tableToCsv } from "../frames/table.js";

/** The folder of the aggregated tables. */
export function aggregatedDir(outputDir: string): string {
  return join(outputDir, "aggregated");
}

/**
 * Aggregates the complete job outputs of the given jobs (all complete jobs when `only` is omitted)
 * into `<outputDir>/aggregated/<table>.csv`, each written atomically. Built only from the per-job
 * additive sums and per-order rows on disk, so N shards aggregated equal one whole run.
 */
export async function aggregateRun(outputDir: string, only?: readonly JobKey[]): Promise<string[]> {
  const keep = only === undefined ? undefined : new Set(only.map((k) => `${k.securityCode}|${k.date}`));
  const { cells, sweeps } = await readJobOutputs(outputDir);
  const pick = <T extends { securityCode: string; date: string }>(xs: T[]): T[] =>
    keep === undefined ? xs : xs.filter((x) => keep.has(`${x.securityCode}|${x.date}`));
  const tables = aggregateAll(pick(cells), pick(sweeps));
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
  const keep = only === undefined ? undefined : new Set(only.map((k) => `${k.securityCode}|${k.date}`));
  const { cells, sweeps } = await readJobOutputs(outputDir);
  const pick = <T extends { securityCode: string; date: string }>(xs: T[]): T[] =>
    keep === undefined ? xs : xs.filter((x) => keep.has(`${x.securityCode}|${x.date}`));
  const { aggregateFrames } = await import("../frames/frames.js");
  return aggregateFrames(pick(cells), pick(sweeps));
}
