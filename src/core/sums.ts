import { CELL_COUNT, cellBand, cellGroup, cellIndex } from "./cells.js";
import type { SweepMetrics } from "./metrics.js";

/**
 * Additive sums over a set of sweep orders: every field is a count or a sum of integers, so sums of
 * disjoint sets add up exactly to the sum of their union. Ratios (fill ratio = realFilled / qty,
 * VWAP = realValueTicks / realFilled, …) are derived only at the end.
 */
export interface GroupSums {
  sweeps: number;
  qty: number;
  realFilled: number;
  realValueTicks: number;
  realTrades: number;
  simFilled: number;
  simValueHalfTicks: number;
  simFills: number;
  comparedQty: number;
  savingsMicroAud: number;
  /** Sweeps with a defined mean midpoint and a real fill (the cost scenarios' population). */
  costOrders: number;
  costMidpointMicroAud: number;
  costHalfSpreadMicroAud: number;
  costImpactMicroAud: number;
  /**
   * Sweeps that were simulated and their Σ qty (a final-state job's sweeps are not): the
   * denominators of the simulated measures (simulated fill ratio = simFilled / simulatedQty).
   */
  simulatedSweeps: number;
  simulatedQty: number;
}

/** The field names of {@link GroupSums}, in a stable order. */
export const GROUP_SUM_FIELDS = [
  "sweeps",
  "qty",
  "realFilled",
  "realValueTicks",
  "realTrades",
  "simFilled",
  "simValueHalfTicks",
  "simFills",
  "comparedQty",
  "savingsMicroAud",
  "costOrders",
  "costMidpointMicroAud",
  "costHalfSpreadMicroAud",
  "costImpactMicroAud",
  "simulatedSweeps",
  "simulatedQty",
] as const satisfies readonly (keyof GroupSums)[];

/** All-zero sums. */
export function emptySums(): GroupSums {
  return Object.fromEntries(GROUP_SUM_FIELDS.map((f) => [f, 0])) as unknown as GroupSums;
}

/** a += b, field by field; returns a. */
export function addSums(a: GroupSums, b: GroupSums): GroupSums {
  for (const f of GROUP_SUM_FIELDS) a[f] += b[f];
  return a;
}

/**
 * Sums per (fill group, size band) cell: index (group − 1)·3 + band, 9 cells. Rows where `keep`
 * returns false are left out (used to split a set for the additivity test and for subsets).
 */
export function cellSums(m: SweepMetrics, keep: (i: number) => boolean = () => true): GroupSums[] {
  const cells = Array.from({ length: CELL_COUNT }, emptySums);
  for (let i = 0; i < m.length; i++) {
    if (!keep(i)) continue;
    const c = cells[cellIndex(m.group[i] as number, m.band[i] as number)] as GroupSums;
    const rq = m.realFilled[i] as number;
    c.sweeps++;
    c.qty += m.qty[i] as number;
    c.realFilled += rq;
    c.realValueTicks += m.realValueTicks[i] as number;
    c.realTrades += m.realTrades[i] as number;
    c.simFilled += m.simFilled[i] as number;
    c.simValueHalfTicks += m.simValueHalfTicks[i] as number;
    c.simFills += m.simFills[i] as number;
    c.comparedQty += m.comparedQty[i] as number;
    c.savingsMicroAud += m.savingsMicroAud[i] as number;
    if (rq > 0 && !Number.isNaN(m.meanMidHalfTicks[i])) c.costOrders++;
    c.costMidpointMicroAud += m.costMidpointMicroAud[i] as number;
    c.costHalfSpreadMicroAud += m.costHalfSpreadMicroAud[i] as number;
    c.costImpactMicroAud += m.costImpactMicroAud[i] as number;
    if (m.simulated[i] === 1) {
      c.simulatedSweeps++;
      c.simulatedQty += m.qty[i] as number;
    }
  }
  return cells;
}

/** Roll-ups of the 9 cells: per fill group (1..3 → index 0..2), per size band, and overall. */
export function rollup(cells: readonly GroupSums[]): { byGroup: GroupSums[]; byBand: GroupSums[]; overall: GroupSums } {
  const byGroup = [emptySums(), emptySums(), emptySums()];
  const byBand = [emptySums(), emptySums(), emptySums()];
  const overall = emptySums();
  cells.forEach((c, i) => {
    addSums(byGroup[cellGroup(i) - 1] as GroupSums, c);
    addSums(byBand[cellBand(i)] as GroupSums, c);
    addSums(overall, c);
  });
  return { byGroup, byBand, overall };
}
