import type { FillGroup } from "../core/classify.js";
import type { GroupSums } from "../core/sums.js";
import type { SweepRow } from "./inputs.js";
import { comparedValueMicroAud, halfTicksToHalfMicroAud, ticksToMicroAudExact } from "./money.js";

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
 * The money of one sweep order as exact bigint micro-AUD (simulated value in half micro-AUD), worked
 * out once per row and then added to every group the row belongs to (participant, time bucket,
 * series): the conversions are the costly part of folding a row.
 */
export interface SweepMoney {
  realValueMicroAud: bigint;
  simValueHalfMicroAud: bigint;
  /** Σ real VWAP × compared quantity per order (see `comparedValueMicroAud`). */
  comparedValueMicroAud: bigint;
  savingsMicroAud: bigint;
  costMidpointMicroAud: bigint;
  costHalfSpreadMicroAud: bigint;
  costImpactMicroAud: bigint;
}

/**
 * Additive measures of a set of sweep orders, possibly of many securities: counts and shares as
 * integers, money as exact bigint micro-AUD (simulated value in half micro-AUD). Adding the
 * measures of disjoint sets gives exactly the measures of their union.
 */
export interface Measures extends SweepMoney {
  /** Whole jobs summed in (0 when built from cells or sweep rows alone). */
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

/** a += b, field by field; returns a. */
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
  return a;
}

/**
 * m += one (fill group, size band) cell of one job, its ticks converted at the job's decimals;
 * `comparedValue` is the cell's Σ compared value in micro-AUD, from the job's sweep rows (the cells
 * do not carry it). Returns m.
 */
export function addCell(
  m: Measures,
  cell: GroupSums,
  group: FillGroup,
  decimals: number,
  comparedValue: bigint,
): Measures {
  m.sweeps += cell.sweeps;
  m.groupSweeps[(group - 1) as 0 | 1 | 2] += cell.sweeps;
  m.qty += cell.qty;
  m.realFilled += cell.realFilled;
  m.realTrades += cell.realTrades;
  m.simFilled += cell.simFilled;
  m.simFills += cell.simFills;
  m.comparedQty += cell.comparedQty;
  m.costOrders += cell.costOrders;
  m.simulatedSweeps += cell.simulatedSweeps;
  m.simulatedQty += cell.simulatedQty;
  m.realValueMicroAud += ticksToMicroAudExact(cell.realValueTicks, decimals);
  m.simValueHalfMicroAud += halfTicksToHalfMicroAud(cell.simValueHalfTicks, decimals);
  m.comparedValueMicroAud += comparedValue;
  m.savingsMicroAud += BigInt(cell.savingsMicroAud);
  m.costMidpointMicroAud += BigInt(cell.costMidpointMicroAud);
  m.costHalfSpreadMicroAud += BigInt(cell.costHalfSpreadMicroAud);
  m.costImpactMicroAud += BigInt(cell.costImpactMicroAud);
  return m;
}

/** The {@link SweepMoney} of one row; `comparedValue` when already known (see `comparedValueMicroAud`). */
export function sweepMoney(r: SweepRow, comparedValue: bigint = comparedValueMicroAud(r)): SweepMoney {
  return {
    realValueMicroAud: ticksToMicroAudExact(r.realValueTicks, r.decimals),
    simValueHalfMicroAud: halfTicksToHalfMicroAud(r.simValueHalfTicks ?? 0, r.decimals),
    comparedValueMicroAud: comparedValue,
    savingsMicroAud: BigInt(r.savingsMicroAud ?? 0),
    costMidpointMicroAud: BigInt(r.costMidpointMicroAud),
    costHalfSpreadMicroAud: BigInt(r.costHalfSpreadMicroAud),
    costImpactMicroAud: BigInt(r.costImpactMicroAud),
  };
}

/**
 * m += one sweep order; the same arithmetic as a cell of one order, so rows and cells agree exactly.
 * `money` is the row's {@link sweepMoney} (computed here when omitted). Returns m.
 */
export function addSweep(m: Measures, r: SweepRow, money: SweepMoney = sweepMoney(r)): Measures {
  m.sweeps++;
  m.groupSweeps[(r.group - 1) as 0 | 1 | 2]++;
  m.qty += r.qty;
  m.realFilled += r.realFilled;
  m.realTrades += r.realTrades;
  if (r.simFilled !== undefined) {
    m.simulatedSweeps++;
    m.simulatedQty += r.qty;
    m.simFilled += r.simFilled;
    m.simFills += r.simFills ?? 0;
    m.comparedQty += r.comparedQty ?? 0;
  }
  if (r.realFilled > 0 && r.meanMidHalfTicks !== undefined) m.costOrders++;
  m.realValueMicroAud += money.realValueMicroAud;
  m.simValueHalfMicroAud += money.simValueHalfMicroAud;
  m.comparedValueMicroAud += money.comparedValueMicroAud;
  m.savingsMicroAud += money.savingsMicroAud;
  m.costMidpointMicroAud += money.costMidpointMicroAud;
  m.costHalfSpreadMicroAud += money.costHalfSpreadMicroAud;
  m.costImpactMicroAud += money.costImpactMicroAud;
  return m;
}
