import { join } from "node:path";
import type { DataFrame } from "../frames/index.js";
import { jobKeyString, type JobKey } from "../config/index.js";
import { writeFileAtomic } from "../io/atomic.js";
import { forEachJobOutput } from "../io/job-outputs-read.js";
// Not frames/index.js: that would load danfojs (≈1 s) into every run just to write CSV.
import { Aggregator } from "../frames/aggregate.js";
import type { Participant } from "../model/reference.js";
import { tableToCsv, type Table, type TableName } from "../frames/table.js";

/** Options of {@link aggregateRun} and {@link loadAggregateFrames}. */
export interface AggregateRunOptions {
  /** Jobs read at the same time (default 1); the tables do not depend on it. */
  concurrency?: number;
  /**
   * Participant names and types by id (`loadParticipants` of the participants file): `by_participant`
   * gets them in its `participant_name` and `participant_type` columns (default none: "").
   */
  participants?: ReadonlyMap<number, Pick<Participant, "name" | "type">>;
}

/** The folder of the aggregated tables. */
export function aggregatedDir(outputDir: string): string {
  return join(outputDir, "aggregated");
}

/**
 * The aggregated tables of the complete job outputs on disk (restricted to `only` when given),
 * streamed job by job and row by row into an {@link Aggregator}: memory holds the sums per output
 * group, never the sweep rows, so it does not grow with the size of the run.
 */
async function aggregateOutputs(
  outputDir: string,
  only: readonly JobKey[] | undefined,
  options: AggregateRunOptions,
): Promise<Table[]> {
  const keep = only === undefined ? undefined : new Set(only.map(jobKeyString));
  const aggregator = new Aggregator(options.participants === undefined ? {} : { participants: options.participants });
  await forEachJobOutput(
    outputDir,
    { job: (cells) => aggregator.addJob(cells), sweep: (row) => aggregator.addSweep(row) },
    {
      ...(keep === undefined
        ? {}
        : { only: (securityCode: string, date: string) => keep.has(jobKeyString({ securityCode, date })) }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    },
  );
  return aggregator.tables();
}

/**
 * Aggregates the complete job outputs of the given jobs (all complete jobs when `only` is omitted)
 * into `<outputDir>/aggregated/<table>.csv`, each written atomically. Built only from the per-job
 * additive sums and per-order rows on disk, so N shards aggregated equal one whole run; the jobs are
 * streamed from disk, so peak memory does not grow with the number of sweep rows. Options: see
 * {@link AggregateRunOptions}.
 */
export async function aggregateRun(
  outputDir: string,
  only?: readonly JobKey[],
  options: AggregateRunOptions = {},
): Promise<string[]> {
  const tables = await aggregateOutputs(outputDir, only, options);
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
 * per-job outputs on disk as {@link aggregateRun} builds them (same options). danfojs is loaded
 * only when this is called.
 */
export async function loadAggregateFrames(
  outputDir: string,
  only?: readonly JobKey[],
  options: AggregateRunOptions = {},
): Promise<Record<string, DataFrame>> {
  const tables = await aggregateOutputs(outputDir, only, options);
  const { tablesToFrames } = await import("../frames/frames.js");
  return tablesToFrames(tables) satisfies Partial<Record<TableName, DataFrame>>;
}
