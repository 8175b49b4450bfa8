import type { SweepMetrics } from "../core/metrics.js";
import { pairedTest, type PairedTest } from "./paired.js";

/** The three paired comparisons of real and simulated execution, over the simulated sweeps only. */
export interface RealVsSimulatedTests {
  /** Simulated − real filled quantity (shares), every sweep. */
  matchedQty: PairedTest;
  /** Simulated − real fill ratio (filled / qty), every sweep with qty > 0. */
  fillRatio: PairedTest;
  /** Simulated average price − real VWAP, in ticks, sweeps filled in both. */
  priceTicks: PairedTest;
}

/** The tests overall, per fill group (index 0..2 = groups 1..3) and per size band (0..2). */
export interface SweepStatistics {
  overall: RealVsSimulatedTests;
  byGroup: RealVsSimulatedTests[];
  byBand: RealVsSimulatedTests[];
}

function testsFor(m: SweepMetrics, keep: (i: number) => boolean): RealVsSimulatedTests {
  const dq: number[] = [];
  const dr: number[] = [];
  const dp: number[] = [];
  for (let i = 0; i < m.length; i++) {
    if (!keep(i) || m.simulated[i] !== 1) continue;
    const rq = m.realFilled[i] as number;
    const sq = m.simFilled[i] as number;
    const qty = m.qty[i] as number;
    dq.push(sq - rq);
    if (qty > 0) dr.push((sq - rq) / qty);
    if (rq > 0 && sq > 0) dp.push((m.simValueHalfTicks[i] as number) / (2 * sq) - (m.realValueTicks[i] as number) / rq);
  }
  return { matchedQty: pairedTest(dq), fillRatio: pairedTest(dr), priceTicks: pairedTest(dp) };
}

/**
 * Paired real-vs-simulated tests over per-sweep rows (of one job, or of many jobs concatenated in a
 * deterministic order): statistics are computed from per-order rows, not from per-job tests, so
 * many jobs give exactly the result of one job over their union. Sweeps not simulated (`simulated`
 * 0: a final-state job) are left out of every test: they have no simulated side to pair.
 */
export function sweepStatistics(m: SweepMetrics): SweepStatistics {
  return {
    overall: testsFor(m, () => true),
    byGroup: [1, 2, 3].map((g) => testsFor(m, (i) => m.group[i] === g)),
    byBand: [0, 1, 2].map((b) => testsFor(m, (i) => m.band[i] === b)),
  };
}
