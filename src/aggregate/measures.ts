import type { SweepSums } from "../core/job-sums.js";
import { AggregationError } from "./errors.js";

export {
  COL,
  GROUP_COUNT_COLUMNS,
  GROUP_PREFIXES,
  measureTable,
  notSimulated,
  SUMMARY_COLUMNS,
  SUMMARY_WITH_GROUPS,
  type MeasureColumn,
} from "./measure-columns.js";

/**
 * Additive measures of a set of sweep orders, possibly of many securities: counts and shares as
 * integers, money as exact bigint micro-AUD (simulated value in half micro-AUD). Adding the
 * measures of disjoint sets gives exactly the measures of their union.
 */
export interface Measures {
  /** Whole jobs summed in (0 when built from cells, participants or minutes alone). */
  jobs: number;
  sweeps: number;
  /** Sweeps per fill group: index 0..2 = groups 1..3. */
  groupSweeps: [number, number, number];
  qty: number;
  realFilled: number;
  realTrades: number;
  simFilled: number;
  simFills: number;
  comparedQty: number;
  costOrders: number;
  /**
   * Sweeps that were simulated and their Σ qty (a final-state job's are not): the denominators of
   * the simulated measures. A set with sweeps but none simulated shows its simulated columns empty.
   */
  simulatedSweeps: number;
  simulatedQty: number;
  realValueMicroAud: bigint;
  simValueHalfMicroAud: bigint;
  /** Σ real VWAP × compared quantity per order (see `comparedValueMicroAud`): the denominator of savings bps. */
  comparedValueMicroAud: bigint;
  savingsMicroAud: bigint;
  costMidpointMicroAud: bigint;
  costHalfSpreadMicroAud: bigint;
  costImpactMicroAud: bigint;
}

/** All-zero measures. */
export function emptyMeasures(): Measures {
  return {
    jobs: 0,
    sweeps: 0,
    groupSweeps: [0, 0, 0],
    qty: 0,
    realFilled: 0,
    realTrades: 0,
    simFilled: 0,
    simFills: 0,
    comparedQty: 0,
    costOrders: 0,
    simulatedSweeps: 0,
    simulatedQty: 0,
    realValueMicroAud: 0n,
    simValueHalfMicroAud: 0n,
    comparedValueMicroAud: 0n,
    savingsMicroAud: 0n,
    costMidpointMicroAud: 0n,
    costHalfSpreadMicroAud: 0n,
    costImpactMicroAud: 0n,
  };
}

// The shares summed as doubles: exact while a sum stays within 2^53 − 1 (the addends are
// non-negative integers, so a sum past it is past it after rounding too, and is caught).
const SHARES = ["qty", "realFilled", "simFilled", "comparedQty", "simulatedQty"] as const;

/** Throws `count_too_large` when a share sum of `m` has passed 2^53 − 1 (a double rounded it). */
function exactShares(m: Measures): Measures {
  for (const f of SHARES)
    if (m[f] > Number.MAX_SAFE_INTEGER)
      throw new AggregationError(
        "count_too_large",
        `the ${f} summed over these jobs is ≈ ${m[f]} shares, past 2^53 − 1 (9007199254740991), where a double stops being exact`,
      );
  return m;
}

/** a += b, field by field; returns a. Errors: AggregationError `count_too_large` (a share sum past 2^53 − 1). */
export function addMeasures(a: Measures, b: Measures): Measures {
  a.jobs += b.jobs;
  a.sweeps += b.sweeps;
  for (let g = 0; g < 3; g++) a.groupSweeps[g as 0 | 1 | 2] += b.groupSweeps[g as 0 | 1 | 2];
  a.qty += b.qty;
  a.realFilled += b.realFilled;
  a.realTrades += b.realTrades;
  a.simFilled += b.simFilled;
  a.simFills += b.simFills;
  a.comparedQty += b.comparedQty;
  a.costOrders += b.costOrders;
  a.simulatedSweeps += b.simulatedSweeps;
  a.simulatedQty += b.simulatedQty;
  a.realValueMicroAud += b.realValueMicroAud;
  a.simValueHalfMicroAud += b.simValueHalfMicroAud;
  a.comparedValueMicroAud += b.comparedValueMicroAud;
  a.savingsMicroAud += b.savingsMicroAud;
  a.costMidpointMicroAud += b.costMidpointMicroAud;
  a.costHalfSpreadMicroAud += b.costHalfSpreadMicroAud;
  a.costImpactMicroAud += b.costImpactMicroAud;
  return exactShares(a);
}

/**
 * m += one job's {@link SweepSums} (of a cell, a participant or a minute), its ticks converted to
 * micro-AUD at the job's `scale` (`microAudPerTick(decimals)`): exact, since ticks × scale is an
 * integer. Returns m. Errors: AggregationError `count_too_large` (a share sum past 2^53 − 1).
 */
export function addSweepSums(m: Measures, s: SweepSums, scale: bigint): Measures {
  m.sweeps += s.sweeps;
  m.groupSweeps[0] += s.group1Sweeps;
  m.groupSweeps[1] += s.group2Sweeps;
  m.groupSweeps[2] += s.group3Sweeps;
  m.qty += s.qty;
  m.realFilled += s.realFilled;
  m.realTrades += s.realTrades;
  m.simFilled += s.simFilled;
  m.simFills += s.simFills;
  m.comparedQty += s.comparedQty;
  m.costOrders += s.costOrders;
  m.simulatedSweeps += s.simulatedSweeps;
  m.simulatedQty += s.simulatedQty;
  m.realValueMicroAud += s.realValueTicks * scale;
  m.simValueHalfMicroAud += s.simValueHalfTicks * scale;
  m.comparedValueMicroAud += s.comparedValueMicroAud;
  m.savingsMicroAud += s.savingsMicroAud;
  m.costMidpointMicroAud += s.costMidpointMicroAud;
  m.costHalfSpreadMicroAud += s.costHalfSpreadMicroAud;
  m.costImpactMicroAud += s.costImpactMicroAud;
  return exactShares(m);
}
