import type { SIZE_BANDS } from "../core/classify.js";
import type { GroupSums } from "../core/sums.js";

/** Name of a size band: "Small" | "Medium" | "Large". */
export type SizeBandName = (typeof SIZE_BANDS)[number];

/**
 * The additive sums of one job (one security, one Sydney date): `cells[(group − 1)·3 + band]`,
 * always 9 cells, as `JobResult.cells` and a job's `metrics.csv`. Money fields are in the units of
 * {@link GroupSums}: value in ticks of this job's `decimals` (DecimalsInPrice, 0..6), savings and
 * cost scenarios in whole micro-AUD. The same shape as `readJobOutputs`'s `JobCells`.
 */
export interface JobCells {
  securityCode: string;
  date: string;
  decimals: number;
  cells: GroupSums[];
}

/**
 * One sweep order of one job, real against simulated: a row of the job's `simulation.parquet` (or
 * `.csv.gz`), the same type as `readJobOutputs`'s `SweepRow`: derived from the per-sweep table's
 * declaration (`SIMULATION_TABLE` in core/detail-tables/sweeps.ts), never declared twice.
 */
export type { SweepRow } from "../core/detail-tables/index.js";
