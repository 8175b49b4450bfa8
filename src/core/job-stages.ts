/**
 * The stages of one job before its metrics (`runJob` chains them): repeated rows found and dropped,
 * then the order table, selection, sweeps, trade matching, the book replay and the simulation.
 */
import type { AnalysisConfig } from "../model/analysis-config.js";
import type { Partition } from "../model/partition.js";
import { BOOK_WARNING_CODES, replayBook, type BookReplay, type BookWarningCode } from "./book.js";
import { classifySweeps } from "./classify.js";
import {
  dropRows,
  findRepeatedOrderEvents,
  findRepeatedTradeLegs,
  type RepeatedOrderEvent,
  type RepeatedTradeLeg,
  type Repeats,
} from "./duplicates.js";
import { matchTrades } from "./match.js";
import { quotesOf } from "./nbbo.js";
import { noSimulation, orderShape, type OrderShapeEvidence } from "./order-shape.js";
import { selectOrders } from "./select.js";
import { shortFilledOrders } from "./fill-checks.js";
import { simulateMidpoint } from "./simulate.js";
import { orderStates, type OrderSummary } from "./states.js";

/** The book of a job whose replay was skipped: no warning, no live order. */
function noBook(): Pick<BookReplay, "warningCounts" | "warnings" | "liveLitOrders" | "liveCentrePointOrders"> {
  return {
    warningCounts: Object.fromEntries(BOOK_WARNING_CODES.map((c) => [c, 0])) as Record<BookWarningCode, number>,
    warnings: [],
    liveLitOrders: 0,
    liveCentrePointOrders: 0,
  };
}

/** The partition with its repeated rows dropped (or kept, by `config.duplicates`), and what was found. */
export function handleRepeats(
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
 * the orders filled short of their totalmatchedquantity, the book replay, the simulation), with the selection and classification. Only the
 * {@link OrderSummary} leaves this function: the rest of the table (8 bytes an order row, and
 * more for the index) is released before the metrics.
 */
export function rowStages(p: Partition, config: AnalysisConfig, startNs: number, endNs: number) {
  const { table: full, shape, selection, sweeps, matched } = orderStages(p, config, startNs, endNs);
  // Needs the per-row order numbers (an order's largest totalmatchedquantity over its rows).
  const shortFilled = shortFilledOrders(p.orders, full, matched.fills, config.centrePointMask);
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
  return { table, shape, selection, sweeps, matched, shortFilled, book, quotes, sim };
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
