/*
 * The shape of a job's additive sums (the field lists, SweepSums, JobSums, SweepValues) and their
 * plain arithmetic; job-sums.ts builds them from a job's sweep metrics.
 */
/**
 * A job's complete additive sums: everything the aggregated tables need, so that aggregation
 * merges sums and never reads a job's per-sweep rows. Every field is a count, a sum of integer
 * shares, a sum of integer ticks or a sum of whole micro-AUD, so the sums of disjoint sets of sweeps
 * add up exactly to the sums of their union; ratios are derived only when a table is printed.
 */

/** The count and quantity fields of {@link SweepSums} (JS numbers: integer shares and counts), in a stable order. */
export const SWEEP_COUNT_FIELDS = [
  "sweeps",
  "group1Sweeps",
  "group2Sweeps",
  "group3Sweeps",
  "qty",
  "realFilled",
  "realTrades",
  "simFilled",
  "simFills",
  "comparedQty",
  "costOrders",
  "simulatedSweeps",
  "simulatedQty",
] as const;

/** The money fields of {@link SweepSums} (bigint: ticks, half ticks and micro-AUD), in a stable order. */
export const SWEEP_MONEY_FIELDS = [
  "realValueTicks",
  "simValueHalfTicks",
  "comparedValueMicroAud",
  "savingsMicroAud",
  "costMidpointMicroAud",
  "costHalfSpreadMicroAud",
  "costImpactMicroAud",
] as const;

/**
 * Additive sums over a set of sweep orders of ONE job (one security, so one price scale): counts
 * and shares as integers; `realValueTicks` in ticks and `simValueHalfTicks` in half ticks of the
 * job's decimals; `comparedValueMicroAud` (Σ real VWAP × compared qty, rounded half up once per
 * order), savings and the cost scenarios in whole micro-AUD. The simulated fields, `simulatedSweeps`
 * and `simulatedQty` count only sweeps that were simulated (a final-state job's are not).
 */
export type SweepSums = Record<(typeof SWEEP_COUNT_FIELDS)[number], number> &
  Record<(typeof SWEEP_MONEY_FIELDS)[number], bigint>;

/**
 * The sums of one job, by every grouping the aggregated tables use: `cells[(group − 1)·3 + band]`
 * (9 cells, always); per participant id (ascending; within a job this is also the (date,
 * security, participant) series of `time_series_analysis`); per minute of the Sydney day the sweep
 * was placed in (⌊placedNs / 60 s⌋, ascending, only minutes with sweeps), the finest grain of the
 * `time_of_day` buckets, so any session window and bucket width can be summed from it later.
 */
export interface JobSums {
  cells: SweepSums[];
  participants: { participantId: number; sums: SweepSums }[];
  minutes: { minute: number; sums: SweepSums }[];
}

/** One sweep order's values, as {@link JobSumsBuilder.add} sums them. */
export interface SweepValues {
  group: number;
  /** Size band index 0..2 (Small, Medium, Large). */
  band: number;
  participantId: number;
  /** ns since Sydney local midnight. */
  placedNs: number;
  qty: number;
  realFilled: number;
  realValueTicks: number;
  realTrades: number;
  /** False: not simulated (a final-state job); the simulated values below are then ignored. */
  simulated: boolean;
  simFilled: number;
  simValueHalfTicks: number;
  simFills: number;
  comparedQty: number;
  savingsMicroAud: number;
  /** Whether the order has a mean NBBO midpoint (a cost-scenario order when it also has a real fill). */
  hasMeanMid: boolean;
  costMidpointMicroAud: number;
  costHalfSpreadMicroAud: number;
  costImpactMicroAud: number;
}

/** All-zero sums. */
export function emptySweepSums(): SweepSums {
  const s: Record<string, number | bigint> = {};
  for (const f of SWEEP_COUNT_FIELDS) s[f] = 0;
  for (const f of SWEEP_MONEY_FIELDS) s[f] = 0n;
  return s as SweepSums;
}

/** a += b, field by field; returns a. */
export function addSweepSums(a: SweepSums, b: SweepSums): SweepSums {
  for (const f of SWEEP_COUNT_FIELDS) a[f] += b[f];
  for (const f of SWEEP_MONEY_FIELDS) a[f] += b[f];
  return a;
}
