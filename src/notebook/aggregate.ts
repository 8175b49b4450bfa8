import type { DataFrame } from "../frames/index.js";
import { DATA_QUALITY_TABLE, TABLE_NAMES, type AnyTableName } from "../frames/table.js";
import { loadAggregateFrames } from "../pool/index.js";
import { completeJobs, outputDirOf, type JobFilter, type OutputSource } from "./source.js";

/** The aggregated tables as DataFrames, by name (`global_summary`, `by_security`, `by_date`, …, `data_quality`). */
export type AggregateFrames = Record<AnyTableName, DataFrame>;

/**
 * The aggregated tables of a run's outputs as danfojs DataFrames (`loadAggregateFrames`), built
 * from the per-job outputs on disk — of every complete job, or of those passing `filter` (e.g. the
 * securities of a subset rerun). The same figures as the run's `aggregated/*.csv`; AUD as numbers,
 * ratios as numbers (NaN: no answer). Throws `JobOutputsError` naming the file, line and column of a
 * malformed job output.
 */
export async function aggregate(source: OutputSource, filter?: JobFilter): Promise<AggregateFrames> {
  const outputDir = outputDirOf(source);
  const only = filter === undefined ? undefined : await completeJobs(outputDir, filter);
  const frames = await loadAggregateFrames(outputDir, only);
  const missing = [...TABLE_NAMES, DATA_QUALITY_TABLE].filter((t) => frames[t] === undefined);
  if (missing.length > 0) throw new Error(`aggregate: tables ${missing.join(", ")} are missing`);
  return frames as AggregateFrames;
}
