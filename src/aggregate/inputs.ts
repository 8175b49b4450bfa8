import type { FillGroup, SIZE_BANDS } from "../core/classify.js";
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
 * `.csv.gz`) (the same shape as `readJobOutputs`'s `SweepRow`). Quantities in shares; `realValueTicks` in
 * ticks and `simValueHalfTicks` in half ticks of `decimals`; `*MicroAud` in whole micro-AUD;
 * `placedNs` in ns since Sydney local midnight; `savingsBps` and `meanMidHalfTicks` undefined when
 * there is no answer.
 */
export interface SweepRow {
  securityCode: string;
  date: string;
  decimals: number;
  orderId: bigint;
  participantId: number;
  side: 1 | 2;
  group: FillGroup;
  sizeBand: SizeBandName;
  qty: number;
  placedNs: number;
  realFilled: number;
  realValueTicks: number;
  realTrades: number;
  /** The five simulated fields: all undefined when the sweep was not simulated (a final-state job). */
  simFilled: number | undefined;
  simValueHalfTicks: number | undefined;
  simFills: number | undefined;
  comparedQty: number | undefined;
  savingsMicroAud: number | undefined;
  savingsBps: number | undefined;
  meanMidHalfTicks: number | undefined;
  costMidpointMicroAud: number;
  costHalfSpreadMicroAud: number;
  costImpactMicroAud: number;
}
