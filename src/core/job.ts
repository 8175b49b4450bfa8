import { clockSeconds, type AnalysisConfig } from "../model/analysis-config.js";
import type { Partition } from "../model/partition.js";
import type { SessionWindow } from "../model/session-window.js";
import { dataQuality } from "./data-quality.js";
import { checkExactValues, checkParticipantIds } from "./exact-values.js";
import { replayFidelity } from "./fidelity.js";
import type { JobResult } from "./job-result.js";
import { handleRepeats, rowStages } from "./job-stages.js";
import { sweepMetrics } from "./metrics.js";
import { cellSums } from "./sums.js";
import { jobSums } from "./job-sums.js";

export type { JobResult } from "./job-result.js";

/** Session window of a config as ns since Sydney local midnight [start, end). */
export function sessionWindowNs(config: Pick<AnalysisConfig, "session">): { startNs: number; endNs: number } {
  return { startNs: clockSeconds(config.session.start) * 1e9, endNs: clockSeconds(config.session.end) * 1e9 };
}

/**
 * Runs the whole analysis of one (security, date) partition: order states → select → classify →
 * match trades → book replay → NBBO → midpoint simulation → metrics and additive sums. Pure: no I/O,
 * no clock; the same partition and config give the same result. Repeated order events and trade
 * legs are found first and dropped (`config.duplicates` "drop") or kept ("keep"); they, book
 * integrity problems, trades of unknown orders, overfilled orders and orders filled short of their
 * totalmatchedquantity are reported in the result's `dataQuality`, never thrown. `session`: the book's window for this date (from the sessions
 * file); omitted, `config.session` (source "config"). A partition whose order rows are final states
 * (one row per order, see `orderShape`) gets real fills, fill groups and size bands only: the book
 * replay and the simulation are skipped (`book.skipped`, `simulation.skipped` = "final_state").
 */
export function runJob(input: Partition, config: AnalysisConfig, session?: SessionWindow): JobResult {
  const window: SessionWindow = session ?? { ...sessionWindowNs(config), source: "config" };
  const { startNs, endNs } = window;
  const { p, orderRepeats, legRepeats } = handleRepeats(input, config);
  checkParticipantIds(p.orders, config.centrePointMask, p.securityCode, p.date);
  const stages = rowStages(p, config, startNs, endNs);
  const { table, shape, selection, sweeps, matched, book, quotes, sim } = stages;
  const finalState = shape.shape === "final_state";
  const metrics = sweepMetrics({
    orders: p.orders,
    table,
    sweeps,
    real: matched.fills,
    sim,
    simulated: !finalState,
    quotes,
    decimals: p.decimals,
    impactTicks: config.impactTicks,
  });
  checkExactValues(metrics, p.securityCode, p.date);
  const byGroup: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < sweeps.length; i++) {
    const g = (sweeps.group[i] as number) - 1;
    byGroup[g] = (byGroup[g] ?? 0) + 1;
  }
  let simFilled = 0;
  for (let s = 0; s < sim.filledQty.length; s++) simFilled += sim.filledQty[s] as number;
  return {
    securityCode: p.securityCode,
    date: p.date,
    decimals: p.decimals,
    rows: { orders: p.orders.length, trades: p.trades.length, quotes: quotes.length },
    orderShape: shape.shape,
    quoteSource: p.quotes !== undefined && p.quotes.length > 0 ? "nbbo" : "snapshots",
    session: { startNs, endNs, source: window.source },
    selection: selection.counts,
    sweepsByGroup: byGroup,
    cells: cellSums(metrics),
    sums: jobSums(metrics, p.decimals),
    sweeps: metrics,
    trades: {
      legs: matched.legs,
      matchedLegs: matched.matchedLegs,
      unknownOrderLegs: matched.unknownOrderLegs,
      unknownOrderQty: matched.unknownOrderQty,
      unknownSample: matched.unknownSample,
    },
    book: {
      warningCounts: book.warningCounts,
      warnings: book.warnings,
      liveLitOrders: book.liveLitOrders,
      liveCentrePointOrders: book.liveCentrePointOrders,
      ...(finalState ? { skipped: "final_state" as const } : {}),
    },
    simulation: {
      fills: sim.fillCount,
      matchedQty: simFilled / 2,
      // Skipped: nothing was replayed, so there is no fidelity to measure (all 0, not a result).
      fidelity: finalState
        ? { orders: 0, realFilledQty: 0, simFilledQty: 0, ordersEqual: 0, absDiffQty: 0 }
        : replayFidelity(table, selection, sweeps, matched.fills, sim),
      ...(finalState ? { skipped: "final_state" as const } : {}),
    },
    dataQuality: dataQuality({
      orders: p.orders,
      table,
      config,
      sessionStartNs: startNs,
      sessionEndNs: endNs,
      selectedOrders: selection.counts.selectedOrders,
      orderRepeats,
      legRepeats,
      tradeLegs: input.trades.length,
      matchedTradeLegs: matched.matchedLegs,
      unknownOrderLegs: matched.unknownOrderLegs,
      bookWarnings: book.warningCounts,
      fills: matched.fills,
      shortFilled: stages.shortFilled,
      quotes,
      sweeps: metrics,
      orderShape: shape,
    }),
  };
}
