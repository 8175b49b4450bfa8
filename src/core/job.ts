import { clockSeconds, type AnalysisConfig } from "../model/analysis-config.js";
import type { Partition } from "../model/partition.js";
import type { SessionWindow } from "../model/session-window.js";
import { BOOK_WARNING_CODES, replayBook, type BookReplay, type BookWarning, type BookWarningCode } from "./book.js";
import { classifySweeps } from "./classify.js";
import { dataQuality, type DataQuality } from "./data-quality.js";
import { checkExactValues, checkParticipantIds } from "./exact-values.js";
import {
  dropRows,
  findRepeatedOrderEvents,
  findRepeatedTradeLegs,
  type RepeatedOrderEvent,
  type RepeatedTradeLeg,
  type Repeats,
} from "./duplicates.js";
import { replayFidelity, type ReplayFidelity } from "./fidelity.js";
import { matchTrades, type UnknownOrderLeg } from "./match.js";
import { sweepMetrics, type SweepMetrics } from "./metrics.js";
import { quotesOf } from "./nbbo.js";
import { noSimulation, orderShape, type OrderShape, type OrderShapeEvidence } from "./order-shape.js";
import { selectOrders, type SelectionCounts } from "./select.js";
import { simulateMidpoint } from "./simulate.js";
import { orderStates, type OrderSummary } from "./states.js";
import { cellSums, type GroupSums } from "./sums.js";
import { jobSums, type JobSums } from "./job-sums.js";

/** Everything one job returns: plain, structured-cloneable data (typed arrays, bigint, objects). */
export interface JobResult {
  securityCode: string;
  date: string;
  decimals: number;
  rows: { orders: number; trades: number; quotes: number };
  /**
   * The shape of the partition's order rows (see `orderShape`): `"events"` (a Direct Drop event
   * history) or `"final_state"` (one last-state row per order: no book replay, no simulation).
   */
  orderShape: OrderShape;
  /** Where the midpoints came from: the NBBO file or the rows' snapshots. */
  quoteSource: "nbbo" | "snapshots";
  /** The continuous-session window the job used (ns since Sydney local midnight) and its source. */
  session: SessionWindow;
  selection: SelectionCounts;
  /** Sweeps per fill group: index 0..2 = groups 1..3. */
  sweepsByGroup: [number, number, number];
  /** Additive sums per (fill group, size band) cell, index (group − 1)·3 + band. */
  cells: GroupSums[];
  /**
   * The job's complete additive sums (per cell, participant and minute of placement): all that
   * aggregation needs, saved in job.json's record (see `JobSums`).
   */
  sums: JobSums;
  /** Per sweep order, real vs simulated. */
  sweeps: SweepMetrics;
  trades: {
    legs: number;
    matchedLegs: number;
    unknownOrderLegs: number;
    unknownOrderQty: number;
    unknownSample: UnknownOrderLeg[];
  };
  book: {
    warningCounts: Record<BookWarningCode, number>;
    warnings: BookWarning[];
    liveLitOrders: number;
    liveCentrePointOrders: number;
    /** Set when the replay was not run (a final-state order table): the counts above are then 0. */
    skipped?: "final_state";
  };
  /**
   * The midpoint simulation. `skipped: "final_state"`: not run (no placement times nor event
   * history to replay): fills and matchedQty are 0, and every sweep is flagged not simulated
   * (`sweeps.simulated` 0; its cells count no simulated sweep, its simulation.csv fields are empty).
   */
  simulation: { fills: number; matchedQty: number; fidelity: ReplayFidelity; skipped?: "final_state" };
  /**
   * What the job could not use or found suspect (repeated rows, legs of unknown orders, orders
   * outside the session, book warnings, overfilled orders, missing midpoints): additive counts and
   * small samples. `rows` and `trades` above count the rows analysed, after repeats were dropped.
   */
  dataQuality: DataQuality;
}

/** The book of a job whose replay was skipped: no warning, no live order. */
function noBook(): Pick<BookReplay, "warningCounts" | "warnings" | "liveLitOrders" | "liveCentrePointOrders"> {
  return {
    warningCounts: Object.fromEntries(BOOK_WARNING_CODES.map((c) => [c, 0])) as Record<BookWarningCode, number>,
    warnings: [],
    liveLitOrders: 0,
    liveCentrePointOrders: 0,
  };
}

/** Session window of a config as ns since Sydney local midnight [start, end). */
export function sessionWindowNs(config: Pick<AnalysisConfig, "session">): { startNs: number; endNs: number } {
  return { startNs: clockSeconds(config.session.start) * 1e9, endNs: clockSeconds(config.session.end) * 1e9 };
}

/**
 * Runs the whole analysis of one (security, date) partition: order states → select → classify →
 * match trades → book replay → NBBO → midpoint simulation → metrics and additive sums. Pure: no I/O,
 * no clock; the same partition and config give the same result. Repeated order events and trade
 * legs are found first and dropped (`config.duplicates` "drop") or kept ("keep"); they, book
 * integrity problems, trades of unknown orders and overfilled orders are reported in the result's
 * `dataQuality`, never thrown. `session`: the book's window for this date (from the sessions
 * file); omitted, `config.session` (source "config"). A partition whose order rows are final states
 * (one row per order, see `orderShape`) gets real fills, fill groups and size bands only: the book
 * replay and the simulation are skipped (`book.skipped`, `simulation.skipped` = "final_state").
 */
export function runJob(input: Partition, config: AnalysisConfig, session?: SessionWindow): JobResult {
  const window: SessionWindow = session ?? { ...sessionWindowNs(config), source: "config" };
  const { startNs, endNs } = window;
  const { p, orderRepeats, legRepeats } = handleRepeats(input, config);
  checkParticipantIds(p.orders, config.centrePointMask, p.securityCode, p.date);
  const { table, shape, selection, sweeps, matched, book, quotes, sim } = rowStages(p, config, startNs, endNs);
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
      quotes,
      sweeps: metrics,
      orderShape: shape,
    }),
  };
}

/** The partition with its repeated rows dropped (or kept, by `config.duplicates`), and what was found. */
function handleRepeats(
  input: Partition,
  config: AnalysisConfig,
): {
  p: Partition;
  orderRepeats: Omit<Repeats<RepeatedOrderEvent>, "keep">;
  legRepeats: Omit<Repeats<RepeatedTradeLeg>, "keep">;
} {
  const { keep: keepOrders, ...orderRepeats } = findRepeatedOrderEvents(input.orders);
  const { keep: keepLegs, ...legRepeats } = findRepeatedTradeLegs(input.trades);
  const p: Partition =
    config.duplicates === "keep"
      ? input
      : { ...input, orders: dropRows(input.orders, keepOrders), trades: dropRows(input.trades, keepLegs) };
  // Only the counts and samples are reported: the keep masks (a byte a row) go here.
  return { p, orderRepeats, legRepeats };
}

/**
 * The stages that need the order table's per-row order numbers or its id index (trade matching,
 * the book replay, the simulation), with the selection and classification. Only the
 * {@link OrderSummary} leaves this function: the rest of the table (8 bytes an order row, and
 * more for the index) is released before the metrics.
 */
function rowStages(p: Partition, config: AnalysisConfig, startNs: number, endNs: number) {
  const { table: full, shape, selection, sweeps, matched } = orderStages(p, config, startNs, endNs);
  const finalState = shape.shape === "final_state";
  // A final-state table has no placements nor history: replaying it would add orders that were
  // never placed (one unknown_order_id per cancel) and simulate nothing real, so both are skipped.
  const book = finalState
    ? noBook()
    : replayBook(p.orders, { centrePointMask: config.centrePointMask, maxWarnings: 100, table: full, perRow: false });
  const quotes = quotesOf(p);
  const sim = finalState
    ? noSimulation(full)
    : simulateMidpoint(p.orders, quotes, {
        centrePointMask: config.centrePointMask,
        sessionStartNs: startNs,
        sessionEndNs: endNs,
        table: full,
        fillList: false,
      });
  const table: OrderSummary = {
    length: full.length,
    orderId: full.orderId,
    firstRow: full.firstRow,
    lastRow: full.lastRow,
    rowCount: full.rowCount,
  };
  return { table, shape, selection, sweeps, matched, book, quotes, sim };
}

/**
 * The order table, its shape, the selection, the sweeps and the real fills. The table leaves this
 * function without its id index (only trade matching looks ids up), so the replays run without it.
 */
function orderStages(p: Partition, config: AnalysisConfig, startNs: number, endNs: number) {
  const { index, ...full } = orderStates(p.orders);
  const shape: OrderShapeEvidence = orderShape(p.orders, full);
  const selection = selectOrders(p.orders, full, config, startNs, endNs);
  const sweeps = classifySweeps(p.orders, full, selection, config);
  // Value, trades and times are read for the sweeps only: kept for them alone (the filled quantity for all).
  const matched = matchTrades(p.trades, { length: full.length, index }, 100, sweeps.order);
  return { table: full, shape, selection, sweeps, matched };
}
